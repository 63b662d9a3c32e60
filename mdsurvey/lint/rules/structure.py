"""MS1xx: structure and rendering: what makes GitHub show something other than a table."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Edit, Finding, Fix
from mdsurvey.lint.rules import rule
from mdsurvey.survey.parse import parse
from mdsurvey.syntax.cells import split_cells
from mdsurvey.syntax.inline import code_spans

GITHUB_RENDER_LIMIT = 512_000  # bytes; GitHub cuts the rendered README here, silently

_DELIMITER = re.compile(r"[ \t]{0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\Z")
_STRUCTURE_START = re.compile(r"[ \t]{0,3}(?:#{1,6}[ \t]|<details\b|</details>)", re.IGNORECASE)
# hidden notes after the last cell: GitHub drops them, and nobody was meant to see them
_COMMENT_NOTE = re.compile(r"\s*(?:\[//\]:\s*#.*|<!--.*-->\s*)?\Z")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


@rule(
    "MS101",
    "unclosed-fence",
    "error",
    "A fenced code block is never closed",
    why="Everything after an unclosed ``` fence renders as code: every later <details> "
    "block and table disappears from the page.",
    example="```mermaid\nflowchart TB\n    A --> B\n(no closing ```; the paper tables below vanish)",
    fix="unsafe: insert a closing fence after the last line before the next heading or "
    "<details> block (with --unsafe-fixes)",
)
def unclosed_fence(ctx: Context) -> Iterator[Finding]:
    """Finds a fence (``` or ~~~) that runs to the end of the file, and says how many
    <details> blocks and tables it hides."""

    texts = ctx.texts
    for f in ctx.survey.blocks.fences:
        if f.closed or f.end < len(texts):
            continue
        close_at = _plausible_close(texts, f.start)
        # what GitHub would show past the code if the fence were closed where it belongs
        rest = parse("\n".join(texts[close_at if close_at is not None else f.start + 1 :]))
        n_details = sum(1 for d in rest.details if d.start_line > 0)
        n_tables = len(rest.tables)
        n_rows = sum(len(t.rows) for t in rest.tables)
        inner = _wrapped_fence(texts, f.start, f.marker)
        fix = None
        if close_at is not None:
            if inner is not None:
                # a ```markdown line wrapping a ```mermaid fence: drop the wrapper, close the diagram
                fix = Fix(
                    "MS101",
                    f"delete the wrapper fence at line {f.start + 1}, close the {inner} fence after "
                    f"line {close_at}",
                    [Edit(f.start, f.start + 1, ()), Edit(close_at, close_at, (f.marker,))],
                    safe=False,
                    reveals_tables=True,
                )
            else:
                fix = Fix(
                    "MS101",
                    f"close the fence opened at line {f.start + 1} after line {close_at}",
                    [Edit(close_at, close_at, (f.marker,))],
                    safe=False,
                    reveals_tables=True,
                )
        hidden = (
            f"it hides {_plural(n_details, '<details> block')}, {_plural(n_tables, 'table')} "
            f"and {_plural(n_rows, 'row')} (lines {f.start + 1}-{len(texts)})"
        )
        where = f"; close it with {f.marker} after line {close_at}" if close_at else ""
        if inner is not None:
            where = (
                f"; it wraps the {f.marker}{inner} fence on line {f.start + 2}, which shows as code: "
                f"delete line {f.start + 1} so the {inner} block renders"
                + (f", and close that with {f.marker} after line {close_at}" if close_at else "")
            )
        yield ctx.finding(
            "MS101",
            f.start + 1,
            texts[f.start].find(f.marker) + 1,
            f"code fence {texts[f.start].strip()!r} is never closed: {hidden}{where}",
            end_line=len(texts),
            fix=fix,
        )


def _wrapped_fence(texts: list[str], start: int, marker: str) -> str | None:
    """The info string of a fence opened on the first non-blank line inside the fence at `start`
    (```markdown around ```mermaid), or None."""
    for k in range(start + 1, min(start + 4, len(texts))):
        t = texts[k].strip()
        if not t:
            continue
        if t.startswith(marker) and len(t) > len(marker) and t[len(marker)] not in "`~":
            return t[len(marker) :].strip().split()[0]
        return None
    return None


def _plausible_close(texts: list[str], start: int) -> int | None:
    """0-based line where a closing fence belongs: after the code, before the next
    heading or <details> block."""
    for k in range(start + 1, len(texts)):
        if _STRUCTURE_START.match(texts[k]):
            j = k
            while j - 1 > start and not texts[j - 1].strip():
                j -= 1
            return j
    return None


@rule(
    "MS102",
    "summary-needs-blank-line",
    "error",
    "A table directly after </summary> renders as raw text",
    why="<details> and <summary> start an HTML block that runs to the next blank line; a "
    "table inside it is shown as pipes and dashes, not as a table.",
    example="<details open>\n<summary>Image</summary>\n| Title | Links |\n| --- | --- |",
    fix="safe: insert a blank line after </summary>",
)
def summary_blank_line(ctx: Context) -> Iterator[Finding]:
    """Finds a <summary> line followed, without a blank line, by a table header and delimiter row."""
    texts = ctx.texts
    for d in ctx.survey.details:
        end = d.summary_end_line or d.summary_line
        if end is None or end >= len(texts) - 1:
            continue
        nxt = texts[end]  # the line after the summary (0-based index == 1-based end)
        if "|" not in nxt or not _DELIMITER.match(texts[end + 1]) or (end - 1) in ctx.code_lines:
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


def _reveal_is_harmless(ctx: Context, at: int) -> bool:
    """Whether inserting a blank line at `at` only adds a table: once the table renders, the
    line after it may open a comment or fence that hides what used to render."""
    from collections import Counter


    after = parse("\n".join([*ctx.texts[:at], "", *ctx.texts[at:]]))
    before_rows = Counter(r.source for r in ctx.survey.rows)
    after_rows = Counter(r.source for r in after.rows)
    return len(after.tables) > len(ctx.survey.tables) and not (before_rows - after_rows)


@rule(
    "MS103",
    "unbalanced-details",
    "error",
    "<details> and </details> do not pair up",
    why="An unclosed <details> swallows the rest of the page into one collapsed block; a stray "
    "</details> closes a block too early.",
    example="<details>\n<summary>Video</summary>\n\n| … |\n(no </details> before the next <details>)",
)
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


@rule(
    "MS104",
    "details-without-summary",
    "warning",
    "<details> without a <summary>",
    why="Without <summary> GitHub labels the block just 'Details', and mdsurvey cannot name the section.",
    example="<details open>\n\n| Title | Links |",
)
def details_without_summary(ctx: Context) -> Iterator[Finding]:
    """Finds a <details> block with no <summary> element."""
    for d in ctx.survey.details:
        if d.start_line > 0 and d.summary is None:
            yield ctx.finding(
                "MS104", d.start_line, 1, "<details> has no <summary>: add <summary>Section name</summary>"
            )


def _prose_lines(ctx: Context) -> Iterator[int]:
    """0-based lines that are neither code, comments, HTML blocks nor table rows."""
    skip = set(ctx.code_lines)
    for h in ctx.survey.blocks.html_blocks:
        skip.update(range(h.start, h.end))
    for t in ctx.survey.tables:
        skip.update(range(t.header_line - 1, max(t.body_end, t.delimiter_line)))
    return (i for i in range(len(ctx.texts)) if i not in skip)


@rule(
    "MS105",
    "delimiter-mismatch",
    "error",
    "The delimiter row's cell count differs from the header's: no table renders",
    why="GFM needs the header and the delimiter row to have the same number of cells; otherwise "
    "the whole table is shown as a paragraph of pipes.",
    example="| Title | Areas | Links |\n| --- | --- |",
)
def delimiter_mismatch(ctx: Context) -> Iterator[Finding]:
    """Finds a table-like header line followed by a delimiter row with a different cell count."""
    texts = ctx.texts
    prose = set(_prose_lines(ctx))
    for i in sorted(prose):
        if i + 1 not in prose or "|" not in texts[i] or "|" not in texts[i + 1]:
            continue
        if not _DELIMITER.match(texts[i + 1]) or _DELIMITER.match(texts[i]):
            continue
        h = len(split_cells(texts[i]))
        d = len(split_cells(texts[i + 1]))
        if h != d:
            yield ctx.finding(
                "MS105",
                i + 2,
                1,
                f"delimiter row has {d} cells but the header above has {h}: GitHub renders no "
                f"table here; give both {max(h, d)} cells",
            )


@rule(
    "MS106",
    "row-cell-count",
    "error",
    "A body row has more cells than the header: GitHub drops the extra text",
    why="GitHub drops cells beyond the header's count: their text is lost from the page. (Short "
    "rows are padded with empty cells and render like complete ones, so they are not reported.)",
    example="| Title | Links |\n| --- | --- |\n| [A](u) | [Paper](u) | [GitHub](g) |",
)
def row_cell_count(ctx: Context) -> Iterator[Finding]:
    """Finds rows with extra cells, whose text GitHub drops. A trailing `[//]: #note` after the
    last cell is a deliberate hidden note and is allowed; short rows are not reported."""
    for t in ctx.survey.tables:
        h = len(t.header)
        for row in t.rows:
            spans = row.spans
            n = len(spans)
            if n > h:
                extra = [row.source[s.start : s.end] for s in spans[h:]]
                if all(_COMMENT_NOTE.match(x) for x in extra):
                    continue
                s = spans[h]
                lost = " | ".join(x.strip() for x in extra)
                if len(lost) > 60:
                    lost = lost[:57] + "..."
                yield ctx.finding(
                    "MS106",
                    row.line,
                    s.start + 1,
                    f"row has {n} cells but the header has {h}: GitHub drops {lost!r}; "
                    "merge it into a cell or add a column",
                )
            # a short row renders exactly like one with empty trailing cells: not reported


def _first_between(sorted_positions: list[int], a: int, b: int) -> int | None:
    k = bisect_right(sorted_positions, a)
    return sorted_positions[k] if k < len(sorted_positions) and sorted_positions[k] < b else None


@rule(
    "MS107",
    "unescaped-pipe",
    "error",
    "An unescaped | inside a code span or link text splits the cell",
    why="GFM splits cells at every unescaped pipe, even inside `code` or [link text]; the "
    "link or code breaks and the row gets an extra cell.",
    example="| [Prune | Merge](https://arxiv.org/abs/2601.00001) | … |",
    fix="none automatically; escape the pipe with a backslash",
)
def unescaped_pipe(ctx: Context) -> Iterator[Finding]:
    """Finds an unescaped | inside a code span or inside the text of a [link](url) in a row."""
    for row in ctx.survey.rows:
        s = row.source
        if s.count("|") < 2:
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


@rule(
    "MS108",
    "too-large-to-render",
    "error",
    "The file is larger than GitHub renders",
    why="GitHub stops rendering a Markdown file at 512,000 bytes without a warning: every "
    "section past the cut is invisible on the repository page.",
    example="README.md of 700 KB: the last 40% of the papers never show",
)
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
    parts = [_plural(lines_past, "line")]
    if sections_past:
        parts.append(_plural(sections_past, "heading"))
    if rows_past:
        parts.append(_plural(rows_past, "table row"))
    if items_past:
        parts.append(_plural(items_past, "list item"))
    if paragraphs_past:
        parts.append(_plural(paragraphs_past, "paragraph"))
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


_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S")


_CONFLICT_OPEN = re.compile(r"<{7}(?: |\Z)")
_CONFLICT_MID = re.compile(r"={7}[ \t]*\Z")
_CONFLICT_CLOSE = re.compile(r">{7}(?: |\Z)")


@rule(
    "MS109",
    "merge-conflict",
    "error",
    "Unresolved merge conflict markers (<<<<<<<, =======, >>>>>>>)",
    why="A merge left both sides in the file: readers see the markers and both versions of the "
    "rows, and a table broken by the marker lines stops rendering there.",
    example="<<<<<<< HEAD\n| [Lantern Tokens](…) | … |\n=======\n| [Lantern Tokens v2](…) | … |\n"
    ">>>>>>> add-paper",
)
def merge_conflict(ctx: Context) -> Iterator[Finding]:
    """Finds conflict blocks: a line starting `<<<<<<< `, later a `=======` line, later a line
    starting `>>>>>>> `. A lone `=======` (a setext heading underline) is not one, nor is a
    block shown as code (every marker inside a fence or indented code)."""
    texts = ctx.texts
    k = 0
    while k < len(texts):
        if not _CONFLICT_OPEN.match(texts[k]):
            k += 1
            continue
        mid = next((j for j in range(k + 1, len(texts)) if _CONFLICT_MID.match(texts[j])), None)
        close = None
        if mid is not None:
            close = next((j for j in range(mid + 1, len(texts)) if _CONFLICT_CLOSE.match(texts[j])), None)
        if mid is None or close is None:
            k += 1
            continue
        if {k, mid, close} <= ctx.verbatim_lines:
            # all three markers inside one code block: an example of a conflict, shown as code
            k = close + 1
            continue
        yield ctx.finding(
            "MS109",
            k + 1,
            1,
            f"unresolved merge conflict (lines {k + 1}-{close + 1}): keep one side (ours: "
            f"{_side(k + 2, mid)}; theirs: {_side(mid + 2, close)}) and delete the marker lines",
            end_line=close + 1,
        )
        k = close + 1


def _side(first: int, last: int) -> str:
    return "empty" if last < first else f"line {first}" if first == last else f"lines {first}-{last}"


_CELL_DELIMITER = re.compile(r"[ \t]*:?-+:?[ \t]*\Z")


@rule(
    "MS110",
    "repeated-header-row",
    "error",
    "The header row (or the delimiter row) is repeated as a body row",
    why="A copied header inside the body renders as a fake paper row ('Title | Links') or a row "
    "of dashes, usually left over from pasting two tables together.",
    example="| Title | Links |\n| --- | --- |\n| [A](u) | [Paper](u) |\n| Title | Links |",
)
def repeated_header(ctx: Context) -> Iterator[Finding]:
    """Finds body rows whose cells equal the header's cells, or that are a delimiter row."""
    for t in ctx.survey.tables:
        head = [" ".join(h.split()) for h in t.header]
        for row in t.rows:
            cells = [" ".join(row.source[s.start : s.end].split()) for s in row.spans]
            if cells == head and any(cells):
                yield ctx.finding(
                    "MS110",
                    row.line,
                    1,
                    f"the header row (line {t.header_line}) is repeated as a body row: GitHub shows it "
                    "as a paper; delete this line",
                )
            elif cells and all(_CELL_DELIMITER.match(c) for c in cells):
                yield ctx.finding(
                    "MS110",
                    row.line,
                    1,
                    f"a delimiter row inside the table body (the table starts at line {t.header_line}): "
                    "GitHub shows it as a row of dashes; delete this line",
                )
