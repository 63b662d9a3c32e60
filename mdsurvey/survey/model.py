"""The survey document: lines kept verbatim, with tables, rows and sections on top.

Like tomlkit, the document is its source: every line keeps its text and line
break, and only rows that were changed (or moved, added, removed) are written
differently. `dumps(loads(t)) == t` holds for every string.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from mdsurvey.files.lines import Line, Splice, dominant_eol, join_lines, splice
from mdsurvey.files.source import BOM
from mdsurvey.survey.paper import Paper, extract
from mdsurvey.syntax.blocks import BlockMap
from mdsurvey.syntax.cells import Span, cell_text, split_cells
from mdsurvey.syntax.inline import Partners


class Row:
    """One body row of a table. Assign `source` to change it; `line` is where it was read."""

    __slots__ = ("_fast", "_paper", "_partners", "_source", "_spans", "line", "table")

    def __init__(self, source: str, line: int, table: Table) -> None:
        self._source = source
        self.line = line  # 1-based line number in the file as read; 0 for a new row
        self.table = table
        self._spans: list[Span] | None = None
        self._paper: Paper | None = None
        self._partners: Partners | None = None
        self._fast: bool | None = None  # whether the row tokenizer reads it, once known

    @property
    def source(self) -> str:
        """The row's line as it is now, without its break."""
        return self._source

    @source.setter
    def source(self, value: str) -> None:
        """Replace the row's text (one line); the survey writes it back in place of the old row."""
        if "\n" in value or "\r" in value:
            raise ValueError("a row is one line")
        self._source = value
        self._spans = None
        self._paper = None
        self._partners = None
        self._fast = None

    @property
    def spans(self) -> list[Span]:
        """Where each cell sits in `source`."""
        if self._spans is None:
            self._spans = split_cells(self._source, self.table.quoted)
        return self._spans

    @property
    def partners(self) -> Partners:
        """Bracket and parenthesis partners of the row's line (shared by the parser and rules)."""
        if self._partners is None:
            self._partners = Partners(self._source)
        return self._partners

    @property
    def fast_path(self) -> bool:
        """Whether the one-regex row tokenizer reads the row (`syntax.tokens`): then every bracket
        pair lies inside one token and no token holds a pipe."""
        if self._fast is None:
            self._fast = self.partners.tokens() is not None
        return self._fast

    @property
    def cells(self) -> list[str]:
        """Raw cell sources, trimmed, escapes intact."""
        return [cell_text(self._source, s) for s in self.spans]

    @property
    def paper(self) -> Paper:
        """The paper the row's cells describe, read on first use."""
        if self._paper is None:
            spans = [(s.start, s.end) for s in self.spans]
            self._paper = extract(self._source, spans, self.table.header, self.partners)
            # the pairing and tokens were for reading the paper: a later caller reads them afresh
            # (the same result), and a survey of 100k rows does not keep them all
            self._fast = self.partners.tokens() is not None
            self._partners = None
        return self._paper

    @property
    def section(self) -> Section | None:
        """The section holding the row's table, if any."""
        return self.table.section

    def __repr__(self) -> str:
        return f"Row(line={self.line}, source={self._source[:40]!r}…)"


@dataclass(eq=False)
class Table:
    """A GFM table as read: header, alignments, where its body sits, its rows and section."""

    header_line: int  # 1-based
    delimiter_line: int  # 1-based
    header: list[str]
    alignments: list[str | None]
    quoted: bool
    # where the body sat in the file as read (0-based line indexes, end exclusive)
    body_start: int
    body_end: int
    rows: list[Row] = field(default_factory=list)
    section: Section | None = None

    @property
    def end_line(self) -> int:
        """1-based last line of the table as read."""
        return max(self.body_end, self.delimiter_line)


@dataclass(eq=False)
class Section:
    """A `<details>` block holding tables, or the tables under a heading outside any."""

    title: str
    heading_path: list[str]
    start_line: int  # 1-based, inclusive
    end_line: int  # 1-based, inclusive
    open: bool | None  # the `<details open>` attribute; None outside details
    kind: str  # "details" or "heading"
    tables: list[Table] = field(default_factory=list)

    @property
    def rows(self) -> Iterator[Row]:
        """The rows of every table of the section, in order."""
        for t in self.tables:
            yield from t.rows


@dataclass
class Heading:
    """An ATX or setext heading: its line, level, source and shown text."""

    line: int  # 1-based
    level: int
    raw: str
    text: str


@dataclass
class Details:
    """A `<details>` block: its lines, `open` attribute, summary and enclosing block."""

    start_line: int  # 1-based line of `<details>`
    end_line: int | None  # 1-based line of `</details>`; None if never closed
    open: bool
    summary: str | None
    summary_line: int | None
    summary_end_line: int | None
    parent: Details | None = None


class Survey:
    """A parsed survey. `lines` are the file's lines (BOM removed); tables own their rows."""

    def __init__(self, bom: bool) -> None:
        # a container only: survey.parse.parse(text) is the one way to build a filled-in Survey
        self.bom = bom

    @property
    def text(self) -> str:
        """The text this survey was parsed from, BOM removed: its lines joined (they are never
        changed; edits go through `dumps`), so a large file is not kept twice."""
        return join_lines(self.lines)

    # filled in by survey.parse.build
    lines: list[Line]
    tables: list[Table]
    sections: list[Section]
    headings: list[Heading]
    details: list[Details]
    blocks: BlockMap

    @property
    def rows(self) -> Iterator[Row]:
        """Every table's rows, in document order."""
        for t in self.tables:
            yield from t.rows

    @property
    def eol(self) -> str:
        """The line break a new line gets: the file's most common one."""
        return dominant_eol(self.lines)

    @property
    def parsed_text(self) -> str:
        """The text this survey was parsed from, BOM included (`dumps()` writes edited rows)."""
        return (BOM if self.bom else "") + self.text

    def dumps(self) -> str:
        """The file's text: its lines as read, with each table's rows as they are now (a row
        assigned, added, removed or moved), through the one line-editing path."""
        edits: list[Splice] = []
        for t in self.tables:
            sources = tuple(r.source for r in t.rows)
            old = self.lines[t.body_start : t.body_end]
            if len(sources) != len(old) or any(a != b.text for a, b in zip(sources, old, strict=True)):
                edits.append(Splice(t.body_start, t.body_end, sources))
        lines = splice(self.lines, edits) if edits else self.lines
        return (BOM if self.bom else "") + join_lines(lines)
