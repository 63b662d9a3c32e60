"""arXiv: ids as people paste them, the Atom API queried in batches (`id_list`), and a typed
record per paper with the code repository and venue its comment or abstract proposes.

The feed is read with xml.etree (no dependency; a DOCTYPE, the one way to smuggle entities
in, is refused before parsing).
"""

from __future__ import annotations

import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mdsurvey.online import proposals
from mdsurvey.online.cache import DAY, TTL_ARXIV, Cache
from mdsurvey.online.http import ARXIV_API, FetchError, HttpClient
from mdsurvey.syntax.latex import LatexError, fold, latex_text

BATCH = 50  # ids per API request: one URL stays short, one request replaces fifty
TTL_MISSING = 1 * DAY

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_PREFIX = re.compile(r"\Aarxiv:\s*", re.IGNORECASE)
_URL = re.compile(
    r"\A(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/(.+)\Z", re.IGNORECASE
)
_VERSION = re.compile(r"v\d+\Z")
_NEW = re.compile(r"\A(\d{2})(\d{2})\.(\d{4,5})\Z")
_OLD = re.compile(r"\A([a-z-]+(?:\.[A-Z]{2})?)/(\d{2})(\d{2})(\d{3})\Z")


class ArxivIdError(ValueError):
    """Text that is not an arXiv id or abs/pdf URL; the message says why."""


def parse_arxiv_id(text: str) -> str:
    """The id without its version: 2508.07871, 2508.07871v2, arXiv:2508.07871, cs/0112017 and
    arxiv.org/abs|pdf|html URLs are accepted; anything else raises ArxivIdError."""
    raw = text.strip()
    token = _PREFIX.sub("", raw)
    m = _URL.match(token)
    if m:
        token = re.split(r"[?#]", m.group(1))[0].rstrip("/")
        token = re.sub(r"\.pdf\Z", "", token, flags=re.IGNORECASE)
    elif "/" in token and "arxiv" in token.lower():
        raise ArxivIdError(f"{raw!r} is not an arXiv abs, pdf or html URL")
    token = _VERSION.sub("", token)
    old = _OLD.match(token)
    if old:
        if not 1 <= int(old.group(3)) <= 12:
            raise ArxivIdError(f"arXiv id {raw!r}: month {old.group(3)} is not 01-12")
        return token
    new = _NEW.match(token)
    if not new:
        raise ArxivIdError(
            f"{raw!r} is not an arXiv id (YYMM.NNNNN, old-style like cs/0112017, or an arxiv.org URL)"
        )
    yymm, digits = int(new.group(1) + new.group(2)), len(new.group(3))
    if not 1 <= int(new.group(2)) <= 12:
        raise ArxivIdError(f"arXiv id {raw!r}: month {new.group(2)} is not 01-12")
    if yymm < 704:
        raise ArxivIdError(f"arXiv id {raw!r}: ids of this form start in April 2007 (0704)")
    if (yymm >= 1501) != (digits == 5):
        want = "5 digits after the dot since 2015" if yymm >= 1501 else "4 digits after the dot before 2015"
        raise ArxivIdError(f"arXiv id {raw!r}: arXiv ids have {want}")
    return token


@dataclass
class ArxivRecord:
    """One paper as the arXiv API describes it; `code_url` and `venue` are proposals read from
    the comment and abstract."""

    arxiv_id: str  # without version
    title: str  # whitespace folded, LaTeX as text (math kept)
    authors: list[str]
    date: str  # first version, YYYY-MM-DD
    primary_category: str | None = None
    version: str | None = None  # latest, "v2"
    updated: str | None = None  # latest version, YYYY-MM-DD
    abstract: str = ""
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    code_url: str | None = field(default=None, init=False)
    venue: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.code_url = proposals.code_url(self.comment, self.abstract)
        self.venue = proposals.venue(self.comment, self.abstract, self.journal_ref)

    @property
    def month(self) -> str:
        """The first version's month, YYYY-MM (what a date badge shows)."""
        return self.date[:7]

    @property
    def url(self) -> str:
        """https://arxiv.org/abs/ID."""
        return f"https://arxiv.org/abs/{self.arxiv_id}"

    def to_json(self) -> dict[str, Any]:
        """The fields the API gave (the proposals are derived again when read back)."""
        return {
            k: getattr(self, k)
            for k in (
                "arxiv_id",
                "title",
                "authors",
                "date",
                "primary_category",
                "version",
                "updated",
                "abstract",
                "comment",
                "journal_ref",
                "doi",
            )
        }

    @classmethod
    def from_json(cls, data: Any) -> ArxivRecord | None:
        """A record from `to_json()` output, or None when it is not one (a stale cache entry)."""
        try:
            return cls(**data)
        except TypeError:
            return None


@dataclass
class ArxivLookup:
    """The answer for one id asked for: `state` is found (record set), missing (arXiv has no
    such paper), invalid (not an id) or unchecked (arXiv could not be asked; `error` says why)."""

    query: str
    arxiv_id: str | None
    state: str
    record: ArxivRecord | None = None
    error: str | None = None


class FeedError(ValueError):
    """The API's answer is not an Atom feed we can read."""


def _text(el: ET.Element | None) -> str | None:
    if el is None or el.text is None:
        return None
    return fold(el.text) or None


def _latex(value: str) -> str:
    try:
        return latex_text(value)
    except LatexError:
        return fold(value)


def _entry_id(raw: str) -> tuple[str, str | None] | None:
    """(id, version) from an entry's <id> http://arxiv.org/abs/2508.07871v2."""
    m = re.search(r"/abs/(.+?)(v\d+)?\Z", raw.strip())
    return (m.group(1), m.group(2)) if m else None


def parse_feed(body: bytes) -> tuple[list[ArxivRecord], list[str]]:
    """The records of an API answer, and the messages of its error entries."""
    if b"<!DOCTYPE" in body[:2000].upper() or b"<!ENTITY" in body.upper():
        raise FeedError("the arXiv answer declares a DOCTYPE; refused")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise FeedError(f"the arXiv answer is not XML ({e})") from None
    if root.tag != f"{_ATOM}feed":
        raise FeedError(f"the arXiv answer is not an Atom feed (root {root.tag!r})")
    records, errors = [], []
    for entry in root.iter(f"{_ATOM}entry"):
        raw_id = _text(entry.find(f"{_ATOM}id")) or ""
        if "/api/errors" in raw_id:
            errors.append(_text(entry.find(f"{_ATOM}summary")) or raw_id)
            continue
        ident = _entry_id(raw_id)
        title = _text(entry.find(f"{_ATOM}title"))
        published = _text(entry.find(f"{_ATOM}published"))
        if ident is None or not title or not published:
            continue  # an empty entry is how the API answers an id it does not have
        cat = entry.find(f"{_ARXIV}primary_category")
        updated = _text(entry.find(f"{_ATOM}updated"))
        records.append(
            ArxivRecord(
                arxiv_id=ident[0],
                version=ident[1],
                title=_latex(title),
                authors=[
                    _latex(n)
                    for n in (_text(a.find(f"{_ATOM}name")) for a in entry.findall(f"{_ATOM}author"))
                    if n
                ],
                date=published[:10],
                updated=updated[:10] if updated else None,
                primary_category=cat.get("term") if cat is not None else None,
                abstract=_text(entry.find(f"{_ATOM}summary")) or "",
                comment=_text(entry.find(f"{_ARXIV}comment")),
                journal_ref=_text(entry.find(f"{_ARXIV}journal_ref")),
                doi=_text(entry.find(f"{_ARXIV}doi")),
            )
        )
    return records, errors


def lookup(
    client: HttpClient,
    cache: Cache,
    queries: Sequence[str],
    on_done: Callable[[int, bool], None] | None = None,
) -> list[ArxivLookup]:
    """One ArxivLookup per query, in order; ids are asked for once, in batches of BATCH, cached
    ones not at all. `on_done(n, cached)` is told as answers arrive (for progress)."""
    out: list[ArxivLookup] = []
    wanted: list[str] = []
    for q in queries:
        try:
            aid = parse_arxiv_id(q)
        except ArxivIdError as e:
            out.append(ArxivLookup(q, None, "invalid", error=str(e)))
            continue
        out.append(ArxivLookup(q, aid, "unchecked"))
        if aid not in wanted:
            wanted.append(aid)
    found: dict[str, ArxivLookup] = {}
    todo = []
    for aid in wanted:
        cached = cache.get("arxiv", aid, TTL_ARXIV)
        record = ArxivRecord.from_json(cached) if cached is not None else None
        if record is not None:
            found[aid] = ArxivLookup(aid, aid, "found", record)
        elif cache.get("arxiv-missing", aid, TTL_MISSING) is not None:
            found[aid] = ArxivLookup(aid, aid, "missing", error=f"arXiv has no paper {aid}")
        else:
            todo.append(aid)
    if on_done and len(found):
        on_done(len(found), True)
    for i in range(0, len(todo), BATCH):
        batch = todo[i : i + BATCH]
        for aid, res in _ask(client, batch).items():
            found[aid] = res
            if res.state == "found" and res.record is not None:
                cache.put("arxiv", aid, res.record.to_json())
            elif res.state == "missing":
                cache.put("arxiv-missing", aid, True)
        if on_done:
            on_done(len(batch), False)
    for res in out:
        if res.arxiv_id is not None:
            got = found[res.arxiv_id]
            res.state, res.record, res.error = got.state, got.record, got.error
    return out


def _ask(client: HttpClient, batch: list[str]) -> dict[str, ArxivLookup]:
    """The API's answer for a batch of valid ids; an error entry in a batch of several is
    resolved by asking for each id alone."""
    params = urllib.parse.urlencode({"id_list": ",".join(batch), "max_results": str(len(batch))})
    base = client.settings.endpoints.arxiv_api
    url = f"{base}{'&' if '?' in base else '?'}{params}"

    def unchecked(reason: str) -> dict[str, ArxivLookup]:
        return {a: ArxivLookup(a, a, "unchecked", error=reason) for a in batch}

    try:
        resp = client.request("GET", url, limit_key=ARXIV_API)
    except FetchError as e:
        return unchecked(f"arXiv API: {e}")
    if resp.status != 200:
        return unchecked(f"arXiv API: HTTP {resp.status}")
    try:
        records, errors = parse_feed(resp.body)
    except FeedError as e:
        return unchecked(str(e))
    by_id = {r.arxiv_id: r for r in records}
    if errors and len(batch) > 1 and not by_id:
        out: dict[str, ArxivLookup] = {}
        for a in batch:
            out.update(_ask(client, [a]))
        return out
    result = {}
    for a in batch:
        if a in by_id:
            result[a] = ArxivLookup(a, a, "found", by_id[a])
        elif errors:
            result[a] = ArxivLookup(a, a, "missing", error=f"arXiv: {errors[0]}")
        else:
            result[a] = ArxivLookup(a, a, "missing", error=f"arXiv has no paper {a}")
    return result
