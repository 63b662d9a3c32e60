"""Cutting a GFM table row into cells, keeping offsets so a cell can be edited in place."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PIPE = re.compile(r"\|")
_QUOTE_PREFIX = re.compile(r"[ \t]{0,3}>[ \t]?(?:[ \t]{0,3}>[ \t]?)*")


@dataclass(frozen=True, slots=True)
class Span:
    """A cell: `start`/`end` are offsets of its raw source in the row line (pipes excluded)."""

    start: int
    end: int


def content_start(line: str, quoted: bool) -> int:
    """Offset where the row's own text starts: after indentation and blockquote markers."""
    if quoted:
        m = _QUOTE_PREFIX.match(line)
        if m:
            return m.end()
    i = 0
    while i < len(line) and line[i] in " \t":
        i += 1
    return i


def split_cells(line: str, quoted: bool = False) -> list[Span]:
    """GFM cell boundaries: split on unescaped pipes; outer pipes are optional.

    Like GitHub, a backslash-escaped `\\|` never splits, even inside a code span,
    and an unescaped one always does.
    """
    start = content_start(line, quoted)
    end = len(line)
    while end > start and line[end - 1] in " \t":
        end -= 1
    if "\\|" not in line:
        # no pipe has a backslash before it: every one splits
        pipes = [m.start() for m in _PIPE.finditer(line, start, end)]
        return _spans(start, end, pipes)
    pipes = []
    i = line.find("|", start, end)
    while i != -1:
        # count the backslashes right before the pipe: an odd number escapes it
        j = i - 1
        while j >= start and line[j] == "\\":
            j -= 1
        if (i - 1 - j) % 2 == 0:
            pipes.append(i)
        i = line.find("|", i + 1, end)
    return _spans(start, end, pipes)


def _spans(start: int, end: int, pipes: list[int]) -> list[Span]:
    """The cells between `pipes` in line[start:end]; a leading and a trailing pipe are outer pipes."""
    edges = [start - 1, *pipes, end]
    spans = [Span(edges[k] + 1, edges[k + 1]) for k in range(len(edges) - 1)]
    if pipes and pipes[0] == start:
        spans = spans[1:]
    if pipes and pipes[-1] == end - 1 and spans:
        spans = spans[:-1]
    return spans


def cell_text(line: str, span: Span) -> str:
    """The cell's raw source without its surrounding blanks."""
    return line[span.start : span.end].strip(" \t")


_DELIM_CELL = re.compile(r"[ \t]*(:?)-+(:?)[ \t]*\Z")


def alignments(line: str, quoted: bool = False) -> list[str | None]:
    """Each column's alignment from a delimiter row ("left", "right", "center" or None)."""
    out: list[str | None] = []
    for span in split_cells(line, quoted):
        m = _DELIM_CELL.match(line, span.start, span.end)
        if not m:
            out.append(None)
            continue
        left, right = m.group(1), m.group(2)
        out.append("center" if left and right else "left" if left else "right" if right else None)
    return out
