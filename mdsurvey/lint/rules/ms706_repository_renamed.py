"""MS706 repository-renamed: a GitHub repository was renamed or moved (online: only with `check --online`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.onlinefacts import FileResults, repository_links
from mdsurvey.lint.registry import rule

if TYPE_CHECKING:  # the online package is imported only by a run that goes online
    from mdsurvey.online import RepoResult


def repository_renamed(ctx: Context) -> Iterator[Finding]:
    """With `check --online`: finds a GitHub repository link or stars badge naming a repository that has been
    renamed or moved to another owner, and names the new owner/name; once per row and repository. Offline it
    finds nothing."""
    return iter(())


def _renamed(state: str, repo: RepoResult) -> bool:
    return state == "moved" and repo.new_repo is not None


def online_findings(ctx: Context, res: FileResults) -> Iterator[Finding]:
    """The MS706 findings of one file, from what the network said."""
    for spot, _, repo in repository_links(res, _renamed):
        yield ctx.finding(
            "MS706",
            spot.line,
            spot.column,
            f"repository {repo.repo} was renamed to {repo.new_repo}: "
            "point the link and its stars badge at it",
            end_column=spot.end_column,
        )


RULE = rule(
    "MS706",
    "repository-renamed",
    "warning",
    "A GitHub repository was renamed or moved (check --online)",
    why=(
        "GitHub redirects a renamed repository only until the old name is taken again; stars badges of "
        "the old name may stop counting."
    ),
    example=(
        "[![Star](https://img.shields.io/github/stars/moth/lamps.svg)](https://github.com/moth/lamps)  "
        "(now wren-okafor/moth-lamps)"
    ),
    fix=(
        "by hand: the message names the new owner/name for the link and the stars badge (`fix` does not "
        "go online)"
    ),
    check=repository_renamed,
)
