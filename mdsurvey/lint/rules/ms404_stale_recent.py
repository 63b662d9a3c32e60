"""MS404 stale-recent: a 'Recent (Last N Months)' section holds older rows."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.analysis.dated import months_old, recent_window
from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.pasted import pasted_lines


def stale_recent(ctx: Context) -> Iterator[Finding]:
    """Finds rows older than N months in sections whose title or heading says
    'Recent … (Last N Months)'; `--today` pins the date."""
    pasted = pasted_lines(ctx)
    for section in ctx.survey.sections:
        n = recent_window(section, ctx.config.recent_months)
        if n is None:
            continue
        for table in section.tables:
            for row in table.rows:
                if row.line in pasted:
                    continue  # a pasted template row: MS407 says to delete it, not to move it
                d = row.paper.date
                age = months_old(d, ctx.today.year, ctx.today.month) if d else None
                if age is not None and age > n:
                    yield ctx.finding(
                        "MS404",
                        row.line,
                        1,
                        f"paper from {d} is {age} months old, older than this section's "
                        f"{n}-month window (today {ctx.today.isoformat()}): move it out",
                    )


RULE = rule(
    "MS404",
    "stale-recent",
    "warning",
    "A 'Recent (Last N Months)' section holds older rows",
    why="A section that promises the last N months should not show older papers; they belong in "
    "the per-area or per-year lists.",
    example="### Recent Papers (Last 6 Months)\n… a row dated arXiv-2025.01 in November 2026",
    fix="none in `fix`; `mdsurvey rotate` moves old rows to their area pages",
    check=stale_recent,
)
