"""Generated views: a contents list and a papers-per-year table, kept between markers.

    <!-- mdsurvey:toc -->
    …generated; `mdsurvey fix` rewrites it (rule MS601)…
    <!-- /mdsurvey:toc -->

    <!-- mdsurvey:stats -->
    …
    <!-- /mdsurvey:stats -->

Only the lines strictly between a marker pair are generated; the marker lines
and everything outside stay as written. A marker is a line of its own (up to
three spaces of indentation), outside fenced and indented code.

The contents list (`toc`) lists the headings that hold papers, nested as the
headings nest, each linked to the anchor GitHub gives it (github-slugger over
every heading of the page in document order) and followed by its number of
distinct papers. A `<details>` block has no anchor of its own, so each
`<details>` section is listed as plain text with its count, nested under the
heading above it. A heading that only wraps everything (the page title, or a
single top-level heading holding no section itself) is left out, so the list
starts at the first level that tells sections apart.

The stats view is a GFM table of distinct papers per year (newest first,
undated papers last, then the total). Its rows are not papers: `export`,
`stats` and these views skip every row inside a generated view.

These functions are pure: text in, lines out. The rule that compares and
rewrites them is MS601 (`lint/rules/ms601_stale_generated_view.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mdsurvey.analysis.markers import VIEWS, generated_lines
from mdsurvey.analysis.stats import Analysis, Place, analyse, compute
from mdsurvey.survey.model import Heading, Survey
from mdsurvey.syntax.slugs import Slugger

__all__ = ["VIEWS", "render", "stats_lines", "toc_lines"]

# --- Markdown text -------------------------------------------------------------------

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
_BLOCK_START = re.compile(r"\A(?:[#>+\-=]|\d+[.)])")


def _md_text(text: str) -> str:
    """Plain text as Markdown inline text: one line, specials backslash-escaped."""
    one = " ".join(text.split())
    return _INLINE_SPECIAL.sub(r"\\\1", one)


def _item_text(text: str) -> str:
    """Text that starts a list item: also keep it from opening a heading, quote or list."""
    s = _md_text(text)
    m = _BLOCK_START.match(s)
    if m:
        k = m.end() - 1
        s = s[:k] + "\\" + s[k:]
    return s


# --- contents ------------------------------------------------------------------------


def toc_lines(survey: Survey, analysis: Analysis | None = None) -> list[str]:
    """The contents list: headings holding papers (linked, with counts), `<details>` sections
    nested under them as plain text with counts."""
    a = analysis or analyse(survey)
    skip = generated_lines(survey)
    tree = _HeadingTree.of([h for h in survey.headings if h.line - 1 not in skip])
    tally = _Tally.of(a, tree)
    dropped = _wrappers(tree, tally)
    return _toc_items(tree, tally, dropped, a.places)


@dataclass
class _HeadingTree:
    """Headings nested by level (the parent of a heading is the nearest one above with a lower
    level), each with the anchor GitHub gives it."""

    headings: list[Heading]
    parent: list[int | None]
    slugs: list[str]
    index: dict[int, int]  # 1-based line -> position in `headings`

    @classmethod
    def of(cls, headings: list[Heading]) -> _HeadingTree:
        slugger = Slugger()
        slugs = [slugger.add(h.text) for h in headings]
        parent: list[int | None] = [None] * len(headings)
        open_: list[int] = []
        for k, h in enumerate(headings):
            while open_ and headings[open_[-1]].level >= h.level:
                open_.pop()
            parent[k] = open_[-1] if open_ else None
            open_.append(k)
        return cls(headings, parent, slugs, {h.line: k for k, h in enumerate(headings)})

    def heading_of(self, p: Place) -> int | None:
        """The heading a section sits under (None above the first heading)."""
        return self.index.get(p.heading) if p.heading is not None else None

    def is_root(self, k: int, dropped: set[int]) -> bool:
        """No heading above `k` is shown."""
        j = self.parent[k]
        while j is not None:
            if j not in dropped:
                return False
            j = self.parent[j]
        return True

    def depth(self, k: int, dropped: set[int]) -> int:
        """How many shown headings are above `k`."""
        d, j = 0, self.parent[k]
        while j is not None:
            if j not in dropped:
                d += 1
            j = self.parent[j]
        return d


@dataclass
class _Tally:
    """Distinct papers per heading subtree and per section, and the sections under each heading."""

    under: list[set[int]]  # per heading: the groups of the papers in its subtree
    within: dict[Place, set[int]]  # per section: the groups of its papers
    sections_of: dict[int | None, list[Place]]  # `<details>` sections by the heading above
    holds_directly: set[int | None]  # headings with a section right under them

    @classmethod
    def of(cls, a: Analysis, tree: _HeadingTree) -> _Tally:
        under: list[set[int]] = [set() for _ in tree.headings]
        within: dict[Place, set[int]] = {}
        for e in a.entries:
            within.setdefault(e.place, set()).add(e.group)
            up = tree.heading_of(e.place)
            while up is not None:
                under[up].add(e.group)
                up = tree.parent[up]
        sections_of: dict[int | None, list[Place]] = {}
        for p in a.places:
            if p.details is not None:
                sections_of.setdefault(tree.heading_of(p), []).append(p)
        return cls(under, within, sections_of, {tree.heading_of(p) for p in a.places})


def _wrappers(tree: _HeadingTree, tally: _Tally) -> set[int]:
    """Headings left out: one that only wraps everything (the page title, "Papers"), repeatedly."""
    included = [k for k in range(len(tree.headings)) if tally.under[k]]
    dropped: set[int] = set()
    while True:
        roots = [k for k in included if k not in dropped and tree.is_root(k, dropped)]
        if len(roots) == 1 and roots[0] not in tally.holds_directly and len(included) - len(dropped) > 1:
            dropped.add(roots[0])
            continue
        return dropped


def _toc_items(tree: _HeadingTree, tally: _Tally, dropped: set[int], places: list[Place]) -> list[str]:
    """The list's lines in document order: each shown heading, then its sections."""
    # (line of the heading, 0 for the heading / 1 for its sections, line of the section, text)
    items: list[tuple[int, int, int, str]] = []
    for k in range(len(tree.headings)):
        if not tally.under[k] or k in dropped:
            continue
        h = tree.headings[k]
        pad = "  " * tree.depth(k, dropped)
        items.append((h.line, 0, 0, f"{pad}- [{_md_text(h.text)}](#{tree.slugs[k]}) ({len(tally.under[k])})"))
        for p in tally.sections_of.get(k, []):
            items.append((h.line, 1, p.line, f"{pad}  - {_section_text(p)} ({len(tally.within[p])})"))
    # sections above the first heading: top level, as plain text
    for p in places:
        if tree.heading_of(p) is None:
            items.append((0, 1, p.line, f"- {_section_text(p)} ({len(tally.within[p])})"))
    items.sort(key=lambda x: x[:3])
    return [x[3] for x in items]


def _section_text(p: Place) -> str:
    """A section's entry text: its title, or what stands for a missing one."""
    if p.title.strip():
        return _item_text(p.title)
    return "(untitled)" if p.details is not None else "(above the first heading)"


# --- papers per year -----------------------------------------------------------------


def stats_lines(survey: Survey, analysis: Analysis | None = None) -> list[str]:
    """A GFM table of distinct papers per year, newest first, then the total.

    The second column is not called "Papers": a column of that name is a title column,
    and the table would be taken for a paper table."""
    st = compute(survey, analysis)
    lines = ["| Year | Number of papers |", "| --- | ---: |"]
    lines += [f"| {y or 'Undated'} | {n} |" for y, n in st.years]
    lines.append(f"| **Total** | **{st.papers}** |")
    return lines


def render(name: str, survey: Survey, analysis: Analysis | None = None) -> list[str]:
    """The lines a view of this name holds for this survey."""
    if name == "toc":
        return toc_lines(survey, analysis)
    if name == "stats":
        return stats_lines(survey, analysis)
    raise ValueError(f"unknown view {name!r}")
