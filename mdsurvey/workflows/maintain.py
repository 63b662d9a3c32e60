"""Maintainer workflows: `add` a paper, `rotate` old rows out of "Recent" sections.

Both go through the same lossless model as `fix`: the rows concerned are the
only lines that change, and the result is verified (same papers plus/minus
exactly the ones moved, every other line byte-identical) before anything is
written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from mdsurvey.analysis.dated import file_order, months_old
from mdsurvey.analysis.dated import recent_window as _window
from mdsurvey.analysis.dated import sort_key as _sort_key
from mdsurvey.analysis.pages import Page
from mdsurvey.analysis.papers import paper_keys
from mdsurvey.fix.fixer import apply_fixes
from mdsurvey.lint.config import Config
from mdsurvey.lint.findings import Edit, Fix
from mdsurvey.survey.legend import Legend, badge_role, read_legend
from mdsurvey.survey.model import Row, Section, Survey, Table
from mdsurvey.survey.paper import Paper, column_roles
from mdsurvey.survey.parse import parse
from mdsurvey.workflows.newpaper import NewPaper
from mdsurvey.workflows.rowgen import escape_url, render_row


class MaintainError(Exception):
    """The command cannot do what was asked; the message says why and what to do."""


def _legend(survey: Survey, config: Config) -> Legend:
    texts = [x.text for x in survey.lines]
    legend = read_legend(texts, survey.blocks.hidden_lines())
    legend.colors.update(config.legend)
    return legend


def _no_tables(survey: Survey) -> str:
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
        or f"  (none: {_no_tables(survey)})"
    )
    if not exact:
        raise MaintainError(f"no section {name!r}; the sections are:\n{listing}")
    parent = exact[0].heading_path[-2] if len(exact[0].heading_path) > 1 else ""
    raise MaintainError(
        f"{len(exact)} sections are titled {name!r}; name one by its heading path, "
        f"e.g. '{parent}/{exact[0].title}':\n{listing}"
    )


def _paper_table(section: Section) -> Table:
    for t in section.tables:
        if "title" in column_roles(t.header):
            return t
    raise MaintainError(f"section {section.title!r} has no paper table (no Title column)")


def _as_paper(p: NewPaper) -> Paper:
    return Paper(title=p.title, url=p.url, authors=p.authors, date=p.date, venue=p.venue, arxiv_id=p.arxiv_id)


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


def _order(survey: Survey, config: Config, section: Section) -> str:
    order = config.order_for(section.title)
    if order is None:
        tables = [t for t in survey.tables if "title" in column_roles(t.header)]
        order = file_order(tables)
        if order == "none" and len(list(section.rows)) <= 1:
            order = "newest-first"
    return order


def duplicate_of(section: Section, paper: Paper) -> Row | None:
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


def add_paper(
    text: str, config: Config, section_name: str, paper: NewPaper, *, new_tag: bool = False
) -> tuple[str, int]:
    """The file with the paper's row added at its sorted place, and the row's 1-based line.

    Refused (MaintainError) before anything is rendered: an area, tag or cost outside the
    survey's vocabulary (unless `new_tag`), or no authors where the table's rows have them."""
    survey = parse(text)
    section = find_section(survey, section_name)
    table = _paper_table(section)
    dup = duplicate_of(section, _as_paper(paper))
    if dup is not None:
        raise MaintainError(f"already in section {section.title!r} at line {dup.line}: {dup.paper.title!r}")
    if not new_tag:
        _check_vocabulary(survey, config, paper)
    _check_authors(table, paper)
    row = render_row(survey, _legend(survey, config), table, paper)
    idx = insert_index(table.rows, _sort_key(_as_paper(paper)), _order(survey, config, section))
    at = table.body_start + idx
    # verification counts papers by url (or title): declare exactly the one we add
    fix = Fix(
        "add", f"add {paper.title!r}", [Edit(at, at, (row,))], adds=[(paper.title, _rendered_url(row, table))]
    )
    new = apply_fixes(text, [fix])
    _verify_added(new, at + 1, table, paper)
    return new, at + 1


def _verify_added(new_text: str, line: int, table: Table, paper: NewPaper) -> None:
    """The written row, read back, is one row of its table with the header's cell count, and
    exports the title and url that were given."""
    from mdsurvey.analysis.records import record

    def refuse(why: str) -> MaintainError:
        return MaintainError(f"internal error: the new row (line {line}) {why}; nothing was written")

    row = next((r for r in parse(new_text).rows if r.line == line), None)
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


def _rendered_url(row_source: str, table: Table) -> str | None:
    from mdsurvey.survey.paper import extract
    from mdsurvey.syntax.cells import split_cells

    spans = [(s.start, s.end) for s in split_cells(row_source, table.quoted)]
    return extract(row_source, spans, table.header).url


# ---------------------------------------------------------------- rotate


@dataclass
class Move:
    row: Row
    section: Section
    target: Path
    already_there: bool


@dataclass
class RotatePlan:
    readme: Path
    texts: dict[Path, str] = field(default_factory=dict)  # new text of every file that changes
    # bytes of every page in `texts` as read before planning; None: a page to create (must not exist)
    before: dict[Path, bytes | None] = field(default_factory=dict)
    moves: list[Move] = field(default_factory=list)
    created: list[Path] = field(default_factory=list)
    left: list[tuple[Row, str]] = field(default_factory=list)  # rows that could not move, and why
    listed: dict[Path, int] = field(default_factory=dict)  # created page -> its new contents line (1-based)
    warnings: list[str] = field(default_factory=list)  # "LINE: message" about the new README


def _stale(survey: Survey, today: dt.date, config: Config) -> list[tuple[Row, Section]]:
    out = []
    for section in survey.sections:
        n = _window(section, config.recent_months)
        if n is None:
            continue
        for row in section.rows:
            d = row.paper.date
            age = months_old(d, today.year, today.month) if d else None
            if age is not None and age > n:
                out.append((row, section))
    return out


def _topic(page_survey: Survey, fallback: str) -> str:
    from mdsurvey.analysis.pages import YEAR_SECTION

    for s in page_survey.sections:
        m = YEAR_SECTION.match(s.title)
        if m:
            return m.group(2)
    return fallback


def _new_year_section(survey: Survey, year: str) -> tuple[int, list[str]]:
    """Lines of a new "YEAR Topic" details block copied from the page's nearest year section,
    and the 0-based line to insert them at (years newest first)."""
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
    table = template.tables[0]
    texts = [x.text for x in survey.lines]
    head = texts[template.start_line - 1 : table.delimiter_line]
    head = [
        re.sub(r"(?<!\d)(?:19|20)\d{2}(?!\d)", year, h, count=1) if "<summary" in h.lower() else h
        for h in head
    ]
    closing = texts[template.end_line - 1]
    at = (after[0].start_line - 1) if after else template.end_line
    block = [*head, "@ROW@", closing, ""]
    if not after:
        block = ["", *block[:-1]]
    return at, block


class _Index:
    """Papers by identity key, to ask "is this paper among them?" without comparing every pair."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[list[str]]] = {}

    def add(self, keys: list[str]) -> None:
        for k in keys:
            self.by_key.setdefault(k, []).append(keys)

    def holds(self, keys: list[str]) -> bool:
        from mdsurvey.survey.identity import same_paper

        return any(same_paper(keys, other) for k in keys for other in self.by_key.get(k, ()))


def _facts(paper: Paper) -> set[tuple[str, str]]:
    """What a row says beyond its identity that a page copy may lack: its links, code and venue.
    (Badges are left out: pages often drop the area badge that names the page itself.)"""
    out = {("link", x.url.strip().rstrip("/").lower()) for x in paper.links if x.url.strip()}
    if paper.url:
        out.add(("link", paper.url.strip().rstrip("/").lower()))
    if paper.code:
        out.add(("link", paper.code.strip().rstrip("/").lower()))  # the code link is a link
    if paper.venue:
        out.add(("venue", " ".join(paper.venue.split()).lower()))
    return out


def _only_in(row: Row, rows: list[Row], keys: list[str]) -> list[str]:
    """What the README row says that no copy of its paper among `rows` says ([] if nothing)."""
    from mdsurvey.survey.identity import same_paper

    known: set[tuple[str, str]] = set()
    for c in rows:
        if c is not row and same_paper(keys, paper_keys(c.paper)):
            known |= _facts(c.paper)
    missing = sorted(_facts(row.paper) - known)
    return [f"{kind} {value!r}" for kind, value in missing[:3]] + (
        [f"{len(missing) - 3} more"] if len(missing) > 3 else []
    )


def _index_of(survey: Survey) -> _Index:
    ix = _Index()
    for r in survey.rows:
        ix.add(paper_keys(r.paper))
    return ix


def _load_existing(target: Path, readme: Path) -> Page:
    """A page file that exists but the README does not link: loaded, never rebuilt from a skeleton."""
    from mdsurvey.analysis.pages import load_page
    from mdsurvey.files.source import InputError

    if target.resolve() == readme.resolve():
        raise MaintainError(f"{target}: the area page for these rows is the README itself; map another file")
    try:
        return load_page(target)
    except InputError as e:
        raise MaintainError(f"cannot use {target} as an area page: {e}") from None


def _skeleton(pages: list[Page], target: Path, row: Row, topic: str) -> Page:
    """A new area page laid out like its siblings: their preamble and one year section for this row."""
    from mdsurvey.analysis.pages import YEAR_SECTION

    sibling = next(
        (
            p
            for p in pages
            if p.survey.sections
            and YEAR_SECTION.match(p.survey.sections[0].title)
            and p.survey.sections[0].tables
        ),
        None,
    )
    if sibling is None:
        raise MaintainError(
            f"{target.name} does not exist and no area page has year sections to copy its layout from"
        )
    texts = [x.text for x in sibling.survey.lines]
    first = sibling.survey.sections[0]
    t0 = first.tables[0]
    year = (row.paper.date or "")[:4]
    head = texts[first.start_line - 1 : t0.delimiter_line]
    head = [
        re.sub(r"(?<!\d)(?:19|20)\d{2}[^<]*", f"{year} {topic}", h, count=1) if "<summary" in h.lower() else h
        for h in head
    ]
    skeleton = "\n".join([*texts[: first.start_line - 1], *head, texts[first.end_line - 1]]) + "\n"
    return Page(target, skeleton, parse(skeleton), {topic}, None)


def plan_rotate(readme: Path, text: str, config: Config, today: dt.date) -> RotatePlan:
    """Which stale rows go where, and the new text of every file that changes, verified across files."""
    from mdsurvey.analysis.pages import load_pages, page_for, slugify

    survey = parse(text)
    plan = RotatePlan(readme)
    stale = _stale(survey, today, config)
    if not stale:
        return plan
    pages = load_pages(readme, survey)
    linked = [p.path for p in pages]
    index: dict[Path, _Index] = {p.path: _index_of(p.survey) for p in pages}
    incoming: dict[Path, list[Row]] = {}
    page_text: dict[Path, str] = {p.path: p.text for p in pages}
    labels: dict[Path, str] = {}
    readme_fixes: list[Fix] = []
    for row, section in stale:
        keys = paper_keys(row.paper)
        holder = next((p for p in pages if index[p.path].holds(keys)), None)
        if holder is None:
            found = page_for(row, section, pages, config.pages, readme.parent)
            if found is None:
                plan.left.append(
                    (
                        row,
                        f"no area page for section {section.title!r}; map it in "
                        f'[tool.mdsurvey] pages = {{ {section.title!r} = "page.md" }}',
                    )
                )
                continue
            target, page = found
            if page is None and target.exists():
                # a page made by an earlier rotate, or named in the config, that the README does not link
                page = _load_existing(target, readme)
                pages.append(page)
                index[target] = _index_of(page.survey)
                page_text[target] = page.text
                if index[target].holds(keys):
                    holder = page
            elif page is None:
                page = _skeleton(pages, target, row, section.title)
                pages.append(page)
                index[target] = _Index()
                page_text[target] = page.text
                plan.created.append(target)
                named = [b for b in _area_badges(row) if slugify(b) == target.stem.lower()]
                labels[target] = (named[0] if named else section.title).replace("-", " ")
        if holder is not None:
            only = _only_in(row, [*holder.survey.rows, *incoming.get(holder.path, [])], keys)
            if only:
                # dropping the README copy would lose what only it says
                plan.left.append(
                    (
                        row,
                        f"already in {holder.path.name}, but only the README copy has "
                        f"{', '.join(only)}: add that to the page's copy, then rotate again",
                    )
                )
                continue
            plan.moves.append(Move(row, section, holder.path, True))
            readme_fixes.append(_drop(row))
            continue
        plan.moves.append(Move(row, section, target, False))
        readme_fixes.append(_drop(row))
        incoming.setdefault(target, []).append(row)
        # a second copy of this paper (another README section) finds it here and is not placed twice
        index[target].add(keys)
    # place rows into pages one at a time, re-reading after each (a row may open a new section)
    for target, rows in incoming.items():
        text_p = page_text[target]
        for row in rows:
            text_p = _place(text_p, row, config)
        plan.texts[target] = text_p
    by_path = {p.path: p for p in pages}
    for target in plan.texts:
        plan.before[target] = by_path[target].data
    if readme_fixes:
        readme_fixes += _contents_entries(survey, readme, linked, labels, plan)
        plan.texts[readme] = apply_fixes(text, readme_fixes)
        dropped = [m.row.line for m in plan.moves]
        for target, line in plan.listed.items():
            plan.listed[target] = line - sum(1 for d in dropped if d < line)
        plan.warnings = _emptied(text, plan.texts[readme], plan.moves)
    _verify_rotation(readme, text, {p.path: p.text for p in pages if p.data is not None}, plan)
    return plan


def _area_badges(row: Row) -> list[str]:
    from mdsurvey.survey.legend import badge_role

    return [b.message for b in row.paper.badges if badge_role(b) == "area" and b.message]


_LIST_LINK = re.compile(r"\A(\s*[-*+]\s+\[)([^\[\]]+)(\]\(\s*)([^()\s<>]*?)([^/()\s<>]+\.md)(\s*\)\s*)\Z")


def _contents_entries(
    survey: Survey, readme: Path, linked: list[Path], labels: dict[Path, str], plan: RotatePlan
) -> list[Fix]:
    """Contents-list lines for the created pages, when the README lists every other area page
    as one run of `- [Label](…/page.md)` items: a copy of the run's last item, renamed."""
    from urllib.parse import unquote

    if not plan.created or not linked:
        return []
    base = readme.parent
    items: dict[int, Path] = {}  # 0-based line -> the page its list item links
    for i, line in enumerate(survey.lines):
        m = _LIST_LINK.match(line.text)
        if m and not line.text.lstrip().startswith("|"):
            p = (base / unquote(_github_relative(m.group(4) + m.group(5)))).resolve()
            if p in linked:
                items[i] = p
    if set(items.values()) != set(linked):
        return []
    lines = sorted(items)
    if lines[-1] - lines[0] != len(lines) - 1 or len(lines) != len(linked):
        return []  # the pages are listed apart, or twice: no one place to add to
    last = survey.lines[lines[-1]].text
    m = _LIST_LINK.match(last)
    assert m is not None
    new_lines = []
    at = lines[-1] + 1
    for target in plan.created:
        link = m.group(4) + target.name
        if (base / unquote(_github_relative(link))).resolve() != target:
            continue  # the list's links point elsewhere (another folder): the user links it
        new_lines.append(f"{m.group(1)}{labels[target]}{m.group(3)}{link}{m.group(6)}")
        plan.listed[target] = at + len(new_lines)
    if not new_lines:
        return []
    return [Fix("rotate", "list the new pages", [Edit(at, at, tuple(new_lines))])]


def _github_relative(target: str) -> str:
    from mdsurvey.analysis.pages import _GITHUB_FILE

    g = _GITHUB_FILE.match(target)
    return g.group(1) if g else target


def _emptied(before: str, after: str, moves: list[Move]) -> list[str]:
    """Warnings for README sections whose paper table the rotation left with only its header."""
    left = {(tuple(m.section.heading_path), m.section.title) for m in moves}
    out = []
    for s in parse(after).sections:
        if (tuple(s.heading_path), s.title) not in left:
            continue
        tables = [t for t in s.tables if "title" in column_roles(t.header)]
        if tables and not any(t.rows for t in tables):
            out.append(
                f"{s.start_line}: section {s.title!r} has no rows left (header-only table): "
                "remove the section or add papers"
            )
    return out


def _drop(row: Row) -> Fix:
    """The README edit of a rotation: the row leaves (its paper is, or goes, on a page)."""
    return Fix(
        "rotate",
        f"remove line {row.line}",
        [Edit(row.line - 1, row.line, ())],
        removes=[(row.paper.title, row.paper.url)],
    )


def _place(page_text: str, row: Row, config: Config) -> str:
    """The page with `row` at its sorted place in the year section of the row's date."""
    from mdsurvey.analysis.pages import YEAR_SECTION

    survey = parse(page_text)
    paper_id = (row.paper.title, row.paper.url)
    row_source = row.source
    year = (row.paper.date or "")[:4]
    sections = [(YEAR_SECTION.match(s.title), s) for s in survey.sections]
    topic = next((m.group(2) for m, _ in sections if m), None)
    target = next((s for m, s in sections if m and m.group(1) == year), None)
    if target is None:
        if topic is None:
            raise MaintainError("the area page has no year sections")
        at, block = _new_year_section(survey, year)
        block = [row_source if x == "@ROW@" else x for x in block]
        fix = Fix(
            "rotate",
            f"new section {year} {topic}",
            [Edit(at, at, tuple(block))],
            adds=[paper_id],
            new_tables=1,
        )
        return apply_fixes(page_text, [fix])
    table = _paper_table(target)
    key = _sort_key(row.paper)
    idx = insert_index(table.rows, key, _order(survey, config, target))
    at = table.body_start + idx
    return apply_fixes(page_text, [Fix("rotate", "", [Edit(at, at, (row_source,))], adds=[paper_id])])


def _disk_text(path: Path) -> str:
    """What a file to be written holds now ("" when it does not exist)."""
    from mdsurvey.files.source import InputError, read_text

    if not path.exists():
        return ""
    try:
        return read_text(path)
    except InputError as e:
        raise MaintainError(f"cannot write {path}: {e}") from None


def _duplicates(survey: Survey) -> dict[str, int]:
    """Per section title: rows that are the same paper as an earlier row of the section."""
    out: dict[str, int] = {}
    for section in survey.sections:
        ix = _Index()
        for r in section.rows:
            keys = paper_keys(r.paper)
            if ix.holds(keys):
                out[section.title] = out.get(section.title, 0) + 1
            ix.add(keys)
    return out


def _verify_rotation(
    readme: Path, before_readme: str, before_pages: dict[Path, str], plan: RotatePlan
) -> None:
    """Across all files: every distinct paper before is still somewhere after, none twice in a page."""
    # every file written counts as it is on disk now, a page to create too: never trust "new"
    before = dict(before_pages)
    for p in plan.texts:
        if p != readme and p not in before:
            before[p] = _disk_text(p)
    old = [before_readme, *before.values()]
    new = [plan.texts.get(readme, before_readme), *(plan.texts.get(p, t) for p, t in before.items())]
    after = _Index()
    for t in new:
        for r in parse(t).rows:
            after.add(paper_keys(r.paper))
    for t in old:
        for r in parse(t).rows:
            keys = paper_keys(r.paper)
            if keys and not after.holds(keys):
                raise MaintainError(
                    f"internal error: rotation would lose {r.paper.title!r} (line {r.line}); nothing written"
                )
    for p, t in plan.texts.items():
        if p == readme:
            continue
        was = _duplicates(parse(before[p]))
        for title, n in _duplicates(parse(t)).items():
            if n > was.get(title, 0):
                raise MaintainError(
                    f"internal error: rotation would duplicate a paper in section {title!r} of {p.name}; "
                    "nothing written"
                )
