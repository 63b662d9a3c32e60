"""Block structure as GitHub renders it, from markdown-it-py's block tokens.

Only the block pass runs: the core `inline` rule is disabled, which makes the
parse several times faster and is all we need, because rows and cells are cut
from the source lines themselves, never rebuilt from token content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt


@dataclass
class TableBlock:
    """A GFM table as the renderer sees it: header line, body lines, inside a blockquote or not."""
    start: int  # 0-based line of the header row
    end: int  # 0-based, exclusive
    body: list[int] = field(default_factory=list)  # 0-based lines of body rows
    quoted: bool = False  # inside a blockquote: rows carry "> " markers


@dataclass
class FenceBlock:
    """A fenced code block: its lines, fence marker and info string, closed or not."""
    start: int
    end: int  # exclusive
    marker: str
    info: str
    closed: bool


@dataclass
class HtmlBlock:
    """An HTML block (CommonMark types 1-7) and its raw content."""
    start: int
    end: int
    content: str


@dataclass
class HeadingBlock:
    """An ATX or setext heading: its line, level and inline source."""
    line: int
    level: int
    raw: str  # inline Markdown source of the heading text


@dataclass
class BlockMap:
    """Every block GitHub sees in a file, by kind, with the lines each one covers."""
    tables: list[TableBlock] = field(default_factory=list)
    fences: list[FenceBlock] = field(default_factory=list)
    code_blocks: list[tuple[int, int]] = field(default_factory=list)
    html_blocks: list[HtmlBlock] = field(default_factory=list)
    headings: list[HeadingBlock] = field(default_factory=list)

    def verbatim_lines(self) -> set[int]:
        """0-based lines inside fenced or indented code: shown as written, never parsed."""
        out: set[int] = set()
        for f in self.fences:
            out.update(range(f.start, f.end))
        for a, b in self.code_blocks:
            out.update(range(a, b))
        return out

    def hidden_lines(self) -> set[int]:
        """Code lines plus HTML comment blocks: nothing there is a link, heading or prose."""
        out = self.verbatim_lines()
        for h in self.html_blocks:
            if h.content.lstrip().startswith("<!--"):
                out.update(range(h.start, h.end))
        return out


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    md.disable("inline")
    return md


# cmark-gfm's delimiter-row test (scan_table_start): optional pipe, cells of `:?-+:?`
_DELIMITER_ROW = re.compile(r"[ \t]{0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\Z")

_CLOSING_FENCE = re.compile(r"[ \t>]*(`{3,}|~{3,})[ \t]*\Z")


def _fence_closed(lines: list[str], start: int, end: int, marker: str) -> bool:
    if end - start < 2:
        return False
    m = _CLOSING_FENCE.match(lines[end - 1])
    return bool(m and m.group(1)[0] == marker[0] and len(m.group(1)) >= len(marker))


# HTML blocks of CommonMark types 1-5 end at a marker, not a blank line: inside one, a
# line's text decides where the block ends, so such lines are never abbreviated
_RAW_HTML = re.compile(
    r" {0,3}(?:(<!--)|(<\?)|(<!\[CDATA\[)|(<![A-Za-z])|<(script|pre|style|textarea)(?=[\s>]|\Z))",
    re.IGNORECASE,
)
_RAW_END = {1: "-->", 2: "?>", 3: "]]>", 4: ">"}


def skeleton(lines: list[str]) -> tuple[str, list[int] | None]:
    """The text markdown-it needs to see, and the source line of each of its lines.

    A line that starts with a pipe is a table row or paragraph text whatever it
    holds, and so is every such line right after it: markdown-it only needs the
    first line of such a run, cut to `|x|` (it splits every cell, so length is
    time). The rest of the run is left out and attached to the block of the
    line before it when maps are translated back. Kept whole: header rows
    (followed by a delimiter row), delimiter rows, indented lines, and anything
    inside an HTML block that ends at a marker rather than a blank line.
    """
    out: list[str] = []
    kept: list[int] = []
    n = len(lines)
    raw_end: str | None = None
    prev_row = False  # the line before was an unindented row-like line
    dropped = False
    for i, t in enumerate(lines):
        if raw_end is not None:
            if raw_end in t.lower():
                raw_end = None
            out.append(t)
            kept.append(i)
            prev_row = False
            continue
        if "<" in t[:14]:
            m = _RAW_HTML.match(t)
            if m:
                kind = m.lastindex or 5
                end = _RAW_END.get(kind, f"</{m.group(5)}>".lower() if m.group(5) else ">")
                if end not in t[m.end() :].lower():
                    raw_end = end
                out.append(t)
                kept.append(i)
                prev_row = False
                continue
        row = t.startswith("|")
        if row and not _DELIMITER_ROW.match(t) and not (i + 1 < n and _DELIMITER_ROW.match(lines[i + 1])):
            if prev_row:
                dropped = True
                continue  # continues the block of the line before, whatever that block is
            out.append("|x|" if len(t) > 16 else t)
            kept.append(i)
            prev_row = True
            continue
        out.append(t)
        kept.append(i)
        prev_row = row
    return "\n".join(out), (kept if dropped else None)


def scan(text: str, lines: list[str]) -> BlockMap:
    """Map the blocks of `text` (BOM already removed); `lines` are its line texts."""
    out = BlockMap()
    source, kept = skeleton(lines)
    tokens = _parser().parse(source)
    n_lines = len(lines)

    def start_of(k: int) -> int:
        return kept[k] if kept is not None and k < len(kept) else (k if kept is None else n_lines)

    def end_of(k: int) -> int:
        # an end is exclusive: lines left out after the block's last line belong to it
        if kept is None:
            return k
        return kept[k] if k < len(kept) else n_lines

    quote_depth = 0
    # top-level blocks other than paragraphs: where a cmark paragraph cannot be
    covered: list[tuple[int, int]] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        t = tok.type
        mp = tok.map
        if mp is not None and kept is not None:
            mp = [start_of(mp[0]), end_of(mp[1])]
        if tok.level == 0 and mp and t != "paragraph_open" and tok.nesting != -1:
            covered.append((mp[0], mp[1]))
        if t == "table_open" and mp:
            # rows are contiguous from the line after the delimiter row to the table's end
            out.tables.append(TableBlock(mp[0], mp[1], list(range(mp[0] + 2, mp[1])), quote_depth > 0))
        elif t == "blockquote_open":
            quote_depth += 1
        elif t == "blockquote_close":
            quote_depth -= 1
        elif t == "fence" and mp:
            closed = _fence_closed(lines, mp[0], mp[1], tok.markup)
            out.fences.append(FenceBlock(mp[0], mp[1], tok.markup, tok.info, closed))
        elif t == "code_block" and mp:
            out.code_blocks.append((mp[0], mp[1]))
        elif t == "html_block" and mp:
            out.html_blocks.append(HtmlBlock(mp[0], mp[1], "\n".join(lines[mp[0] : mp[1]])))
        elif t == "heading_open" and mp:
            raw = tokens[i + 1].content if i + 1 < n else ""
            out.headings.append(HeadingBlock(mp[0], int(tok.tag[1:]), raw))
        i += 1
    _drop_visited_paragraph_tables(out, lines, covered)
    _end_tables_at_html(out, lines)
    return out


# CommonMark HTML block type 7: one complete open or closing tag alone on its line
_HTML_TYPE7 = re.compile(
    r" {0,3}(?:<(?!(?:script|pre|style|textarea)\b)[A-Za-z][A-Za-z0-9-]*"
    r"(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*\Z",
    re.IGNORECASE,
)


def _end_tables_at_html(out: BlockMap, lines: list[str]) -> None:
    """cmark-gfm ends a table at a line that starts an HTML block of type 7 (a lone tag such
    as `</pre>`); markdown-it only lets types 1-6 interrupt, and takes the line as a row."""
    swallowed: list[tuple[int, int]] = []
    for tb in out.tables:
        for k, line in enumerate(tb.body):
            if "<" in lines[line] and _HTML_TYPE7.match(lines[line]):
                tb.end = line
                tb.body = tb.body[:k]
                # the HTML block runs to the next blank line and swallows what markdown-it saw there
                stop = line
                while stop < len(lines) and lines[stop].strip():
                    stop += 1
                swallowed.append((line, stop))
                out.html_blocks.append(HtmlBlock(line, stop, "\n".join(lines[line:stop])))
                break
    if swallowed:
        out.tables = [t for t in out.tables if not any(a < t.start < b for a, b in swallowed)]
        out.html_blocks.sort(key=lambda h: h.start)


def _drop_visited_paragraph_tables(out: BlockMap, lines: list[str], covered: list[tuple[int, int]]) -> None:
    """Emulate cmark-gfm's one try per paragraph.

    cmark-gfm tries to open a table at the first delimiter-like line inside a
    paragraph; if the header does not match, the paragraph is marked visited
    and no later line of it can start a table. markdown-it tries every line, so
    it finds tables GitHub never renders.
    """
    if not out.tables:
        return
    starts = sorted(covered)
    keep: list[TableBlock] = []
    ci = 0
    prev_end = 0
    for tb in out.tables:
        while ci < len(starts) and starts[ci][0] < tb.start:
            prev_end = max(prev_end, starts[ci][1])
            ci += 1
        if tb.quoted:
            keep.append(tb)
            continue
        # the paragraph (or link reference definitions) cmark-gfm sees above the header
        top = tb.start
        while top - 1 >= prev_end and lines[top - 1].strip():
            top -= 1
        if any(_DELIMITER_ROW.match(lines[k]) for k in range(top + 1, tb.start + 1)):
            continue
        keep.append(tb)
    out.tables = keep
