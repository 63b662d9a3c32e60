"""MS707 repository-archived: a GitHub repository is archived (online: only with `check --online`)."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.onlinefacts import FileResults
from mdsurvey.lint.registry import rule


def repository_archived(ctx: Context) -> Iterator[Finding]:
    """With `check --online`: finds a GitHub repository link or stars badge whose repository its owner has
    archived (read-only); once per row and repository. A warning, as the project has no info level: ignore it
    with --ignore MS707. Offline it finds nothing."""
    return iter(())


def online_findings(ctx: Context, res: FileResults) -> Iterator[Finding]:
    """The MS707 findings of one file, from what the network said."""
    seen: set[tuple[int, str]] = set()
    for spot, link in res.links:
        if link.kind != "github" or link.repo is None or not (link.state == "ok" and link.repo.archived):
            continue
        key = (spot.line, link.repo.repo.lower())
        if key in seen:  # a row's link and its stars badge name one repository: one finding
            continue
        seen.add(key)
        yield ctx.finding(
            "MS707",
            spot.line,
            spot.column,
            f"repository {link.repo.repo} is archived: read-only, no longer maintained",
            end_column=spot.end_column,
        )


RULE = rule(
    "MS707",
    "repository-archived",
    "warning",
    "A GitHub repository is archived (check --online)",
    why="Readers choosing code to build on want to know it is no longer maintained.",
    example="[GitHub](https://github.com/old/frozen)  (archived by its owner)",
    fix=None,
    check=repository_archived,
)
