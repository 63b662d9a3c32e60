"""DOIs: the metadata doi.org gives by content negotiation (CSL JSON), as a typed record."""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

from mdsurvey.online.cache import TTL_DOI, Cache
from mdsurvey.online.http import DOI, FetchError, HttpClient
from mdsurvey.syntax.latex import LatexError, fold, latex_text

CSL_JSON = "application/vnd.citationstyles.csl+json"
_DOI = re.compile(r"\A(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)\Z", re.IGNORECASE)


# what record_from_csl reads: Crossref's answers also carry every reference, not worth keeping
_KEPT = (
    "title",
    "author",
    "published-print",
    "published-online",
    "issued",
    "created",
    "container-title",
    "URL",
    "type",
)


class DoiError(ValueError):
    """Text that is not a DOI."""


def parse_doi(text: str) -> str:
    """10.1234/abc from `10.1234/abc`, `doi:10.1234/abc` or a doi.org URL; else DoiError."""
    m = _DOI.match(text.strip())
    if not m:
        raise DoiError(f"{text.strip()!r} is not a DOI (10.NNNN/…, doi:…, or a doi.org URL)")
    return m.group(1)


@dataclass
class DoiRecord:
    """A work as its registration agency describes it."""

    doi: str
    title: str
    authors: list[str]
    date: str | None  # YYYY-MM-DD, YYYY-MM or YYYY: as precise as the agency says
    container: str | None  # journal or proceedings title, as given
    url: str | None
    kind: str | None  # CSL type: article-journal, paper-conference, ...


@dataclass
class DoiLookup:
    """One DOI asked for: `state` found, missing, invalid or unchecked (with `error`)."""

    query: str
    doi: str | None
    state: str
    record: DoiRecord | None = None
    error: str | None = None


def _clean(value: str) -> str:
    value = re.sub(r"<[^>]+>", "", value)  # Crossref titles carry JATS tags (<i>, <sub>)
    try:
        return latex_text(value)
    except LatexError:
        return fold(value)


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return _clean(value) if isinstance(value, str) and value.strip() else None


def record_from_csl(doi: str, data: Any) -> DoiRecord | None:
    """A DoiRecord from a CSL JSON object, or None when it has no title."""
    if not isinstance(data, dict):
        return None
    title = _first(data.get("title"))
    if not title:
        return None
    authors = []
    for a in data.get("author") or []:
        if not isinstance(a, dict):
            continue
        name = a.get("literal") or " ".join(str(a[k]) for k in ("given", "family") if a.get(k))
        if name:
            authors.append(_clean(str(name)))
    date = None
    for key in ("published-print", "published-online", "issued", "created"):
        parts = (data.get(key) or {}).get("date-parts") if isinstance(data.get(key), dict) else None
        if parts and isinstance(parts[0], list) and parts[0] and parts[0][0]:
            date = "-".join(f"{int(p):02d}" for p in parts[0][:3] if p)
            break
    return DoiRecord(
        doi=doi,
        title=title,
        authors=authors,
        date=date,
        container=_first(data.get("container-title")),
        url=data.get("URL") if isinstance(data.get("URL"), str) else None,
        kind=data.get("type") if isinstance(data.get("type"), str) else None,
    )


def lookup(client: HttpClient, cache: Cache, queries: list[str]) -> list[DoiLookup]:
    """One DoiLookup per query, in order (each DOI asked for once; cached ones not at all)."""

    def one(q: str) -> DoiLookup:
        try:
            doi = parse_doi(q)
        except DoiError as e:
            return DoiLookup(q, None, "invalid", error=str(e))
        cached = cache.get("doi", doi.lower(), TTL_DOI)
        if cached is not None:
            rec = record_from_csl(doi, cached)
            if rec is not None:
                return DoiLookup(q, doi, "found", rec)
        url = f"{client.settings.endpoints.doi}/{urllib.parse.quote(doi, safe='/:;()')}"
        try:
            resp = client.request(
                "GET", url, headers={"Accept": CSL_JSON}, limit_key=DOI, follow_redirects=True
            )
        except FetchError as e:
            return DoiLookup(q, doi, "unchecked", error=f"doi.org: {e}")
        if resp.status in (404, 410):
            return DoiLookup(q, doi, "missing", error=f"doi.org knows no DOI {doi}")
        if resp.status != 200:
            return DoiLookup(q, doi, "unchecked", error=f"doi.org: HTTP {resp.status}")
        try:
            data = json.loads(resp.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return DoiLookup(q, doi, "unchecked", error="doi.org: the answer is not CSL JSON")
        rec = record_from_csl(doi, data)
        if rec is None:
            return DoiLookup(q, doi, "unchecked", error="doi.org: the answer has no title")
        cache.put("doi", doi.lower(), {k: data[k] for k in _KEPT if k in data})
        return DoiLookup(q, doi, "found", rec)

    return client.map(one, queries)
