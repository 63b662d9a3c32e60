"""GitHub repositories: found, renamed (the new owner/name), gone, archived.

With a token (GITHUB_TOKEN), one GraphQL query asks for up to BATCH repositories. Without,
the REST API allows 60 requests an hour: it is used while its budget lasts, and the rest are
looked at on github.com itself (a 404 is gone, a 301 a rename; archived stays unknown).
"""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mdsurvey.online.cache import TTL_GITHUB, Cache
from mdsurvey.online.http import GITHUB_API, FetchError, HttpClient, Response
from mdsurvey.online.proposals import RESERVED_OWNERS

BATCH = 50

_OWNER = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})"
_NAME = r"[A-Za-z0-9_.-]{1,100}"
_REPO_URL = re.compile(
    rf"\A(?:https?:)?//(?:www\.)?github\.com/({_OWNER})/({_NAME})(?:[/?#]|\Z)", re.IGNORECASE
)
_BADGE_URL = re.compile(
    rf"\A(?:https?:)?//img\.shields\.io/github/[a-z-]+(?:/[a-z-]+)?/({_OWNER})/({_NAME})(?:[/?#.]|\Z)",
    re.IGNORECASE,
)
_VALID = re.compile(rf"\A{_OWNER}/{_NAME}\Z")


def repo_of(url: str) -> str | None:
    """owner/name of a github.com repository link or a shields.io GitHub badge, else None."""
    for pattern in (_REPO_URL, _BADGE_URL):
        m = pattern.match(url.strip())
        if m:
            owner, name = m.group(1), m.group(2).removesuffix(".git")
            if pattern is _BADGE_URL:
                name = re.sub(r"\.(?:svg|png|json)\Z", "", name)
            if owner.lower() in RESERVED_OWNERS or not name or name in (".", ".."):
                return None
            return f"{owner}/{name}"
    return None


def renamed_url(url: str, old: str, new: str) -> str:
    """`url` (a repository link or badge naming `old`) naming `new` instead."""
    pattern = re.compile(rf"(?<=/){re.escape(old)}(?=\.git|[/?#.]|\Z)", re.IGNORECASE)
    return pattern.sub(new, url, count=1)


@dataclass
class RepoResult:
    """One repository: `state` ok, renamed (`new_repo` set), gone (deleted, or private) or
    unchecked (`error` says why); `archived` is None when unknown."""

    repo: str
    state: str
    new_repo: str | None = None
    archived: bool | None = None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        """What is cached."""
        return {"state": self.state, "new_repo": self.new_repo, "archived": self.archived}


def _found(repo: str, name_with_owner: str, archived: bool | None) -> RepoResult:
    if name_with_owner.lower() != repo.lower():
        return RepoResult(repo, "renamed", new_repo=name_with_owner, archived=archived)
    return RepoResult(repo, "ok", archived=archived)


def lookup(
    client: HttpClient,
    cache: Cache,
    repos: list[str],
    on_done: Callable[[int, bool], None] | None = None,
) -> dict[str, RepoResult]:
    """A RepoResult per distinct owner/name (case-insensitive), cached ones not asked again."""
    out: dict[str, RepoResult] = {}
    todo: list[str] = []
    seen: set[str] = set()
    for repo in repos:
        if repo.lower() in seen:
            continue
        seen.add(repo.lower())
        if not _VALID.match(repo):
            out[repo] = RepoResult(repo, "unchecked", error=f"{repo!r} is not an owner/name")
            continue
        cached = cache.get("github", repo.lower(), TTL_GITHUB)
        if isinstance(cached, dict) and cached.get("state") in ("ok", "renamed", "gone"):
            out[repo] = RepoResult(repo, cached["state"], cached.get("new_repo"), cached.get("archived"))
        else:
            todo.append(repo)
    if on_done and out:
        on_done(len(out), True)
    if client.settings.github_token:
        fresh = _graphql(client, todo, on_done)
    else:
        fresh = _rest(client, todo, on_done)
    for repo, res in fresh.items():
        out[repo] = res
        if res.state != "unchecked":
            cache.put("github", repo.lower(), res.to_json())
    return out


def _graphql(
    client: HttpClient, repos: list[str], on_done: Callable[[int, bool], None] | None
) -> dict[str, RepoResult]:
    s = client.settings
    out: dict[str, RepoResult] = {}
    not_found: list[str] = []
    for i in range(0, len(repos), BATCH):
        batch = repos[i : i + BATCH]
        # owner and name match _VALID, so they cannot break out of the string literals
        fields = "\n".join(
            f'r{j}: repository(owner: "{r.split("/")[0]}", name: "{r.split("/")[1]}") '
            "{ nameWithOwner isArchived }"
            for j, r in enumerate(batch)
        )
        body = json.dumps({"query": f"query {{\n{fields}\n}}"}).encode()
        headers = {"Authorization": f"bearer {s.github_token}", "Content-Type": "application/json"}
        try:
            resp = client.request(
                "POST", f"{s.endpoints.github_api}/graphql", headers=headers, body=body, limit_key=GITHUB_API
            )
            data = json.loads(resp.body.decode("utf-8")) if resp.status == 200 else None
        except FetchError as e:
            out.update({r: RepoResult(r, "unchecked", error=f"GitHub API: {e}") for r in batch})
            continue
        except (UnicodeDecodeError, ValueError):
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("data"), dict):
            why = "GITHUB_TOKEN was refused" if resp.status == 401 else f"HTTP {resp.status}"
            out.update({r: RepoResult(r, "unchecked", error=f"GitHub API: {why}") for r in batch})
            continue
        missing = {
            e["path"][0]
            for e in data.get("errors") or []
            if isinstance(e, dict) and e.get("type") == "NOT_FOUND" and e.get("path")
        }
        for j, r in enumerate(batch):
            node = data["data"].get(f"r{j}")
            if isinstance(node, dict) and isinstance(node.get("nameWithOwner"), str):
                out[r] = _found(r, node["nameWithOwner"], bool(node.get("isArchived")))
            elif f"r{j}" in missing:
                not_found.append(r)
            else:
                out[r] = RepoResult(r, "unchecked", error="GitHub API: no answer for this repository")
        if on_done:
            on_done(len(batch) - len([r for r in batch if r in not_found]), False)
    # a rename is what github.com's redirect tells for sure: ask it before calling one gone
    for r, res in zip(not_found, client.map(lambda r: _web(client, r), not_found), strict=True):
        out[r] = res
    if on_done and not_found:
        on_done(len(not_found), False)
    return out


def _rest(
    client: HttpClient, repos: list[str], on_done: Callable[[int, bool], None] | None
) -> dict[str, RepoResult]:
    api = client.settings.endpoints.github_api
    spent = threading.Event()  # the hour's 60 requests are used up: github.com answers the rest

    def one(repo: str) -> RepoResult:
        res = None if spent.is_set() else _rest_one(client, api, repo, spent)
        if res is None:
            res = _web(client, repo)
        if on_done:
            on_done(1, False)
        return res

    return dict(zip(repos, client.map(one, repos), strict=True))


def _rest_one(client: HttpClient, api: str, repo: str, spent: threading.Event) -> RepoResult | None:
    """The REST API's answer, or None when its rate limit is spent."""
    url = f"{api}/repos/{urllib.parse.quote(repo)}"
    try:
        resp = client.request(
            "GET",
            url,
            headers={"Accept": "application/vnd.github+json"},
            limit_key=GITHUB_API,
            follow_redirects=True,  # a renamed repository answers 301 to /repositories/ID
        )
    except FetchError as e:
        return RepoResult(repo, "unchecked", error=f"GitHub API: {e}")
    if _rate_limited(resp):
        spent.set()
        return None
    if resp.header("x-ratelimit-remaining") == "0":
        spent.set()
    if resp.status in (404, 410, 451):
        return RepoResult(repo, "gone")
    if resp.status != 200:
        return RepoResult(repo, "unchecked", error=f"GitHub API: HTTP {resp.status}")
    try:
        data = json.loads(resp.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return RepoResult(repo, "unchecked", error="GitHub API: the answer is not JSON")
    if not isinstance(data, dict) or not isinstance(data.get("full_name"), str):
        return RepoResult(repo, "unchecked", error="GitHub API: the answer has no full_name")
    return _found(repo, data["full_name"], bool(data.get("archived")))


def _rate_limited(resp: Response) -> bool:
    return resp.status == 429 or (resp.status == 403 and resp.header("x-ratelimit-remaining") == "0")


def _web(client: HttpClient, repo: str) -> RepoResult:
    """github.com's own answer for a repository page: 200 found, 301 renamed, 404 gone."""
    web = client.settings.endpoints.github_web
    try:
        resp = client.request("HEAD", f"{web}/{repo}")
    except FetchError as e:
        return RepoResult(repo, "unchecked", error=f"github.com: {e}")
    if resp.status == 200:
        return RepoResult(repo, "ok")
    if resp.status in (404, 410, 451):
        return RepoResult(repo, "gone")
    if resp.status in (301, 308) and resp.header("location"):
        target = urllib.parse.urljoin(f"{web}/{repo}", resp.header("location") or "")
        new = None
        if target.lower().startswith(web.lower() + "/"):
            parts = target[len(web) + 1 :].split("/")
            new = "/".join(parts[:2]) if len(parts) >= 2 and parts[1] else None
            new = re.split(r"[?#]", new)[0] if new else None
        if new and _VALID.match(new):
            return _found(repo, new, None)
    return RepoResult(repo, "unchecked", error=f"github.com: HTTP {resp.status}")
