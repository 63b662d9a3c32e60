"""Blocks of rows pasted from one section into others, for MS404, MS407 and MS408."""

from __future__ import annotations

from mdsurvey.analysis.papers import paper_tables
from mdsurvey.lint.context import Context
from mdsurvey.survey.model import Row, Section

# a block of this many identical rows in this many sections is a pasted template, not cross-listing
MIN_ROWS = 2


MIN_SECTIONS = 3


def sections_rows(ctx: Context) -> list[tuple[Section, list[Row]]]:
    out: dict[int, tuple[Section, list[Row]]] = {}
    for t in paper_tables(ctx.survey):
        if t.section is None:
            continue
        out.setdefault(id(t.section), (t.section, []))[1].extend(t.rows)
    return list(out.values())


def pasted_blocks(ctx: Context) -> list[list[tuple[Section, list[Row]]]]:
    """Blocks of 2+ rows repeated line for line as the whole table of 3+ sections, each block as
    its copies; computed once per file (MS404 and MS408 leave these rows to MS407)."""
    cached = ctx.cache.get("pasted-blocks")
    if cached is not None:
        return cached  # type: ignore[return-value]
    by_block: dict[tuple[str, ...], list[tuple[Section, list[Row]]]] = {}
    for section, rows in sections_rows(ctx):
        if len(rows) >= MIN_ROWS:
            block = tuple(r.source.strip() for r in rows)
            by_block.setdefault(block, []).append((section, rows))
    out = [copies for copies in by_block.values() if len(copies) >= MIN_SECTIONS]
    ctx.cache["pasted-blocks"] = out
    return out


def pasted_lines(ctx: Context) -> set[int]:
    """1-based lines of rows that MS407 reports as a pasted template: other rules about the
    same rows (stale, wrong area) would only repeat it with advice that does not apply."""
    return {r.line for copies in pasted_blocks(ctx) for _, rows in copies for r in rows}
