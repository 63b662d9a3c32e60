"""MS708 date-first-version: the date badge is not the month of the arXiv first version (online: only with
`check --online`)."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.onlinefacts import FileResults
from mdsurvey.lint.registry import rule
from mdsurvey.survey.paper import arxiv_month


def date_first_version(ctx: Context) -> Iterator[Finding]:
    """With `check --online`: finds a date badge whose month is not the month of the paper's first arXiv
    version, where the badge agrees with the id's month (a badge that disagrees with the id is MS201's).
    Offline it finds nothing."""
    return iter(())


def online_findings(ctx: Context, res: FileResults) -> Iterator[Finding]:
    """The MS708 findings of one file, from what the network said."""
    for spot, p in res.papers:
        b = spot.badge
        if b is None or p.date_match is not False or p.record is None:
            continue
        if arxiv_month(p.record.arxiv_id) != b.message[:4] + "-" + b.message[5:7]:
            continue  # MS201 reports it, with a fix
        yield ctx.finding(
            "MS708",
            spot.line,
            b.start + 1,
            f"date badge says {b.message} but the first version of arXiv {p.record.arxiv_id} is from "
            f"{p.record.date}",
            end_column=b.end + 1,
        )


RULE = rule(
    "MS708",
    "date-first-version",
    "warning",
    "The date badge is not the month of the arXiv first version (check --online)",
    why=(
        "A paper submitted at the end of a month can carry the next month's id; the first version's date "
        "is when it appeared."
    ),
    example=(
        "[![Arxiv](https://img.shields.io/badge/arXiv-2026\\\\.09-red)]() "
        "<br>[Title](https://arxiv.org/abs/2609.01234)  (v1 of 2026-08-31)"
    ),
    fix=None,
    check=date_first_version,
)
