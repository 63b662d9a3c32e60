"""`add`: a paper's row at its sorted place in a section, in the style of its table.

It goes through the one line-editing path with the fixer's verification
(`fix.fixer.apply_changes`): the new row is the only line that changes, and it is read back
(one row of its table, exporting what was given) before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mdsurvey.analysis.dated import sort_key as _sort_key
from mdsurvey.analysis.pages import Page
from mdsurvey.analysis.papers import paper_keys
from mdsurvey.fix.fixer import Change, apply_changes
from mdsurvey.lint.config import Config
from mdsurvey.lint.findings import Edit
from mdsurvey.survey.legend import Legend, badge_role, survey_legend
from mdsurvey.survey.model import Row, Section, Survey, Table
from mdsurvey.survey.paper import Paper, column_roles
from mdsurvey.workflows.common import (
    MaintainError,
    find_section,
    index_of,
    insert_index,
    paper_table,
    parsed_survey,
    place_row,
    section_order,
)
from mdsurvey.workflows.newpaper import NewPaper
from mdsurvey.workflows.rowgen import escape_url, render_row

__all__ = ["AddPlan", "add_paper", "plan_add"]


def _as_paper(p: NewPaper) -> Paper:
    """The new paper as the model's Paper, for identity and date keys."""
    return Paper(title=p.title, url=p.url, authors=p.authors, date=p.date, venue=p.venue, arxiv_id=p.arxiv_id)


def duplicate_of(section: Section, paper: Paper) -> Row | None:
    """The section's row that is already this paper (same identity key), if any."""
    keys = set(paper_keys(paper))
    for r in section.rows:
        if keys & set(paper_keys(r.paper)):
            return r
    return None


def _check_vocabulary(survey: Survey, config: Config, paper: NewPaper) -> None:
    """Refuses an area, tag or cost outside the survey's vocabulary: the values its badges of that
    role use plus the configured ones (a role no badge uses and no config names takes anything)."""
    import difflib

    from mdsurvey.analysis.vocabulary import badge_vocabulary

    tables = [t for t in survey.tables if "title" in column_roles(t.header)]
    counts = badge_vocabulary(tables)
    columns: dict[str, set[str]] = {}
    for t in tables:
        for row in t.rows:
            for b in row.paper.badges:
                columns.setdefault(badge_role(b) or "", set()).add(b.column)
    given = (("area", paper.areas), ("category", paper.tags), ("cost", [paper.cost] if paper.cost else []))
    for role, values in given:
        known = list(counts.get(role, {}))
        for key in (role, *sorted(columns.get(role, ()))):
            known += [v for v in config.vocabulary.get(key.lower(), []) if v not in known]
        if not known:
            continue
        for v in values:
            if v in known:
                continue
            close = difflib.get_close_matches(v, known, n=1, cutoff=0.6) or difflib.get_close_matches(
                v.lower(), [k.lower() for k in known], n=1, cutoff=0.6
            )
            if close:
                hint = f"did you mean {next(k for k in known if k.lower() == close[0].lower())!r}?"
            else:
                shown = ", ".join(repr(k) for k in sorted(known)[:12]) + (", …" if len(known) > 12 else "")
                hint = f"known: {shown}"
            raise MaintainError(
                f"{role} {v!r} is not in this survey's vocabulary; {hint} (--new-tag adds it anyway)"
            )


def _check_authors(table: Table, paper: NewPaper) -> None:
    """Refuses a paper without authors for a table whose rows list them."""
    if paper.authors or not table.rows:
        return
    with_authors = sum(1 for r in table.rows if r.paper.authors)
    # most, not all: one row with a lost author list should not switch the check off
    if with_authors * 2 > len(table.rows):
        raise MaintainError(
            f"the paper has no authors, and {with_authors} of the {len(table.rows)} rows of the "
            f"table at line {table.header_line} list theirs; give --authors (or 'authors' in JSON, "
            "'author' in BibTeX)"
        )


Warn = Callable[[str], None]


@dataclass
class AddPlan:
    """What an add writes: the new text of every file that changes, area pages before the
    README (the order to write them in), each page's bytes as read, and what to tell the user."""

    path: Path | None  # the file the row was asked for (None: text without a file)
    texts: dict[Path, str] = field(default_factory=dict)
    # bytes of every other file in `texts` as read; a write expects them unchanged
    before: dict[Path, bytes] = field(default_factory=dict)
    text: str = ""  # the new text of the file asked for
    line: int = 0  # the new row's 1-based line there
    copies: dict[Path, int] = field(default_factory=dict)  # area page -> its copy's 1-based line
    warnings: list[str] = field(default_factory=list)  # "LINE: message" about the file asked for


def add_paper(
    text: str,
    config: Config,
    section_name: str,
    paper: NewPaper,
    *,
    new_tag: bool = False,
    survey: Survey | None = None,
    strict: bool = False,
    warn: Warn | None = None,
) -> tuple[str, int]:
    """The file with the paper's row added at its sorted place, and the row's 1-based line
    (`survey`: the parse of `text`, if the caller has it); one file only, so a README view's
    area page copy needs `plan_add`.

    Refused (MaintainError) before anything is rendered: an area, tag or cost outside the
    survey's vocabulary (unless `new_tag`), or no authors where the table's rows have them.
    A given field the table has no column for is left out and reported to `warn`
    ("LINE: …"), or refused with `strict`."""
    plan = plan_add(None, text, config, section_name, paper, new_tag=new_tag, survey=survey, strict=strict)
    for w in plan.warnings:
        if warn is not None:
            warn(w)
    return plan.text, plan.line


def plan_add(
    path: Path | None,
    text: str,
    config: Config,
    section_name: str,
    paper: NewPaper,
    *,
    page: Path | None = None,
    new_tag: bool = False,
    survey: Survey | None = None,
    strict: bool = False,
) -> AddPlan:
    """The new text of every file an add changes: the file at `path` (`text`, its content)
    with the row, and, when the section is a "Recent" view of a survey whose README links
    area pages (or `page` is given), the area page with its canonical copy, each in its
    table's style at its sorted place, verified.

    Refused (MaintainError): what `add_paper` refuses; a view whose area page cannot be
    found (pass `page`, or map the section in `[tool.mdsurvey] pages`)."""
    survey = parsed_survey(text, survey)
    legend = survey_legend(survey, config.legend)
    plan = AddPlan(path)
    section = find_section(survey, section_name)
    new, line, dropped = _add_to(survey, config, section, paper, legend, new_tag=new_tag)
    table = paper_table(section)
    where = f"section {section.title!r} (table at line {table.header_line})"
    _drop_or_refuse(plan, where, dropped, strict, table.header_line)
    plan.text, plan.line = new.parsed_text, line
    target = _area_page(path, survey, config, section, new, line, page)
    if target is not None:
        _add_copy(plan, target, config, paper, legend, strict=strict)
    if path is not None:
        plan.texts[path] = plan.text
    return plan


def _drop_or_refuse(plan: AddPlan, where: str, dropped: list[str], strict: bool, line: int) -> None:
    """Report the given fields a table has no column for, or with `strict` refuse the add."""
    if not dropped:
        return
    names = " or ".join(dropped)
    if strict:
        raise MaintainError(f"{where} has no column for {names}; add it by hand, or leave out --strict")
    plan.warnings.extend(f"{line}: {where} has no column for {name}: not written" for name in dropped)


def _add_to(
    survey: Survey, config: Config, section: Section, paper: NewPaper, legend: Legend, *, new_tag: bool
) -> tuple[Survey, int, list[str]]:
    """`survey` with the paper's row in `section`, its 1-based line, the fields left out."""
    table = paper_table(section)
    dup = duplicate_of(section, _as_paper(paper))
    if dup is not None:
        raise MaintainError(f"already in section {section.title!r} at line {dup.line}: {dup.paper.title!r}")
    if not new_tag:
        _check_vocabulary(survey, config, paper)
    _check_authors(table, paper)
    dropped: list[str] = []
    row = render_row(survey, legend, table, paper, notes=dropped)
    idx = insert_index(table.rows, _sort_key(_as_paper(paper)), section_order(survey, config, section))
    at = table.body_start + idx
    # verification counts papers by url (or title): declare exactly the one we add
    added = Row(row, 0, table).paper
    change = Change("add", [Edit(at, at, (row,))], adds=[(paper.title, added.url)])
    new = apply_changes(survey, [change])
    _verify_added(new, at + 1, table, paper)
    return new, at + 1, dropped


def _area_page(
    path: Path | None,
    survey: Survey,
    config: Config,
    section: Section,
    new: Survey,
    line: int,
    page: Path | None,
) -> Page | None:
    """The area page that keeps the canonical copy of a row added to a README view: `page`
    if given, else the one the view's rows go to (None: not a view, or a one-file survey)."""
    from mdsurvey.analysis.dated import recent_window
    from mdsurvey.analysis.pages import load_page, load_pages, page_for
    from mdsurvey.files.source import InputError

    if path is None:
        if page is not None:
            raise MaintainError("an area page needs the README's path")
        return None
    if page is None:
        if recent_window(section, config.recent_months) is None:
            return None
        pages = load_pages(path, survey)
        if not pages:
            return None  # a one-file survey: the view is the only copy
        row = next(r for r in new.rows if r.line == line)
        found = page_for(row, section, pages, config.pages, path.parent)
        if found is None:
            raise MaintainError(
                f"section {section.title!r} is a view of recent papers, and no area page keeps its papers; "
                f'pass --page FILE, or map it: [tool.mdsurvey] pages = {{ {section.title!r} = "page.md" }}'
            )
        target, loaded = found
        if loaded is not None:
            return loaded
        page = target
    if page.resolve() == path.resolve():
        raise MaintainError(f"{page}: the area page for this row is the file itself")
    if not page.is_file():
        raise MaintainError(
            f"{page}: the area page for section {section.title!r} does not exist; "
            "create it, or pass --page FILE"
        )
    try:
        return load_page(page)
    except InputError as e:
        raise MaintainError(f"cannot use {page} as an area page: {e}") from None


def _add_copy(
    plan: AddPlan, page: Page, config: Config, paper: NewPaper, legend: Legend, *, strict: bool
) -> None:
    """The canonical copy on `page`: in the year section of the paper's date (a new one, laid
    out like its neighbours, when there is none), or in its one paper table when it has no
    year sections; nothing when the page already lists the paper."""
    from mdsurvey.analysis.pages import YEAR_SECTION

    index = index_of(page.survey)
    if index.holds(paper_keys(_as_paper(paper))):
        plan.warnings.append(
            f"{plan.line}: {page.path.name} already lists this paper: only this file changes"
        )
        return
    dropped: list[str] = []
    years = [s for s in page.survey.sections if YEAR_SECTION.match(s.title)]
    if years:
        if not paper.date:
            raise MaintainError(
                f"{page.path}: the paper has no date to choose its year section by; give --date"
            )
        new = place_row(
            page.survey,
            _as_paper(paper),
            config,
            lambda t: render_row(page.survey, legend, t, paper, notes=dropped),
            "add",
        )
    else:
        tabled = [s for s in page.survey.sections if any("title" in column_roles(t.header) for t in s.tables)]
        if len(tabled) != 1:
            raise MaintainError(
                f"{page.path}: no year sections and {len(tabled)} sections with paper tables; "
                "add the page's copy by hand"
            )
        new, _, dropped = _add_to(page.survey, config, tabled[0], paper, legend, new_tag=True)
    line = _copy_line(page.survey, new, paper)
    _drop_or_refuse(plan, f"{page.path.name}'s table", sorted(set(dropped)), strict, plan.line)
    plan.texts[page.path] = new.parsed_text
    assert page.data is not None
    plan.before[page.path] = page.data
    plan.copies[page.path] = line


def _copy_line(before: Survey, after: Survey, paper: NewPaper) -> int:
    """The 1-based line of the page's new copy, read back (exactly one new row, this paper)."""
    keys = set(paper_keys(_as_paper(paper)))
    old = {r.line for r in before.rows}
    new_rows = [r for r in after.rows if keys & set(paper_keys(r.paper))]
    if len(new_rows) != 1 or sum(1 for _ in after.rows) != len(old) + 1:
        raise MaintainError(
            "internal error: the area page's copy does not read back as one row; nothing written"
        )
    row = new_rows[0]
    if row.paper.title != paper.title or len(row.spans) != len(row.table.header):
        raise MaintainError(
            f"internal error: the area page's copy (line {row.line}) does not read back; nothing written"
        )
    return row.line


def _verify_added(new: Survey, line: int, table: Table, paper: NewPaper) -> None:
    """The written row, read back, is one row of its table with the header's cell count, and
    exports the title and url that were given."""
    from mdsurvey.analysis.records import record

    def refuse(why: str) -> MaintainError:
        return MaintainError(f"internal error: the new row (line {line}) {why}; nothing was written")

    row = next((r for r in new.rows if r.line == line), None)
    if row is None or [h.strip() for h in row.table.header] != [h.strip() for h in table.header]:
        raise refuse("is not read as a row of its table")
    if len(row.spans) != len(table.header):
        # GitHub drops cells past the header's count (a stray pipe would lose the last link)
        raise refuse(f"would have {len(row.spans)} cells, its table's header {len(table.header)}")
    rec = record(row)
    if rec["title"] != paper.title:
        raise refuse(f"would read title {rec['title']!r}, not {paper.title!r}")
    want_url = escape_url(paper.url) if paper.url else None
    if rec["url"] != want_url:
        raise refuse(f"would read url {rec['url']!r}, not {want_url!r}")
