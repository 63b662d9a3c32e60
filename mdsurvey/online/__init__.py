"""Online mode, opt-in: paper metadata from arXiv and doi.org, and a check of a survey's links.

Nothing here runs unless a command asks for it; nothing else in the package imports it but the
commands that take `--arxiv`, `--doi` or `--online`. It reads only the layers below (files,
syntax, survey, analysis) and knows nothing of rules or findings: it returns typed results,
and the caller turns them into rows or findings.

Make one `Online` per command run (one HTTP client, one cache, one progress line):

    from mdsurvey.online import Online, PaperClaim

    online = Online(refresh=args.refresh, quiet=args.quiet)   # settings from the environment

    # add --arxiv 2508.07871 https://arxiv.org/abs/cs/0112017v1
    for got in online.arxiv(["2508.07871", "https://arxiv.org/abs/cs/0112017v1"]):
        if got.state != "found":          # missing | invalid | unchecked
            fail(f"{got.query}: {got.error}")
        r = got.record                    # ArxivRecord
        r.title, r.authors, r.date, r.month, r.arxiv_id, r.primary_category, r.code_url, r.venue

    # add --doi 10.1234/abc
    [got] = online.doi(["10.1234/abc"])   # DoiLookup: .state, .record (DoiRecord), .error

    # check --online: (url, where) per link, a PaperClaim per row with an arXiv id
    report = online.check(
        [(url, (path, line)) for ...],
        [PaperClaim(arxiv_id, (path, line), title=row_title, month="2025-08") for ...],
    )
    for link in report.links:             # one LinkResult per distinct URL, with .wheres
        link.kind                         # web | arxiv | github
        link.state                        # ok | dead | moved | unchecked
        link.new_url                      # moved: the new URL (a renamed repository too)
        link.repo                         # github: RepoResult (.state, .new_repo, .archived)
    for p in report.papers:               # PaperResult per claim
        p.state, p.title_match, p.date_match, p.record
    report.summary()                      # None, or the one "could not check N links: ..." line

Where things are and what can be changed (tests point everything at a local server):
    environment  MDSURVEY_ARXIV_API, MDSURVEY_GITHUB_API, MDSURVEY_GITHUB_WEB, MDSURVEY_DOI_URL
                 (base URLs), GITHUB_TOKEN (GraphQL batches instead of 60 REST calls an hour),
                 MDSURVEY_CACHE_DIR (else the platform cache directory; see cache.py)
    parameters   Online(settings=Settings(...), cache=Cache(...), clock=..., opener=..., env=...)

Limits respected: arXiv API one request every 3 s, one at a time, 50 ids per request; GitHub
API two at a time, REST budget watched (x-ratelimit-remaining) with github.com pages as the
fallback; every other host two at a time; eight requests at once in all; retries (2) with
jittered exponential backoff on timeouts, resets, 429 and 5xx, Retry-After honoured up to
120 s; a 15 s timeout; six connection failures before any answer mean the network is down and
the run stops asking.
"""

from __future__ import annotations

from mdsurvey.online.arxiv import ArxivIdError, ArxivLookup, ArxivRecord, parse_arxiv_id
from mdsurvey.online.cache import Cache, default_cache_dir
from mdsurvey.online.doi import DoiError, DoiLookup, DoiRecord, parse_doi
from mdsurvey.online.github import RepoResult, renamed_url, repo_of
from mdsurvey.online.http import Endpoints, HttpClient, Settings
from mdsurvey.online.links import DEAD, MOVED, OK, UNCHECKED
from mdsurvey.online.session import (
    CheckReport,
    LinkResult,
    Online,
    PaperClaim,
    PaperResult,
    date_match,
    title_match,
)

__all__ = [
    "DEAD",
    "MOVED",
    "OK",
    "UNCHECKED",
    "ArxivIdError",
    "ArxivLookup",
    "ArxivRecord",
    "Cache",
    "CheckReport",
    "DoiError",
    "DoiLookup",
    "DoiRecord",
    "Endpoints",
    "HttpClient",
    "LinkResult",
    "Online",
    "PaperClaim",
    "PaperResult",
    "RepoResult",
    "Settings",
    "date_match",
    "default_cache_dir",
    "parse_arxiv_id",
    "parse_doi",
    "renamed_url",
    "repo_of",
    "title_match",
]
