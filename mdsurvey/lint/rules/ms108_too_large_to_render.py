"""MS108 too-large-to-render: the file is larger than GitHub renders."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.markdown import plural

GITHUB_RENDER_LIMIT = 512_000  # bytes; GitHub cuts the rendered README here, silently


def too_large(ctx: Context) -> Iterator[Finding]:
    """Finds files over GitHub's 512,000-byte rendering limit and says how much is past the cut:
    lines, headings, table rows and list items."""
    if ctx.size <= GITHUB_RENDER_LIMIT:
        return
    offset = 3 if ctx.survey.bom else 0
    cut_line = len(ctx.texts)
    for i, line in enumerate(ctx.survey.lines):
        offset += len(str(line).encode("utf-8"))
        if offset > GITHUB_RENDER_LIMIT:
            cut_line = i + 1
            break
    rows_past = sum(1 for r in ctx.survey.rows if r.line >= cut_line)
    sections_past = sum(1 for h in ctx.survey.headings if h.line > cut_line)
    skip = ctx.code_lines
    row_lines = {r.line - 1 for r in ctx.survey.rows}
    heading_lines = {h.line - 1 for h in ctx.survey.headings}
    items_past = paragraphs_past = 0
    for k in range(cut_line - 1, len(ctx.texts)):
        t = ctx.texts[k]
        if k in skip or k in row_lines or k in heading_lines or not t.strip():
            continue
        if _LIST_ITEM.match(t):
            items_past += 1
        elif (k == 0 or not ctx.texts[k - 1].strip()) and not t.lstrip().startswith("<"):
            # papers written as one paragraph each (bold title, authors, links)
            paragraphs_past += 1
    lines_past = len(ctx.texts) - cut_line + 1
    parts = [plural(lines_past, "line")]
    if sections_past:
        parts.append(plural(sections_past, "heading"))
    if rows_past:
        parts.append(plural(rows_past, "table row"))
    if items_past:
        parts.append(plural(items_past, "list item"))
    if paragraphs_past:
        parts.append(plural(paragraphs_past, "paragraph"))
    hidden = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    section = next((s for s in ctx.survey.sections if s.start_line <= cut_line <= s.end_line), None)
    where = f" inside section {section.title!r}" if section else ""
    yield ctx.finding(
        "MS108",
        cut_line,
        1,
        f"file is {ctx.size:,} bytes; GitHub stops rendering at {GITHUB_RENDER_LIMIT:,} bytes, "
        f"here at line {cut_line}{where}: {hidden} past the cut are not shown; move sections to "
        "per-area pages",
    )


RULE = rule(
    "MS108",
    "too-large-to-render",
    "error",
    "The file is larger than GitHub renders",
    why="GitHub stops rendering a Markdown file at 512,000 bytes without a warning: every "
    "section past the cut is invisible on the repository page.",
    example="README.md of 700 KB: the last 40% of the papers never show",
    check=too_large,
)


_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
