"""What `add` and `rotate` share: finding a section and its paper table, a row's sorted
place, paper identity indexes, placing a row on an area page, reading a file to be written."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from mdsurvey.analysis.dated import file_order, order_evidence
from mdsurvey.analysis.dated import sort_key as _sort_key
from mdsurvey.analysis.papers import paper_keys
from mdsurvey.fix.fixer import Change, apply_changes
from mdsurvey.lint.config import Config
from mdsurvey.lint.findings import Edit
from mdsurvey.survey.identity import same_paper
from mdsurvey.survey.model import Row, Section, Survey, Table
from mdsurvey.survey.paper import Paper, column_roles
from mdsurvey.survey.parse import parse


class MaintainError(Exception):
    """The command cannot do what was asked; the message says why and what to do."""


def no_tables(survey: Survey) -> str:
    """Why a file offers no section: no tables at all, or only hand-written HTML ones."""
    from mdsurvey.survey.htmltables import find_html_tables

    html = find_html_tables(survey)
    if not html:
        return "the file has no tables"
    rows = sum(len(t.rows) for t in html)
    return (
        f"the file has no Markdown tables, only {len(html)} hand-written HTML <table>"
        f"{'s' * (len(html) != 1)} ({rows} row{'s' * (rows != 1)}, first at line {html[0].start_line}); "
        "add writes rows into Markdown tables only: add the row to the HTML by hand"
    )


def find_section(survey: Survey, name: str) -> Section:
    """A section by title, or by its heading path's end ("Recent Papers/Image"), case-insensitive."""
    want = name.strip().casefold()
    exact = [s for s in survey.sections if s.title.casefold() == want]
    if not exact and "/" in name:
        parts = [p.strip().casefold() for p in name.split("/") if p.strip()]
        exact = [s for s in survey.sections if [h.casefold() for h in s.heading_path[-len(parts) :]] == parts]
    if len(exact) == 1:
        return exact[0]
    listing = (
        "\n".join(
            f"  {s.title!r} (line {s.start_line}; {' / '.join(s.heading_path)})" for s in survey.sections
        )
        or f"  (none: {no_tables(survey)})"
    )
    if not exact:
        raise MaintainError(f"no section {name!r}; the sections are:\n{listing}")
    parent = exact[0].heading_path[-2] if len(exact[0].heading_path) > 1 else ""
    raise MaintainError(
        f"{len(exact)} sections are titled {name!r}; name one by its heading path, "
        f"e.g. '{parent}/{exact[0].title}':\n{listing}"
    )


def paper_table(section: Section) -> Table:
    """The section's first table with a Title column: where its papers go."""
    for t in section.tables:
        if "title" in column_roles(t.header):
            return t
    raise MaintainError(f"section {section.title!r} has no paper table (no Title column)")


def insert_index(rows: list[Row], key: tuple[int, int] | None, order: str) -> int:
    """Where a row with this date key goes: after every row it does not precede (stable)."""
    if key is None or order == "none":
        return len(rows)
    for i, r in enumerate(rows):
        k = _sort_key(r.paper)
        if k is None:
            return i
        if (order == "newest-first" and key > k) or (order == "oldest-first" and key < k):
            return i
    return len(rows)


def section_order(survey: Survey, config: Config, section: Section) -> str:
    """The section's row order: configured, else the file's; with too few dated neighbours to
    read one, the family's convention, newest first (as `check` holds the file to, MS403)."""
    order = config.order_for(section.title)
    if order is None:
        tables = [t for t in survey.tables if "title" in column_roles(t.header)]
        order = "newest-first" if sum(order_evidence(tables)) < 3 else file_order(tables)
        if order == "none" and len(list(section.rows)) <= 1:
            order = "newest-first"
    return order


def parsed_survey(text: str, survey: Survey | None) -> Survey:
    """`survey` when it is the parse of `text` (a caller that has one), else `text` parsed."""
    return survey if survey is not None and survey.parsed_text == text else parse(text)


def summary_head(texts: list[str], section: Section, table: Table, year_sub: str, repl: str) -> list[str]:
    """The lines of `section` from its start to `table`'s delimiter, the year in its summary
    line replaced (`year_sub`: the pattern of what to replace)."""
    head = texts[section.start_line - 1 : table.delimiter_line]
    return [re.sub(year_sub, repl, h, count=1) if "<summary" in h.lower() else h for h in head]


def new_year_section(survey: Survey, year: str) -> tuple[int, list[str], Table]:
    """Lines of a new "YEAR Topic" details block copied from the page's nearest year section,
    the 0-based line to insert them at (years newest first), and the table they copy."""
    from mdsurvey.analysis.pages import YEAR_SECTION

    years = []
    for s in survey.sections:
        m = YEAR_SECTION.match(s.title)
        if m and s.kind == "details":
            years.append((int(m.group(1)), s))
    if not years:
        raise MaintainError("the page has no year sections to copy the layout from")
    years.sort(key=lambda x: x[0], reverse=True)
    after = [s for y, s in years if y < int(year)]
    template = min(years, key=lambda x: abs(x[0] - int(year)))[1]
    texts = [x.text for x in survey.lines]
    head = summary_head(texts, template, template.tables[0], r"(?<!\d)(?:19|20)\d{2}(?!\d)", year)
    closing = texts[template.end_line - 1]
    at = (after[0].start_line - 1) if after else template.end_line
    block = [*head, "@ROW@", closing, ""]
    if not after:
        block = ["", *block[:-1]]
    return at, block, template.tables[0]


class PaperIndex:
    """Papers by identity key, to ask "is this paper among them?" without comparing every pair."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[list[str]]] = {}

    def add(self, keys: list[str]) -> None:
        """Index one paper by its identity keys."""
        for k in keys:
            self.by_key.setdefault(k, []).append(keys)

    def holds(self, keys: list[str]) -> bool:
        """Whether a paper of these identity keys is among those added (`same_paper`)."""
        return any(same_paper(keys, other) for k in keys for other in self.by_key.get(k, ()))


def index_of(survey: Survey) -> PaperIndex:
    """Every row's paper of the survey, indexed."""
    ix = PaperIndex()
    for r in survey.rows:
        ix.add(paper_keys(r.paper))
    return ix


def place_row(
    page: Survey, paper: Paper, config: Config, line_for: Callable[[Table], str], kind: str
) -> Survey:
    """The page with a row for `paper` at its sorted place in the year section of its date
    (a new year section when it has none); `line_for(table)`: the row's source for the table
    it goes into (for a new section, the table whose layout the section copies)."""
    from mdsurvey.analysis.pages import YEAR_SECTION

    paper_id = (paper.title, paper.url)
    year = (paper.date or "")[:4]
    sections = [(YEAR_SECTION.match(s.title), s) for s in page.sections]
    topic = next((m.group(2) for m, _ in sections if m), None)
    target = next((s for m, s in sections if m and m.group(1) == year), None)
    if target is None:
        if topic is None:
            raise MaintainError("the area page has no year sections")
        at, block, template = new_year_section(page, year)
        source = line_for(template)
        block = [source if x == "@ROW@" else x for x in block]
        return apply_changes(
            page, [Change(kind, [Edit(at, at, tuple(block))], adds=[paper_id], new_tables=1)]
        )
    table = paper_table(target)
    idx = insert_index(table.rows, _sort_key(paper), section_order(page, config, target))
    at = table.body_start + idx
    return apply_changes(page, [Change(kind, [Edit(at, at, (line_for(table),))], adds=[paper_id])])


def disk_survey(path: Path) -> Survey | None:
    """What a file to be written holds now, parsed (None when it does not exist or is empty)."""
    from mdsurvey.files.source import InputError, read_text

    if not path.exists():
        return None
    try:
        text = read_text(path)
    except InputError as e:
        raise MaintainError(f"cannot write {path}: {e}") from None
    return parse(text) if text else None


def duplicates(survey: Survey | None) -> dict[str, int]:
    """Per section title: rows that are the same paper as an earlier row of the section."""
    out: dict[str, int] = {}
    for section in survey.sections if survey is not None else []:
        ix = PaperIndex()
        for r in section.rows:
            keys = paper_keys(r.paper)
            if ix.holds(keys):
                out[section.title] = out.get(section.title, 0) + 1
            ix.add(keys)
    return out
