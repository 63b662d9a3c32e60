"""MS303 broken-file-anchor: a link's #fragment matches no heading in the linked file."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.links import Anchors, anchor_matches, closest_anchor, relative_target


def broken_file_anchor(ctx: Context) -> Iterator[Finding]:
    """Finds `file.md#fragment` links to existing Markdown files without that heading or anchor."""
    anchors = Anchors(ctx)
    for i, col, target in ctx.facts.links:
        rel = relative_target(ctx, target)
        if (
            rel is None
            or not rel[1]
            or not rel[0].is_file()
            or rel[0].suffix.lower() not in (".md", ".markdown")
        ):
            continue
        found = anchors.of_file(rel[0])
        if found is not None and not anchor_matches(rel[1], found):
            yield ctx.finding(
                "MS303",
                i + 1,
                col + 1,
                f"{rel[0].name} has no heading or anchor #{rel[1]}{closest_anchor(rel[1], found)}",
                end_column=col + len(target) + 1,
            )


RULE = rule(
    "MS303",
    "broken-file-anchor",
    "error",
    "A link's #fragment matches no heading in the linked file",
    why="`page.md#section` lands at the top of the page when the heading was renamed.",
    example="[2025 Image](image-llm.md#2025-images)  (the heading is '2025 Image')",
    check=broken_file_anchor,
)
