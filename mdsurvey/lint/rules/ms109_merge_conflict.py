"""MS109 merge-conflict: unresolved merge conflict markers (<<<<<<<, =======, >>>>>>>)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule

_CONFLICT_OPEN = re.compile(r"<{7}(?: |\Z)")
_CONFLICT_MID = re.compile(r"={7}[ \t]*\Z")
_CONFLICT_CLOSE = re.compile(r">{7}(?: |\Z)")


def merge_conflict(ctx: Context) -> Iterator[Finding]:
    """Finds conflict blocks: a line starting `<<<<<<< `, later a `=======` line, later a line
    starting `>>>>>>> `. A lone `=======` (a setext heading underline) is not one, nor is a
    block shown as code (every marker inside a fence or indented code)."""
    texts = ctx.texts
    k = 0
    while k < len(texts):
        if not _CONFLICT_OPEN.match(texts[k]):
            k += 1
            continue
        mid = next((j for j in range(k + 1, len(texts)) if _CONFLICT_MID.match(texts[j])), None)
        close = None
        if mid is not None:
            close = next((j for j in range(mid + 1, len(texts)) if _CONFLICT_CLOSE.match(texts[j])), None)
        if mid is None or close is None:
            k += 1
            continue
        if {k, mid, close} <= ctx.verbatim_lines:
            # all three markers inside one code block: an example of a conflict, shown as code
            k = close + 1
            continue
        yield ctx.finding(
            "MS109",
            k + 1,
            1,
            f"unresolved merge conflict (lines {k + 1}-{close + 1}): keep one side (ours: "
            f"{_side(k + 2, mid)}; theirs: {_side(mid + 2, close)}) and delete the marker lines",
            end_line=close + 1,
        )
        k = close + 1


RULE = rule(
    "MS109",
    "merge-conflict",
    "error",
    "Unresolved merge conflict markers (<<<<<<<, =======, >>>>>>>)",
    why="A merge left both sides in the file: readers see the markers and both versions of the "
    "rows, and a table broken by the marker lines stops rendering there.",
    example="<<<<<<< HEAD\n| [Lantern Tokens](…) | … |\n=======\n| [Lantern Tokens v2](…) | … |\n"
    ">>>>>>> add-paper",
    check=merge_conflict,
)


def _side(first: int, last: int) -> str:
    return "empty" if last < first else f"line {first}" if first == last else f"lines {first}-{last}"
