"""What `check --online` gathers from one file (its links and arXiv claims, `collect`) and what
the online rules (MS7xx) are given back (`FileResults`); the run itself is `mdsurvey.lint.online`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Edit, Finding, Fix
from mdsurvey.survey.model import Row
from mdsurvey.survey.paper import Badge, extract
from mdsurvey.syntax.cells import split_cells
from mdsurvey.syntax.inline import code_spans

if TYPE_CHECKING:  # the online package (an HTTP client) is imported only by a run that goes online
    from mdsurvey.online import LinkResult, PaperClaim, PaperResult, RepoResult

# the online rules, in code order: their check offline finds nothing
ONLINE_CODES = ("MS701", "MS702", "MS703", "MS704", "MS705", "MS706", "MS707", "MS708")

# an absolute link target: a Markdown link or image, or an HTML href/src
_WEB_TARGET = re.compile(r"""(?:\]\(\s*<?|\b(?:href|src)\s*=\s*["'])(https?://[^\s()"'<>]+)""", re.IGNORECASE)
_LIST_ITEM = re.compile(r"\A\s*(?:[-*+]|\d{1,9}[.)])\s")
# what a fix may write as a link destination: an address that needs no escaping in a table cell
# (no blank, pipe, bracket, parenthesis, quote, angle bracket, backslash or backtick; ASCII)
_SAFE_URL = re.compile(r"\Ahttps?://[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+\Z")
# where a checked URL may end: the destination's end, not a `(` the pattern stopped before
_URL_END = frozenset(")\"'> \t")


@dataclass(frozen=True)
class Spot:
    """Where a link is: the file, its 1-based line, and the 1-based columns of its URL."""

    path: str
    line: int
    column: int
    end_column: int


@dataclass(frozen=True)
class RowSpot:
    """A paper row with an arXiv id: where it is, its title's column and its date badge."""

    path: str
    line: int
    column: int
    row: Row
    badge: Badge | None


Where = Spot | RowSpot


@dataclass
class FileResults:
    """What the network said about one file: each link (once per place) and each row's paper."""

    links: list[tuple[Spot, LinkResult[Where]]] = field(default_factory=list)
    papers: list[tuple[RowSpot, PaperResult[Where]]] = field(default_factory=list)
    # paper rows by 1-based line, made on first use
    _rows: dict[int, Row] | None = field(default=None, init=False, repr=False, compare=False)

    def row_at(self, ctx: Context, line: int) -> Row | None:
        """The paper row on 1-based `line` of the file, if it is one."""
        if self._rows is None:
            self._rows = {r.line: r for t in ctx.facts.paper_tables for r in t.rows}
        return self._rows.get(line)


def url_fix(
    ctx: Context,
    res: FileResults,
    code: str,
    description: str,
    line: int,
    replacements: Iterable[tuple[Spot, str, str]],
    applicability: Applicability,
) -> Fix | None:
    """A fix pointing links of one line elsewhere: each (spot, old URL, new URL) replaced where the
    spot says; None when a spot no longer holds its URL. A row whose paper link changes declares
    it, so the fixer's check that no paper is lost expects the new link."""
    text = ctx.texts[line - 1]
    new = text
    for spot, old, new_url in sorted(set(replacements), key=lambda x: -x[0].column):
        lo, hi = spot.column - 1, spot.end_column - 1
        if spot.line != line or new[lo:hi] != old or not _SAFE_URL.match(new_url):
            return None  # the line changed, or an address that would need escaping: a person writes it
        if hi < len(new) and new[hi] not in _URL_END:
            return None
        new = new[:lo] + new_url + new[hi:]
    if new == text:
        return None
    removes: list[tuple[str | None, str | None]] = []
    adds: list[tuple[str | None, str | None]] = []
    row = res.row_at(ctx, line)
    if row is not None:
        # the paper the new line describes, read as the parser reads it (escapes and all)
        spans = [(s.start, s.end) for s in split_cells(new, row.table.quoted)]
        if len(spans) != len(row.spans):
            return None  # the cells would split otherwise
        after, before = extract(new, spans, row.table.header), row.paper
        if (after.title, after.url) != (before.title, before.url):
            removes, adds = [(before.title, before.url)], [(after.title, after.url)]
    return Fix(code, description, [Edit(line - 1, line, (new,))], applicability, removes=removes, adds=adds)


OnlineCheck = Callable[[Context, FileResults], Iterable[Finding]]


def _checked_urls(text: str) -> Iterator[tuple[int, str]]:
    """(0-based column, URL) of the absolute links of one line worth asking about: a shields.io
    badge only when it names a GitHub repository (its image says nothing else checkable)."""
    from mdsurvey.online import repo_of

    spans = code_spans(text) if "`" in text else []
    for m in _WEB_TARGET.finditer(text):
        url = m.group(1)
        if url.lower().startswith(("https://img.shields.io/", "http://img.shields.io/")) and not repo_of(url):
            continue
        if m.end(1) < len(text) and text[m.end(1)] not in _URL_END:
            continue  # `…/Foo_(bar))`: the pattern stopped inside the address; asking a part would mislead
        if any(a <= m.start() < b and "|" not in text[a:b] for a, b in spans):
            continue  # inside `code` (a span never crosses a cell's pipe): shown as text, not a link
        yield m.start(1), url


def collect(ctx: Context) -> tuple[list[tuple[str, Where]], list[PaperClaim[Where]]]:
    """The links of the file's paper rows and lists, and a claim per row with an arXiv id."""
    from mdsurvey.lint.rules._shared.rows import VALID_DATE, date_badge  # the rules import this module
    from mdsurvey.online import PaperClaim

    links: list[tuple[str, Where]] = []
    claims: list[PaperClaim[Where]] = []
    row_lines: set[int] = set()
    for table in ctx.facts.paper_tables:
        for row in table.rows:
            row_lines.add(row.line - 1)
            for col, url in _checked_urls(row.source):
                links.append((url, Spot(ctx.path, row.line, col + 1, col + len(url) + 1)))
            p = row.paper
            if p.arxiv_id:
                b = date_badge(row)
                badge = b if b is not None and VALID_DATE.match(b.message) else None
                month = badge.message[:4] + "-" + badge.message[5:7] if badge else None
                at = row.source.find(p.title) if p.title else -1
                where = RowSpot(ctx.path, row.line, at + 1 if at >= 0 else 1, row, badge)
                claims.append(PaperClaim(p.arxiv_id, where, title=p.title, month=month))
    # a `<pre>` block is HTML: GitHub shows a Markdown link in it as its text
    blocks = ctx.survey.blocks.html_blocks
    pre = {i for h in blocks if h.content.lstrip()[:4].lower() == "<pre" for i in range(h.start, h.end)}
    for i, text in enumerate(ctx.texts):
        if i in row_lines or i in ctx.code_lines or i in pre or not _LIST_ITEM.match(text):
            continue
        for col, url in _checked_urls(text):
            links.append((url, Spot(ctx.path, i + 1, col + 1, col + len(url) + 1)))
    return links, claims


__all__ = ["ONLINE_CODES", "FileResults", "OnlineCheck", "RowSpot", "Spot", "Where", "collect", "url_fix"]


def repository_links(
    res: FileResults, wanted: Callable[[str, RepoResult], bool]
) -> Iterator[tuple[Spot, LinkResult[Where], RepoResult]]:
    """The GitHub repository links of one file whose look-up `wanted` picks, once per row and
    repository (a row's link and its stars badge name one repository: one finding)."""
    seen: set[tuple[int, str]] = set()
    for spot, link in res.links:
        repo = link.repo
        if link.kind != "github" or repo is None or not wanted(link.state, repo):
            continue
        key = (spot.line, repo.repo.lower())
        if key not in seen:
            seen.add(key)
            yield spot, link, repo
