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
    start: int  # 0-based line of the header row
    end: int  # 0-based, exclusive
    body: list[int] = field(default_factory=list)  # 0-based lines of body rows
    quoted: bool = False  # inside a blockquote: rows carry "> " markers


@dataclass
class FenceBlock:
    start: int
    end: int  # exclusive
    marker: str
    info: str
    closed: bool


@dataclass
class HtmlBlock:
    start: int
    end: int
    content: str


@dataclass
class HeadingBlock:
    line: int
    level: int
    raw: str  # inline Markdown source of the heading text


@dataclass
class BlockMap:
    tables: list[TableBlock] = field(default_factory=list)
    fences: list[FenceBlock] = field(default_factory=list)
    code_blocks: list[tuple[int, int]] = field(default_factory=list)
    html_blocks: list[HtmlBlock] = field(default_factory=list)
    headings: list[HeadingBlock] = field(default_factory=list)


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


def scan(text: str, lines: list[str]) -> BlockMap:
    """Map the blocks of `text` (BOM already removed); `lines` are its line texts."""
    out = BlockMap()
    tokens = _parser().parse(text)
    quote_depth = 0
    table: TableBlock | None = None
    in_body = False
    # top-level blocks other than paragraphs: where a cmark paragraph cannot be
    covered: list[tuple[int, int]] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        t = tok.type
        mp = tok.map
        if tok.level == 0 and mp and t != "paragraph_open" and tok.nesting != -1:
            covered.append((mp[0], mp[1]))
        if t == "tr_open" and table is not None and in_body and mp:
            table.body.append(mp[0])
        elif t == "table_open" and mp:
            table = TableBlock(mp[0], mp[1], quoted=quote_depth > 0)
            out.tables.append(table)
        elif t == "tbody_open":
            in_body = True
        elif t == "table_close":
            table, in_body = None, False
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
            out.html_blocks.append(HtmlBlock(mp[0], mp[1], tok.content))
        elif t == "heading_open" and mp:
            raw = tokens[i + 1].content if i + 1 < n else ""
            out.headings.append(HeadingBlock(mp[0], int(tok.tag[1:]), raw))
        i += 1
    _drop_visited_paragraph_tables(out, lines, covered)
    return out


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
