"""MS106 row-cell-count: a body row has more cells than the header: GitHub drops the extra text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule

# hidden notes after the last cell: GitHub drops them, and nobody was meant to see them
_COMMENT_NOTE = re.compile(r"\s*(?:\[//\]:\s*#.*|<!--.*-->\s*)?\Z")
# a link with no destination (`[github]()`): it leads nowhere, dropped or not
_EMPTY_LINK = re.compile(r"\[[^\[\]]*\]\(\s*\)")


def _is_junk(cell: str, kept: set[str]) -> bool:
    """Whether a dropped cell holds nothing a reader loses: whitespace, a lone ASCII character
    (a stray `o` after the closing pipe), empty links, or a copy of a cell the row keeps (a
    second 'Arxiv' beside the Publication column's)."""
    x = cell.strip()
    return (
        not _EMPTY_LINK.sub("", x).strip()
        or (len(x) == 1 and x.isascii())
        or x.casefold() in kept
        or bool(_COMMENT_NOTE.match(cell))
    )


def row_cell_count(ctx: Context) -> Iterator[Finding]:
    """Finds rows with extra cells, whose text GitHub drops. A trailing `[//]: #note` after the
    last cell is a deliberate hidden note and is allowed, and leftovers nobody misses (blank
    cells, a stray character, empty links, a copy of a kept cell) are not reported; short rows
    are not reported either."""
    for t in ctx.survey.tables:
        h = len(t.header)
        for row in t.rows:
            spans = row.spans
            n = len(spans)
            if n > h:
                extra = [row.source[s.start : s.end] for s in spans[h:]]
                kept = {row.source[s.start : s.end].strip().casefold() for s in spans[:h]} - {""}
                if all(_is_junk(x, kept) for x in extra):
                    continue
                s = spans[h]
                lost = " | ".join(x.strip() for x in extra)
                if len(lost) > 60:
                    lost = lost[:57] + "..."
                yield ctx.finding(
                    "MS106",
                    row.line,
                    s.start + 1,
                    f"row has {n} cells but the header has {h}: GitHub drops {lost!r}; "
                    "merge it into a cell or add a column",
                )


RULE = rule(
    "MS106",
    "row-cell-count",
    "error",
    "A body row has more cells than the header: GitHub drops the extra text",
    why="GitHub drops cells beyond the header's count: their text is lost from the page. (Short "
    "rows are padded with empty cells and render like complete ones, so they are not reported; "
    "nor are dropped leftovers nobody misses: blank cells, a stray character, empty links, a copy "
    "of a cell the row keeps.)",
    example="| Title | Links |\n| --- | --- |\n| [A](u) | [Paper](u) | [GitHub](g) |",
    check=row_cell_count,
)
