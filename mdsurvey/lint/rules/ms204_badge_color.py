"""MS204 badge-color: a badge's color disagrees with the README's legend."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Finding, Fix
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.rows import replace_badge, row_edit
from mdsurvey.survey.legend import badge_role, same_color


def badge_color(ctx: Context) -> Iterator[Finding]:
    """Finds static badges whose color differs from the legend's color for their role (arXiv,
    venue, area, category, cost). The legend is read from the file; [tool.mdsurvey] legend
    can supply or override it."""
    legend = ctx.legend
    if not legend.colors:
        return
    # a survey draws thousands of badges in a few dozen colors: compare each pair once
    agrees: dict[tuple[str, str], bool] = {}
    for t in ctx.facts.paper_tables:
        for row in t.rows:
            for b in row.paper.badges:
                if b.kind != "static" or not b.color:
                    continue
                role = badge_role(b)
                want = legend.expected(role) if role else None
                if want is None:
                    continue
                pair = (b.color, want)
                ok = agrees.get(pair)
                if ok is None:
                    ok = agrees[pair] = same_color(b.color, want)
                if ok:
                    continue
                new = replace_badge(row, b, color=want)
                fix = (
                    Fix("MS204", f"badge {b.message!r}: {b.color} -> {want}", [row_edit(row, new)])
                    if new
                    else None
                )
                where = f" (legend at line {legend.line})" if legend.line else ""
                yield ctx.finding(
                    "MS204",
                    row.line,
                    b.start + 1,
                    f"{role} badge {b.message!r} is {b.color}, the legend says {want}{where}",
                    end_column=b.end + 1,
                    fix=fix,
                )


RULE = rule(
    "MS204",
    "badge-color",
    "warning",
    "A badge's color disagrees with the README's legend",
    why="The 'Badge Colors' legend tells readers what a color means; a purple area badge drawn "
    "green reads as a category.",
    example="- ![Research Areas Badge](https://img.shields.io/badge/Areas-purple) "
    "`purple` for research areas\n"
    "… [![Area](https://img.shields.io/badge/Image--LLM-green)]()",
    fix="safe: set the color the legend gives for the badge's role",
    applicability=(Applicability.SAFE,),
    check=badge_color,
)
