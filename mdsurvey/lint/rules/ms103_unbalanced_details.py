"""MS103 unbalanced-details: <details> and </details> do not pair up."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule


def unbalanced_details(ctx: Context) -> Iterator[Finding]:
    """Finds a <details> with no </details>, and a </details> with no <details>."""
    for d in ctx.survey.details:
        if d.start_line < 0:
            yield ctx.finding(
                "MS103",
                -d.start_line,
                1,
                "stray </details> with no open <details>: remove it or add the opening tag",
            )
        elif d.end_line is None:
            what = f" ({d.summary!r})" if d.summary else ""
            yield ctx.finding(
                "MS103", d.start_line, 1, f"<details>{what} is never closed: add </details> after its table"
            )


RULE = rule(
    "MS103",
    "unbalanced-details",
    "error",
    "<details> and </details> do not pair up",
    why="An unclosed <details> swallows the rest of the page into one collapsed block; a stray "
    "</details> closes a block too early.",
    example="<details>\n<summary>Video</summary>\n\n| … |\n(no </details> before the next <details>)",
    check=unbalanced_details,
)
