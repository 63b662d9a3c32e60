"""What a table row says about a paper: title, link, authors, date, venue, badges, links.

Two layouts are understood. Badge tables (the seed's family) put date/venue
badges, the title link and the authors in one cell, separated by `<br>`.
Plain tables put each field in a column named after it. Columns are read by
their header names; anything not understood is kept verbatim in `extras`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from mdsurvey.syntax.htmlsnippet import plain_text
from mdsurvey.syntax.inline import Item, Partners, scan_cells
from mdsurvey.syntax.shields import BadgeSpec, parse_badge_url

ARXIV_URL = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?/\d{7}))(v\d+)?",
    re.IGNORECASE,
)
ARXIV_ID = re.compile(r"\A(\d{2})(\d{2})\.\d{4,5}\Z")
_DATE_BADGE = re.compile(r"\A((?:19|20)\d{2})[.\-/](0[1-9]|1[0-2])\Z")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_SHORT_YEAR = re.compile(r"'(\d{2})\Z")
_GITHUB_REPO = re.compile(r"\Ahttps?://(?:www\.)?github\.com/([^/\s?#]+/[^/\s?#]+)", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MONTH_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[.\-/](\d{1,2})(?!\d)")
_US_DATE = re.compile(r"(\d{1,2})/\d{1,2}/(\d{2})")
_AUTHOR_SEPARATOR = re.compile(r"\s*[,;，]\s*|\s+and\s+|\s*&\s*")
_EMPHASIS = re.compile(r"\A(\*\*|__|\*|_)(.+)\1\Z", re.DOTALL)

_TITLE_HEADERS = ("title", "paper title", "name", "method", "model", "paper", "papers", "标题")
_DATE_HEADERS = ("date", "time", "year", "published", "release", "日期", "时间")
_VENUE_HEADERS = ("venue", "publication", "conference", "journal", "published in", "pub")
_GENERIC_VENUE_LABELS = {"publish", "conference", "journal", "venue", "published", "pub"}


@dataclass(slots=True)
class Badge:
    """A badge image in a row: what shields.io draws (label, message, color) and where it sits."""

    alt: str
    label: str | None
    message: str
    color: str | None
    link: str | None
    image: str
    style: str  # "markdown" or "html"
    kind: str  # "static", "github-stars", "dynamic" or "image" (not shields.io)
    repo: str | None = None
    column: str = ""
    # offsets of the image URL in the row line, for in-place edits
    url_start: int = -1
    url_end: int = -1
    start: int = -1
    end: int = -1

    def to_json(self) -> dict[str, Any]:
        """The badge as an export record's field."""
        return {
            "alt": self.alt,
            "label": self.label,
            "message": self.message,
            "color": self.color,
            "link": self.link,
            "image": self.image,
            "style": self.style,
            "kind": self.kind,
            "repo": self.repo,
            "column": self.column,
        }


@dataclass(slots=True)
class Link:
    """A link in a row (not the title's, not a badge's): its text, target and column."""

    text: str
    url: str
    column: str = ""

    def to_json(self) -> dict[str, Any]:
        """The link as an export record's field."""
        return {"text": self.text, "url": self.url, "column": self.column}


@dataclass(slots=True)
class Paper:
    """What a row says about its paper; whatever is not understood stays in `extras`."""

    title: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    venue: str | None = None
    arxiv_id: str | None = None
    badges: list[Badge] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    code: str | None = None
    extras: list[str] = field(default_factory=list)
    date_source: str | None = None  # "badge", "arxiv", "column" or "venue"

    def to_json(self) -> dict[str, Any]:
        """The paper's fields of an export record."""
        return {
            "title": self.title,
            "url": self.url,
            "authors": self.authors,
            "date": self.date,
            "venue": self.venue,
            "arxiv_id": self.arxiv_id,
            "badges": [b.to_json() for b in self.badges],
            "links": [x.to_json() for x in self.links],
            "code": self.code,
            "extras": self.extras,
        }


def unescape(text: str) -> str:
    """Markdown backslash escapes and HTML entities resolved, as a reader sees them."""
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    return html.unescape(text) if "&" in text else text


def clean_title(raw: str) -> str:
    """A title cell's text without surrounding emphasis markers and spaces."""
    text = raw.strip()
    m = _EMPHASIS.match(text)
    while m:
        text = m.group(2).strip()
        m = _EMPHASIS.match(text)
    return plain_text(unescape(text)) if "<" in text else unescape(text).strip()


def arxiv_id_of(url: str) -> str | None:
    """The arXiv id (without version) an arXiv abs/pdf/html URL names, else None."""
    m = ARXIV_URL.search(url)
    return m.group(1) if m else None


def arxiv_month(arxiv_id: str) -> str | None:
    """2508.07871 -> "2025-08"."""
    m = ARXIV_ID.match(arxiv_id)
    if not m:
        return None
    yy, mm = m.group(1), m.group(2)
    if not 1 <= int(mm) <= 12:
        return None
    return f"20{yy}-{mm}"


def date_from_text(text: str) -> str | None:
    """A date column's value as "YYYY-MM" or "YYYY"."""
    t = plain_text(unescape(text))
    m = _MONTH_DATE.search(t)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    m = _US_DATE.fullmatch(t)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"20{m.group(2)}-{int(m.group(1)):02d}"
    m = _YEAR.search(t)
    return m.group(1) if m else None


def header_key(header: str) -> str:
    """A header cell folded for matching column names: plain text, no emphasis, lower case."""
    return plain_text(unescape(header)).strip().strip("*_ ").lower()


def _role(key: str) -> str:
    if "author" in key and "title" not in key:
        return "authors"
    if "title" in key:
        return "title"
    if key in _DATE_HEADERS:
        return "date"
    if any(v in key for v in _VENUE_HEADERS):
        return "venue"
    if "code" in key or "repo" in key or "github" in key:
        return "code"
    if key in _TITLE_HEADERS:
        return "title?"
    return "other"


@lru_cache(maxsize=256)
def header_keys(header: tuple[str, ...]) -> list[str]:
    """`header_key` of every header cell."""
    return [header_key(h) for h in header]


def column_roles(header: list[str]) -> list[str]:
    """The field each column holds; at most one title column."""
    return list(_column_roles(tuple(header)))


@lru_cache(maxsize=256)
def _column_roles(header: tuple[str, ...]) -> tuple[str, ...]:
    roles = [_role(k) for k in header_keys(header)]
    if "title" in roles:
        roles = ["links" if r == "title?" else r for r in roles]
    elif "title?" in roles:
        first = roles.index("title?")
        roles = ["title" if k == first else ("links" if r == "title?" else r) for k, r in enumerate(roles)]
    return tuple(roles)


@lru_cache(maxsize=16384)
def _badge_parts(url: str) -> tuple[str, BadgeSpec | None]:
    """A badge URL as a reader sees it and its shields.io spec: surveys repeat the same badge
    URLs thousands of times, and both only depend on the URL."""
    return unescape(url), parse_badge_url(url)


def _make_badge(item: Item, column: str) -> Badge:
    image, spec = _badge_parts(item.url)
    if spec is None:
        return Badge(
            item.text,
            None,
            "",
            None,
            item.link,
            image,
            item.style,
            "image",
            None,
            column,
            item.url_start,
            item.url_end,
            item.start,
            item.end,
        )
    return Badge(
        unescape(item.text),
        spec.label,
        spec.message,
        spec.color,
        item.link,
        image,
        item.style,
        spec.kind,
        spec.repo,
        column,
        item.url_start,
        item.url_end,
        item.start,
        item.end,
    )


def _split_authors(text: str) -> list[str]:
    t = plain_text(unescape(text))
    t = t.strip(" .")
    if not t:
        return []
    return [q for p in _AUTHOR_SEPARATOR.split(t) if (q := p.strip())]


def _segments(items: list[Item]) -> list[list[Item]]:
    """Items grouped by `<br>` line breaks (empty groups kept: they are empty slots)."""
    segs: list[list[Item]] = [[]]
    for it in items:
        if it.kind == "br":
            segs.append([])
        else:
            segs[-1].append(it)
    return segs


def _is_date_badge(b: Badge) -> bool:
    return (b.label or "").lower() == "arxiv" and bool(_DATE_BADGE.match(b.message))


def _venue_of(b: Badge) -> str | None:
    if b.kind != "static" or b.label is None or not b.message:
        return None
    label = b.label.strip()
    if label.lower() == "arxiv":
        return None
    if label.lower() in _GENERIC_VENUE_LABELS:
        return b.message
    if _YEAR.fullmatch(b.message.strip()):
        return f"{label} {b.message.strip()}"
    return None


def extract(
    line: str, spans: list[tuple[int, int]], header: list[str], partners: Partners | None = None
) -> Paper:
    """The paper a row describes; `spans` are its cells' offsets in `line`."""
    paper = Paper()
    date_text, venue_text = _read_cells(paper, line, spans, header, partners)
    _find_url(paper)
    _find_arxiv_id(paper)
    _find_date_and_venue(paper, date_text, venue_text)
    _find_code(paper)
    return paper


def _read_cells(
    paper: Paper, line: str, spans: list[tuple[int, int]], header: list[str], partners: Partners | None
) -> tuple[str | None, str | None]:
    """Badges, links, authors and extras from every cell, the title cell last; the raw date
    and venue column texts are returned for the later steps."""
    roles = column_roles(header)
    keys = header_keys(tuple(header))
    date_text: str | None = None
    venue_text: str | None = None
    title_items: list[Item] | None = None
    badges, links, extras = paper.badges, paper.links, paper.extras
    for k, items in enumerate(scan_cells(line, spans, partners)):
        start, end = spans[k]
        role = roles[k] if k < len(roles) else "extra"
        column = keys[k] if k < len(keys) else ""
        if role == "title" and title_items is None:
            title_items = items
        for it in items:
            if it.kind == "badge":
                badges.append(_make_badge(it, column))
        if role == "date":
            date_text = line[start:end]
        elif role == "venue":
            v = plain_text(unescape(line[start:end]))
            if v and v not in ("-", "—"):
                venue_text = v
        elif role == "authors":
            paper.authors = _split_authors(line[start:end])
        if role != "title":
            keep_text = role not in ("date", "venue", "authors")
            for it in items:
                if it.kind == "link":
                    links.append(Link(plain_text(unescape(it.text)), unescape(it.url), column))
                elif keep_text and it.kind in ("text", "html", "comment"):
                    extras.append(line[it.start : it.end].strip())
    if title_items is not None:
        _read_title_cell(paper, line, title_items)
    return date_text, venue_text


def _find_url(paper: Paper) -> None:
    """A paper without a title link: plain tables often link it from its own column
    ("Paper", "pdf", "arXiv")."""
    if paper.url is None and paper.title:
        for x in paper.links:
            if x.column in ("paper", "pdf", "arxiv", "link", "links") and not _GITHUB_REPO.match(x.url):
                paper.url = x.url
                break


def _find_arxiv_id(paper: Paper) -> None:
    """The arXiv id: from the title link first, then any link or badge link, then an arXiv
    badge's message."""
    urls = [paper.url or ""] + [x.url for x in paper.links] + [b.link or "" for b in paper.badges]
    for u in urls:
        aid = arxiv_id_of(u)
        if aid:
            paper.arxiv_id = aid
            return
    for b in paper.badges:
        if (b.label or "").lower() == "arxiv" and ARXIV_ID.match(b.message):
            paper.arxiv_id = b.message
            return


def _find_date_and_venue(paper: Paper, date_text: str | None, venue_text: str | None) -> None:
    """Venue from badges or the venue column; date from (in order) a date badge, a month in
    the date column, the arXiv id, a year in the date column, a year in the venue."""
    for b in paper.badges:
        if _is_date_badge(b):
            paper.date = b.message[:4] + "-" + b.message[5:7]
            paper.date_source = "badge"
            break
        if paper.venue is None:
            paper.venue = _venue_of(b)
    if paper.venue is None and venue_text is not None:
        paper.venue = venue_text
    column_date = date_from_text(date_text) if date_text is not None else None
    if paper.date is None and column_date and len(column_date) == 7:
        paper.date, paper.date_source = column_date, "column"
    if paper.date is None and paper.arxiv_id:
        paper.date = arxiv_month(paper.arxiv_id)
        paper.date_source = "arxiv" if paper.date else None
    if paper.date is None and column_date:
        paper.date, paper.date_source = column_date, "column"
    if paper.date is None and paper.venue:
        m = _YEAR.search(paper.venue)
        sm = _SHORT_YEAR.search(paper.venue)
        if m:
            paper.date = m.group(1)
        elif sm:
            paper.date = "20" + sm.group(1)
        paper.date_source = "venue" if paper.date else None


def _find_code(paper: Paper) -> None:
    """The code repository: a GitHub stars badge's link, then a GitHub link (or the title
    link), then the repository a stars badge counts."""
    for b in paper.badges:
        if b.kind == "github-stars" and b.link and _GITHUB_REPO.match(b.link):
            paper.code = _repo_url(b.link)
            return
    for url in [*(x.url for x in paper.links), paper.url or ""]:
        if _GITHUB_REPO.match(url):
            paper.code = _repo_url(url)
            return
    for b in paper.badges:
        if b.kind == "github-stars" and b.repo:
            paper.code = "https://github.com/" + b.repo
            return


def _repo_url(url: str) -> str:
    m = _GITHUB_REPO.match(url)
    assert m
    repo = m.group(1)
    if repo.endswith(".git"):
        repo = repo[:-4]
    return "https://github.com/" + repo


def _read_title_cell(paper: Paper, line: str, items: list[Item]) -> None:
    """Title, url and authors from the title cell; the rest goes to extras/links."""
    segs = _segments(items)
    # "badges <br><br> authors": the line where the title belongs is empty
    title_seen = (
        len(segs) >= 3 and bool(segs[0]) and all(it.kind == "badge" for it in segs[0]) and not segs[1]
    )
    for seg in segs:
        if not seg:
            continue
        links = [it for it in seg if it.kind == "link"]
        texts = [it for it in seg if it.kind in ("text", "html")]
        if not title_seen and links:
            title = links[0]
            paper.title = clean_title(title.text)
            paper.url = unescape(title.url)
            title_seen = True
            for it in seg:
                if it is title or it.kind == "badge":
                    continue
                if it.kind == "link":
                    paper.links.append(Link(plain_text(unescape(it.text)), unescape(it.url), "title"))
                else:
                    paper.extras.append(line[it.start : it.end].strip())
            continue
        if not title_seen and texts and not links:
            raw = "".join(line[it.start : it.end] for it in seg if it.kind != "badge")
            text = clean_title(raw)
            if text:
                paper.title = text
                title_seen = True
            continue
        if title_seen and not paper.authors and texts and not links:
            raw = "".join(line[it.start : it.end] for it in seg if it.kind != "badge")
            paper.authors = _split_authors(raw)
            continue
        for it in seg:
            if it.kind == "link":
                paper.links.append(Link(plain_text(unescape(it.text)), unescape(it.url), "title"))
            elif it.kind in ("text", "html", "comment"):
                paper.extras.append(line[it.start : it.end].strip())
