"""MS207 missing-link: a paper row links nowhere."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.rows import title_column
from mdsurvey.survey.paper import (
    Paper,
)


def _links_somewhere(p: Paper) -> bool:
    """The row links anywhere (an empty `[GitHub]()` goes nowhere: MS211's business)."""
    return bool(p.url or any(x.url.strip() for x in p.links) or any(b.link for b in p.badges))


def missing_link(ctx: Context) -> Iterator[Finding]:
    """Finds rows with a title but neither a title link nor any other link, in tables where
    other rows do link: a table in which no row links anywhere (a rules or exit-code table
    with a Name column) lists no papers."""
    for t in ctx.facts.paper_tables:
        unlinked = [r for r in t.rows if not _links_somewhere(r.paper)]
        if len(unlinked) == len(t.rows):
            continue
        for row in unlinked:
            p = row.paper
            if p.title:
                yield ctx.finding(
                    "MS207",
                    row.line,
                    title_column(row),
                    f"{p.title[:60]!r} has no link: link the title to the paper",
                )


RULE = rule(
    "MS207",
    "missing-link",
    "error",
    "A paper row links nowhere",
    why="Readers come to a survey to reach the papers; a row without any link is a dead end.",
    example="| Sparse Tokens for Everyone<br>Ada Lovelace | … | |",
    check=missing_link,
)
