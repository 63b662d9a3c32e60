"""MS105 delimiter-mismatch: the delimiter row's cell count differs from the header's: no table renders."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.markdown import DELIMITER
from mdsurvey.syntax.cells import split_cells


def _prose_lines(ctx: Context) -> Iterator[int]:
    """0-based lines that are neither code, comments, HTML blocks nor table rows."""
    skip = set(ctx.code_lines)
    for h in ctx.survey.blocks.html_blocks:
        skip.update(range(h.start, h.end))
    for t in ctx.survey.tables:
        skip.update(range(t.header_line - 1, max(t.body_end, t.delimiter_line)))
    return (i for i in range(len(ctx.texts)) if i not in skip)


def delimiter_mismatch(ctx: Context) -> Iterator[Finding]:
    """Finds a table-like header line followed by a delimiter row with a different cell count."""
    texts = ctx.texts
    prose = set(_prose_lines(ctx))
    for i in sorted(prose):
        if i + 1 not in prose or "|" not in texts[i] or "|" not in texts[i + 1]:
            continue
        if not DELIMITER.match(texts[i + 1]) or DELIMITER.match(texts[i]):
            continue
        h = len(split_cells(texts[i]))
        d = len(split_cells(texts[i + 1]))
        if h != d:
            yield ctx.finding(
                "MS105",
                i + 2,
                1,
                f"delimiter row has {d} cells but the header above has {h}: GitHub renders no "
                f"table here; give both {max(h, d)} cells",
            )


RULE = rule(
    "MS105",
    "delimiter-mismatch",
    "error",
    "The delimiter row's cell count differs from the header's: no table renders",
    why="GFM needs the header and the delimiter row to have the same number of cells; otherwise "
    "the whole table is shown as a paragraph of pipes.",
    example="| Title | Areas | Links |\n| --- | --- |",
    check=delimiter_mismatch,
)
