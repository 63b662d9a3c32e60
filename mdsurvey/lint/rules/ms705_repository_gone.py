"""MS705 repository-gone: a GitHub repository is gone (online: only with `check --online`)."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.onlinefacts import FileResults, repository_links
from mdsurvey.lint.registry import rule


def repository_gone(ctx: Context) -> Iterator[Finding]:
    """With `check --online`: finds a GitHub repository link or stars badge whose repository no longer exists
    (deleted, or made private); once per row and repository. Offline it finds nothing."""
    return iter(())


def online_findings(ctx: Context, res: FileResults) -> Iterator[Finding]:
    """The MS705 findings of one file, from what the network said."""
    for spot, link, _ in repository_links(res, lambda state, _repo: state == "dead"):
        yield ctx.finding(
            "MS705",
            spot.line,
            spot.column,
            f"{link.url}: {link.reason}",
            end_column=spot.end_column,
        )


RULE = rule(
    "MS705",
    "repository-gone",
    "error",
    "A GitHub repository is gone (check --online)",
    why="The code link is often why readers open a survey; a deleted repository is a dead end.",
    example="[GitHub](https://github.com/nobody/nothing)",
    fix=None,
    check=repository_gone,
)
