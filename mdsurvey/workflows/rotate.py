"""`rotate`: move rows older than a "Recent (Last N Months)" window from the README to their
area pages.

It works on the parsed model and goes through the one line-editing path with the fixer's
verification (`fix.fixer.apply_changes`): the rows concerned are the only lines that change,
and the result is verified across files (every paper before is somewhere after, none twice in
a page) before anything is written. Each file is parsed once as read and once per edit made to
it; the edited parse is the next step's input.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mdsurvey.analysis.dated import months_old
from mdsurvey.analysis.dated import recent_window as _window
from mdsurvey.analysis.pages import GITHUB_FILE, Page
from mdsurvey.analysis.papers import paper_keys
from mdsurvey.fix.fixer import Change, apply_changes
from mdsurvey.lint.config import Config
from mdsurvey.lint.findings import Edit
from mdsurvey.survey.identity import same_paper
from mdsurvey.survey.legend import badge_role
from mdsurvey.survey.model import Row, Section, Survey, Table
from mdsurvey.survey.paper import Paper, column_roles
from mdsurvey.survey.parse import parse
from mdsurvey.workflows.common import (
    MaintainError,
    PaperIndex,
    disk_survey,
    duplicates,
    index_of,
    parsed_survey,
    place_row,
    summary_head,
)

__all__ = ["Move", "RotatePlan", "plan_rotate"]


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


def _source_of(row: Row) -> Callable[[Table], str]:
    """A moved row goes as it is, whatever table it lands in."""
    return lambda _table: row.source


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
    head = summary_head(texts, first, first.tables[0], r"(?<!\d)(?:19|20)\d{2}[^<]*", f"{year} {topic}")
    skeleton = "\n".join([*texts[: first.start_line - 1], *head, texts[first.end_line - 1]]) + "\n"
    return Page(target, skeleton, parse(skeleton), {topic}, None)


@dataclass
class _Pages:
    """The area pages a rotation reads: each one's parse, an index of its papers, the rows
    bound for it, and labels for the contents entries of the pages it creates."""

    readme: Path
    pages: list[Page]
    linked: list[Path]  # the pages the README links
    index: dict[Path, PaperIndex] = field(default_factory=dict)
    incoming: dict[Path, list[Row]] = field(default_factory=dict)
    labels: dict[Path, str] = field(default_factory=dict)

    @classmethod
    def load(cls, readme: Path, survey: Survey) -> _Pages:
        """The pages the README links, each parsed once."""
        from mdsurvey.analysis.pages import load_pages

        pages = load_pages(readme, survey)
        return cls(readme, pages, [p.path for p in pages], {p.path: index_of(p.survey) for p in pages})

    def holder(self, keys: list[str]) -> Page | None:
        """The first page that already lists the paper of these identity keys."""
        return next((p for p in self.pages if self.index[p.path].holds(keys)), None)

    def take(self, page: Page, index: PaperIndex) -> None:
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
            pages.take(page, index_of(page.survey))
            if pages.index[target].holds(keys):
                holder = page
        elif page is None:
            pages.take(_skeleton(pages.pages, target, row, section.title), PaperIndex())
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
            page = place_row(page, row.paper, config, _source_of(row), "rotate")
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
    survey = parsed_survey(text, survey)
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

    g = GITHUB_FILE.match(target)
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


def _verify_rotation(plan: RotatePlan, before: dict[Path, Survey], after: dict[Path, Survey]) -> None:
    """Across all files: every distinct paper before is still somewhere after, none twice in a page.

    `before`: the README and every existing page as read; `after`: the new parse of every
    file in `plan.texts`."""
    # every file written counts as it is on disk now, a page to create too: never trust "new"
    was: dict[Path, Survey | None] = dict(before)
    for p in plan.texts:
        if p not in was:
            was[p] = disk_survey(p)
    found = PaperIndex()
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
        old = duplicates(was[p])
        for title, n in duplicates(after[p]).items():
            if n > old.get(title, 0):
                raise MaintainError(
                    f"internal error: rotation would duplicate a paper in section {title!r} of {p.name}; "
                    "nothing written"
                )
