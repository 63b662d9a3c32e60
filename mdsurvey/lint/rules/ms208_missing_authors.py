"""MS208 missing-authors: a paper row in a table with authors names none."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.rows import title_column
from mdsurvey.survey.paper import (
    header_key,
)


def missing_authors(ctx: Context) -> Iterator[Finding]:
    """Finds rows with no authors in tables whose header mentions authors."""
    for t in ctx.facts.paper_tables:
        if not any("author" in header_key(h) for h in t.header):
            continue
        for row in t.rows:
            p = row.paper
            if p.title and not p.authors:
                yield ctx.finding(
                    "MS208",
                    row.line,
                    title_column(row),
                    f"{p.title[:60]!r} lists no authors: add them after the title",
                )


RULE = rule(
    "MS208",
    "missing-authors",
    "warning",
    "A paper row in a table with authors names none",
    why='When a table\'s header promises authors ("Title & Authors"), a row without them is '
    "incomplete and harder to cite.",
    example="| [Title](https://arxiv.org/abs/2603.01234)<br> | … |",
    check=missing_authors,
)
