"""MS201 date-arxiv-mismatch: the date badge disagrees with the arXiv id."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Finding, Fix
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.dates import badge_contradiction, column_contradictions
from mdsurvey.lint.rules._shared.rows import replace_badge, row_edit


def date_arxiv_mismatch(ctx: Context) -> Iterator[Finding]:
    """Finds a `arXiv-YYYY.MM` date badge whose month differs from the row's arXiv id."""
    for t in ctx.facts.paper_tables:
        for row in t.rows:
            p = row.paper
            wrong = badge_contradiction(row)
            if wrong is None:
                continue
            b, month = wrong
            want = month.replace("-", b.message[4])
            new = replace_badge(row, b, message=want)
            fix = Fix("MS201", f"date badge {b.message} -> {want}", [row_edit(row, new)]) if new else None
            yield ctx.finding(
                "MS201",
                row.line,
                b.start + 1,
                f"date badge says {b.message} but arXiv id {p.arxiv_id} is from {want}: "
                f"set the badge to {want}",
                end_column=b.end + 1,
                fix=fix,
            )
    yield from _date_column_mismatch(ctx)


RULE = rule(
    "MS201",
    "date-arxiv-mismatch",
    "error",
    "The date badge disagrees with the arXiv id",
    why="The arXiv id encodes the month the paper first appeared (2603.01234 is March 2026); a "
    "badge that says otherwise misdates the paper and breaks newest-first order.",
    example="[![Arxiv](https://img.shields.io/badge/arXiv-2025\\.09-red)]() "
    "<br>[Title](https://arxiv.org/abs/2603.01234)",
    fix="safe: rebuild the badge's date from the arXiv id",
    applicability=(Applicability.SAFE,),
    check=date_arxiv_mismatch,
)


def _date_column_mismatch(ctx: Context) -> Iterator[Finding]:
    """Finds a date/year column value that disagrees with the row's arXiv id."""
    for row, k, _, month in column_contradictions(ctx):
        span = row.spans[k]
        yield ctx.finding(
            "MS201",
            row.line,
            span.start + 1,
            f"date column says {row.cells[k]!r} but arXiv id {row.paper.arxiv_id} is from "
            f"{month}: correct the date, or the link if it is another paper's",
            end_column=span.end + 1,
        )
