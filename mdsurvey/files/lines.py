"""Lines with their breaks, and the one way to edit them: whole-line splices that keep each
line's break (LF, CRLF or lone CR) and a missing final newline as they were.

Line breaks are the three CommonMark knows (LF, CRLF, lone CR); `str.splitlines`
also breaks on form feeds, U+2028 and friends, which would shift every line
number after them, so it is never used here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@dataclass(slots=True)
class Line:
    """One source line: its text and the line break that ended it ("" for the last)."""

    text: str
    eol: str

    def __str__(self) -> str:
        return self.text + self.eol


class LineEdit(Protocol):
    """Replace lines [start, end) (0-based) with `lines` (texts without breaks)."""

    @property
    def start(self) -> int:
        """First line replaced (0-based)."""

    @property
    def end(self) -> int:
        """Line after the last one replaced (0-based, exclusive)."""

    @property
    def lines(self) -> Sequence[str]:
        """The new lines' texts, without breaks."""


@dataclass(frozen=True)
class Splice:
    """A `LineEdit` of this layer's own (a rule's fix carries `lint.findings.Edit`, the same shape)."""

    start: int
    end: int
    lines: tuple[str, ...]


def split_lines(text: str) -> list[Line]:
    """`text` cut into lines, each with the break that ended it; joined back they are `text`."""
    lines: list[Line] = []
    append = lines.append
    for m in _LINE.finditer(text):
        s = m.group()
        if s.endswith("\r\n"):
            append(Line(s[:-2], "\r\n"))
        elif s.endswith(("\n", "\r")):
            append(Line(s[:-1], s[-1]))
        else:
            append(Line(s, ""))
    return lines


def join_lines(lines: Sequence[Line]) -> str:
    """The text of `lines`, breaks included."""
    return "".join(str(x) for x in lines)


def dominant_eol(lines: Sequence[Line]) -> str:
    """The line break a new line should get: the file's most common one."""
    counts: dict[str, int] = {}
    for line in lines:
        if line.eol:
            counts[line.eol] = counts.get(line.eol, 0) + 1
    if not counts:
        return "\n"
    return max(counts, key=lambda k: counts[k])


def splice(lines: Sequence[Line], edits: Sequence[LineEdit]) -> list[Line]:
    """`lines` with `edits` applied (see `apply_edits`), for a caller that keeps no origins."""
    return apply_edits(lines, [None] * len(lines), edits, set())[0]


def apply_edits(
    lines: Sequence[Line], origins: Sequence[int | None], edits: Sequence[LineEdit], replaced: set[int]
) -> tuple[list[Line], list[int | None]]:
    """Replace line ranges bottom-up. Replaced lines keep their line breaks slot by slot,
    new lines take the file's usual one, and a missing final newline stays missing.

    `origins[i]` is where line i came from (None: written by an edit); the result's origins
    follow the edits, and the origins of the lines they replace are added to `replaced`."""
    order = sorted(edits, key=lambda e: (e.start, e.end), reverse=True)
    if any(b.end > a.start for a, b in pairwise(order)):
        return _apply_spliced(lines, origins, order, replaced)
    # edits apart from each other (the usual case): computed bottom-up as if spliced one by
    # one, each against the lines above it, which no edit below moves; then one rebuild
    default = dominant_eol(lines)
    out = list(lines)
    length = len(out)  # the length the splices so far would have left
    pieces: list[list[Line]] = []
    for e in order:
        pieces.append(_replacement(out, e, default, length))
        length += len(e.lines) - (e.end - e.start)
    new: list[Line] = []
    org: list[int | None] = []
    pos = 0
    for e, piece in zip(reversed(order), reversed(pieces), strict=True):
        new.extend(out[pos : e.start])
        org.extend(origins[pos : e.start])
        replaced.update(o for o in origins[e.start : e.end] if o is not None)
        new.extend(piece)
        org.extend([None] * len(piece))
        pos = e.end
    new.extend(out[pos:])
    org.extend(origins[pos:])
    return new, org


def _replacement(out: list[Line], e: LineEdit, default: str, length: int) -> list[Line]:
    """The lines replacing out[e.start:e.end], with their breaks; the line before the edit
    (or the last line) gets its break changed in `out` where the edit ends the file."""
    slots = [x.eol for x in out[e.start : e.end]]
    n = len(e.lines)
    # a new line copies the break before it: a LF after a lone CR would fuse into one CRLF
    before = out[e.start - 1].eol if e.start > 0 else ""
    local = (slots[0] if slots and slots[0] else "") or before or default
    if slots:
        if n <= len(slots):
            eols = slots[: n - 1] + slots[-1:] if n else []
        else:
            eols = slots[:-1] + [local] * (n - len(slots)) + slots[-1:]
        if n == 0 and slots[-1] == "" and e.start > 0:
            # the removed lines ended the file without a break: so does the new last line
            out[e.start - 1] = Line(out[e.start - 1].text, "")
    else:
        eols = [local] * n
        if n and e.start == length and length and out[e.start - 1].eol == "":
            out[e.start - 1] = Line(out[e.start - 1].text, default)
            eols[-1] = ""
    return [Line(t, eol) for t, eol in zip(e.lines, eols, strict=True)]


def _apply_spliced(
    lines: Sequence[Line], origins: Sequence[int | None], order: list[LineEdit], replaced: set[int]
) -> tuple[list[Line], list[int | None]]:
    """Edits that overlap (one fix's own): spliced into the list one at a time, bottom-up."""
    default = dominant_eol(lines)
    out = list(lines)
    org = list(origins)
    for e in order:
        new = _replacement(out, e, default, len(out))
        replaced.update(o for o in org[e.start : e.end] if o is not None)
        out[e.start : e.end] = new
        org[e.start : e.end] = [None] * len(new)
    return out, org
