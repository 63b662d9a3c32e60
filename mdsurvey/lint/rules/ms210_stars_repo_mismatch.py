"""MS210 stars-repo-mismatch: a GitHub stars badge counts another repository."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.urls import malformed_url
from mdsurvey.survey.model import Row

# GitHub user and organisation names: letters, digits and single inner hyphens, no dots
_GITHUB_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\Z")
_REPO = re.compile(r"\Ahttps?://(?:www\.)?github\.com/([^/\s?#]+)/([^/\s?#]+)", re.IGNORECASE)


def stars_repo_mismatch(ctx: Context) -> Iterator[Finding]:
    """Finds a stars badge whose repository differs from the row's [GitHub]/[Code] link."""
    for t in ctx.facts.paper_tables:
        for row in t.rows:
            p = row.paper
            yield from _stars_own_link(ctx, row)
            stars = [b for b in p.badges if b.kind == "github-stars" and b.repo]
            if not stars:
                continue
            owner = (stars[0].repo or "").split("/")[0]
            if not _GITHUB_OWNER.match(owner):
                yield ctx.finding(
                    "MS210",
                    row.line,
                    stars[0].start + 1,
                    f"stars badge names {stars[0].repo!r}, which is no GitHub repository "
                    f"({owner!r} cannot be a GitHub user): the badge shows an error",
                    end_column=stars[0].end + 1,
                )
                continue
            gh = [x for x in p.links if x.text.strip().lower() in ("github", "code", "[code]", "[github]")]
            for x in gh:
                m = _REPO.match(x.url)
                if not m:
                    continue
                repo = f"{m.group(1)}/{m.group(2)}".removesuffix(".git").lower()
                badge_repo = (stars[0].repo or "").removesuffix(".svg").lower()
                if repo != badge_repo:
                    yield ctx.finding(
                        "MS210",
                        row.line,
                        stars[0].start + 1,
                        f"stars badge counts {stars[0].repo} but the row links github.com/{repo}: "
                        "point both at the paper's repository",
                        end_column=stars[0].end + 1,
                    )
                break


RULE = rule(
    "MS210",
    "stars-repo-mismatch",
    "warning",
    "A GitHub stars badge counts another repository",
    why="The stars badge should count the repository the row links; otherwise it shows another "
    "project's popularity.",
    example="[![Star](https://img.shields.io/github/stars/alice/a.svg)](https://github.com/alice/a) … "
    "[GitHub](https://github.com/bob/b)",
    check=stars_repo_mismatch,
)


_STARS_PATH = re.compile(r"/github/stars/", re.IGNORECASE)
# a user's (or organisation's) stars: /github/stars/OWNER, nothing after but .svg or a query
_STARS_OWNER = re.compile(r"/github/stars/([^/?#.]+)(?:\.svg)?(?:[?#]|\Z)", re.IGNORECASE)


def _stars_own_link(ctx: Context, row: Row) -> Iterator[Finding]:
    """A stars badge whose own URL names no repository, or whose link is no repository URL; a
    malformed link (`https://github.comowner/repo`) is MS304's, which says what to repair."""
    for b in row.paper.badges:
        if b.kind == "dynamic" and _STARS_PATH.search(b.image):
            owner = _STARS_OWNER.search(b.image)
            if owner and _GITHUB_OWNER.match(owner.group(1)):
                # shields' "GitHub User's stars": valid, but it counts the whole account
                message = (
                    f"stars badge counts every repository of {owner.group(1)} (github/stars/"
                    f"{owner.group(1)}), not the paper's: use github/stars/{owner.group(1)}/REPO"
                )
            else:
                message = (
                    "stars badge URL names no repository (github/stars/OWNER/REPO): the badge shows an error"
                )
            yield ctx.finding("MS210", row.line, b.start + 1, message, end_column=b.end + 1)
            continue
        repo = (b.repo or "").removesuffix(".svg")
        if b.kind != "github-stars" or not b.link or not _GITHUB_OWNER.match(repo.split("/")[0]):
            continue  # no link to judge, or the badge's own repo is reported below
        if malformed_url(b.link) is not None:
            continue
        m = _REPO.match(b.link)
        if m is None or not _GITHUB_OWNER.match(m.group(1)):
            yield ctx.finding(
                "MS210",
                row.line,
                b.start + 1,
                f"stars badge links {b.link!r}, which is no GitHub repository URL: "
                f"link https://github.com/{repo}",
                end_column=b.end + 1,
            )
        elif f"{m.group(1)}/{m.group(2)}".removesuffix(".git").lower() != repo.lower():
            yield ctx.finding(
                "MS210",
                row.line,
                b.start + 1,
                f"stars badge counts {repo} but links github.com/{m.group(1)}/{m.group(2)}: "
                "point both at the paper's repository",
                end_column=b.end + 1,
            )
