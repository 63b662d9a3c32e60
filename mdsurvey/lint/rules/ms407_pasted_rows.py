"""MS407 pasted-rows: the same block of rows is pasted into several sections."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule


def pasted_rows(ctx: Context) -> Iterator[Finding]:
    """Finds blocks of two or more rows repeated, line for line, as the whole table of three or
    more sections."""
    for copies in ctx.facts.pasted_blocks:
        block = copies[0][1]
        # one finding per pasted block, at its first copy, naming every other copy
        section, rows = copies[0]
        others = ", ".join(f"{s.title!r} (line {r[0].line})" for s, r in copies[1:6])
        if len(copies) > 6:
            others += ", …"
        yield ctx.finding(
            "MS407",
            rows[0].line,
            1,
            f"the {len(block)} rows of section {section.title!r} are pasted, line for line, into "
            f"{len(copies) - 1} other sections: {others}; template rows? replace each copy with "
            "its section's own papers or delete it",
            end_line=rows[-1].line,
        )


RULE = rule(
    "MS407",
    "pasted-rows",
    "warning",
    "The same block of rows is pasted into several sections",
    why="A survey started from a template often keeps the template's example rows in every "
    "section; readers then see the same papers under every heading, most of them in the wrong place.",
    example="<summary>Video</summary> … <summary>Audio</summary> … <summary>3D</summary>: each table "
    "holds the same two rows, line for line",
    check=pasted_rows,
)
