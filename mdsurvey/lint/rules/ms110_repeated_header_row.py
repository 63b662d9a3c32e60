"""MS110 repeated-header-row: the header row (or the delimiter row) is repeated as a body row."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule

_CELL_DELIMITER = re.compile(r"[ \t]*:?-+:?[ \t]*\Z")
# a character no delimiter row holds (pipes, colons, dashes and blanks are all it has)
_NOT_IN_DELIMITER_ROW = re.compile(r"[^\s|:-]")


def repeated_header(ctx: Context) -> Iterator[Finding]:
    """Finds body rows whose cells equal the header's cells, or that are a delimiter row."""
    for t in ctx.survey.tables:
        head = [" ".join(h.split()) for h in t.header]
        for row in t.rows:
            src, spans = row.source, row.spans
            # cheap gates first: a copy of the header starts with the header's first cell; a
            # delimiter row holds nothing but pipes, colons, dashes and blanks
            first = spans[0] if len(spans) == len(head) and spans else None
            maybe_header = first is not None and " ".join(src[first.start : first.end].split()) == head[0]
            # only the cells: a quoted table's rows start with `>`, outside every cell
            cells_text = src[spans[0].start : spans[-1].end] if spans else src
            if not maybe_header and _NOT_IN_DELIMITER_ROW.search(cells_text):
                continue
            cells = [" ".join(src[s.start : s.end].split()) for s in spans]
            if cells == head and any(cells):
                yield ctx.finding(
                    "MS110",
                    row.line,
                    1,
                    f"the header row (line {t.header_line}) is repeated as a body row: GitHub shows it "
                    "as a paper; delete this line",
                )
            elif cells and all(_CELL_DELIMITER.match(c) for c in cells):
                yield ctx.finding(
                    "MS110",
                    row.line,
                    1,
                    f"a delimiter row inside the table body (the table starts at line {t.header_line}): "
                    "GitHub shows it as a row of dashes; delete this line",
                )

RULE = rule(
    "MS110",
    "repeated-header-row",
    "error",
    "The header row (or the delimiter row) is repeated as a body row",
    why="A copied header inside the body renders as a fake paper row ('Title | Links') or a row "
    "of dashes, usually left over from pasting two tables together.",
    example="| Title | Links |\n| --- | --- |\n| [A](u) | [Paper](u) |\n| Title | Links |",
    check=repeated_header,
)
