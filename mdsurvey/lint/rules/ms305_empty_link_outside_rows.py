"""MS305 empty-link-outside-rows: a link points nowhere, `[[Paper]]()`, outside a paper row."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.syntax.inline import code_spans

# `[text]()` where the text may hold brackets: `[[pdf]]()`, `[[Paper]]()`
_EMPTY_DEST = re.compile(r"\]\(\s*\)")
# a badge in an empty link, `[![alt](src)]()`, with no other brackets: most rows' every badge.
# Both of its `](` would be skipped below (an image; a link whose text is one), so an empty
# destination that ends one needs no backward scan. (One pattern for both would be slower: an
# alternation has no literal prefix to search for.)
_EMPTY_BADGE = re.compile(r"\[!\[[^\[\]]*\]\([^()\[\]]*\)\]\(\s*\)")


def _opening_bracket(line: str, close: int) -> int | None:
    """Index of the `[` that the `]` at `close` closes (brackets counted back from it, escapes
    and code aside), or None."""
    # jumps from bracket to bracket with rfind instead of stepping over every character; the
    # nearest `[` before `pos` stays the nearest while only `]`s are passed, so every part of
    # the line is searched at most twice: linear, as the character loop was
    depth = 0
    pos = close
    open_at = line.rfind("[", 0, pos)
    while True:
        shut = line.rfind("]", open_at + 1, pos)
        if shut >= 0:
            depth += 1
            pos = shut
            continue
        if open_at < 0:
            return None
        if depth == 0:
            return open_at
        depth -= 1
        pos = open_at
        open_at = line.rfind("[", 0, pos)


def empty_link_elsewhere(ctx: Context) -> Iterator[Finding]:
    """Finds text links with an empty destination outside paper table rows, and links whose
    text holds brackets (`[[pdf]]()`) anywhere. Badge images with empty links are the family's
    style and are not reported."""
    rows = {r.line for t in ctx.facts.paper_tables for r in t.rows}
    skip = ctx.code_lines
    for i, t in enumerate(ctx.texts):
        if i in skip or ("]()" not in t and "]( " not in t):
            continue
        spans = code_spans(t) if "`" in t else []
        badges = {b.end() for b in _EMPTY_BADGE.finditer(t)} if "[![" in t else ()
        for m in _EMPTY_DEST.finditer(t):
            if m.end() in badges:
                continue
            start = _opening_bracket(t, m.start())
            if start is None or any(a <= start < b for a, b in spans):
                continue
            text = t[start + 1 : m.start()]
            if text.lstrip().startswith("![") or (start > 0 and t[start - 1] == "!"):
                continue
            if i + 1 in rows and "[" not in text:
                continue  # MS211's
            yield ctx.finding(
                "MS305",
                i + 1,
                start + 1,
                f"link [{text}] has no URL: fill it in or remove the link",
                end_column=m.end() + 1,
            )


RULE = rule(
    "MS305",
    "empty-link-outside-rows",
    "warning",
    "A link points nowhere, `[[Paper]]()`, in a list, prose or with brackets in its text",
    why="An empty destination renders as a link that goes nowhere; MS211 reports plain "
    "`[GitHub]()` in paper rows, this rule the rest: list-style surveys and `[[pdf]]()`.",
    example="- Lantern Tokens [[Paper]]() [[Code]](https://github.com/lantern-lab/tokens)",
    check=empty_link_elsewhere,
)
