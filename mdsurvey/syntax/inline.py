"""Cutting one table cell into inline items: badges, images, links, line breaks, text.

A hand-written scanner instead of markdown-it's inline parser: it keeps exact
offsets (fixes edit a badge URL in place), costs a fraction of a full inline
parse, and stays linear on hostile input because bracket and parenthesis
partners are found once per line with a stack, never by rescanning.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from mdsurvey.syntax.htmlsnippet import attributes, tag_name

_BR = re.compile(r"<br\s*/?\s*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_COMMENT_CELL = re.compile(r"\[//\]:\s*#")
# the only characters where an item can start (a backslash skips the next character)
_SPECIAL = re.compile(r"[\\<!\[]")
_BLANK = re.compile(r"[ \t]")
_NOT_BLANK = re.compile(r"[^ \t]")
_CLOSE_A = re.compile(r"</a\s*>", re.IGNORECASE)


@dataclass
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


_BRACKETS = re.compile(r"\\.|[\[\]()]", re.DOTALL)


# a link destination right after `](`: no spaces, parentheses balanced one level deep
_PARENS = re.compile(r"[()]")
_DESTINATION = re.compile(r"[^\s()]*(?:\([^\s()]*\)[^\s()]*)*\)")


def _partners(s: str, lo: int, hi: int) -> tuple[dict[int, int], dict[int, int]]:
    """Partners of every `[` and `(` in s[lo:hi], skipping backslash escapes; one pass.

    Brackets inside a link destination (`](https://x.org/a[1])`) are part of the URL, as
    in CommonMark, so a destination is stepped over whole once its `](` is seen.
    """
    brackets: dict[int, int] = {}
    parens: dict[int, int] = {}
    sq: list[int] = []
    rd: list[int] = []
    pos = lo
    search = _BRACKETS.search
    while True:
        m = search(s, pos, hi)
        if m is None:
            break
        c = m.group()
        pos = m.end()
        if c == "[":
            sq.append(m.start())
        elif c == "]":
            if sq:
                brackets[sq.pop()] = m.start()
                if s.startswith("(", pos) and pos < hi:
                    d = _DESTINATION.match(s, pos + 1, hi)
                    if d is not None:
                        end = d.end() - 1  # the closing parenthesis
                        for p in _PARENS.finditer(s, pos, end + 1):
                            if p.group() == "(":
                                rd.append(p.start())
                            elif rd:
                                parens[rd.pop()] = p.start()
                        pos = end + 1
        elif c == "(":
            rd.append(m.start())
        elif c == ")" and rd:
            parens[rd.pop()] = m.start()
    return brackets, parens


class Partners:
    """Bracket and parenthesis partners of a whole row line, found once and shared by its cells.

    Cells are cut at pipes first, so a scanner only accepts partners inside its own cell.
    """

    __slots__ = ("_close_a", "brackets", "line", "parens")

    def __init__(self, line: str) -> None:
        self.line = line
        self.brackets, self.parens = _partners(line, 0, len(line)) if "[" in line else ({}, {})
        self._close_a: list[tuple[int, int]] | None = None

    def close_a(self, start: int, hi: int) -> tuple[int, int] | None:
        """The first `</a>` (start, end) in [start, hi), by bisection over all of the line's."""
        if self._close_a is None:
            self._close_a = [(m.start(), m.end()) for m in _CLOSE_A.finditer(self.line)]
        k = bisect_left(self._close_a, (start, -1))
        if k < len(self._close_a) and self._close_a[k][1] <= hi:
            return self._close_a[k]
        return None


class _Scanner:
    def __init__(
        self, line: str, lo: int, hi: int, partners: Partners | None = None, nested: bool = False
    ) -> None:
        self.nested = nested  # scanning inside a link: a badge there is not unwrapped again
        self.s = line
        self.lo = lo
        self.hi = hi
        self.p = partners if partners is not None else Partners(line)
        self.brackets = self.p.brackets
        self.parens = self.p.parens

    def destination(self, open_paren: int) -> tuple[str, int, int, int] | None:
        """Parse `(url "title")` at `open_paren`: (url, url_start, url_end, end)."""
        close = self.parens.get(open_paren)
        if close is None:
            return None
        s = self.s
        i = open_paren + 1
        m = _NOT_BLANK.search(s, i, close)
        i = m.start() if m else close
        if i < close and s[i] == "<":
            gt = s.find(">", i, close)
            if gt == -1:
                return None
            return s[i + 1 : gt], i + 1, gt, close + 1
        m = _BLANK.search(s, i, close)
        j = m.start() if m else close
        if j < close:
            rest = s[j:close].strip()
            if rest and not (rest[0] in "\"'(" and len(rest) > 1):
                return None
        return s[i:j], i, j, close + 1

    def link_at(self, i: int) -> tuple[int, int, tuple[str, int, int, int]] | None:
        """`[text](dest)` starting at `i`: (text_start, text_end, destination)."""
        close = self.brackets.get(i)
        if close is None or close + 1 >= self.hi or self.s[close + 1] != "(":
            return None
        dest = self.destination(close + 1)
        if dest is None or dest[3] > self.hi:
            return None
        return i + 1, close, dest

    def items(self) -> list[Item]:
        s, hi = self.s, self.hi
        out: list[Item] = []
        i = self.lo
        text_start = i

        def flush(upto: int) -> None:
            if upto > text_start and s[text_start:upto].strip():
                out.append(Item("text", text_start, upto, s[text_start:upto]))

        special = _SPECIAL.search
        while i < hi:
            m = special(s, i, hi)
            if m is None:
                break
            i = m.start()
            c = s[i]
            if c == "\\":
                i += 2
                continue
            item: Item | None = None
            if c == "<":
                item = self._html(i)
            elif c == "!" and i + 1 < hi and s[i + 1] == "[":
                item = self._image(i)
            elif c == "[":
                item = self._link(i)
            if item is None:
                i += 1
                continue
            flush(i)
            out.append(item)
            i = item.end
            text_start = i
        flush(hi)
        return out

    def _image(self, i: int) -> Item | None:
        got = self.link_at(i + 1)
        if got is None:
            return None
        ts, te, (url, us, ue, end) = got
        return Item("badge", i, end, self.s[ts:te], url, None, "markdown", us, ue)

    def _link(self, i: int) -> Item | None:
        s = self.s
        if _COMMENT_CELL.match(s, i, self.hi):
            return Item("comment", i, self.hi, s[i : self.hi])
        got = self.link_at(i)
        if got is None:
            return None
        ts, te, (url, us, ue, end) = got
        inner = s[ts:te].strip()
        if inner.startswith("![") or inner.startswith("<img"):
            sub = _Scanner(s, ts, te, self.p, nested=True).items() if not self.nested else []
            badges = [x for x in sub if x.kind == "badge"]
            if len(badges) == 1 and all(x.kind in ("badge",) for x in sub):
                b = badges[0]
                b.start, b.end, b.link = i, end, url
                return b
        return Item("link", i, end, s[ts:te], url, None, "markdown", us, ue)

    def _html(self, i: int) -> Item | None:
        s = self.s
        m = _BR.match(s, i, self.hi)
        if m:
            return Item("br", i, m.end(), m.group())
        m = _HTML_TAG.match(s, i, self.hi)
        if not m:
            return None
        tag = m.group()
        name = tag_name(tag)
        if name == "img":
            attrs = attributes(tag)
            src = attrs.get("src", "")
            us = s.find(src, i, m.end()) if src else -1
            return Item(
                "badge",
                i,
                m.end(),
                attrs.get("alt", ""),
                src,
                None,
                "html",
                us,
                us + len(src) if us >= 0 else -1,
            )
        if name == "a":
            found = self.p.close_a(m.end(), self.hi)
            if found:
                close, close_end = found
                href = attributes(tag).get("href", "")
                sub = _Scanner(s, m.end(), close, self.p, nested=True).items() if not self.nested else []
                badges = [x for x in sub if x.kind == "badge"]
                if len(badges) == 1 and all(x.kind == "badge" for x in sub):
                    b = badges[0]
                    b.start, b.end, b.link = i, close_end, href
                    return b
                return Item("link", i, close_end, s[m.end() : close], href, None, "html")
        return Item("html", i, m.end(), tag)


def scan_cell(line: str, start: int, end: int, partners: Partners | None = None) -> list[Item]:
    """Items of the cell `line[start:end]`, in order, offsets into `line`; pass the line's
    `Partners` when scanning several cells of one line."""
    return _Scanner(line, start, end, partners).items()


_BACKTICKS = re.compile(r"\\.|`+", re.DOTALL)


def code_spans(s: str) -> list[tuple[int, int]]:
    """Code span extents by CommonMark's rule: a backtick run closes at the next run of equal length."""
    runs = [(m.start(), len(m.group())) for m in _BACKTICKS.finditer(s) if m.group()[0] == "`"]
    by_length: dict[int, list[int]] = {}
    for k, (_, length) in enumerate(runs):
        by_length.setdefault(length, []).append(k)
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(runs):
        pos, length = runs[k]
        same = by_length[length]
        j = bisect_right(same, k)
        if j == len(same):
            k += 1
        else:
            close = same[j]
            spans.append((pos, runs[close][0] + length))
            k = close + 1
    return spans
