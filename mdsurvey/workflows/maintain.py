"""Maintainer workflows: `add` a paper, `rotate` old rows out of "Recent" sections.

Both work on the parsed model and go through the one line-editing path with the
fixer's verification (`fix.fixer.apply_changes`): the rows concerned are the only
lines that change, and the result is verified (same papers plus/minus exactly the
ones moved, every other line byte-identical) before anything is written. Each file
is parsed once as read and once per edit made to it; the edited parse is the next
step's input.
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
from mdsurvey.fix.fixer import Change, apply_changes
from mdsurvey.lint.config import Config
from mdsurvey.lint.findings import Edit
from mdsurvey.survey.identity import same_paper
from mdsurvey.survey.legend import badge_role, survey_legend
from mdsurvey.survey.model import Row, Section, Survey, Table
from mdsurvey.survey.paper import Paper, column_roles
from mdsurvey.survey.parse import parse
from mdsurvey.workflows.newpaper import NewPaper
from mdsurvey.workflows.rowgen import StyleError, escape_url, render_row

__all__ = ["MaintainError", "Move", "RotatePlan", "StyleError", "add_paper", "find_section", "plan_rotate"]


class MaintainError(Exception):
    """The command cannot do what was asked; the message says why and what to do."""


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
    """The section's first table with a Title column: where its papers go."""
    for t in section.tables:
        if "title" in column_roles(t.header):
            return t
    raise MaintainError(f"section {section.title!r} has no paper table (no Title column)")


def _as_paper(p: NewPaper) -> Paper:
    """The new paper as the model's Paper, for identity and date keys."""
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
    """The section's row order: configured, else the file's, else newest first for a table of 0-1 rows."""
    order = config.order_for(section.title)
    if order is None:
        tables = [t for t in survey.tables if "title" in column_roles(t.header)]
        order = file_order(tables)
        if order == "none" and len(list(section.rows)) <= 1:
            order = "newest-first"
    return order


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


def _parsed(text: str, survey: Survey | None) -> Survey:
    """`survey` when it is the parse of `text` (a caller that has one), else `text` parsed."""
    return survey if survey is not None and survey.parsed_text == text else parse(text)


def add_paper(
    text: str,
    config: Config,
    section_name: str,
    paper: NewPaper,
    *,
    new_tag: bool = False,
    survey: Survey | None = None,
) -> tuple[str, int]:
    """The file with the paper's row added at its sorted place, and the row's 1-based line
    (`survey`: the parse of `text`, if the caller has it).

    Refused (MaintainError) before anything is rendered: an area, tag or cost outside the
    survey's vocabulary (unless `new_tag`), or no authors where the table's rows have them."""
    survey = _parsed(text, survey)
    section = find_section(survey, section_name)
    table = _paper_table(section)
    dup = duplicate_of(section, _as_paper(paper))
    if dup is not None:
        raise MaintainError(f"already in section {section.title!r} at line {dup.line}: {dup.paper.title!r}")
    if not new_tag:
        _check_vocabulary(survey, config, paper)
    _check_authors(table, paper)
    row = render_row(survey, survey_legend(survey, config.legend), table, paper)
    idx = insert_index(table.rows, _sort_key(_as_paper(paper)), _order(survey, config, section))
    at = table.body_start + idx
    # verification counts papers by url (or title): declare exactly the one we add
    added = Row(row, 0, table).paper
    change = Change("add", [Edit(at, at, (row,))], adds=[(paper.title, added.url)])
    new = apply_changes(survey, [change])
    _verify_added(new, at + 1, table, paper)
    return new.parsed_text, at + 1


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


# ---------------------------------------------------------------- rotate


@dataclass
class Move:
    """A stale README row, its section, and the page it goes to (or is already on)."""

    row: Row
    section: Section
    target: Path
    already_there: bool


@dataclass
class RotatePlan:
    """What a rotation does: the new text of every file that changes, the moves, what stays."""

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
    """Rows of "Recent (Last N Months)" sections older than their window, with their section."""
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


def _summary_head(texts: list[str], section: Section, table: Table, year_sub: str, repl: str) -> list[str]:
    """The lines of `section` from its start to `table`'s delimiter, the year in its summary
    line replaced (`year_sub`: the pattern of what to replace)."""
    head = texts[section.start_line - 1 : table.delimiter_line]
    return [re.sub(year_sub, repl, h, count=1) if "<summary" in h.lower() else h for h in head]


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
    texts = [x.text for x in survey.lines]
    head = _summary_head(texts, template, template.tables[0], r"(?<!\d)(?:19|20)\d{2}(?!\d)", year)
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
        """Index one paper by its identity keys."""
        for k in keys:
            self.by_key.setdefault(k, []).append(keys)

    def holds(self, keys: list[str]) -> bool:
        """Whether a paper of these identity keys is among those added (`same_paper`)."""
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
    known: set[tuple[str, str]] = set()
    for c in rows:
        if c is not row and same_paper(keys, paper_keys(c.paper)):
            known |= _facts(c.paper)
    missing = sorted(_facts(row.paper) - known)
    return [f"{kind} {value!r}" for kind, value in missing[:3]] + (
        [f"{len(missing) - 3} more"] if len(missing) > 3 else []
    )


def _index_of(survey: Survey) -> _Index:
    """Every row's paper of the survey, indexed."""
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
    year = (row.paper.date or "")[:4]
    head = _summary_head(texts, first, first.tables[0], r"(?<!\d)(?:19|20)\d{2}[^<]*", f"{year} {topic}")
    skeleton = "\n".join([*texts[: first.start_line - 1], *head, texts[first.end_line - 1]]) + "\n"
    return Page(target, skeleton, parse(skeleton), {topic}, None)


@dataclass
class _Pages:
    """The area pages a rotation reads: each one's parse, an index of its papers, the rows
    bound for it, and labels for the contents entries of the pages it creates."""

    readme: Path
    pages: list[Page]
    linked: list[Path]  # the pages the README links
    index: dict[Path, _Index] = field(default_factory=dict)
    incoming: dict[Path, list[Row]] = field(default_factory=dict)
    labels: dict[Path, str] = field(default_factory=dict)

    @classmethod
    def load(cls, readme: Path, survey: Survey) -> _Pages:
        """The pages the README links, each parsed once."""
        from mdsurvey.analysis.pages import load_pages

        pages = load_pages(readme, survey)
        return cls(readme, pages, [p.path for p in pages], {p.path: _index_of(p.survey) for p in pages})

    def holder(self, keys: list[str]) -> Page | None:
        """The first page that already lists the paper of these identity keys."""
        return next((p for p in self.pages if self.index[p.path].holds(keys)), None)

    def take(self, page: Page, index: _Index) -> None:
        """Read `page` too (one the README does not link, or one to create)."""
        self.pages.append(page)
        self.index[page.path] = index

    def by_path(self) -> dict[Path, Page]:
        """Every page read, by path."""
        return {p.path: p for p in self.pages}


def _route(row: Row, section: Section, pages: _Pages, plan: RotatePlan, config: Config) -> bool:
    """Decide one stale row: recorded as a move (True: it leaves the README, and goes to its
    page's incoming rows unless already there), or as left where it is with why (False)."""
    from mdsurvey.analysis.pages import page_for, slugify

    keys = paper_keys(row.paper)
    holder = pages.holder(keys)
    target: Path | None = None
    if holder is None:
        found = page_for(row, section, pages.pages, config.pages, pages.readme.parent)
        if found is None:
            plan.left.append(
                (
                    row,
                    f"no area page for section {section.title!r}; map it in "
                    f'[tool.mdsurvey] pages = {{ {section.title!r} = "page.md" }}',
                )
            )
            return False
        target, page = found
        if page is None and target.exists():
            # a page made by an earlier rotate, or named in the config, that the README does not link
            page = _load_existing(target, pages.readme)
            pages.take(page, _index_of(page.survey))
            if pages.index[target].holds(keys):
                holder = page
        elif page is None:
            pages.take(_skeleton(pages.pages, target, row, section.title), _Index())
            plan.created.append(target)
            named = [b for b in _area_badges(row) if slugify(b) == target.stem.lower()]
            pages.labels[target] = (named[0] if named else section.title).replace("-", " ")
    if holder is not None:
        only = _only_in(row, [*holder.survey.rows, *pages.incoming.get(holder.path, [])], keys)
        if only:
            # dropping the README copy would lose what only it says
            plan.left.append(
                (
                    row,
                    f"already in {holder.path.name}, but only the README copy has "
                    f"{', '.join(only)}: add that to the page's copy, then rotate again",
                )
            )
            return False
        plan.moves.append(Move(row, section, holder.path, True))
        return True
    assert target is not None
    plan.moves.append(Move(row, section, target, False))
    pages.incoming.setdefault(target, []).append(row)
    # a second copy of this paper (another README section) finds it here and is not placed twice
    pages.index[target].add(keys)
    return True


def _place_incoming(pages: _Pages, plan: RotatePlan, config: Config) -> dict[Path, Survey]:
    """Every page that gets rows, with them placed one at a time (a row may open a new
    section, which the next row's place depends on): the new parse of each."""
    by_path = pages.by_path()
    out: dict[Path, Survey] = {}
    for target, rows in pages.incoming.items():
        page = by_path[target].survey
        for row in rows:
            page = _place(page, row, config)
        out[target] = page
        plan.texts[target] = page.parsed_text
        plan.before[target] = by_path[target].data
    return out


def _rotate_readme(survey: Survey, drops: list[Change], pages: _Pages, plan: RotatePlan) -> Survey:
    """The README without the rows that left (and with contents entries for created pages)."""
    changes = drops + _contents_entries(survey, plan.readme, pages.linked, pages.labels, plan)
    new = apply_changes(survey, changes)
    plan.texts[plan.readme] = new.parsed_text
    dropped = [m.row.line for m in plan.moves]
    for target, line in plan.listed.items():
        plan.listed[target] = line - sum(1 for d in dropped if d < line)
    plan.warnings = _emptied(new, plan.moves)
    return new


def plan_rotate(
    readme: Path, text: str, config: Config, today: dt.date, *, survey: Survey | None = None
) -> RotatePlan:
    """Which stale rows go where, and the new text of every file that changes, verified across
    files (`survey`: the parse of `text`, if the caller has it)."""
    survey = _parsed(text, survey)
    plan = RotatePlan(readme)
    stale = _stale(survey, today, config)
    if not stale:
        return plan
    pages = _Pages.load(readme, survey)
    drops = [_drop(row) for row, section in stale if _route(row, section, pages, plan, config)]
    after = _place_incoming(pages, plan, config)
    if drops:
        after[readme] = _rotate_readme(survey, drops, pages, plan)
    before = {readme: survey, **{p.path: p.survey for p in pages.pages if p.data is not None}}
    _verify_rotation(plan, before, after)
    return plan


def _area_badges(row: Row) -> list[str]:
    """The messages of the row's area badges (`Image-LLM`)."""
    return [b.message for b in row.paper.badges if badge_role(b) == "area" and b.message]


_LIST_LINK = re.compile(r"\A(\s*[-*+]\s+\[)([^\[\]]+)(\]\(\s*)([^()\s<>]*?)([^/()\s<>]+\.md)(\s*\)\s*)\Z")


def _contents_entries(
    survey: Survey, readme: Path, linked: list[Path], labels: dict[Path, str], plan: RotatePlan
) -> list[Change]:
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
    return [Change("rotate", [Edit(at, at, tuple(new_lines))])]


def _github_relative(target: str) -> str:
    """A github.com blob/tree link's path in the repository; any other link as it is."""
    from mdsurvey.analysis.pages import _GITHUB_FILE

    g = _GITHUB_FILE.match(target)
    return g.group(1) if g else target


def _emptied(after: Survey, moves: list[Move]) -> list[str]:
    """Warnings for README sections whose paper table the rotation left with only its header."""
    left = {(tuple(m.section.heading_path), m.section.title) for m in moves}
    out = []
    for s in after.sections:
        if (tuple(s.heading_path), s.title) not in left:
            continue
        tables = [t for t in s.tables if "title" in column_roles(t.header)]
        if tables and not any(t.rows for t in tables):
            out.append(
                f"{s.start_line}: section {s.title!r} has no rows left (header-only table): "
                "remove the section or add papers"
            )
    return out


def _drop(row: Row) -> Change:
    """The README edit of a rotation: the row leaves (its paper is, or goes, on a page)."""
    return Change("rotate", [Edit(row.line - 1, row.line, ())], removes=[(row.paper.title, row.paper.url)])


def _place(page: Survey, row: Row, config: Config) -> Survey:
    """The page with `row` at its sorted place in the year section of the row's date."""
    from mdsurvey.analysis.pages import YEAR_SECTION

    paper_id = (row.paper.title, row.paper.url)
    year = (row.paper.date or "")[:4]
    sections = [(YEAR_SECTION.match(s.title), s) for s in page.sections]
    topic = next((m.group(2) for m, _ in sections if m), None)
    target = next((s for m, s in sections if m and m.group(1) == year), None)
    if target is None:
        if topic is None:
            raise MaintainError("the area page has no year sections")
        at, block = _new_year_section(page, year)
        block = [row.source if x == "@ROW@" else x for x in block]
        return apply_changes(
            page, [Change("rotate", [Edit(at, at, tuple(block))], adds=[paper_id], new_tables=1)]
        )
    table = _paper_table(target)
    idx = insert_index(table.rows, _sort_key(row.paper), _order(page, config, target))
    at = table.body_start + idx
    return apply_changes(page, [Change("rotate", [Edit(at, at, (row.source,))], adds=[paper_id])])


def _disk_survey(path: Path) -> Survey | None:
    """What a file to be written holds now, parsed (None when it does not exist or is empty)."""
    from mdsurvey.files.source import InputError, read_text

    if not path.exists():
        return None
    try:
        text = read_text(path)
    except InputError as e:
        raise MaintainError(f"cannot write {path}: {e}") from None
    return parse(text) if text else None


def _duplicates(survey: Survey | None) -> dict[str, int]:
    """Per section title: rows that are the same paper as an earlier row of the section."""
    out: dict[str, int] = {}
    for section in survey.sections if survey is not None else []:
        ix = _Index()
        for r in section.rows:
            keys = paper_keys(r.paper)
            if ix.holds(keys):
                out[section.title] = out.get(section.title, 0) + 1
            ix.add(keys)
    return out


def _verify_rotation(plan: RotatePlan, before: dict[Path, Survey], after: dict[Path, Survey]) -> None:
    """Across all files: every distinct paper before is still somewhere after, none twice in a page.

    `before`: the README and every existing page as read; `after`: the new parse of every
    file in `plan.texts`."""
    # every file written counts as it is on disk now, a page to create too: never trust "new"
    was: dict[Path, Survey | None] = dict(before)
    for p in plan.texts:
        if p not in was:
            was[p] = _disk_survey(p)
    found = _Index()
    for p, s in was.items():
        now = after.get(p, s)
        for r in now.rows if now is not None else []:
            found.add(paper_keys(r.paper))
    for s in was.values():
        for r in s.rows if s is not None else []:
            keys = paper_keys(r.paper)
            if keys and not found.holds(keys):
                raise MaintainError(
                    f"internal error: rotation would lose {r.paper.title!r} (line {r.line}); nothing written"
                )
    for p in plan.texts:
        if p == plan.readme:
            continue
        old = _duplicates(was[p])
        for title, n in _duplicates(after[p]).items():
            if n > old.get(title, 0):
                raise MaintainError(
                    f"internal error: rotation would duplicate a paper in section {title!r} of {p.name}; "
                    "nothing written"
                )
