"""MS405-MS406: a README and the area pages it links to are one survey.

The README shows views (recent papers, venue lists); the per-area pages hold
every paper. A paper in a view must exist on a page, and the two copies must
say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from mdsurvey.analysis.pages import Page, area_slugs, load_pages, page_for
from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Edit, Finding, Fix
from mdsurvey.lint.rules import rule
from mdsurvey.lint.rules.metadata import paper_tables
from mdsurvey.lint.rules.order import _profile, paper_keys
from mdsurvey.survey.model import Row


class _Pages:
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


def _differences(one: Row, other: Row) -> list[str]:
    """Fields (title, authors, date, tags) in which two copies of a paper disagree."""
    a, b = _profile(one.paper), _profile(other.paper)
    diffs = [k for k in a if a[k] and b[k] and a[k] != b[k]]
    if "title" in diffs and (a["title"] in b["title"] or b["title"] in a["title"]):
        diffs.remove("title")
    return diffs


def _rows(ctx: Context) -> Iterator[Row]:
    for t in paper_tables(ctx):
        yield from t.rows


@rule(
    "MS405",
    "missing-from-area-page",
    "warning",
    "A paper in a README view is on none of the area pages it links to",
    why="In a multi-file survey the area pages are the full list; a paper only in the README's "
    "'Recent' view disappears when the view is rotated.",
    example="README.md 'Recent Papers / Image' lists 2603.01234; image-llm.md does not",
    fix="none in `fix`; `mdsurvey rotate` moves old rows to their page",
)
def missing_from_page(ctx: Context) -> Iterator[Finding]:
    """Finds rows of a README that links area pages (pages with paper tables) whose paper is on
    none of those pages. A row whose page does not exist is not reported row by row: when the
    README links a missing page, MS302 reports that file once; otherwise one finding per missing
    page names every row that belongs there."""
    pages = _Pages(ctx)
    if not pages.pages:
        return
    # a linked page that is not there: the rows meant for it are MS302's one finding, not ours
    links_missing_page = _links_missing_page(ctx)
    homeless: dict[str, list[Row]] = {}
    for row in _rows(ctx):
        if not paper_keys(row.paper) or pages.copies_of(row):
            continue
        section = row.table.section
        target = page_for(row, section, pages.pages, ctx.config.pages, ctx.file.parent) if section else None
        if target is not None and target[1] is not None:
            yield ctx.finding(
                "MS405",
                row.line,
                1,
                f"{(row.paper.title or '')[:60]!r} is on none of the linked area pages "
                f"(its page is {target[0].name}): add it there",
            )
        elif not links_missing_page:
            homeless.setdefault(target[0].name if target else "", []).append(row)
    for name, rows in homeless.items():
        lines = ", ".join(str(r.line) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
        one = len(rows) == 1
        n = "1 paper (line" if one else f"{len(rows)} papers (lines"
        where = f"there is no {name}" if name else "no area page matches its section or area badge"
        yield ctx.finding(
            "MS405",
            rows[0].line,
            1,
            f"{n} {lines}) on none of the linked area pages, and {where}: add the page "
            f"or move {'it' if one else 'them'} to an existing one",
        )


def _links_missing_page(ctx: Context) -> bool:
    """Whether the file links a relative Markdown page that does not exist."""
    from mdsurvey.lint.rules.links import _links, _relative

    for _i, _col, target in _links(ctx):
        rel = _relative(ctx, target)
        if rel is not None and rel[0].suffix.lower() in (".md", ".markdown") and not rel[0].exists():
            return True
    return False


@rule(
    "MS406",
    "copy-differs-from-area-page",
    "error",
    "A paper's README copy disagrees with its copy on an area page",
    why="Copies drift: a date or tag corrected on the area page and not in the README view (or the "
    "other way round) shows readers two versions of one paper.",
    example="README.md: arXiv-2026.02 … image-llm.md: arXiv-2026.03, same arXiv id",
    fix="unsafe: replace the README row with the area page's row (the page is canonical)",
)
def copy_differs(ctx: Context) -> Iterator[Finding]:
    """Finds rows whose paper (same arXiv id, DOI or URL) is on a linked area page with a different
    title, authors, date or tags; and, for a row that agrees with one page, copies on two area
    pages that disagree with each other."""
    pages = _Pages(ctx)
    if not pages.pages:
        return
    for row in _rows(ctx):
        copies = pages.copies_of(row)
        if not copies:
            continue
        diffs_of = [_differences(row, other) for _page, other in copies]
        if not all(diffs_of):
            # agrees with one page's copy; copies on two pages may still disagree with each other
            pair = next(
                (
                    (x, y, d)
                    for n, x in enumerate(copies)
                    for y in copies[n + 1 :]
                    if x[0] is not y[0] and (d := _differences(x[1], y[1]))
                ),
                None,
            )
            if pair is not None:
                (pa, ra), (pb, rb), d = pair
                yield ctx.finding(
                    "MS406",
                    row.line,
                    1,
                    f"the copies on {pa.path.name}:{ra.line} and {pb.path.name}:{rb.line} differ in "
                    f"{', '.join(d)}: make the area pages agree",
                )
            continue
        page, other = copies[0]
        diffs = diffs_of[0]
        fix = None
        if len(other.spans) == len(row.table.header):
            fix = Fix(
                "MS406",
                f"line {row.line}: copy the row from {page.path.name}:{other.line}",
                [Edit(row.line - 1, row.line, (other.source,))],
                safe=False,
                removes=[(row.paper.title, row.paper.url)],
                adds=[(other.paper.title, other.paper.url)],
            )
        yield ctx.finding(
            "MS406",
            row.line,
            1,
            f"differs from {page.path.name}:{other.line} in {', '.join(diffs)}: make the copies agree "
            f"(`fix --unsafe-fixes` copies the page's row)",
            fix=fix,
        )
