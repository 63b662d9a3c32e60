"""MS406 copy-differs-from-area-page: a paper's README copy disagrees with its copy on an area page."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Edit, Finding, Fix
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.copies import profile
from mdsurvey.lint.rules._shared.pages import paper_rows
from mdsurvey.survey.model import Row


def _differences(one: Row, other: Row) -> list[str]:
    """Fields (title, authors, date, tags) in which two copies of a paper disagree."""
    a, b = profile(one.paper), profile(other.paper)
    diffs = [k for k in a if a[k] and b[k] and a[k] != b[k]]
    if "title" in diffs and (a["title"] in b["title"] or b["title"] in a["title"]):
        diffs.remove("title")
    return diffs


def copy_differs(ctx: Context) -> Iterator[Finding]:
    """Finds rows whose paper (same arXiv id, DOI or URL) is on a linked area page with a different
    title, authors, date or tags; and, for a row that agrees with one page, copies on two area
    pages that disagree with each other."""
    pages = ctx.facts.area_pages
    if not pages.pages:
        return
    for row in paper_rows(ctx):
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
                applicability=Applicability.UNSAFE,
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


RULE = rule(
    "MS406",
    "copy-differs-from-area-page",
    "error",
    "A paper's README copy disagrees with its copy on an area page",
    why="Copies drift: a date or tag corrected on the area page and not in the README view (or the "
    "other way round) shows readers two versions of one paper.",
    example="README.md: arXiv-2026.02 … image-llm.md: arXiv-2026.03, same arXiv id",
    fix="unsafe: replace the README row with the area page's row (the page is canonical)",
    applicability=(Applicability.UNSAFE,),
    check=copy_differs,
)
