"""One online run: the client, the cache and the progress line, and the two things asked of
them: metadata for new papers (`arxiv`, `doi`) and a check of a survey's links (`check`)."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Generic, TextIO, TypeVar

from mdsurvey.online import arxiv as arxiv_mod
from mdsurvey.online import doi as doi_mod
from mdsurvey.online import github
from mdsurvey.online import links as links_mod
from mdsurvey.online.arxiv import ArxivIdError, ArxivLookup, ArxivRecord, parse_arxiv_id
from mdsurvey.online.cache import Cache, default_cache_dir
from mdsurvey.online.doi import DoiLookup
from mdsurvey.online.github import RepoResult
from mdsurvey.online.http import Clock, HttpClient, Opener, Settings
from mdsurvey.online.links import DEAD, MOVED, OK, UNCHECKED, UrlVerdict
from mdsurvey.online.progress import Progress
from mdsurvey.survey.identity import norm_title
from mdsurvey.survey.paper import ARXIV_URL

W = TypeVar("W")

CLOSE_TITLES = 0.8  # SequenceMatcher ratio of two normalised titles above which one was revised


@dataclass
class LinkResult(Generic[W]):
    """One distinct URL and every place it is linked from.

    `kind` says how it was checked: web (HTTP), arxiv (the arXiv API: DEAD means no such paper)
    or github (a repository link or badge: DEAD is gone, MOVED renamed, `repo` has the facts).
    """

    url: str
    kind: str
    state: str
    wheres: list[W]
    status: int | None = None
    new_url: str | None = None
    reason: str = ""
    cached: bool = False
    repo: RepoResult | None = None
    record: ArxivRecord | None = None

    @property
    def scheme_only(self) -> bool:
        """A move that only changes http to https, `www.` or a trailing slash."""
        if self.new_url is None:
            return False

        def bare(u: str) -> str:
            u = u.split("://", 1)[-1]
            if "?" not in u and "#" not in u:  # `?next=/` -> `?next=` is another address
                u = u.rstrip("/")
            return u.removeprefix("www.")

        return bare(self.url) == bare(self.new_url)


@dataclass
class PaperClaim(Generic[W]):
    """What a row says about an arXiv paper: its id (or arXiv URL), and where it has them its
    title and its date badge's month (YYYY-MM, or YYYY)."""

    arxiv_id: str
    where: W
    title: str | None = None
    month: str | None = None


@dataclass
class PaperResult(Generic[W]):
    """A claim against arXiv: `state` found, missing, invalid or unchecked (`error`).

    `title_match` is same (equal but for punctuation and case), close (a revised title, or one
    a prefix of the other) or different (another paper: the wrong id pasted); `date_match`
    whether the badge's month (or year) is the first version's. Both None when not compared.
    """

    claim: PaperClaim[W]
    state: str
    record: ArxivRecord | None = None
    error: str | None = None
    title_match: str | None = None
    date_match: bool | None = None


@dataclass
class CheckReport(Generic[W]):
    """Everything `Online.check` found; `summary()` is the one line for what could not be
    checked."""

    links: list[LinkResult[W]] = field(default_factory=list)
    papers: list[PaperResult[W]] = field(default_factory=list)
    network_down: str | None = None
    requests: int = 0
    cache_hits: int = 0

    def unchecked_links(self) -> list[LinkResult[W]]:
        """The links with no verdict."""
        return [r for r in self.links if r.state == UNCHECKED]

    def summary(self) -> str | None:
        """The line "could not check N links: <reason>", or None when every link was checked."""
        # a claim's paper is also a link almost always: papers are counted only when no link is
        left = [r.reason for r in self.unchecked_links()]
        noun = "link"
        if not left:
            left, noun = [p.error or "" for p in self.papers if p.state == "unchecked"], "arXiv paper"
        if not left:
            return None
        what = f"{len(left)} {noun}{'s' if len(left) != 1 else ''}"
        if self.network_down:
            return f"could not check {what}: {self.network_down}"
        reasons = Counter(left)
        parts = [f"{c} {why}" if c > 1 or len(reasons) > 1 else why for why, c in reasons.most_common(4)]
        if len(reasons) > 4:
            parts.append("…")
        return f"could not check {what}: {', '.join(parts)}"


def title_match(row_title: str, arxiv_title: str) -> str:
    """same, close or different (see PaperResult)."""
    a, b = norm_title(row_title), norm_title(arxiv_title)
    if a == b:
        return "same"
    if a and b and (a.startswith(b) or b.startswith(a)):
        return "close"
    return "close" if SequenceMatcher(None, a, b).ratio() >= CLOSE_TITLES else "different"


def date_match(month: str, record: ArxivRecord) -> bool:
    """The badge's YYYY-MM (or YYYY) is the first version's."""
    return record.date.startswith(month.replace(".", "-").replace("/", "-"))


class Online:
    """One online run (one client, one cache, one progress line); make one per command."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        cache: Cache | None = None,
        refresh: bool = False,
        quiet: bool = False,
        stderr: TextIO | None = None,
        clock: Clock | None = None,
        opener: Opener | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.settings = settings or Settings.from_env(env)
        self.cache = cache or Cache(default_cache_dir(env), refresh=refresh)
        self.client = HttpClient(self.settings, clock=clock, opener=opener)
        self.quiet = quiet
        self.stderr = sys.stderr if stderr is None else stderr
        self.clock = clock

    def _progress(self, label: str) -> Progress:
        return Progress(self.stderr, quiet=self.quiet, clock=self.clock, label=label)

    def arxiv(self, ids: Sequence[str]) -> list[ArxivLookup]:
        """The arXiv record for each id or URL, in order (one batched request per 50 ids)."""
        progress = self._progress("fetched")
        progress.add_total(len(ids))
        try:
            return arxiv_mod.lookup(self.client, self.cache, ids, lambda n, c: progress.advance(n, c))
        finally:
            progress.close()

    def doi(self, dois: Sequence[str]) -> list[DoiLookup]:
        """The doi.org record for each DOI, in order."""
        return doi_mod.lookup(self.client, self.cache, list(dois))

    def check(self, links: Iterable[tuple[str, W]], papers: Iterable[PaperClaim[W]] = ()) -> CheckReport[W]:
        """Checks each distinct http(s) URL once (others are skipped) and each claimed paper.

        arXiv abs/pdf/html links and claims share one batched arXiv look-up; GitHub repository
        links and shields.io GitHub badges share one repository look-up; every other URL is
        asked with HEAD/GET.
        """
        wheres: dict[str, list[W]] = {}
        for url, where in links:
            if links_mod.is_web(url):
                wheres.setdefault(url, []).append(where)
        claims = list(papers)
        kinds: dict[str, str] = {}
        arxiv_of: dict[str, str] = {}
        repo_of: dict[str, str] = {}
        for url in wheres:
            m = ARXIV_URL.search(url)
            repo = github.repo_of(url) if _is_repo_root(url) else None
            if m and _host(url).endswith("arxiv.org"):
                kinds[url], arxiv_of[url] = "arxiv", m.group(1)
            elif repo is not None:
                kinds[url], repo_of[url] = "github", repo
            else:
                kinds[url] = "web"
        claim_ids: list[str] = []
        for c in claims:
            try:
                claim_ids.append(parse_arxiv_id(c.arxiv_id))
            except ArxivIdError:
                claim_ids.append("")
        ids = list(dict.fromkeys([*arxiv_of.values(), *(i for i in claim_ids if i)]))
        repos = list(dict.fromkeys(repo_of.values()))
        web = [u for u in wheres if kinds[u] == "web"]

        progress = self._progress("checked")
        progress.add_total(len(ids) + len({r.lower() for r in repos}) + len(web))

        def tick(n: int, cached: bool) -> None:
            progress.advance(n, cached)

        try:
            found = {
                r.arxiv_id: r for r in arxiv_mod.lookup(self.client, self.cache, ids, tick) if r.arxiv_id
            }
            repo_results = github.lookup(self.client, self.cache, repos, tick)
            verdicts = links_mod.check_urls(self.client, self.cache, web, tick)
        finally:
            progress.close()

        report: CheckReport[W] = CheckReport(requests=self.client.stats.attempts, cache_hits=self.cache.hits)
        stats = self.client.stats
        if stats.attempts and not stats.responses:
            report.network_down = self.client.offline or "no request got an answer (the network looks down)"
        by_lower = {k.lower(): v for k, v in repo_results.items()}
        for url, ws in wheres.items():
            if kinds[url] == "arxiv":
                report.links.append(_arxiv_link(url, ws, found[arxiv_of[url]]))
            elif kinds[url] == "github":
                report.links.append(_repo_link(url, ws, by_lower[repo_of[url].lower()]))
            else:
                report.links.append(self._web_link(url, ws, verdicts[url], report.network_down))
        for c, aid in zip(claims, claim_ids, strict=True):
            report.papers.append(_paper(c, found.get(aid) if aid else None))
        return report

    def _web_link(self, url: str, ws: list[W], v: UrlVerdict, down: str | None) -> LinkResult[W]:
        state, reason = v.state, v.reason
        if v.dns:
            if down:
                # a name that does not resolve while nothing resolves says nothing about the link
                state = UNCHECKED
            else:
                self.cache.put("link-bad", url, v.to_json())
        return LinkResult(url, "web", state, ws, v.status, v.new_url, reason, v.cached)


def _host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].lower()


def _is_repo_root(url: str) -> bool:
    """github.com/owner/name (with .git, a slash, a query or fragment) or a shields.io GitHub
    badge: deeper github.com links (a file, a release) are checked as web links."""
    if _host(url) == "img.shields.io":
        return True
    path = url.split("://", 1)[-1].split("/", 1)[-1]
    path = path.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return path.count("/") == 1


def _arxiv_link(url: str, ws: list[W], res: ArxivLookup) -> LinkResult[W]:
    state = {"found": OK, "missing": DEAD}.get(res.state, UNCHECKED)
    return LinkResult(url, "arxiv", state, ws, reason=res.error or "", record=res.record)


def _repo_link(url: str, ws: list[W], res: RepoResult) -> LinkResult[W]:
    if res.state == "gone":
        return LinkResult(
            url, "github", DEAD, ws, reason=f"repository {res.repo} is gone (or private)", repo=res
        )
    if res.state == "renamed" and res.new_repo:
        new = github.renamed_url(url, res.repo, res.new_repo)
        return LinkResult(
            url, "github", MOVED, ws, new_url=new, reason=f"repository renamed to {res.new_repo}", repo=res
        )
    if res.state == "ok":
        return LinkResult(url, "github", OK, ws, repo=res)
    return LinkResult(url, "github", UNCHECKED, ws, reason=res.error or "", repo=res)


def _paper(c: PaperClaim[W], res: ArxivLookup | None) -> PaperResult[W]:
    if res is None:
        try:
            parse_arxiv_id(c.arxiv_id)
        except ArxivIdError as e:
            return PaperResult(c, "invalid", error=str(e))
        return PaperResult(c, "unchecked", error="not looked up")
    out: PaperResult[W] = PaperResult(c, res.state, res.record, res.error)
    if res.record is not None:
        if c.title:
            out.title_match = title_match(c.title, res.record.title)
        if c.month:
            out.date_match = date_match(c.month, res.record)
    return out


__all__ = [
    "DEAD",
    "MOVED",
    "OK",
    "UNCHECKED",
    "CheckReport",
    "LinkResult",
    "Online",
    "PaperClaim",
    "PaperResult",
    "date_match",
    "title_match",
]
