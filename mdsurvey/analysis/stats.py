"""Counting papers: rows grouped into distinct papers, and where each row sits.

A survey lists some papers more than once (under "Recent Papers" and again under
its venue). Rows are grouped into papers the way the MS4xx rules match copies:
two rows are the same paper when they share an arXiv id, a (normalised) URL or a
normalised title of at least 8 characters; matches are transitive.

Everything here works on `records.records(survey)`, so GFM rows and rows of
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
from typing import Any

from mdsurvey.analysis.markers import generated_lines
from mdsurvey.analysis.records import records
from mdsurvey.survey.identity import identity_keys as paper_identity
from mdsurvey.survey.legend import role_of
from mdsurvey.survey.model import Survey
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
    "identity_keys",
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
        return " / ".join(p for p in self.heading_path if p) or "(no heading)"


@dataclass
class Entry:
    """One table row (an export record) and where it sits."""

    record: dict[str, Any]
    place: Place
    group: int = -1  # index of its PaperGroup in Analysis.papers

    @property
    def line(self) -> int:
        return int(self.record["line"])


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
        return self.date[:4] if self.date else None

    @property
    def places(self) -> list[Place]:
        out: list[Place] = []
        for e in self.entries:
            if e.place not in out:
                out.append(e.place)
        return out


@dataclass
class Analysis:
    entries: list[Entry]  # rows in document order
    papers: list[PaperGroup]  # distinct papers, in order of their first row
    places: list[Place]  # sections holding rows, in document order


def identity_keys(rec: dict[str, Any]) -> list[str]:
    """What identifies an exported row's paper (the rules' own identity: arXiv id, DOI, URL, title)."""
    links = [str(x.get("url") or "") for x in rec.get("links") or []]
    return paper_identity(rec.get("arxiv_id"), rec.get("url"), links, rec.get("title"))


def badge_role(badge: dict[str, Any]) -> str | None:
    """legend.role_of on an exported badge."""
    return role_of(
        badge.get("kind") or "", badge.get("label"), badge.get("alt") or "", badge.get("column") or ""
    )


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
    recs = records(survey)  # already without rows of generated views
    places = _places(survey, sorted({int(r["line"]) for r in recs}), skip)
    entries = [Entry(r, places[int(r["line"])]) for r in recs]

    # union-find over shared identity keys
    parent = list(range(len(entries)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, e in enumerate(entries):
        for key in identity_keys(e.record):
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
        _merge(g, e.record)

    ordered: list[Place] = []
    seen: set[Place] = set()
    for e in entries:
        if e.place not in seen:
            seen.add(e.place)
            ordered.append(e.place)
    ordered.sort(key=lambda p: p.line)
    return Analysis(entries, papers, ordered)


def _merge(g: PaperGroup, rec: dict[str, Any]) -> None:
    for name in ("title", "url", "arxiv_id", "date", "venue", "code"):
        if getattr(g, name) is None and rec.get(name):
            setattr(g, name, rec[name])
    if not g.authors and rec.get("authors"):
        g.authors = list(rec["authors"])
    for b in rec.get("badges") or []:
        role = badge_role(b)
        msg = (b.get("message") or "").strip()
        if role in TAG_ROLES and msg and (role, msg) not in g.tags:
            g.tags.append((role, msg))


@dataclass
class SectionCount:
    place: Place
    rows: int
    papers: int


@dataclass
class Stats:
    rows: int
    papers: int
    repeated: int  # papers listed in more than one section
    sections: list[SectionCount]
    years: list[tuple[str | None, int]]  # newest first, undated last
    venues: list[tuple[str | None, int]]  # most papers first, no venue last
    tags: dict[str, list[tuple[str, int]]]  # role -> (message, papers), most papers first


def _by_count(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))


def compute(survey: Survey, analysis: Analysis | None = None) -> Stats:
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
