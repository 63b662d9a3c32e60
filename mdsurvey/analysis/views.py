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
rewrites them is `rules/views.py`.
"""

from __future__ import annotations

import re

from mdsurvey.analysis.markers import VIEWS, generated_lines
from mdsurvey.analysis.stats import Analysis, Place, analyse, compute
from mdsurvey.survey.model import Survey
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
    headings = [h for h in survey.headings if h.line - 1 not in skip]
    slugger = Slugger()
    slugs = [slugger.add(h.text) for h in headings]
    index = {h.line: k for k, h in enumerate(headings)}

    # headings nest by level: the parent of a heading is the nearest one above with a lower level
    parent: list[int | None] = [None] * len(headings)
    open_: list[int] = []
    for k, h in enumerate(headings):
        while open_ and headings[open_[-1]].level >= h.level:
            open_.pop()
        parent[k] = open_[-1] if open_ else None
        open_.append(k)

    def heading_of(p: Place) -> int | None:
        return index.get(p.heading) if p.heading is not None else None

    # distinct papers per heading subtree and per section
    groups_under: list[set[int]] = [set() for _ in headings]
    groups_in: dict[Place, set[int]] = {}
    for e in a.entries:
        groups_in.setdefault(e.place, set()).add(e.group)
        up = heading_of(e.place)
        while up is not None:
            groups_under[up].add(e.group)
            up = parent[up]
    sections_of: dict[int | None, list[Place]] = {}
    for p in a.places:
        if p.details is not None:
            sections_of.setdefault(heading_of(p), []).append(p)
    holds_directly = {heading_of(p) for p in a.places}

    included = [k for k in range(len(headings)) if groups_under[k]]
    # leave out a heading that only wraps everything (the page title, "Papers")
    dropped: set[int] = set()
    while True:
        roots = [k for k in included if k not in dropped and _root(k, parent, dropped)]
        if len(roots) == 1 and roots[0] not in holds_directly and len(included) - len(dropped) > 1:
            dropped.add(roots[0])
            continue
        break
    shown = [k for k in included if k not in dropped]

    def depth(k: int) -> int:
        d, j = 0, parent[k]
        while j is not None:
            if j not in dropped:
                d += 1
            j = parent[j]
        return d

    # (line of the heading, 0 for the heading / 1 for its sections, line of the section, text)
    items: list[tuple[int, int, int, str]] = []
    for k in shown:
        h = headings[k]
        pad = "  " * depth(k)
        items.append((h.line, 0, 0, f"{pad}- [{_md_text(h.text)}](#{slugs[k]}) ({len(groups_under[k])})"))
        for p in sections_of.get(k, []):
            items.append((h.line, 1, p.line, f"{pad}  - {_section_text(p)} ({len(groups_in[p])})"))
    # sections above the first heading: top level, as plain text
    for p in a.places:
        if heading_of(p) is None:
            items.append((0, 1, p.line, f"- {_section_text(p)} ({len(groups_in[p])})"))
    items.sort(key=lambda x: x[:3])
    return [x[3] for x in items]


def _root(k: int, parent: list[int | None], dropped: set[int]) -> bool:
    j = parent[k]
    while j is not None:
        if j not in dropped:
            return False
        j = parent[j]
    return True


def _section_text(p: Place) -> str:
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
