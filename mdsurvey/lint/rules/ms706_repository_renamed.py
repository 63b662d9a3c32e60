"""MS706 repository-renamed: a GitHub repository was renamed or moved (online: only with `check --online`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Finding
from mdsurvey.lint.onlinefacts import FileResults, Spot, repository_links, url_fix
from mdsurvey.lint.registry import rule

if TYPE_CHECKING:  # the online package is imported only by a run that goes online
    from mdsurvey.online import RepoResult


def repository_renamed(ctx: Context) -> Iterator[Finding]:
    """With `check --online`: finds a GitHub repository link or stars badge naming a repository that has been
    renamed or moved to another owner, and names the new owner/name; once per row and repository. Offline it
    finds nothing."""
    return iter(())


# what GitHub allows in an owner and a repository name: anything else in an answer is not written
_REPO_NAME = re.compile(r"\A[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/(?!\.\.?\Z)[A-Za-z0-9._-]{1,100}\Z")


def _renamed(state: str, repo: RepoResult) -> bool:
    return state == "moved" and repo.new_repo is not None


def online_findings(ctx: Context, res: FileResults) -> Iterator[Finding]:
    """The MS706 findings of one file, from what the network said."""
    # every link and badge of a row naming the old repository, for one fix per row and repository
    moves: dict[tuple[int, str], list[tuple[Spot, str, str]]] = {}
    for spot, link in res.links:
        repo = link.repo
        if link.kind == "github" and repo is not None and _renamed(link.state, repo) and link.new_url:
            moves.setdefault((spot.line, repo.repo.lower()), []).append((spot, link.url, link.new_url))
    for spot, _, repo in repository_links(res, _renamed):
        # GitHub itself says where the repository is now: rewriting the name is safe
        valid = repo.new_repo is not None and _REPO_NAME.match(repo.new_repo) is not None
        fix = None if not valid else url_fix(
            ctx,
            res,
            "MS706",
            f"{repo.repo} -> {repo.new_repo}",
            spot.line,
            moves.get((spot.line, repo.repo.lower()), []),
            Applicability.SAFE,
        )
        yield ctx.finding(
            "MS706",
            spot.line,
            spot.column,
            f"repository {repo.repo} was renamed to {repo.new_repo}: "
            "point the link and its stars badge at it",
            end_column=spot.end_column,
            fix=fix,
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
    fix="safe with `fix --online`: the new owner/name in the row's links and stars badges",
    applicability=(Applicability.SAFE,),
    check=repository_renamed,
)
