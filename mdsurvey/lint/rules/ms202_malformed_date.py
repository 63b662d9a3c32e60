"""MS202 malformed-date: a date badge or date cell is not a valid date."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.rows import VALID_DATE, date_badge
from mdsurvey.survey.paper import (
    arxiv_month,
)


def malformed_date(ctx: Context) -> Iterator[Finding]:
    """Finds arXiv date badges whose message is not YYYY.MM with a month 01-12."""
    for t in ctx.facts.paper_tables:
        for row in t.rows:
            b = date_badge(row)
            if b is not None and not VALID_DATE.match(b.message):
                hint = ""
                p = row.paper
                if p.arxiv_id and arxiv_month(p.arxiv_id):
                    hint = f" (the arXiv id says {arxiv_month(p.arxiv_id)})"
                yield ctx.finding(
                    "MS202",
                    row.line,
                    b.start + 1,
                    f"date badge {b.message!r} is not a valid YYYY.MM date{hint}",
                    end_column=b.end + 1,
                )


RULE = rule(
    "MS202",
    "malformed-date",
    "error",
    "A date badge or date cell is not a valid date",
    why="Dates sort the survey and drive the 'Recent' window; an impossible month or a two-digit "
    "year cannot be placed.",
    example="[![Arxiv](https://img.shields.io/badge/arXiv-2025\\.13-red)]()",
    check=malformed_date,
)
