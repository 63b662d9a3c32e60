"""MS704 arxiv-title-differs: the row's title is not the title of its arXiv paper (online: only with `check
--online`)."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.onlinefacts import FileResults
from mdsurvey.lint.registry import rule


def arxiv_title_differs(ctx: Context) -> Iterator[Finding]:
    """With `check --online`: finds a row whose title differs from its arXiv paper's beyond punctuation and
    case; a revised title (close, or one a prefix of the other) is left alone. Offline it finds nothing."""
    return iter(())


def online_findings(ctx: Context, res: FileResults) -> Iterator[Finding]:
    """The MS704 findings of one file, from what the network said."""
    for spot, p in res.papers:
        if p.title_match == "different" and p.record is not None:
            yield ctx.finding(
                "MS704",
                spot.line,
                spot.column,
                f"title differs from arXiv {p.record.arxiv_id}'s {p.record.title!r}: "
                "a copy-paste of the wrong id?",
            )


RULE = rule(
    "MS704",
    "arxiv-title-differs",
    "warning",
    "The row's title is not its arXiv paper's title (check --online)",
    why=(
        "A title that names another paper than its link is usually the wrong arXiv id pasted from a "
        "neighbouring row."
    ),
    example="[Moth Lamps: Saliency Priors](https://arxiv.org/abs/2608.04444)  (2608.04444 is Pebble Tokens)",
    fix=None,
    check=arxiv_title_differs,
)
