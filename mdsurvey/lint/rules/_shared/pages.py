"""A README's linked area pages and their paper index, for MS405 and MS406."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from mdsurvey.analysis.pages import Page, area_slugs, load_pages
from mdsurvey.analysis.papers import paper_keys, paper_tables
from mdsurvey.lint.context import Context
from mdsurvey.survey.model import Row


class AreaPages:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @cached_property
    def pages(self) -> list[Page]:
        if not self.ctx.file.is_file():
            return []
        return [p for p in load_pages(self.ctx.file, self.ctx.survey) if p.survey.tables]

    @cached_property
    def index(self) -> dict[str, list[tuple[Page, Row]]]:
        out: dict[str, list[tuple[Page, Row]]] = {}
        for p in self.pages:
            for r in p.survey.rows:
                for k in paper_keys(r.paper):
                    if not k.startswith("title:"):
                        out.setdefault(k, []).append((p, r))
        return out

    def copies_of(self, row: Row) -> list[tuple[Page, Row]]:
        """Copies on the pages, the page named after the row's area first."""
        found: list[tuple[Page, Row]] = []
        for k in paper_keys(row.paper):
            for c in self.index.get(k, []):
                if all(c[1] is not f[1] for f in found):
                    found.append(c)
        areas = set(area_slugs(row))
        found.sort(key=lambda c: c[0].path.stem.lower() not in areas)
        return found


def paper_rows(ctx: Context) -> Iterator[Row]:
    for t in paper_tables(ctx.survey):
        yield from t.rows
