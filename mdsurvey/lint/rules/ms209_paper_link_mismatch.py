"""MS209 paper-link-mismatch: the title link and the [Paper] link point to different papers."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.survey.paper import (
    ARXIV_URL,
)

_PAPER_TEXT = {"paper", "pdf", "arxiv", "[pdf]", "[paper]", "[arxiv]"}


def paper_link_mismatch(ctx: Context) -> Iterator[Finding]:
    """Finds rows whose title link and [Paper]/[PDF] link name different arXiv ids."""
    for t in ctx.facts.paper_tables:
        for row in t.rows:
            p = row.paper
            if not p.url:
                continue
            m1 = ARXIV_URL.search(p.url)
            if not m1:
                continue
            for x in p.links:
                if x.text.strip().lower() not in _PAPER_TEXT:
                    continue
                m2 = ARXIV_URL.search(x.url)
                if m2 and m2.group(1) != m1.group(1):
                    col = row.source.find(x.url)
                    yield ctx.finding(
                        "MS209",
                        row.line,
                        col + 1 if col >= 0 else 1,
                        f"[{x.text}] links arXiv {m2.group(1)} but the title links {m1.group(1)}: "
                        "make them the same paper",
                    )
                    break


RULE = rule(
    "MS209",
    "paper-link-mismatch",
    "warning",
    "The title link and the [Paper] link point to different papers",
    why="Two links for one paper that disagree mean one of them is a copy-paste slip.",
    example="[Title](https://arxiv.org/abs/2603.01234) … [Paper](https://arxiv.org/abs/2603.04321)",
    check=paper_link_mismatch,
)
