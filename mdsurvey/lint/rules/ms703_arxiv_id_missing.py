"""MS703 arxiv-id-missing: an arXiv link names a paper arXiv does not have (online: only with `check
--online`)."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.onlinefacts import FileResults
from mdsurvey.lint.registry import rule


def arxiv_id_missing(ctx: Context) -> Iterator[Finding]:
    """With `check --online`: finds an arXiv abs/pdf/html link whose id the arXiv API does not know. Offline
    it finds nothing."""
    return iter(())


def online_findings(ctx: Context, res: FileResults) -> Iterator[Finding]:
    """The MS703 findings of one file, from what the network said."""
    from mdsurvey.online import DEAD  # loaded only by a run that goes online

    for spot, link in res.links:
        if link.kind == "arxiv" and link.state == DEAD:
            yield ctx.finding(
                "MS703", spot.line, spot.column, f"{link.url}: {link.reason}", end_column=spot.end_column
            )


RULE = rule(
    "MS703",
    "arxiv-id-missing",
    "error",
    "An arXiv link names a paper that does not exist (check --online)",
    why="A mistyped arXiv id sends readers to an error page, or later to somebody else's paper.",
    example="[Title](https://arxiv.org/abs/2608.09999)  (no such paper)",
    fix=None,
    check=arxiv_id_missing,
)
