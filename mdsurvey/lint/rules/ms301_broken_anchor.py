"""MS301 broken-anchor: an in-page #fragment matches no heading or anchor."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.links import Anchors, anchor_matches, closest_anchor


def _link_text(line: str, col: int) -> str:
    """The text of the `[text](…)` whose destination starts at `col` ("" for an href)."""
    close = line.rfind("](", 0, col)
    if close < 0 or line[close + 2 : col].strip(" <"):
        return ""
    depth = 0
    for k in range(close - 1, -1, -1):
        if line[k] == "]":
            depth += 1
        elif line[k] == "[":
            if depth == 0:
                return line[k + 1 : close]
            depth -= 1
    return ""


def broken_anchor(ctx: Context) -> Iterator[Finding]:
    """Finds `#fragment` links that match no heading slug (GitHub's rules: lowercase, punctuation
    and emoji removed, spaces to dashes, -1/-2 for repeats) and no `<a id/name>`."""
    anchors = Anchors(ctx)
    for i, col, target in ctx.facts.links:
        if not target.startswith("#"):
            continue
        if not anchor_matches(target[1:], anchors.here):
            yield ctx.finding(
                "MS301",
                i + 1,
                col + 1,
                f"link to {target} matches no heading or anchor in this file"
                + closest_anchor(target[1:], anchors.here, _link_text(ctx.texts[i], col)),
                end_column=col + len(target) + 1,
            )


RULE = rule(
    "MS301",
    "broken-anchor",
    "error",
    "An in-page #fragment matches no heading or anchor",
    why="A contents entry or cross-reference whose fragment matches nothing silently goes nowhere on GitHub.",
    example="[Recent Papers](#recent-papers)  (the heading is 'Recent Papers (Last 6 Months)': "
    "#recent-papers-last-6-months)",
    check=broken_anchor,
)
