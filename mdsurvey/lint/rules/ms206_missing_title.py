"""MS206 missing-title: a paper row has no title."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.rows import title_column


def missing_title(ctx: Context) -> Iterator[Finding]:
    """Finds rows of paper tables whose title cell holds no title."""
    for t in ctx.facts.paper_tables:
        for row in t.rows:
            if not (row.paper.title or "").strip():
                yield ctx.finding(
                    "MS206",
                    row.line,
                    title_column(row),
                    "row has no paper title: add [Title](link) to the title cell",
                )


RULE = rule(
    "MS206",
    "missing-title",
    "error",
    "A paper row has no title",
    why="A row without a title cannot be found, cited or deduplicated.",
    example="| [![Arxiv](https://img.shields.io/badge/arXiv-2026\\.03-red)]() <br><br>Ada Lovelace | … |",
    check=missing_title,
)
