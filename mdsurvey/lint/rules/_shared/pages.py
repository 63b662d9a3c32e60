"""The README rows MS405 and MS406 compare with the area pages (`ctx.facts.area_pages`)."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.survey.model import Row


def paper_rows(ctx: Context) -> Iterator[Row]:
    """Every row of the file's paper tables, in document order."""
    for t in ctx.facts.paper_tables:
        yield from t.rows
