"""One HTTP client per run: bounded concurrency, per-host rate limits, retries with jitter,
backoff on 429/503 that honours Retry-After, timeouts, and a User-Agent naming mdsurvey.

Built on the standard library (urllib in threads): the work is bounded by the hosts' rate
limits, not by sockets, and the API look-ups are batched, so neither async nor connection
pooling would make a run noticeably faster, while a dependency-free client means online mode
works in every install. Redirects are never followed silently: a link check must see a 301.
"""

from __future__ import annotations

import email.utils
import http.client
import os
import random
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from mdsurvey._version import __version__

USER_AGENT = f"mdsurvey/{__version__} (+https://pypi.org/project/mdsurvey/)"

T = TypeVar("T")
R = TypeVar("R")


class Clock(Protocol):
    """Time as the client sees it; tests pass a fake one so that no test sleeps real seconds."""

    def now(self) -> float:
        """Seconds on a monotonic scale."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait `seconds`."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> float:
        """time.monotonic()."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """time.sleep()."""
        if seconds > 0:
            time.sleep(seconds)


@dataclass(frozen=True)
class Endpoints:
    """The base URLs of the services used; each can be pointed elsewhere (tests: a local server)."""

    arxiv_api: str = "https://export.arxiv.org/api/query"
    github_api: str = "https://api.github.com"
    github_web: str = "https://github.com"
    doi: str = "https://doi.org"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Endpoints:
        """The defaults, overridden by MDSURVEY_ARXIV_API, MDSURVEY_GITHUB_API, MDSURVEY_GITHUB_WEB
        and MDSURVEY_DOI_URL where set."""
        env = os.environ if env is None else env
        d = cls()
        return cls(
            arxiv_api=env.get("MDSURVEY_ARXIV_API") or d.arxiv_api,
            github_api=(env.get("MDSURVEY_GITHUB_API") or d.github_api).rstrip("/"),
            github_web=(env.get("MDSURVEY_GITHUB_WEB") or d.github_web).rstrip("/"),
            doi=(env.get("MDSURVEY_DOI_URL") or d.doi).rstrip("/"),
        )


@dataclass(frozen=True)
class HostPolicy:
    """How hard one host (or API) may be asked: at most one request per `interval` seconds and
    `parallel` requests at a time."""

    interval: float = 0.0
    parallel: int = 2


# Limit keys that are not host names: the APIs are limited as services, wherever their base
# URL points (tests put every service on one local server).
ARXIV_API = "arxiv-api"
GITHUB_API = "github-api"
DOI = "doi"

DEFAULT_POLICIES: dict[str, HostPolicy] = {
    # arXiv's terms of use: no more than one request every three seconds, one connection at a time
    ARXIV_API: HostPolicy(interval=3.0, parallel=1),
    "arxiv.org": HostPolicy(interval=3.0, parallel=1),
    "export.arxiv.org": HostPolicy(interval=3.0, parallel=1),
    GITHUB_API: HostPolicy(interval=0.0, parallel=2),
    "github.com": HostPolicy(interval=0.5, parallel=2),
    DOI: HostPolicy(interval=0.2, parallel=2),
}


@dataclass
class Settings:
    """Everything a run's client needs; `Settings.from_env()` reads the environment."""

    endpoints: Endpoints = field(default_factory=Endpoints)
    github_token: str | None = None
    timeout: float = 15.0  # seconds per connect or read
    retries: int = 2  # attempts after the first, on timeouts, resets, 429 and 5xx
    backoff: float = 1.0  # seconds; doubles with each retry, times a jitter of 0.5-1.5
    max_retry_after: float = 120.0  # a longer Retry-After is not waited for: the check is unchecked
    concurrency: int = 8
    policies: dict[str, HostPolicy] = field(default_factory=lambda: dict(DEFAULT_POLICIES))
    default_policy: HostPolicy = field(default_factory=HostPolicy)
    # this many connection failures before any response means the network is down: stop trying
    offline_after: int = 6
    max_body: int = 4 << 20
    user_agent: str = USER_AGENT

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Endpoints from MDSURVEY_* variables and the token from GITHUB_TOKEN (or GH_TOKEN)."""
        env = os.environ if env is None else env
        token = env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or None
        return cls(endpoints=Endpoints.from_env(env), github_token=token)


@dataclass
class Response:
    """An HTTP response (any status), its headers with lower-case names, and at most `max_body`
    bytes of its body."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        """One header's value (case-insensitive name)."""
        return self.headers.get(name.lower())


class FetchError(Exception):
    """No HTTP response: `kind` is dns (the name does not exist), connect (refused, unreachable,
    reset, name lookup unavailable), timeout, tls or offline (the client stopped trying)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class Stats:
    """What the client did, for the progress line, the summary and the tests."""

    attempts: int = 0  # requests put on the wire (retries included)
    responses: int = 0  # of which got an HTTP response
    connect_failures: int = 0
    retries: int = 0
    slept: float = 0.0  # seconds spent waiting for rate limits and backoff
    sent: list[tuple[float, str]] = field(default_factory=list)  # (clock time, limit key) per attempt


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class _Limiter:
    """One key's rate limit: a minimum interval between request starts and a parallel cap."""

    def __init__(self, policy: HostPolicy) -> None:
        self.policy = policy
        self.lock = threading.Lock()
        self.next_at: float | None = None
        self.slots = threading.BoundedSemaphore(max(1, policy.parallel))


Opener = Callable[[urllib.request.Request, float], "http.client.HTTPResponse"]


class HttpClient:
    """The run's HTTP client; thread-safe, so `map` may call `request` from many threads."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        clock: Clock | None = None,
        rng: random.Random | None = None,
        opener: Opener | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.clock: Clock = clock or SystemClock()
        self.rng = rng or random.Random()
        self.stats = Stats()
        self._lock = threading.Lock()
        self._limiters: dict[str, _Limiter] = {}
        self._offline_reason: str | None = None
        if opener is None:
            director = urllib.request.build_opener(_NoRedirect())

            def opener(req: urllib.request.Request, timeout: float) -> http.client.HTTPResponse:
                resp: http.client.HTTPResponse = director.open(req, timeout=timeout)
                return resp

        self._open = opener

    # ---- rate limiting

    def _limiter(self, key: str) -> _Limiter:
        with self._lock:
            lim = self._limiters.get(key)
            if lim is None:
                lim = _Limiter(self.settings.policies.get(key, self.settings.default_policy))
                self._limiters[key] = lim
            return lim

    def _wait_turn(self, lim: _Limiter, key: str) -> None:
        """Waits until `key` may start a request, and books its start."""
        while True:
            with lim.lock:
                now = self.clock.now()
                if lim.next_at is None or now >= lim.next_at:
                    lim.next_at = now + lim.policy.interval
                    with self._lock:
                        self.stats.attempts += 1
                        self.stats.sent.append((now, key))
                    return
                wait = lim.next_at - now
            self._sleep(wait)

    def _sleep(self, seconds: float) -> None:
        with self._lock:
            self.stats.slept += seconds
        self.clock.sleep(seconds)

    # ---- requests

    @property
    def offline(self) -> str | None:
        """Why the client stopped trying (the network looks down), or None."""
        return self._offline_reason

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
        limit_key: str | None = None,
        follow_redirects: bool = False,
    ) -> Response:
        """Sends one request (retried as the settings say) and returns its response, whatever the
        status; raises FetchError when no response came. Redirects are followed (at most 5) only
        when asked."""
        for _hop in range(6):
            resp = self._request_once(method, url, headers, body, limit_key)
            if not follow_redirects or resp.status not in (301, 302, 303, 307, 308):
                return resp
            location = resp.header("location")
            if not location:
                return resp
            url = urllib.parse.urljoin(url, location)
            if resp.status == 303:
                method, body = "GET", None
        return resp

    def _request_once(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | None,
        body: bytes | None,
        limit_key: str | None,
    ) -> Response:
        s = self.settings
        key = limit_key or (urllib.parse.urlsplit(url).hostname or "").lower()
        lim = self._limiter(key)
        attempt = 0
        while True:
            if self._offline_reason is not None:
                raise FetchError("offline", self._offline_reason)
            delay: float | None = None
            with lim.slots:
                self._wait_turn(lim, key)
                try:
                    resp = self._send(method, url, headers, body)
                except FetchError as err:
                    self._note_failure(err)
                    if err.kind in ("dns", "tls") or attempt >= s.retries:
                        raise
                else:
                    with self._lock:
                        self.stats.responses += 1
                    retry_after = _retry_after(resp, time.time())
                    retryable = resp.status in (429, 500, 502, 503, 504) or (
                        resp.status == 403 and retry_after is not None
                    )
                    if not retryable or attempt >= s.retries:
                        return resp
                    if retry_after is not None:
                        if retry_after > s.max_retry_after:
                            return resp
                        delay = retry_after + self.rng.uniform(0, s.backoff / 2)
            if delay is None:
                delay = s.backoff * (2**attempt) * (0.5 + self.rng.random())
            attempt += 1
            with self._lock:
                self.stats.retries += 1
            self._sleep(delay)

    def _note_failure(self, err: FetchError) -> None:
        if err.kind not in ("connect", "timeout", "dns"):
            return
        with self._lock:
            self.stats.connect_failures += 1
            if (
                self._offline_reason is None
                and self.stats.responses == 0
                and self.stats.connect_failures >= self.settings.offline_after
            ):
                self._offline_reason = f"the network looks down ({err})"

    def _send(self, method: str, url: str, headers: Mapping[str, str] | None, body: bytes | None) -> Response:
        h = {"User-Agent": self.settings.user_agent, "Accept-Encoding": "identity"}
        h.update(headers or {})
        try:
            req = urllib.request.Request(_as_uri(url), data=body, headers=h, method=method)
            try:
                raw = self._open(req, self.settings.timeout)
            except urllib.error.HTTPError as e:
                # a 4xx/5xx (or a 3xx not followed) is a response like any other
                with e:
                    data = e.read(self.settings.max_body) if method != "HEAD" else b""
                    return Response(url, e.code, _lower(e.headers.items()), data)
            with raw:
                data = raw.read(self.settings.max_body) if method != "HEAD" else b""
                return Response(url, raw.status, _lower(raw.headers.items()), data)
        except urllib.error.URLError as e:
            raise _fetch_error(e.reason) from None
        except (OSError, http.client.HTTPException) as e:
            raise _fetch_error(e) from None
        except ValueError as e:  # an URL urllib cannot even parse
            raise FetchError("connect", f"unusable URL: {e}") from None

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """fn over items on at most `concurrency` threads, results in the items' order."""
        items = list(items)
        if len(items) <= 1 or self.settings.concurrency <= 1:
            return [fn(i) for i in items]
        with ThreadPoolExecutor(max_workers=min(self.settings.concurrency, len(items))) as pool:
            return list(pool.map(fn, items))


def _as_uri(url: str) -> str:
    """`url` with a non-ASCII host in IDNA and other non-ASCII characters percent-encoded
    (http.client sends ASCII only; Markdown links often carry UTF-8 paths)."""
    if url.isascii():
        return url
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    netloc = parts.netloc
    if not host.isascii():
        port = f":{parts.port}" if parts.port else ""
        netloc = host.encode("idna").decode("ascii") + port
    safe = "/%:@!$&'()*+,;=~-._"
    return urllib.parse.urlunsplit(
        (
            parts.scheme,
            netloc,
            urllib.parse.quote(parts.path, safe=safe),
            urllib.parse.quote(parts.query, safe=safe + "?"),
            urllib.parse.quote(parts.fragment, safe=safe + "?#"),
        )
    )


def _lower(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {k.lower(): v for k, v in items}


def _fetch_error(reason: object) -> FetchError:
    """The kind of a failure that left no response."""
    if isinstance(reason, socket.gaierror):
        gone = {getattr(socket, n) for n in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, n)}
        if reason.errno in gone:
            return FetchError("dns", f"no such host ({reason.strerror or reason})")
        return FetchError("connect", f"name lookup failed ({reason.strerror or reason})")
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return FetchError("timeout", "timed out")
    if isinstance(reason, ssl.SSLError):
        return FetchError("tls", f"TLS error ({getattr(reason, 'reason', None) or reason})")
    if isinstance(reason, ConnectionRefusedError):
        return FetchError("connect", "connection refused")
    if isinstance(reason, OSError) and reason.strerror:
        return FetchError("connect", reason.strerror.lower())
    return FetchError("connect", str(reason) or type(reason).__name__)


def _retry_after(resp: Response, wall_now: float) -> float | None:
    """Seconds the server asks to wait (Retry-After as seconds or an HTTP date; GitHub's
    x-ratelimit-reset when its remaining count is 0), or None."""
    value = resp.header("retry-after")
    if value:
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - wall_now)
    if resp.header("x-ratelimit-remaining") == "0":
        reset = resp.header("x-ratelimit-reset")
        if reset and reset.isdigit():
            return max(0.0, float(reset) - wall_now)
    return None
