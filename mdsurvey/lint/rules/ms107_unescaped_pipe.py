"""MS107 unescaped-pipe: an unescaped | inside a code span or link text splits the cell."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.syntax.inline import code_spans


def _first_between(sorted_positions: list[int], a: int, b: int) -> int | None:
    k = bisect_right(sorted_positions, a)
    return sorted_positions[k] if k < len(sorted_positions) and sorted_positions[k] < b else None


def unescaped_pipe(ctx: Context) -> Iterator[Finding]:
    """Finds an unescaped | inside a code span or inside the text of a [link](url) in a row."""
    for row in ctx.survey.rows:
        s = row.source
        if s.count("|") < 2:
            continue
        if "`" not in s and row.fast_path:
            # no code span, and the row tokenizer read it: every bracket pair lies inside one
            # token, and no token holds a pipe (`syntax.tokens`), so no link text can either
            continue
        pipes = sorted(
            p
            for p in {x.end for x in row.spans[:-1]} | {x.start - 1 for x in row.spans[1:]}
            if 0 <= p < len(s) and s[p] == "|"
        )
        if not pipes:
            continue

        reported: set[int] = set()
        spans = code_spans(s) if "`" in s else []
        links = [(a, b) for a, b in row.partners.brackets.items() if s.startswith("](", b)]
        for (a, b), what in [*((x, "a code span") for x in spans), *((x, "link text") for x in links)]:
            p = _first_between(pipes, a, b)
            if p is not None and p not in reported:
                reported.add(p)
                yield ctx.finding(
                    "MS107", row.line, p + 1, f"unescaped | inside {what} splits the cell: write it as \\|"
                )


RULE = rule(
    "MS107",
    "unescaped-pipe",
    "error",
    "An unescaped | inside a code span or link text splits the cell",
    why="GFM splits cells at every unescaped pipe, even inside `code` or [link text]; the "
    "link or code breaks and the row gets an extra cell.",
    example="| [Prune | Merge](https://arxiv.org/abs/2601.00001) | … |",
    fix="none automatically; escape the pipe with a backslash",
    check=unescaped_pipe,
)
