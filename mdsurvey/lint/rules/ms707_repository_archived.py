"""MS707 repository-archived: a GitHub repository is archived (online: only with `check --online`)."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.onlinefacts import FileResults, repository_links
from mdsurvey.lint.registry import rule


def repository_archived(ctx: Context) -> Iterator[Finding]:
    """With `check --online`: finds a GitHub repository link or stars badge whose repository its owner has
    archived (read-only); once per row and repository. A warning, as the project has no info level: ignore it
    with --ignore MS707. Offline it finds nothing."""
    return iter(())


def online_findings(ctx: Context, res: FileResults) -> Iterator[Finding]:
    """The MS707 findings of one file, from what the network said."""
    for spot, _, repo in repository_links(res, lambda state, repo: state == "ok" and bool(repo.archived)):
        yield ctx.finding(
            "MS707",
            spot.line,
            spot.column,
            f"repository {repo.repo} is archived: read-only, no longer maintained",
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
