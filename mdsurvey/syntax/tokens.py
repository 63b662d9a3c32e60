"""One regex pass over a table row: its inline items, cell by cell, as the exact scanner finds them.

Most rows of a survey are built from a handful of shapes: plain text, `\\` escapes,
pipes, `[![alt](src)](link)` badges, `![alt](src)` images, `[text](url)` links
(also `[[pdf]](url)`), `<br>`, other short tags (`<img …>`, `<sub>`) and `[//]: #`
notes. One compiled pattern reads "a run of plain text, then one such token" and is
applied from the start of the line to its end; items are built straight from the
matches. Anything else (a stray `[`, a `<` that is not a tag, `<a href>` badges,
destinations with spaces, titles or parentheses) makes `row_tokens` return None, and
the caller uses `inline.scan_cell`, the exact scanner, which is also what keeps
hostile input linear. The fast grammar only accepts rows where every bracket and
parenthesis pair lies inside one token, so the line-wide pairing the exact scanner
does cannot reach from one token into another: both give the same items (a test
compares them on every corpus row, the fixtures and generated rows).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mdsurvey.syntax.htmlsnippet import attributes, tag_name


@dataclass(slots=True)
class Item:
    """One inline item; offsets are into the row line, `end` exclusive.

    kind: "badge" (an image, maybe wrapped in a link), "link", "br", "html"
    (a tag that is not a badge), "comment" (a `[//]: #` note) or "text".
    For images `url` is the image source and `url_start`/`url_end` locate it.
    """

    kind: str
    start: int
    end: int
    text: str = ""
    url: str = ""
    link: str | None = None
    style: str = "markdown"
    url_start: int = -1
    url_end: int = -1


def img_item(line: str, start: int, end: int, tag: str) -> Item:
    """The badge an `<img …>` tag at `line[start:end]` makes (its `src` located in the line)."""
    attrs = attributes(tag)
    src = attrs.get("src", "")
    us = line.find(src, start, end) if src else -1
    ue = us + len(src) if us >= 0 else -1
    return Item("badge", start, end, attrs.get("alt", ""), src, None, "html", us, ue)

# possessive runs throughout: a failed token must not make the plain-text run backtrack
_PLAIN = r"(?:[^\\|\[\]!<]++|\\.|!(?!\[))*+"  # no item can start in it
# the plain text between items: pipes are plain here (no token spans one, and cells are cut
# at them by the caller); a stray `]` closes nothing, but `](` after one is left to the
# exact scanner
_TEXT = r"(?:[^\\\[\]!<]++|\\.|!(?!\[)|\](?!\())*+"
_INNER = r"(?:[^\[\]\\|]++|\\.)*+"
# no spaces, parentheses or `<`: `inline._DESTINATION` then matches the same extent and
# the exact scanner's parenthesis pairing stays inside it (a backslash is a plain character
# there: `arXiv-2025\.10` in a badge URL)
_DEST = r"[^\s()|<]*+"
_TOKEN = re.compile(
    rf"""{_TEXT}
    (?:
      (?P<comment>\[//\]:\s*\#(?:[^\\|\[\]]++|\\.)*+)
    | (?P<blink>\[!\[(?P<ba>{_INNER})\]\((?P<bs>{_DEST})\)\]\((?P<bl>{_DEST})\))
    | (?P<image>!\[(?P<ia>{_INNER})\]\((?P<is>{_DEST})\))
    | (?P<link>\[(?P<lt>(?:[^\[\]\\|]++|\\.|\[{_INNER}\](?!\())*+)\]\((?P<lu>{_DEST})\))
    | (?P<brackets>\[{_PLAIN}\](?!\())
    | (?P<br>(?i:<br\s*/?\s*>))
    | (?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>|\[\]\\]*+)?/?>)
    | (?P<end>\Z)
    | (?P<other>)  # anything else: the exact scanner's (a match always ends here, so
    )              # finditer never searches ahead: linear)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(slots=True)
class RowTokens:
    """A row line read by the fast grammar: its non-text items in order (a "comment" ends
    where its match does; None once handed out). Bracket pairs are not kept: the grammar puts
    every pair inside one token, and the one rule that asks for pairs (MS107, on rows with a
    code span) gets them from the exact scanner (`inline.Partners.brackets`)."""

    items: list[Item] | None


def tokenize(line: str) -> RowTokens | None:
    """The whole line read by the fast grammar, or None where it needs the exact scanner."""
    out: list[Item] = []
    append = out.append
    for m in _TOKEN.finditer(line):
        kind = m.lastgroup
        if kind == "blink":
            start, end, bs = m.start(kind), m.end(), m.start("bs")
            append(Item("badge", start, end, m["ba"], m["bs"], m["bl"], "markdown", bs, m.end("bs")))
        elif kind == "image":
            start, end, us = m.start(kind), m.end(), m.start("is")
            append(Item("badge", start, end, m["ia"], m["is"], None, "markdown", us, m.end("is")))
        elif kind == "link":
            text = m["lt"]
            stripped = text.lstrip()
            if stripped.startswith("![") or stripped.startswith("<img"):
                return None  # maybe a badge wrapped in a link: the exact scanner decides
            start, end, us = m.start(kind), m.end(), m.start("lu")
            append(Item("link", start, end, text, m["lu"], None, "markdown", us, m.end("lu")))
        elif kind == "br":
            append(Item("br", m.start(kind), m.end(), m["br"]))
        elif kind == "brackets":
            pass  # `[Benchmark]`: a bracket pair that is no link reads as text
        elif kind == "tag":
            tag = m["tag"]
            name = tag_name(tag)
            if name == "img":
                append(img_item(line, m.start(kind), m.end(), tag))
            elif name == "a":
                return None  # `<a href>…</a>`: pairing with its `</a>` is the exact scanner's
            else:
                append(Item("html", m.start(kind), m.end(), tag))
        elif kind == "comment":
            start = m.start(kind)
            # trailing blanks are outside the last cell: end the note before them
            append(Item("comment", start, start + len(m["comment"].rstrip(" \t"))))
        elif kind == "end":
            break
        else:
            return None
    return RowTokens(out)


def cells_items(
    line: str, spans: Sequence[tuple[int, int]], tokens: Sequence[Item]
) -> list[list[Item]] | None:
    """Items of each cell `line[start:end]` (spans in order): the tokens inside it, themselves,
    with text items between them, as `inline.scan_cell` gives them. None where a token
    crosses a cell edge or a cell starts right after a backslash (the exact scanner's
    escapes would pair differently there)."""
    out: list[list[Item]] = []
    k, n = 0, len(tokens)
    prev_end = 0
    for start, end in spans:
        if start < prev_end or (start > 0 and line[start - 1] == "\\"):
            return None
        prev_end = end
        while k < n and tokens[k].start < start:
            if tokens[k].end > start:
                return None
            k += 1
        items: list[Item] = []
        text_start = start
        while k < n and tokens[k].start < end:
            tok = tokens[k]
            k += 1
            if tok.end > end:
                return None
            if text_start < tok.start and line[text_start : tok.start].strip():
                items.append(Item("text", text_start, tok.start, line[text_start : tok.start]))
            if tok.kind == "comment":
                # a note runs to the end of its cell, whatever follows
                items.append(Item("comment", tok.start, end, line[tok.start : end]))
                while k < n and tokens[k].start < end:
                    if tokens[k].end > end:
                        return None
                    k += 1
                text_start = end
                break
            items.append(tok)
            text_start = tok.end
        if text_start < end and line[text_start:end].strip():
            items.append(Item("text", text_start, end, line[text_start:end]))
        out.append(items)
    return out
