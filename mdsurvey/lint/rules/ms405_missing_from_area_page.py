"""MS405 missing-from-area-page: a paper in a README view is on none of the area pages it links to."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.analysis.pages import page_for, slugify
from mdsurvey.analysis.papers import paper_keys
from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.links import relative_target
from mdsurvey.lint.rules._shared.pages import paper_rows
from mdsurvey.survey.model import Row


def missing_from_page(ctx: Context) -> Iterator[Finding]:
    """Finds rows of a README that links area pages (pages with paper tables) whose paper is on
    none of those pages. A row whose page does not exist is not reported row by row: when the
    README links a missing page, MS302 reports that file once; otherwise one finding per missing
    page names every row that belongs there, when the survey organizes papers by that area (a
    section named after it): a badge no section names is a tag (a text-only LLM paper in a
    multimodal survey), and no page is expected for it."""
    pages = ctx.facts.area_pages
    if not pages.pages:
        return
    # a linked page that is not there: the rows meant for it are MS302's one finding, not ours
    links_missing_page = _links_missing_page(ctx)
    homeless: dict[str, list[Row]] = {}
    for row in paper_rows(ctx):
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
    areas = _section_areas(ctx)
    for name, rows in homeless.items():
        if name and not _is_an_area(name.removesuffix(".md"), areas):
            continue
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


RULE = rule(
    "MS405",
    "missing-from-area-page",
    "warning",
    "A paper in a README view is on none of the area pages it links to",
    why="In a multi-file survey the area pages are the full list; a paper only in the README's "
    "'Recent' view disappears when the view is rotated.",
    example="README.md 'Recent Papers / Image' lists 2603.01234; image-llm.md does not",
    fix="none in `fix`; `mdsurvey rotate` moves old rows to their page",
    check=missing_from_page,
)


def _links_missing_page(ctx: Context) -> bool:
    """Whether the file links a relative Markdown page that does not exist."""
    for _i, _col, target in ctx.facts.links:
        rel = relative_target(ctx, target)
        if rel is not None and rel[0].suffix.lower() in (".md", ".markdown") and not rel[0].exists():
            return True
    return False


def _section_areas(ctx: Context) -> set[str]:
    """Slugs of the survey's section titles (`Omni`, `Image LLM` -> omni, image-llm)."""
    return {slugify(sec.title) for sec in ctx.survey.sections if sec.title}


def _is_an_area(stem: str, areas: set[str]) -> bool:
    """Whether a page stem (omni-llm) names an area the survey has a section for: the section
    may drop the family's suffix (`Omni` for omni-llm, as `Image` for image-llm.md)."""
    return any(stem == a or stem.startswith(a + "-") for a in areas)
