"""The online engine against a local HTTP server on 127.0.0.1 (never the real network), with a
fake clock: rate limits, retries and backoff are asserted by counting requests and fake
seconds, and no test sleeps real seconds."""

from __future__ import annotations

import io
import itertools
import json
import re
import socket
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from mdsurvey._version import __version__
from mdsurvey.online import (
    DEAD,
    MOVED,
    OK,
    UNCHECKED,
    Cache,
    Endpoints,
    Online,
    PaperClaim,
    Settings,
    default_cache_dir,
    parse_arxiv_id,
    proposals,
)
from mdsurvey.online import arxiv as arxiv_mod
from mdsurvey.online.http import ARXIV_API, HostPolicy, HttpClient
from mdsurvey.online.progress import Progress

# ---------------------------------------------------------------- the local server


@dataclass
class Req:
    """One request the server saw."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


Reply = tuple[int, dict[str, str], bytes]
Route = Callable[[Req], Reply]


@dataclass
class Server:
    """Routes by path; every request is recorded."""

    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    default: Route | None = None  # the answer for a path with no route (else 404)
    seen: list[Req] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, prefix: str) -> int:
        with self.lock:
            return sum(1 for r in self.seen if r.path.startswith(prefix))

    def route(self, path: str, *replies: Reply) -> None:
        """Answer `path` with the replies in turn, the last one from then on."""
        left = list(replies)

        def answer(_req: Req) -> Reply:
            return left.pop(0) if len(left) > 1 else left[0]

        self.routes[path] = answer


class _Handler(BaseHTTPRequestHandler):
    server_state: Server

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _serve(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        n = int(self.headers.get("Content-Length") or 0)
        req = Req(
            self.command,
            urllib.parse.unquote(parts.path),
            dict(urllib.parse.parse_qsl(parts.query)),
            {k.lower(): v for k, v in self.headers.items()},
            self.rfile.read(n) if n else b"",
        )
        state = self.server_state
        with state.lock:
            state.seen.append(req)
        route = state.routes.get(req.path) or state.default
        status, headers, body = route(req) if route else (404, {}, b"not here")
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v.replace("{base}", state.base))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = do_POST = _serve


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server()
    handler = type("H", (_Handler,), {"server_state": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    t.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


class FakeClock:
    """Time that passes only when someone sleeps."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.slept: list[float] = []
        self.lock = threading.Lock()

    def now(self) -> float:
        with self.lock:
            return self.t

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.slept.append(seconds)
            self.t += max(0.0, seconds)


def settings_for(server: Server, **kw: object) -> Settings:
    b = server.base
    s = Settings(
        endpoints=Endpoints(
            arxiv_api=f"{b}/arxiv/query", github_api=f"{b}/gh", github_web=f"{b}/web", doi=f"{b}/doi"
        ),
        timeout=2.0,
    )
    for k, v in kw.items():
        setattr(s, k, v)
    return s


def online_for(server: Server, tmp_path: Path, clock: FakeClock | None = None, **kw: object) -> Online:
    refresh = bool(kw.pop("refresh", False))
    return Online(
        settings_for(server, **kw),
        cache=Cache(tmp_path / "cache", refresh=refresh),
        clock=clock or FakeClock(),
        stderr=io.StringIO(),
    )


# ---------------------------------------------------------------- an invented Atom feed


def atom_entry(
    aid: str,
    title: str,
    published: str = "2026-08-14T17:59:01Z",
    comment: str | None = None,
    summary: str = "We study pebbles.",
    authors: tuple[str, ...] = ("Ines Varga", "Tobi Adeyemi"),
    version: str = "v2",
) -> str:
    names = "".join(f"<author><name>{a}</name></author>" for a in authors)
    com = f"<arxiv:comment>{comment}</arxiv:comment>" if comment else ""
    return f"""<entry>
    <id>http://arxiv.org/abs/{aid}{version}</id>
    <updated>2026-09-01T10:00:00Z</updated>
    <published>{published}</published>
    <title>{title}</title>
    <summary>{summary}</summary>
    {names}{com}
    <arxiv:primary_category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
  </entry>"""


def atom_feed(*entries: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">\n'
        "<title>arXiv Query</title><id>http://arxiv.org/api/x</id>\n" + "\n".join(entries) + "\n</feed>\n"
    ).encode()


PAPERS = {
    "2608.04444": atom_entry(
        "2608.04444",
        "Pebble Tokens: Sparse Patches\n   for Drone Footage with $\\mathcal{O}(n)$ Cost and {\\'E}cole",
        comment="Accepted at CVPR 2026. Code: https://github.com/pebble-lab/pebble-tokens.",
    ),
    "2610.04567": atom_entry(
        "2610.04567",
        "Moth Lamps: Saliency Priors for Night-Time Image Tokens",
        published="2026-10-02T09:00:00Z",
        comment="12 pages; submitted to NeurIPS 2026",
    ),
    "cs/0112017": atom_entry(
        "cs/0112017", "An Old Style Paper", published="2001-12-05T00:00:00Z", version="v1"
    ),
}


def arxiv_route(server: Server) -> None:
    """The arXiv API: the entries for the ids asked for that exist."""

    def answer(req: Req) -> Reply:
        ids = req.query.get("id_list", "").split(",")
        return (
            200,
            {"Content-Type": "application/atom+xml"},
            atom_feed(*(PAPERS[i] for i in ids if i in PAPERS)),
        )

    server.routes["/arxiv/query"] = answer


# ---------------------------------------------------------------- arXiv


def test_arxiv_ids_in_every_accepted_form() -> None:
    for text, want in [
        ("2508.07871", "2508.07871"),
        ("2508.07871v2", "2508.07871"),
        ("arXiv:2508.07871", "2508.07871"),
        ("cs/0112017", "cs/0112017"),
        ("cs/0112017v1", "cs/0112017"),
        ("https://arxiv.org/abs/2508.07871v3", "2508.07871"),
        ("http://arxiv.org/pdf/2508.07871v1.pdf", "2508.07871"),
        ("https://arxiv.org/pdf/2508.07871", "2508.07871"),
        ("https://arxiv.org/abs/math.GT/0309136", "math.GT/0309136"),
        ("0801.1234", "0801.1234"),
    ]:
        assert parse_arxiv_id(text) == want, text
    for bad, why in [
        ("2611.0001", "5 digits"),
        ("2613.00001", "month 13"),
        ("1412.12345", "4 digits"),
        ("0612.1234", "April 2007"),
        ("hello", "not an arXiv id"),
        ("https://arxiv.org/list/cs.CV/recent", "not an arXiv abs, pdf or html URL"),
    ]:
        with pytest.raises(ValueError, match=why):
            parse_arxiv_id(bad)


def test_atom_feed_parsed_into_records() -> None:
    records, errors = arxiv_mod.parse_feed(atom_feed(*PAPERS.values()))
    assert errors == []
    r = {x.arxiv_id: x for x in records}
    p = r["2608.04444"]
    # whitespace folded, LaTeX accents decoded, math kept verbatim (as BibTeX input is)
    assert p.title == "Pebble Tokens: Sparse Patches for Drone Footage with $\\mathcal{O}(n)$ Cost and École"
    assert p.authors == ["Ines Varga", "Tobi Adeyemi"]
    assert (p.date, p.month, p.version, p.primary_category) == ("2026-08-14", "2026-08", "v2", "cs.CV")
    assert p.code_url == "https://github.com/pebble-lab/pebble-tokens"
    assert p.venue == "CVPR 2026"
    # "submitted to NeurIPS" is no venue
    assert r["2610.04567"].venue is None and r["2610.04567"].code_url is None
    assert r["cs/0112017"].date == "2001-12-05"


def test_atom_with_a_doctype_is_refused() -> None:
    evil = b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaa">]><feed xmlns="http://www.w3.org/2005/Atom"/>'
    with pytest.raises(arxiv_mod.FeedError, match="DOCTYPE"):
        arxiv_mod.parse_feed(evil)


def test_arxiv_lookup_batches_and_says_which_id_is_unknown(server: Server, tmp_path: Path) -> None:
    arxiv_route(server)
    online = online_for(server, tmp_path)
    got = online.arxiv(["2608.04444v1", "https://arxiv.org/abs/cs/0112017", "2608.99999", "2613.00001"])
    assert [g.state for g in got] == ["found", "found", "missing", "invalid"]
    assert got[0].record is not None and got[0].record.arxiv_id == "2608.04444"
    assert got[2].error == "arXiv has no paper 2608.99999"
    assert got[3].error is not None and "month 13" in got[3].error
    assert server.count("/arxiv") == 1  # one batch for the three valid ids
    assert server.seen[0].query["id_list"] == "2608.04444,cs/0112017,2608.99999"


def test_arxiv_api_is_asked_at_most_once_every_three_seconds(server: Server, tmp_path: Path) -> None:
    arxiv_route(server)
    clock = FakeClock()
    online = online_for(server, tmp_path, clock)
    ids = [f"2608.{n:05d}" for n in range(120)]  # 3 batches of at most 50
    got = online.arxiv(ids)
    assert all(g.state == "missing" for g in got)
    assert server.count("/arxiv") == 3
    times = [t for t, key in online.client.stats.sent if key == ARXIV_API]
    assert len(times) == 3
    assert all(b - a >= 3.0 for a, b in itertools.pairwise(times))


def test_arxiv_error_entry_in_a_batch_is_resolved_id_by_id(server: Server, tmp_path: Path) -> None:
    error = """<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_2608.04444</id>
      <title>Error</title><summary>incorrect id format for 2608.04444</summary></entry>"""
    calls: list[str] = []

    def answer(req: Req) -> Reply:
        ids = req.query["id_list"]
        calls.append(ids)
        if "," in ids:
            return 200, {}, atom_feed(error)
        return 200, {}, atom_feed(*(PAPERS[i] for i in [ids] if i in PAPERS))

    server.routes["/arxiv/query"] = answer
    got = online_for(server, tmp_path).arxiv(["2608.04444", "2608.99999"])
    assert [g.state for g in got] == ["found", "missing"]
    assert calls == ["2608.04444,2608.99999", "2608.04444", "2608.99999"]


def test_venue_and_code_proposals() -> None:
    v = proposals.venue
    assert v("Accepted at CVPR 2026") == "CVPR 2026"
    assert v("10 pages, 5 figures, NeurIPS 2025 camera-ready") == "NeurIPS 2025"
    assert v("Accepted to ICLR'26 Workshop on Tiny Papers") == "ICLR 2026 Workshop"
    assert v("To appear in TPAMI") == "TPAMI"
    assert v(None, "Long abstract. The paper was accepted by ECCV 2026. More.") == "ECCV 2026"
    # not venues: a submission, an extension, a URL, a venue mentioned in an abstract's prose
    assert v("Submitted to NeurIPS 2025") is None
    assert v("Under review at ICLR 2026") is None
    assert v("Extended version of our CVPR 2024 paper") is None
    assert v("Code: https://github.com/a/CVPR2024-pebbles") is None
    assert v(None, "We beat every CVPR 2025 method.") is None
    assert v("journal ref wins", None, "IJCV 2026") == "IJCV 2026"
    c = proposals.code_url
    assert (
        c("Code: https://github.com/pebble-lab/pebble-tokens.")
        == "https://github.com/pebble-lab/pebble-tokens"
    )
    assert c("see github.com/Owner/repo.git)") == "https://github.com/Owner/repo"
    assert c(None, "https://github.com/orgs/foo and https://github.com/x/y") == "https://github.com/x/y"
    assert c("no code", "none here") is None


def test_titles_are_normalised_like_bibtex_input(monkeypatch: pytest.MonkeyPatch) -> None:
    # one normaliser: BibTeX input goes through syntax.latex, as arXiv titles do; only the
    # error type differs (an input error naming the field's text)
    from mdsurvey.syntax import latex
    from mdsurvey.workflows import newpaper

    assert newpaper.fold is latex.fold
    assert latex.latex_text('{\\"u}ber \\textbf{Video}\n  Tokens \\cite{x}') == "über Video Tokens"
    assert newpaper.latex_text("100% Sparse \\& Fast~Tokens") == "100% Sparse & Fast Tokens"

    def refuse(value: str) -> str:
        raise latex.LatexError(f"cannot read the LaTeX in {value!r}: bad")

    monkeypatch.setattr(latex, "latex_text", refuse)
    with pytest.raises(newpaper.PaperInputError, match="cannot read the LaTeX"):
        newpaper.latex_text("x")


# ---------------------------------------------------------------- the HTTP client


def test_user_agent_names_mdsurvey_and_its_version(server: Server) -> None:
    server.route("/ua", (200, {}, b"ok"))
    HttpClient(settings_for(server), clock=FakeClock()).request("GET", f"{server.base}/ua")
    assert server.seen[0].headers["user-agent"].startswith(f"mdsurvey/{__version__} ")


def test_retry_after_is_honoured_on_429(server: Server) -> None:
    server.route("/busy", (429, {"Retry-After": "7"}, b""), (200, {}, b"ok"))
    clock = FakeClock()
    client = HttpClient(settings_for(server), clock=clock)
    resp = client.request("GET", f"{server.base}/busy")
    assert resp.status == 200
    assert server.count("/busy") == 2
    assert client.stats.retries == 1 and clock.slept and max(clock.slept) >= 7.0


def test_503_is_retried_with_growing_jittered_backoff(server: Server) -> None:
    server.route("/flaky", (503, {}, b""), (503, {}, b""), (200, {}, b"ok"))
    clock = FakeClock()
    client = HttpClient(settings_for(server, backoff=1.0), clock=clock)
    assert client.request("GET", f"{server.base}/flaky").status == 200
    assert server.count("/flaky") == 3
    first, second = clock.slept
    assert 0.5 <= first <= 1.5 and 1.0 <= second <= 3.0


def test_a_retry_after_too_long_is_not_waited_for(server: Server) -> None:
    server.route("/later", (429, {"Retry-After": "3600"}, b""))
    clock = FakeClock()
    client = HttpClient(settings_for(server), clock=clock)
    assert client.request("GET", f"{server.base}/later").status == 429
    assert server.count("/later") == 1 and sum(clock.slept) == 0


def test_retries_are_bounded(server: Server) -> None:
    server.route("/down", (502, {}, b""))
    client = HttpClient(settings_for(server, retries=2), clock=FakeClock())
    assert client.request("GET", f"{server.base}/down").status == 502
    assert server.count("/down") == 3


def test_per_host_rate_limit_holds_under_concurrency(server: Server, tmp_path: Path) -> None:
    for i in range(12):
        server.route(f"/p{i}", (200, {}, b"ok"))
    policies = {"127.0.0.1": HostPolicy(interval=2.0, parallel=3)}
    online = online_for(server, tmp_path, policies=policies, concurrency=6)
    report = online.check([(f"{server.base}/p{i}", i) for i in range(12)])
    assert [r.state for r in report.links] == [OK] * 12
    times = sorted(t for t, key in online.client.stats.sent if key == "127.0.0.1")
    assert len(times) == 12 == server.count("/p")
    assert all(b - a >= 2.0 for a, b in itertools.pairwise(times))


def test_timeout_is_a_temporary_failure(server: Server, tmp_path: Path) -> None:
    release = threading.Event()

    def slow(_req: Req) -> Reply:
        release.wait(5)
        return 200, {}, b"late"

    server.routes["/slow"] = slow
    server.route("/fine", (200, {}, b"ok"))
    online = online_for(server, tmp_path, timeout=0.05, retries=1)
    try:
        report = online.check([(f"{server.base}/slow", "a"), (f"{server.base}/fine", "b")])
    finally:
        release.set()
    state = {r.url.rsplit("/", 1)[1]: r for r in report.links}
    assert state["slow"].state == UNCHECKED and state["slow"].reason == "timed out"
    assert state["fine"].state == OK
    assert report.summary() == "could not check 1 link: timed out"


# ---------------------------------------------------------------- link checks


def test_links_are_classified(server: Server, tmp_path: Path) -> None:
    b = server.base
    server.route("/ok", (200, {}, b"ok"))
    server.route("/gone", (404, {}, b""))
    server.route("/deleted", (410, {}, b""))
    server.route("/old", (301, {"Location": "/new"}, b""))
    server.route("/new", (200, {}, b"ok"))
    server.route("/perm308", (308, {"Location": "{base}/new"}, b""))
    server.route("/temp", (302, {"Location": "/new"}, b""))
    server.route("/moved-away", (301, {"Location": "/gone"}, b""))
    server.route("/nohead", (405, {}, b""))  # HEAD refused; GET below
    server.route("/blocked", (403, {}, b""))
    server.route("/broken", (500, {}, b""))
    links = [
        (f"{b}/{p}", p) for p in "ok gone deleted old perm308 temp moved-away nohead blocked broken".split()
    ]
    links += [(f"{b}/ok", "again"), ("mailto:x@y.z", "mail"), ("#anchor", "local")]
    report = online_for(server, tmp_path, retries=0).check(links)
    got = {r.wheres[0]: (r.state, r.new_url) for r in report.links}
    assert got == {
        "ok": (OK, None),
        "gone": (DEAD, None),
        "deleted": (DEAD, None),
        "old": (MOVED, f"{b}/new"),
        "perm308": (MOVED, f"{b}/new"),
        "temp": (OK, None),
        "moved-away": (DEAD, None),
        "nohead": (UNCHECKED, None),  # 405 on HEAD and on GET: the route answers both alike
        "blocked": (UNCHECKED, None),
        "broken": (UNCHECKED, None),
    }
    # the reason names the redirect's own status, not the 200 of the page it leads to
    reasons = {r.wheres[0]: r.reason for r in report.links if r.state == MOVED}
    assert reasons == {"old": "permanently redirected (301)", "perm308": "permanently redirected (308)"}
    ok = next(r for r in report.links if r.wheres[0] == "ok")
    assert ok.wheres == ["ok", "again"]
    assert server.count("/ok") == 1  # one request per distinct URL


def test_head_refused_falls_back_to_get(server: Server, tmp_path: Path) -> None:
    server.routes["/gethead"] = lambda req: (405, {}, b"") if req.method == "HEAD" else (200, {}, b"ok")
    report = online_for(server, tmp_path).check([(f"{server.base}/gethead", 1)])
    assert report.links[0].state == OK
    assert [r.method for r in server.seen] == ["HEAD", "GET"]


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


def test_network_down_is_one_summary_not_a_wall_of_dead_links(tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{closed_port()}"
    dead = Server(base=base)
    online = online_for(dead, tmp_path, concurrency=4)
    links = [(f"{base}/p{i}", i) for i in range(40)]
    links += [
        ("https://github.com/pebble-lab/pebble-tokens", "gh"),
        ("https://arxiv.org/abs/2608.04444", "ax"),
    ]
    report = online.check(links, [PaperClaim("2608.04444", "row", title="Pebble Tokens")])
    assert {r.state for r in report.links} == {UNCHECKED}
    assert report.network_down is not None
    summary = report.summary()
    assert summary is not None and summary.startswith("could not check 42 links: the network looks down")
    # it stopped trying: far fewer attempts than 42 links times 3 attempts
    assert online.client.stats.attempts <= online.settings.offline_after + online.settings.concurrency + 2


def _dns_failing_opener(failing_host: str, real: HttpClient) -> Callable[..., object]:
    def opener(req: object, timeout: float) -> object:
        host = urllib.parse.urlsplit(req.full_url).hostname  # type: ignore[attr-defined]
        if host == failing_host or failing_host == "*":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real._open(req, timeout)  # type: ignore[arg-type]

    return opener


def _dns_failing_online(server: Server, tmp_path: Path, failing_host: str) -> Online:
    """An Online whose name look-ups fail for `failing_host` ("*": every host)."""
    s = settings_for(server)
    return Online(
        s,
        cache=Cache(tmp_path / "c"),
        clock=FakeClock(),
        stderr=io.StringIO(),
        opener=_dns_failing_opener(failing_host, HttpClient(s)),
    )


def test_a_host_name_that_does_not_exist_is_dead_when_others_answer(server: Server, tmp_path: Path) -> None:
    server.route("/ok", (200, {}, b"ok"))
    online = _dns_failing_online(server, tmp_path, "no-such-host.invalid")
    report = online.check([(f"{server.base}/ok", 1), ("https://no-such-host.invalid/x", 2)])
    assert [(r.wheres[0], r.state) for r in report.links] == [(1, OK), (2, DEAD)]
    assert report.summary() is None


def test_github_com_not_resolving_is_the_dns_not_a_dead_link(server: Server, tmp_path: Path) -> None:
    """Found on a real survey checked where only some names resolve: every deep GitHub link
    (`…/tree/main/x`) came out "dead link: no such host"."""
    server.route("/ok", (200, {}, b"ok"))
    online = _dns_failing_online(server, tmp_path, "github.com")
    deep = "https://github.com/pebble-lab/pebble-tokens/tree/main/data"
    report = online.check([(f"{server.base}/ok", 1), (deep, 2)])
    assert [(r.wheres[0], r.state) for r in report.links] == [(1, OK), (2, UNCHECKED)]
    assert report.summary() is not None and "could not check 1 link" in report.summary()


def test_no_host_name_resolving_is_the_network_not_dead_links(server: Server, tmp_path: Path) -> None:
    online = _dns_failing_online(server, tmp_path, "*")
    report = online.check([(f"https://h{i}.example/x", i) for i in range(5)])
    assert {r.state for r in report.links} == {UNCHECKED}
    assert report.summary() == "could not check 5 links: no request got an answer (the network looks down)"


# ---------------------------------------------------------------- GitHub


def gh_rest_routes(server: Server) -> None:
    def repo(full: str, archived: bool = False) -> Reply:
        return (
            200,
            {"Content-Type": "application/json"},
            json.dumps({"full_name": full, "archived": archived}).encode(),
        )

    server.route("/gh/repos/pebble-lab/pebble-tokens", repo("pebble-lab/pebble-tokens"))
    server.route("/gh/repos/moth/lamps", (301, {"Location": "{base}/gh/repositories/77"}, b""))
    server.route("/gh/repositories/77", repo("wren-okafor/moth-lamps"))
    server.route("/gh/repos/old/frozen", repo("old/frozen", archived=True))
    server.route("/gh/repos/nobody/nothing", (404, {}, b'{"message": "Not Found"}'))


GH_LINKS = [
    ("https://github.com/pebble-lab/pebble-tokens", "a"),
    ("https://github.com/moth/lamps", "b"),
    ("https://img.shields.io/github/stars/moth/lamps?style=social", "b-badge"),
    ("https://github.com/old/frozen/", "c"),
    ("https://github.com/nobody/nothing", "d"),
]


def _by_where(report: object) -> dict[object, object]:
    return {r.wheres[0]: r for r in report.links}  # type: ignore[attr-defined]


def test_github_rest_found_renamed_archived_gone(server: Server, tmp_path: Path) -> None:
    gh_rest_routes(server)
    report = online_for(server, tmp_path).check(GH_LINKS)
    r = _by_where(report)
    assert (r["a"].kind, r["a"].state, r["a"].repo.archived) == ("github", OK, False)
    assert (r["b"].state, r["b"].new_url) == (MOVED, "https://github.com/wren-okafor/moth-lamps")
    assert r["b"].repo.new_repo == "wren-okafor/moth-lamps"
    # the stars badge gets the new owner/name too
    assert r["b-badge"].new_url == "https://img.shields.io/github/stars/wren-okafor/moth-lamps?style=social"
    assert (r["c"].state, r["c"].repo.archived) == (OK, True)
    assert r["d"].state == DEAD
    # one look-up per repository: the badge shares the link's
    assert server.count("/gh/repos/moth/lamps") == 1
    assert all(not q.headers.get("authorization") for q in server.seen)


def test_github_rest_rate_limit_spent_falls_back_to_github_pages(server: Server, tmp_path: Path) -> None:
    limited = (403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "9999999999"}, b"{}")
    server.route("/gh/repos/pebble-lab/pebble-tokens", limited)
    server.route("/gh/repos/moth/lamps", limited)
    server.route("/web/pebble-lab/pebble-tokens", (200, {}, b""))
    server.route("/web/moth/lamps", (301, {"Location": "{base}/web/wren-okafor/moth-lamps"}, b""))
    online = online_for(server, tmp_path, concurrency=1)
    report = online.check(GH_LINKS[:2])
    r = _by_where(report)
    assert r["a"].state == OK and r["a"].repo.archived is None
    assert (r["b"].state, r["b"].new_url) == (MOVED, "https://github.com/wren-okafor/moth-lamps")
    assert server.count("/gh/") == 1  # the API said "spent" once and was not asked again
    assert sum(online.clock.slept) == 0  # type: ignore[union-attr]  # no hour-long wait


def test_github_token_batches_repositories_in_one_graphql_query(server: Server, tmp_path: Path) -> None:
    def graphql(req: Req) -> Reply:
        query = json.loads(req.body)["query"]
        data: dict[str, object] = {}
        errors = []
        for alias, owner, name in re.findall(
            r'(r\d+): repository\(owner: "([^"]+)", name: "([^"]+)"\)', query
        ):
            full = f"{owner}/{name}"
            if full == "moth/lamps":
                data[alias] = {"nameWithOwner": "wren-okafor/moth-lamps", "isArchived": False}
            elif full == "old/frozen":
                data[alias] = {"nameWithOwner": "old/frozen", "isArchived": True}
            elif full == "pebble-lab/pebble-tokens":
                data[alias] = {"nameWithOwner": full, "isArchived": False}
            else:
                data[alias] = None
                errors.append({"type": "NOT_FOUND", "path": [alias], "message": "Could not resolve"})
        return (
            200,
            {"Content-Type": "application/json"},
            json.dumps({"data": data, "errors": errors}).encode(),
        )

    server.routes["/gh/graphql"] = graphql
    server.route("/web/nobody/nothing", (404, {}, b""))
    report = online_for(server, tmp_path, github_token="t0ken").check(GH_LINKS)
    r = _by_where(report)
    assert [r[w].state for w in ("a", "b", "b-badge", "c", "d")] == [OK, MOVED, MOVED, OK, DEAD]
    assert r["c"].repo.archived is True
    assert server.count("/gh/graphql") == 1 and server.count("/gh/repos") == 0
    assert server.seen[0].headers["authorization"] == "bearer t0ken"
    # "not found" is confirmed on github.com (a rename shows there as a 301) before "gone"
    assert server.count("/web/") == 1


# ---------------------------------------------------------------- papers against arXiv


def test_paper_claims_title_and_date(server: Server, tmp_path: Path) -> None:
    arxiv_route(server)
    claims = [
        PaperClaim(
            "2608.04444",
            "same",
            title="Pebble tokens - sparse patches for drone footage with $\\mathcal{O}(n)$ cost and École",
            month="2026-08",
        ),
        PaperClaim("https://arxiv.org/abs/2608.04444v1", "prefix", title="Pebble Tokens", month="2026.09"),
        PaperClaim("2610.04567", "wrong-id", title="Pebble Tokens: Sparse Patches for Drone Footage"),
        PaperClaim("2610.04567", "year", month="2026"),
        PaperClaim("2608.99999", "missing", title="Whatever"),
        PaperClaim("26080.4444", "invalid"),
    ]
    links = [
        ("https://arxiv.org/abs/2608.04444", "link"),
        ("https://arxiv.org/pdf/2608.99999v2", "dead-link"),
    ]
    report = online_for(server, tmp_path).check(links, claims)
    got = {p.claim.where: (p.state, p.title_match, p.date_match) for p in report.papers}
    assert got == {
        "same": ("found", "same", True),
        "prefix": ("found", "close", False),
        "wrong-id": ("found", "different", None),
        "year": ("found", None, True),
        "missing": ("missing", None, None),
        "invalid": ("invalid", None, None),
    }
    links_by = _by_where(report)
    assert (links_by["link"].kind, links_by["link"].state) == ("arxiv", OK)
    assert links_by["dead-link"].state == DEAD
    assert server.count("/arxiv") == 1  # links and claims share one batch


# ---------------------------------------------------------------- the cache


def _mixed_run(server: Server, tmp_path: Path, **kw: object) -> Online:
    online = online_for(server, tmp_path, **kw)
    links = [(f"{server.base}/ok", 1), (f"{server.base}/old", 2), (f"{server.base}/gone", 3), *GH_LINKS]
    links.append(("https://arxiv.org/abs/2608.04444", "ax"))
    online.check(links)
    return online


def _mixed_routes(server: Server) -> None:
    arxiv_route(server)
    gh_rest_routes(server)
    server.route("/ok", (200, {}, b"ok"))
    server.route("/old", (301, {"Location": "/new"}, b""))
    server.route("/new", (200, {}, b"ok"))
    server.route("/gone", (404, {}, b""))


def test_a_second_run_is_served_from_the_cache(server: Server, tmp_path: Path) -> None:
    _mixed_routes(server)
    _mixed_run(server, tmp_path)
    first = len(server.seen)
    assert first > 0
    again = _mixed_run(server, tmp_path)
    assert len(server.seen) == first  # not one request
    assert again.cache.hits > 0 and again.client.stats.attempts == 0
    # --refresh asks everything again
    _mixed_run(server, tmp_path, refresh=True)
    assert len(server.seen) == 2 * first


def test_cache_entries_expire(tmp_path: Path) -> None:
    now = [1_000_000.0]
    cache = Cache(tmp_path, wall_clock=lambda: now[0])
    cache.put("link-ok", "https://x.org", {"state": "ok"})
    assert cache.get("link-ok", "https://x.org", ttl=60) == {"state": "ok"}
    now[0] += 61
    assert cache.get("link-ok", "https://x.org", ttl=60) is None
    assert Cache(tmp_path, refresh=True).get("link-ok", "https://x.org", ttl=10**9) is None


def test_a_corrupt_cache_file_is_ignored_and_rewritten(server: Server, tmp_path: Path) -> None:
    arxiv_route(server)
    online_for(server, tmp_path).arxiv(["2608.04444"])
    files = [p for p in (tmp_path / "cache").rglob("*.json")]
    assert len(files) == 1
    for garbage in (b'{"key": "2608.04444", "at": 1, "val', b"\xff\xfe\x00", b"[]"):
        files[0].write_bytes(garbage)
        got = online_for(server, tmp_path).arxiv(["2608.04444"])
        assert got[0].state == "found"
        assert json.loads(files[0].read_text(encoding="utf-8"))["key"] == "2608.04444"
    assert server.count("/arxiv") == 4
    assert not [p for p in (tmp_path / "cache").rglob(".tmp-*")]  # no temporary file left behind


def test_an_unwritable_cache_is_not_an_error(server: Server, tmp_path: Path) -> None:
    arxiv_route(server)
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    online = Online(
        settings_for(server), cache=Cache(blocker / "cache"), clock=FakeClock(), stderr=io.StringIO()
    )
    assert online.arxiv(["2608.04444"])[0].state == "found"
    assert online.cache.write_errors == 1


def test_platform_cache_directories() -> None:
    assert default_cache_dir({"MDSURVEY_CACHE_DIR": "/t/c", "HOME": "/h"}, "linux") == Path("/t/c")
    assert default_cache_dir({"HOME": "/h"}, "linux") == Path("/h/.cache/mdsurvey")
    assert default_cache_dir({"HOME": "/h", "XDG_CACHE_HOME": "/x"}, "linux") == Path("/x/mdsurvey")
    assert default_cache_dir({"HOME": "/h", "XDG_CACHE_HOME": "rel"}, "linux") == Path("/h/.cache/mdsurvey")
    assert default_cache_dir({"HOME": "/h"}, "darwin") == Path("/h/Library/Caches/mdsurvey")
    win = default_cache_dir({"USERPROFILE": "C:/u", "LOCALAPPDATA": "C:/u/AppData/Local"}, "win32")
    assert win == Path("C:/u/AppData/Local/mdsurvey/Cache")


def test_endpoints_and_token_from_the_environment() -> None:
    env = {
        "MDSURVEY_ARXIV_API": "http://127.0.0.1:1/a",
        "MDSURVEY_GITHUB_API": "http://127.0.0.1:1/g/",
        "GITHUB_TOKEN": "tok",
    }
    s = Settings.from_env(env)
    assert s.endpoints.arxiv_api == "http://127.0.0.1:1/a"
    assert s.endpoints.github_api == "http://127.0.0.1:1/g"
    assert s.endpoints.doi == "https://doi.org" and s.github_token == "tok"
    assert Settings.from_env({}).github_token is None


# ---------------------------------------------------------------- DOI


def test_doi_by_content_negotiation(server: Server, tmp_path: Path) -> None:
    csl = {
        "title": "Moth Lamps: <i>Saliency</i> Priors",
        "author": [{"given": "Wren", "family": "Okafor"}, {"literal": "The Moth Consortium"}],
        "issued": {"date-parts": [[2026, 3]]},
        "container-title": "Proceedings of the Invented Conference",
        "type": "paper-conference",
        "URL": "https://example.org/moth",
        "reference": [{"key": "r1"}] * 50,
    }

    def doi(req: Req) -> Reply:
        assert req.headers["accept"] == "application/vnd.citationstyles.csl+json"
        return 303, {"Location": "/csl/10.5555/moth.1"}, b""

    server.routes["/doi/10.5555/moth.1"] = doi
    server.route("/csl/10.5555/moth.1", (200, {"Content-Type": "application/json"}, json.dumps(csl).encode()))
    online = online_for(server, tmp_path)
    got = online.doi(["https://doi.org/10.5555/moth.1", "doi:10.5555/none", "nope"])
    assert [g.state for g in got] == ["found", "missing", "invalid"]
    rec = got[0].record
    assert rec is not None
    assert (rec.title, rec.authors, rec.date) == (
        "Moth Lamps: Saliency Priors",
        ["Wren Okafor", "The Moth Consortium"],
        "2026-03",
    )
    assert rec.container == "Proceedings of the Invented Conference"
    again = online_for(server, tmp_path).doi(["10.5555/moth.1"])
    assert again[0].record == rec and server.count("/doi/10.5555/moth.1") == 1
    assert "reference" not in next((tmp_path / "cache").rglob("*.json")).read_text(encoding="utf-8")


# ---------------------------------------------------------------- progress


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_only_after_a_second_on_a_tty_and_not_quiet() -> None:
    clock = FakeClock()
    out = Tty()
    p = Progress(out, clock=clock)
    p.add_total(3)
    p.advance(1, cached=True)
    assert out.getvalue() == ""  # a quick run shows nothing
    clock.sleep(1.5)
    p.advance(1)
    assert out.getvalue() == "\rmdsurvey: checked 2/3 (1 cached)"
    p.close()
    assert out.getvalue().endswith("\r")
    for stream, quiet in ((io.StringIO(), False), (Tty(), True)):
        q = Progress(stream, quiet=quiet, clock=clock)
        q.add_total(1)
        clock.sleep(2)
        q.advance(1)
        q.close()
        assert stream.getvalue() == ""


def test_check_draws_progress_on_a_tty(server: Server, tmp_path: Path) -> None:
    for i in range(5):
        server.route(f"/p{i}", (200, {}, b"ok"))
    clock = FakeClock()
    err = Tty()
    s = settings_for(server, policies={"127.0.0.1": HostPolicy(interval=0.5, parallel=1)}, concurrency=1)
    online = Online(s, cache=Cache(tmp_path / "c"), clock=clock, stderr=err)
    online.check([(f"{server.base}/p{i}", i) for i in range(5)])
    assert "mdsurvey: checked 5/5 (0 cached)" in err.getvalue()


# ---------------------------------------------------------------- a whole survey


def test_check_on_the_fixture_survey_reports_exactly_the_planted_problems(
    server: Server, tmp_path: Path
) -> None:
    from conftest import FIXTURES

    from mdsurvey.survey.parse import parse

    survey = parse((FIXTURES / "survey.md").read_text(encoding="utf-8"))
    links: list[tuple[str, int]] = []
    claims: list[PaperClaim[int]] = []
    entries: dict[str, str] = {}
    for row in survey.rows:
        p = row.paper
        urls = [p.url or "", *(x.url for x in p.links)]
        urls += [u for b in p.badges if b.kind == "github-stars" for u in (b.image, b.link or "")]
        links += [(u, row.line) for u in urls if u]
        if p.arxiv_id and p.title:
            month = p.date if p.date_source == "badge" else None
            claims.append(PaperClaim(p.arxiv_id, row.line, title=p.title, month=month))
            entries[p.arxiv_id] = atom_entry(p.arxiv_id, p.title, published=f"{p.date}-11T08:00:00Z")
    repos = {u.split("github.com/")[1] for u, _ in links if u.startswith("https://github.com/")}
    assert len(entries) >= 10 and len(repos) >= 5
    # planted: an id arXiv lacks, a wrong id (another paper's title), a badge a month late
    del entries["2609.11842"]
    entries["2608.20571"] = atom_entry(
        "2608.20571", "Unrelated Work on Protein Folding", "2026-08-03T00:00:00Z"
    )
    entries["2607.00936"] = entries["2607.00936"].replace("2026-07-11", "2026-06-29")

    def arxiv_api(req: Req) -> Reply:
        ids = req.query["id_list"].split(",")
        return 200, {}, atom_feed(*(entries[i] for i in ids if i in entries))

    server.routes["/arxiv/query"] = arxiv_api
    for repo in repos:
        body = json.dumps({"full_name": repo, "archived": repo == "frescott/ThriftyViT"}).encode()
        server.route(f"/gh/repos/{repo}", (200, {}, body))
    # planted: a rename (after a 429 that must be waited out), a repository gone
    server.route(
        "/gh/repos/orchid-vision/LanternMerge",
        (429, {"Retry-After": "30"}, b""),
        (301, {"Location": "/gh/repositories/9"}, b""),
    )
    server.route("/gh/repositories/9", (200, {}, b'{"full_name": "orchid-vision/lantern-merge"}'))
    server.route("/gh/repos/thorvald/MosaicAnchors", (404, {}, b""))

    clock = FakeClock()
    report = online_for(server, tmp_path, clock).check(links, claims)
    problems = sorted((r.wheres[0], r.state, r.new_url) for r in report.links if r.state != OK or r.new_url)
    assert problems == [
        (48, DEAD, None),  # the arXiv link of the id arXiv lacks
        (51, MOVED, "https://github.com/orchid-vision/lantern-merge"),
        (
            51,
            MOVED,
            "https://img.shields.io/github/stars/orchid-vision/lantern-merge.svg?style=social&label=Star",
        ),
        (76, DEAD, None),
        (76, DEAD, None),  # the badge of the gone repository
    ]
    archived = {r.repo.repo for r in report.links if r.repo and r.repo.archived}
    assert archived == {"frescott/ThriftyViT"}
    wrong = {(p.claim.where, p.title_match) for p in report.papers if p.title_match not in (None, "same")}
    assert wrong == {(49, "different")}
    assert {p.claim.where for p in report.papers if p.date_match is False} == {50}
    assert {p.claim.where for p in report.papers if p.state == "missing"} == {48}
    assert report.summary() is None
    assert server.count("/arxiv") == 1 and max(clock.slept) >= 30
    # a second run asks nothing
    before = len(server.seen)
    online_for(server, tmp_path).check(links, claims)
    assert len(server.seen) == before


def test_a_url_with_a_utf8_path_is_sent_percent_encoded(server: Server, tmp_path: Path) -> None:
    server.route("/论文/é", (200, {}, b"ok"))
    report = online_for(server, tmp_path).check([(f"{server.base}/论文/é", 1)])
    assert report.links[0].state == OK
    assert server.seen[0].path == "/论文/é"
