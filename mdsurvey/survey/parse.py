"""From block map to survey model: tables and rows, headings, `<details>` blocks, sections."""

from __future__ import annotations

import os
import re
from collections.abc import Container, Iterable, Iterator

from mdsurvey.files.source import BOM, read_text, split_lines
from mdsurvey.survey.model import Details, Heading, Row, Section, Survey, Table
from mdsurvey.syntax.blocks import BlockMap, scan
from mdsurvey.syntax.cells import alignments, cell_text, split_cells
from mdsurvey.syntax.htmlsnippet import plain_text
from mdsurvey.syntax.slugs import heading_plain_text

_DETAILS_TAG = re.compile(r"<(/?)(details|summary)\b([^<>]*)>", re.IGNORECASE)
_OPEN_ATTR = re.compile(r"(?:^|\s)open(?:\s|=|$)", re.IGNORECASE)
# an HTML comment (`<!-->` and `<!--->` are empty ones); unterminated, it runs to the block's end
_COMMENT = re.compile(r"<!--(?:-?>|.*?-->|.*\Z)", re.DOTALL)


def heading_text(raw: str) -> str:
    """A heading's text as GitHub shows it (markers, emphasis and tags removed)."""
    return heading_plain_text(raw)


def _details(bm: BlockMap) -> list[Details]:
    """`<details>`/`<summary>` tags found in HTML blocks (not inside comments), paired by nesting."""
    found: list[Details] = []
    stack: list[Details] = []
    for hb in bm.html_blocks:
        content = hb.content
        pending_summary: tuple[Details, int, int] | None = None  # details, line, text start
        line, counted = hb.start + 1, 0  # newlines are counted once, tag to tag
        # a tag inside a comment is text the browser never sees
        comments = [c.span() for c in _COMMENT.finditer(content)] if "<!--" in content else []
        for m in _DETAILS_TAG.finditer(content):
            if comments and any(a <= m.start() < b for a, b in comments):
                continue
            line += content.count("\n", counted, m.start())
            counted = m.start()
            closing, name = m.group(1), m.group(2).lower()
            if name == "details" and not closing:
                d = Details(
                    line,
                    None,
                    bool(_OPEN_ATTR.search(m.group(3))),
                    None,
                    None,
                    None,
                    stack[-1] if stack else None,
                )
                found.append(d)
                stack.append(d)
            elif name == "details":
                if stack:
                    stack.pop().end_line = line
                else:
                    # a stray `</details>`: record it so rules can point at it
                    found.append(Details(line, line, False, None, None, None, None))
                    found[-1].start_line = -line
            elif not closing and stack and stack[-1].summary is None:
                pending_summary = (stack[-1], line, m.end())
            elif closing and pending_summary is not None:
                d, sline, tstart = pending_summary
                d.summary = plain_text(content[tstart : m.start()])
                d.summary_line = sline
                d.summary_end_line = line
                pending_summary = None
        if pending_summary is not None:
            d, sline, tstart = pending_summary
            eol = content.find("\n", tstart)
            d.summary = plain_text(content[tstart : eol if eol != -1 else len(content)])
            d.summary_line = sline
    return found


def parse(text: str) -> Survey:
    """Parse survey Markdown (a leading BOM is kept aside) into a Survey; the one way to build one."""
    bom = text.startswith(BOM)
    body = text[1:] if bom else text
    survey = Survey(bom)
    build(survey, body)
    return survey


def load(path: str | os.PathLike[str]) -> Survey:
    """Read and parse a file (UTF-8, any line breaks); raises InputError with the path."""
    return parse(read_text(path))


def build(survey: Survey, text: str) -> None:
    """Fill in `survey` from `text` (BOM removed): lines, blocks, headings, details, tables, sections."""
    lines = split_lines(text)
    texts = [x.text for x in lines]
    bm = scan(text, texts)
    survey.lines = lines
    survey.blocks = bm
    survey.headings = [Heading(h.line + 1, h.level, h.raw, heading_text(h.raw)) for h in bm.headings]
    survey.details = _details(bm)

    tables: list[Table] = []
    for tb in bm.tables:
        header_src = texts[tb.start]
        header = [cell_text(header_src, s) for s in split_cells(header_src, tb.quoted)]
        delim = texts[tb.start + 1] if tb.start + 1 < len(texts) else ""
        body_start = tb.body[0] if tb.body else tb.start + 2
        body_end = tb.body[-1] + 1 if tb.body else body_start
        table = Table(
            header_line=tb.start + 1,
            delimiter_line=tb.start + 2,
            header=header,
            alignments=alignments(delim, tb.quoted),
            quoted=tb.quoted,
            body_start=body_start,
            body_end=body_end,
        )
        table.rows = [Row(texts[i], i + 1, table) for i in range(body_start, body_end)]
        tables.append(table)
    survey.tables = tables
    survey.sections = _sections(survey)


def outline(
    survey: Survey, lines: Iterable[int], skip_headings: Container[int] = ()
) -> Iterator[tuple[int, list[Heading], Details | None]]:
    """For each 1-based line of `lines` (ascending): the headings in effect there, outermost
    first, and the innermost `<details>` around it. One sweep down the file; headings on
    lines in `skip_headings` (0-based) do not count."""
    headings = [h for h in survey.headings if h.line - 1 not in skip_headings]
    details = [d for d in survey.details if d.start_line > 0]
    n_lines = len(survey.lines)
    hi = di = 0
    stack: list[Heading] = []
    open_details: list[Details] = []
    for line in lines:
        while hi < len(headings) and headings[hi].line < line:
            h = headings[hi]
            while stack and stack[-1].level >= h.level:
                stack.pop()
            stack.append(h)
            hi += 1
        # details pair by nesting, so a stack swept down the file finds the innermost
        while di < len(details) and details[di].start_line < line:
            open_details.append(details[di])
            di += 1
        while open_details and (open_details[-1].end_line or n_lines + 1) < line:
            open_details.pop()
        yield line, list(stack), (open_details[-1] if open_details else None)


def _sections(survey: Survey) -> list[Section]:
    """Group tables by their innermost `<details>`, or by the heading above them."""
    n_lines = len(survey.lines)
    sections: list[Section] = []
    by_details: dict[int, Section] = {}
    loose: Section | None = None
    loose_heading: Heading | None = None
    places = outline(survey, [t.header_line for t in survey.tables])
    for table, (_, stack, inner) in zip(survey.tables, places, strict=True):
        path = [h.text for h in stack]
        if inner is not None:
            sec = by_details.get(id(inner))
            if sec is None:
                title = inner.summary if inner.summary is not None else ""
                sec = Section(
                    title=title,
                    heading_path=[*path, title],
                    start_line=inner.start_line,
                    end_line=inner.end_line if inner.end_line is not None else n_lines,
                    open=inner.open,
                    kind="details",
                )
                by_details[id(inner)] = sec
                sections.append(sec)
            loose = None
        else:
            current = stack[-1] if stack else None
            if loose is None or loose_heading is not current:
                loose = Section(
                    title=current.text if current else "",
                    heading_path=path,
                    start_line=current.line if current else table.header_line,
                    end_line=table.end_line,
                    open=None,
                    kind="heading",
                )
                loose_heading = current
                sections.append(loose)
            sec = loose
        sec.tables.append(table)
        table.section = sec
        if sec.kind == "heading":
            sec.end_line = max(sec.end_line, table.end_line)
    sections.sort(key=lambda s: s.start_line)
    return sections
