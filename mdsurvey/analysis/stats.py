"""Counting papers: rows grouped into distinct papers, and where each row sits.

A survey lists some papers more than once (under "Recent Papers" and again under
its venue). Rows are grouped into papers the way the MS4xx rules match copies:
two rows are the same paper when they share an arXiv id, a (normalised) URL or a
normalised title of at least 8 characters; matches are transitive.

Everything here works on `records.paper_rows(survey)`, so GFM rows and rows of
hand-written HTML tables count alike, and rows of mdsurvey's own generated views
(the stats table between `<!-- mdsurvey:stats -->` markers) never count.

`stats` reports, for a paper listed several times, the first non-empty value of
each field in document order; its tags are the union of its rows' tags. A
paper's year is the year of its date (date badge, date column, arXiv id, venue
year, in the order `paper.py` reads them).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from mdsurvey.analysis.markers import generated_lines
from mdsurvey.analysis.records import PaperRow, paper_rows
from mdsurvey.survey.identity import keys_of
from mdsurvey.survey.legend import badge_role
from mdsurvey.survey.model import Survey
from mdsurvey.survey.paper import Paper
from mdsurvey.survey.parse import outline

__all__ = [
    "TAG_ROLES",
    "Analysis",
    "Entry",
    "PaperGroup",
    "Place",
    "Stats",
    "analyse",
    "compute",
]

TAG_ROLES = ("area", "category", "cost")  # badge roles (see legend.py) counted as tags


@dataclass(frozen=True)
class Place:
    """Where rows sit: under a heading, inside a `<details>` block (a section) or not."""

    heading: int | None  # 1-based line of the nearest heading above, None before any heading
    details: int | None  # 1-based line of the innermost enclosing <details>, None outside any
    title: str  # the <details> summary, else the heading text, else ""
    heading_path: tuple[str, ...]  # headings in effect, plus the summary inside <details>
    line: int  # 1-based line where the section starts

    def label(self) -> str:
        """The heading path as one line, for reports."""
        return " / ".join(p for p in self.heading_path if p) or "(no heading)"


@dataclass
class Entry:
    """One paper row (GFM or HTML) and where it sits."""

    row: PaperRow
    place: Place
    group: int = -1  # index of its PaperGroup in Analysis.papers

    @property
    def line(self) -> int:
        """The row's 1-based line."""
        return self.row.line


@dataclass
class PaperGroup:
    """A distinct paper: every row that lists it, with its fields merged (first non-empty wins)."""

    entries: list[Entry]
    title: str | None = None
    url: str | None = None
    arxiv_id: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    venue: str | None = None
    code: str | None = None
    tags: list[tuple[str, str]] = field(default_factory=list)  # (role, message), first seen first

    @property
    def year(self) -> str | None:
        """The year of its date, if it has one."""
        return self.date[:4] if self.date else None

    @property
    def places(self) -> list[Place]:
        """The sections listing it, each once, in the order of its rows."""
        out: list[Place] = []
        for e in self.entries:
            if e.place not in out:
                out.append(e.place)
        return out


@dataclass
class Analysis:
    """A survey's paper rows, their distinct papers and the sections holding them."""

    entries: list[Entry]  # rows in document order
    papers: list[PaperGroup]  # distinct papers, in order of their first row
    places: list[Place]  # sections holding rows, in document order


def _places(survey: Survey, lines: list[int], skip: set[int]) -> dict[int, Place]:
    """The Place of every 1-based line in `lines` (sorted), by one sweep down the file.

    `skip` holds 0-based lines whose headings do not count (inside generated views)."""
    out: dict[int, Place] = {}
    for line, stack, inner in outline(survey, lines, skip):
        path = tuple(h.text for h in stack)
        current = stack[-1] if stack else None
        if inner is not None:
            summary = inner.summary or ""
            out[line] = Place(
                current.line if current else None,
                inner.start_line,
                summary,
                (*path, summary),
                inner.start_line,
            )
        else:
            out[line] = Place(
                current.line if current else None,
                None,
                current.text if current else "",
                path,
                current.line if current else 1,
            )
    return out


def analyse(survey: Survey) -> Analysis:
    """Rows (export records outside generated views), their sections, and the distinct papers."""
    skip = generated_lines(survey)
    rows = paper_rows(survey)  # already without rows of generated views
    places = _places(survey, sorted({r.line for r in rows}), skip)
    entries = [Entry(r, places[r.line]) for r in rows]

    # union-find over shared identity keys
    parent = list(range(len(entries)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, e in enumerate(entries):
        for key in keys_of(e.row.paper):
            j = owner.setdefault(key, i)
            if j != i:
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)

    index: dict[int, int] = {}  # union-find root -> position in papers
    papers: list[PaperGroup] = []
    for i, e in enumerate(entries):
        root = find(i)
        if root not in index:
            index[root] = len(papers)
            papers.append(PaperGroup([]))
        e.group = index[root]
        g = papers[e.group]
        g.entries.append(e)
        _merge(g, e.row.paper)

    ordered: list[Place] = []
    seen: set[Place] = set()
    for e in entries:
        if e.place not in seen:
            seen.add(e.place)
            ordered.append(e.place)
    ordered.sort(key=lambda p: p.line)
    return Analysis(entries, papers, ordered)


def _merge(g: PaperGroup, paper: Paper) -> None:
    """Fill the group's empty fields from one more of its rows, and add the row's tags."""
    for name in ("title", "url", "arxiv_id", "date", "venue", "code"):
        if getattr(g, name) is None and getattr(paper, name):
            setattr(g, name, getattr(paper, name))
    if not g.authors and paper.authors:
        g.authors = list(paper.authors)
    for b in paper.badges:
        role = badge_role(b)
        msg = (b.message or "").strip()
        if role in TAG_ROLES and msg and (role, msg) not in g.tags:
            g.tags.append((role, msg))


@dataclass
class SectionCount:
    """Rows and distinct papers of one section."""

    place: Place
    rows: int
    papers: int


@dataclass
class Stats:
    """The counts `stats` reports."""

    rows: int
    papers: int
    repeated: int  # papers listed in more than one section
    sections: list[SectionCount]
    years: list[tuple[str | None, int]]  # newest first, undated last
    venues: list[tuple[str | None, int]]  # most papers first, no venue last
    tags: dict[str, list[tuple[str, int]]]  # role -> (message, papers), most papers first


def _by_count(counter: Counter[str]) -> list[tuple[str, int]]:
    """Counts most first, then by name (case-folded, then as written)."""
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))


def compute(survey: Survey, analysis: Analysis | None = None) -> Stats:
    """Rows, distinct papers, and papers per section, year, venue and tag."""
    a = analysis or analyse(survey)
    rows_in: dict[Place, list[Entry]] = {}
    for e in a.entries:
        rows_in.setdefault(e.place, []).append(e)
    sections = [
        SectionCount(place, len(rows_in[place]), len({e.group for e in rows_in[place]})) for place in a.places
    ]

    years: Counter[str] = Counter()
    undated = 0
    venues: Counter[str] = Counter()
    no_venue = 0
    tags: dict[str, Counter[str]] = {role: Counter() for role in TAG_ROLES}
    for p in a.papers:
        if p.year:
            years[p.year] += 1
        else:
            undated += 1
        if p.venue:
            venues[p.venue] += 1
        else:
            no_venue += 1
        for role, msg in p.tags:
            tags[role][msg] += 1

    year_list: list[tuple[str | None, int]] = [(y, years[y]) for y in sorted(years, reverse=True)]
    if undated:
        year_list.append((None, undated))
    venue_list: list[tuple[str | None, int]] = list(_by_count(venues))
    if no_venue:
        venue_list.append((None, no_venue))
    return Stats(
        rows=len(a.entries),
        papers=len(a.papers),
        repeated=sum(1 for p in a.papers if len(p.places) > 1),
        sections=sections,
        years=year_list,
        venues=venue_list,
        tags={role: _by_count(c) for role, c in tags.items()},
    )
