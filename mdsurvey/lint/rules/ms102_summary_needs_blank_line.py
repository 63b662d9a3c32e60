"""MS102 summary-needs-blank-line: a table directly after </summary> renders as raw text."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Edit, Finding, Fix
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.markdown import DELIMITER
from mdsurvey.survey.parse import parse


def summary_blank_line(ctx: Context) -> Iterator[Finding]:
    """Finds a <summary> line followed, without a blank line, by a table header and delimiter row."""
    texts = ctx.texts
    for d in ctx.survey.details:
        end = d.summary_end_line or d.summary_line
        if end is None or end >= len(texts) - 1:
            continue
        nxt = texts[end]  # the line after the summary (0-based index == 1-based end)
        if "|" not in nxt or not DELIMITER.match(texts[end + 1]) or (end - 1) in ctx.code_lines:
            continue
        fix = None
        if _reveal_is_harmless(ctx, end):
            fix = Fix(
                "MS102", f"insert a blank line after line {end}", [Edit(end, end, ("",))], reveals_tables=True
            )
        yield ctx.finding(
            "MS102",
            end + 1,
            1,
            "table right after </summary> with no blank line: GitHub shows it as raw text; "
            f"insert a blank line after line {end}",
            fix=fix,
        )


RULE = rule(
    "MS102",
    "summary-needs-blank-line",
    "error",
    "A table directly after </summary> renders as raw text",
    why="<details> and <summary> start an HTML block that runs to the next blank line; a "
    "table inside it is shown as pipes and dashes, not as a table.",
    example="<details open>\n<summary>Image</summary>\n| Title | Links |\n| --- | --- |",
    fix="safe: insert a blank line after </summary>",
    applicability=(Applicability.SAFE,),
    check=summary_blank_line,
)


def _reveal_is_harmless(ctx: Context, at: int) -> bool:
    """Whether inserting a blank line at `at` only adds a table: once the table renders, the
    line after it may open a comment or fence that hides what used to render."""
    from collections import Counter

    after = parse("\n".join([*ctx.texts[:at], "", *ctx.texts[at:]]))
    before_rows = Counter(r.source for r in ctx.survey.rows)
    after_rows = Counter(r.source for r in after.rows)
    return len(after.tables) > len(ctx.survey.tables) and not (before_rows - after_rows)
