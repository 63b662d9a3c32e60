"""MS104 details-without-summary: <details> without a <summary>."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule


def details_without_summary(ctx: Context) -> Iterator[Finding]:
    """Finds a <details> block with no <summary> element."""
    for d in ctx.survey.details:
        if d.start_line > 0 and d.summary is None:
            yield ctx.finding(
                "MS104", d.start_line, 1, "<details> has no <summary>: add <summary>Section name</summary>"
            )


RULE = rule(
    "MS104",
    "details-without-summary",
    "warning",
    "<details> without a <summary>",
    why="Without <summary> GitHub labels the block just 'Details', and mdsurvey cannot name the section.",
    example="<details open>\n\n| Title | Links |",
    check=details_without_summary,
)
