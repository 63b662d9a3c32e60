"""MS601 stale-generated-view: a generated contents list or stats table is out of date."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from mdsurvey.analysis.markers import scan_markers
from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Edit, Finding, Fix
from mdsurvey.lint.registry import rule
from mdsurvey.survey.identity import edit_key
from mdsurvey.survey.model import Row, Survey
from mdsurvey.survey.parse import parse

_WHAT = {"toc": "contents list", "stats": "papers-per-year table"}


def _identity(row: Row) -> tuple[str | None, str | None]:
    """A row as the (title, url) pair a Fix declares in `removes`/`adds` (a row with neither: its
    text as the url), counted by `survey.identity.edit_key` as the fixer's safety net counts it.

    Not the paper identity keys on purpose: what a Fix declares must match how the safety net
    counts rows, or a regenerated view would be refused."""
    p = row.paper
    if p.url:
        return p.title, p.url
    if (p.title or "").strip():
        return p.title, None
    return None, row.source.strip()


def _plan(survey: Survey, start: int, end: int, new: list[str]) -> Fix | str:
    """The Fix replacing lines [start, end) with `new`, with the rows and tables it removes
    and adds declared for the fixer's safety net; or why no safe fix can be offered."""
    texts = [x.text for x in survey.lines]
    after = parse("\n".join([*texts[:start], *new, *texts[end:]]))
    shift = len(new) - (end - start)

    def inside(line: int, stop: int) -> bool:  # 1-based line, region [start, stop)
        return start < line <= stop

    old_rows = [r for r in survey.rows if inside(r.line, end)]
    new_rows = [r for r in after.rows if inside(r.line, start + len(new))]
    old_out = Counter(edit_key(*_identity(r)) for r in survey.rows if not inside(r.line, end))
    new_out = Counter(edit_key(*_identity(r)) for r in after.rows if not inside(r.line, start + len(new)))
    old_tables = [t for t in survey.tables if inside(t.header_line, end)]
    new_tables = [t for t in after.tables if inside(t.header_line, start + len(new))]
    outside_before = [(t.header_line, len(t.rows)) for t in survey.tables if t not in old_tables]
    outside_after = [
        (t.header_line - (shift if t.header_line > start + len(new) else 0), len(t.rows))
        for t in after.tables
        if t not in new_tables
    ]
    if old_out != new_out or outside_before != outside_after:
        return "what it holds now changes how the rest of the page renders; replace it by hand"
    fix = Fix(
        "MS601",
        "",
        [Edit(start, end, tuple(new))],
        removes=[_identity(r) for r in old_rows],
        new_tables=len(new_tables) - len(old_tables),
    )
    if new_rows:
        # The generated table's rows are not papers. They are declared as a revealed table
        # rather than as `adds`: a view regenerated twice in one `fix` run (after another
        # fix changed the counts) would otherwise remove rows the net never saw.
        if len(new_tables) < len(old_tables):
            return "it holds tables a regenerated view would drop; remove them by hand"
        fix.reveals_tables = True
    return fix


def stale_generated_view(ctx: Context) -> Iterator[Finding]:
    """Finds a `<!-- mdsurvey:toc -->` or `<!-- mdsurvey:stats -->` view whose lines differ from
    what mdsurvey generates now (the contents list with paper counts and GitHub anchors, or the
    papers-per-year table), and markers that do not pair up."""
    texts = ctx.texts
    if not any("mdsurvey:" in t for t in texts):
        return
    regions, problems = scan_markers(texts, ctx.verbatim_lines)
    for p in problems:
        yield ctx.finding("MS601", p.line + 1, 1, p.message)
    if not regions:
        return
    from mdsurvey.analysis.views import render  # only a file with generated views needs stats

    analysis = ctx.facts.analysis
    for r in regions:
        want = render(r.name, ctx.survey, analysis)
        have = texts[r.start + 1 : r.end]
        if have == want:
            continue
        what = _WHAT[r.name]
        plan = _plan(ctx.survey, r.start + 1, r.end, want)
        if isinstance(plan, Fix):
            plan.description = f"regenerate the {what} between lines {r.start + 1} and {r.end + 1}"
            message = f"generated {what} is out of date: `mdsurvey fix` regenerates it"
            yield ctx.finding("MS601", r.start + 1, 1, message, end_line=r.end + 1, fix=plan)
        else:
            message = f"generated {what} is out of date, but cannot be regenerated safely: {plan}"
            yield ctx.finding("MS601", r.start + 1, 1, message, end_line=r.end + 1)


RULE = rule(
    "MS601",
    "stale-generated-view",
    "warning",
    "A generated contents list or stats table is out of date",
    why="Counts and links written by hand (or by an older run) drift as papers are added, moved "
    "and removed; a contents link to a renamed heading goes nowhere.",
    example="<!-- mdsurvey:toc -->\n- [Image](#image) (12)\n<!-- /mdsurvey:toc -->\n"
    "(the Image heading now holds 14 papers)",
    fix="safe: regenerate the lines between <!-- mdsurvey:toc --> / <!-- mdsurvey:stats --> "
    "and their closing markers",
    applicability=(Applicability.SAFE,),
    check=stale_generated_view,
)
