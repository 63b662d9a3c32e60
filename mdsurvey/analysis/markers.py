"""Markers of generated views (`<!-- mdsurvey:toc -->` … `<!-- /mdsurvey:toc -->`), the lines they hold.

A marker is a line of its own (up to three spaces of indentation), outside fenced and
indented code; only the lines strictly between a pair are generated (analysis/views.py
renders them, lint rule MS601 compares and rewrites them).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from mdsurvey.survey.model import Survey

VIEWS = ("toc", "stats")
_MARKER = re.compile(r"[ ]{0,3}<!--\s*(/?)mdsurvey:([a-z]+)\s*-->\s*\Z")


@dataclass(frozen=True)
class Region:
    """A pair of view markers and the view they hold."""

    name: str  # "toc" or "stats"
    start: int  # 0-based line of the opening marker
    end: int  # 0-based line of the closing marker

    @property
    def inner(self) -> range:
        """0-based lines strictly between the markers: the generated ones."""
        return range(self.start + 1, self.end)


@dataclass(frozen=True)
class MarkerProblem:
    """A marker that does not pair up, and what to do about it."""

    line: int  # 0-based
    message: str


def scan_markers(texts: list[str], skip: set[int]) -> tuple[list[Region], list[MarkerProblem]]:
    """Marker pairs in document order, and markers that do not pair up."""
    regions: list[Region] = []
    problems: list[MarkerProblem] = []
    opened: dict[str, int] = {}
    for i, t in enumerate(texts):
        if "mdsurvey:" not in t or i in skip:
            continue
        m = _MARKER.match(t)
        if not m or m.group(2) not in VIEWS:
            continue
        closing, name = m.group(1) == "/", m.group(2)
        if not closing:
            if name in opened:
                problems.append(
                    MarkerProblem(
                        opened[name],
                        f"<!-- mdsurvey:{name} --> is opened again at line {i + 1} before "
                        f"<!-- /mdsurvey:{name} -->: close it first",
                    )
                )
            opened[name] = i
        elif name in opened:
            regions.append(Region(name, opened.pop(name), i))
        else:
            problems.append(
                MarkerProblem(
                    i, f"<!-- /mdsurvey:{name} --> closes nothing: add <!-- mdsurvey:{name} --> above"
                )
            )
    for name, i in opened.items():
        problems.append(
            MarkerProblem(i, f"<!-- mdsurvey:{name} --> is never closed: add <!-- /mdsurvey:{name} --> below")
        )
    regions.sort(key=lambda r: r.start)
    # views must not overlap: leave both alone and say so
    bad: set[Region] = set()
    for a, b in itertools.pairwise(regions):
        if b.start < a.end:
            bad |= {a, b}
            problems.append(
                MarkerProblem(
                    b.start,
                    f"<!-- mdsurvey:{b.name} --> starts inside the {a.name} view opened at line "
                    f"{a.start + 1}: views cannot overlap",
                )
            )
    problems.sort(key=lambda p: p.line)
    return [r for r in regions if r not in bad], problems


def view_regions(survey: Survey) -> list[Region]:
    """The survey's well-formed view regions outside code and comments."""
    texts = [x.text for x in survey.lines]
    if not any("mdsurvey:" in t for t in texts):
        return []
    return scan_markers(texts, survey.blocks.verbatim_lines())[0]


def generated_lines(survey: Survey) -> set[int]:
    """0-based lines inside generated views: their rows are not papers, their headings not the page's."""
    out: set[int] = set()
    for r in view_regions(survey):
        out.update(r.inner)
    return out
