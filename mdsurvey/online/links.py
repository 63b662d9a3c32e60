"""Web links: each distinct URL asked once (HEAD, then GET where HEAD is refused or says
404), redirects followed by hand so that a permanent one is seen, and classified."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from mdsurvey.online.cache import TTL_LINK_BAD, TTL_LINK_OK, Cache
from mdsurvey.online.http import FetchError, HttpClient, Response

OK = "ok"
DEAD = "dead"  # 404/410, or the host name does not exist
MOVED = "moved"  # permanently redirected (301/308): `new_url` is where to point instead
UNCHECKED = "unchecked"  # no verdict: timeout, 5xx, 429 after retries, a host that refuses robots

MAX_HOPS = 8
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass
class UrlVerdict:
    """What one URL turned out to be."""

    state: str
    status: int | None = None  # the last HTTP status seen
    new_url: str | None = None
    reason: str = ""
    cached: bool = False
    dns: bool = False  # dead because its host name does not exist (void when the network is down)

    def to_json(self) -> dict[str, object]:
        """What is cached."""
        return {"state": self.state, "status": self.status, "new_url": self.new_url, "reason": self.reason}


def is_web(url: str) -> bool:
    """An absolute http(s) URL with a host (the only links checked)."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _ask(client: HttpClient, url: str) -> Response:
    resp = client.request("HEAD", url)
    # HEAD is refused or mishandled by many servers (405, 403, 501, even 404): GET decides
    if resp.status in (400, 403, 404, 405, 406, 410, 500, 501):
        resp = client.request("GET", url, headers={"Range": "bytes=0-0"})
    return resp


# hosts whose name always resolves: a failure to look one up says the network (or its DNS) is
# down, never that the link is dead
_ALWAYS_THERE = frozenset(
    {"github.com", "arxiv.org", "huggingface.co", "openreview.net", "doi.org", "gitlab.com", "google.com"}
)


def check_url(client: HttpClient, url: str) -> UrlVerdict:
    """The verdict for one URL, asked now (not cached)."""
    current, permanent_to, moved_by = url, None, 0
    still_permanent = True
    for _hop in range(MAX_HOPS + 1):
        try:
            resp = _ask(client, current)
        except FetchError as e:
            # a host that exists beyond doubt failing to resolve is this network's DNS, not a dead link
            host = (urllib.parse.urlsplit(current).hostname or "").lower().removeprefix("www.")
            if e.kind == "dns" and host not in _ALWAYS_THERE:
                return UrlVerdict(DEAD, reason=str(e), dns=True)
            return UrlVerdict(UNCHECKED, reason=str(e))
        status = resp.status
        if status in _REDIRECTS and resp.header("location"):
            nxt = urllib.parse.urljoin(current, resp.header("location") or "")
            if urllib.parse.urlsplit(nxt).scheme.lower() not in ("http", "https"):
                # data:, file:, ftp:, javascript: are not web pages to follow (nor to open)
                return UrlVerdict(UNCHECKED, status, reason=f"redirected to a non-web address {nxt[:60]!r}")
            fragment = urllib.parse.urlsplit(current).fragment
            if fragment and not urllib.parse.urlsplit(nxt).fragment:
                nxt = f"{nxt}#{fragment}"  # a redirect keeps the fragment it was not given
            if still_permanent and status in (301, 308):
                permanent_to, moved_by = nxt, status
            else:
                still_permanent = False
            current = nxt
            continue
        if 200 <= status < 300 or status == 206:
            if permanent_to is not None and permanent_to != url:
                # the redirect's own status: the page it leads to answers `status` (200)
                return UrlVerdict(
                    MOVED, status, new_url=permanent_to, reason=f"permanently redirected ({moved_by})"
                )
            return UrlVerdict(OK, status)
        if status in (404, 410):
            via = f" (redirected to {current})" if current != url else ""
            return UrlVerdict(DEAD, status, reason=f"HTTP {status}{via}")
        if 400 <= status < 500 and status != 429:
            return UrlVerdict(UNCHECKED, status, reason=f"HTTP {status} (the host refuses automated checks)")
        return UrlVerdict(UNCHECKED, status, reason=f"HTTP {status}")
    return UrlVerdict(UNCHECKED, reason=f"more than {MAX_HOPS} redirects")


def check_urls(
    client: HttpClient,
    cache: Cache,
    urls: list[str],
    on_done: Callable[[int, bool], None] | None = None,
) -> dict[str, UrlVerdict]:
    """A verdict per distinct URL, on the client's threads; ok verdicts are cached for a week,
    dead and moved ones for a day, unchecked ones not at all."""

    def one(url: str) -> UrlVerdict:
        for namespace, ttl in (("link-ok", TTL_LINK_OK), ("link-bad", TTL_LINK_BAD)):
            hit = cache.get(namespace, url, ttl)
            if isinstance(hit, dict) and hit.get("state") in (OK, DEAD, MOVED):
                if on_done:
                    on_done(1, True)
                return UrlVerdict(
                    hit["state"], hit.get("status"), hit.get("new_url"), hit.get("reason") or "", cached=True
                )
        verdict = check_url(client, url)
        if verdict.state == OK:
            cache.put("link-ok", url, verdict.to_json())
        elif verdict.state in (DEAD, MOVED) and not verdict.dns:
            # a missing host name is cached only once the run shows the network was up (session)
            cache.put("link-bad", url, verdict.to_json())
        if on_done:
            on_done(1, False)
        return verdict

    distinct = list(dict.fromkeys(urls))
    return dict(zip(distinct, client.map(one, distinct), strict=True))
