"""Cutting one table cell into inline items: badges, images, links, line breaks, text.

A hand-written scanner instead of markdown-it's inline parser: it keeps exact
offsets (fixes edit a badge URL in place), costs a fraction of a full inline
parse, and stays linear on hostile input because bracket and parenthesis
partners are found once per line with a stack, never by rescanning.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from mdsurvey.syntax.htmlsnippet import attributes, tag_name
from mdsurvey.syntax.tokens import Item as Item
from mdsurvey.syntax.tokens import RowTokens, cells_items, img_item, tokenize

_BR = re.compile(r"<br\s*/?\s*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_COMMENT_CELL = re.compile(r"\[//\]:\s*#")
# the only characters where an item can start (a backslash skips the next character)
_SPECIAL = re.compile(r"[\\<!\[]")
_BLANK = re.compile(r"[ \t]")
_NOT_BLANK = re.compile(r"[^ \t]")
_CLOSE_A = re.compile(r"</a\s*>", re.IGNORECASE)


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

    __slots__ = ("_close_a", "_pairs", "_tokens", "line")

    def __init__(self, line: str) -> None:
        self.line = line
        # all found on first use: a row the fast tokenizer reads never needs the exact pairing
        self._tokens: RowTokens | bool | None = False  # False: not tokenized yet; None: no fast path
        self._pairs: tuple[dict[int, int], dict[int, int]] | None = None
        self._close_a: list[tuple[int, int]] | None = None

    def tokens(self) -> RowTokens | None:
        """The line's fast tokenization (`tokens.tokenize`), made once; None where the line
        needs the exact scanner."""
        if self._tokens is False:
            self._tokens = tokenize(self.line)
        assert self._tokens is not True
        return self._tokens

    def take_items(self) -> list[Item] | None:
        """The fast tokenization's items, handed out once (their owner may change them)."""
        got = self.tokens()
        if got is None or got.items is None:
            return None
        items, got.items = got.items, None
        return items

    def _paired(self) -> tuple[dict[int, int], dict[int, int]]:
        if self._pairs is None:
            line = self.line
            self._pairs = _partners(line, 0, len(line)) if "[" in line else ({}, {})
        return self._pairs

    @property
    def brackets(self) -> dict[int, int]:
        """Offset of every paired `[` -> offset of its `]`."""
        return self._paired()[0]

    @property
    def parens(self) -> dict[int, int]:
        """Offset of every paired `(` -> offset of its `)`."""
        return self._paired()[1]

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
        self.brackets = self.p._paired()[0]
        self.parens = self.p._paired()[1]

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
        """The items of s[lo:hi], in order."""
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
            return img_item(s, i, m.end(), tag)
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


def scan_cells(
    line: str, spans: Sequence[tuple[int, int]], partners: Partners | None = None
) -> list[list[Item]]:
    """Items of each cell (`spans` are offsets into `line`, in order), the same as `scan_cell`
    gives cell by cell: from the one-regex tokenization where the row allows, else from the
    exact scanner. Pass the row's `Partners` to share its tokenization."""
    partners = partners if partners is not None else Partners(line)
    tokens = partners.take_items()
    if tokens is not None:
        cells = cells_items(line, spans, tokens)
        if cells is not None:
            return cells
    return [scan_cell(line, start, end, partners) for start, end in spans]


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
