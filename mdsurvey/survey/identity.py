"""Paper identity: which rows name the same paper. The one definition, used by the rules,
stats and exports, fix verification and rotate.

A paper is known by its arXiv id, DOI, paper URL and normalised title; two rows are one
paper when they share an id, or a title while no id of one kind differs (`same_paper`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mdsurvey.survey.paper import Paper

_DOI = re.compile(r"(?:doi\.org/|doi:\s*)(10\.\d{4,9}/[^\s)\]]+)", re.IGNORECASE)
_URL_PREFIX = re.compile(r"\A(?:https?:)?//(?:www\.)?")
_NON_WORD = re.compile(r"[\W_]+")
MIN_TITLE_KEY = 8  # shorter normalised titles ("Gemini") name too many things to identify a paper


def norm_title(title: str) -> str:
    """A title folded for comparison: NFKC, case-folded, only letters and digits kept."""
    # NFKC leaves ASCII as it is, and casefold() is lower() there: the common case skips both
    t = title.lower() if title.isascii() else unicodedata.normalize("NFKC", title).casefold()
    return _NON_WORD.sub("", t)


def norm_url(url: str) -> str:
    """A URL folded for comparison: no scheme, `www.`, trailing slash or `.pdf`, lower case."""
    u = _URL_PREFIX.sub("", url.strip()).rstrip("/")
    return u.removesuffix(".pdf").lower()


def identity_keys(
    arxiv_id: str | None, url: str | None, link_urls: list[str], title: str | None
) -> list[str]:
    """What identifies a paper: arXiv id, DOI, URL, normalised title (`same_paper` compares two lists)."""
    keys = []
    if arxiv_id:
        keys.append("arxiv:" + arxiv_id.lower())
    for u in [url or "", *link_urls]:
        # a substring test first: the pattern is case-insensitive, so it has no literal prefix
        m = _DOI.search(u) if "doi" in u.lower() else None
        if m:
            keys.append("doi:" + m.group(1).lower())
            break
    if url and not arxiv_id and url.startswith("http"):
        keys.append("url:" + norm_url(url))
    if title:
        nt = norm_title(title)
        if len(nt) >= MIN_TITLE_KEY:
            keys.append("title:" + nt)
    return keys


def _kind(key: str) -> str:
    return key.split(":", 1)[0]


def same_paper(a: list[str], b: list[str]) -> bool:
    """Two `identity_keys` lists name one paper: a shared arXiv id, DOI or URL, or a shared
    title when no id of one kind (arXiv, DOI, URL) is on both sides and differs."""
    strong_a = {k for k in a if _kind(k) != "title"}
    strong_b = {k for k in b if _kind(k) != "title"}
    if strong_a & strong_b:
        return True
    if not {k for k in a if _kind(k) == "title"} & {k for k in b if _kind(k) == "title"}:
        return False
    # one title, two arXiv ids (or DOIs, or paper links): two papers that share a name
    return not {_kind(k) for k in strong_a} & {_kind(k) for k in strong_b}


def edit_key(title: str | None, url: str | None) -> str:
    """The name an edit's verification counts a row's paper by: its URL as written, else the
    ASCII of its title, else (a title in another script: CJK, Cyrillic) its `norm_title`.

    A mojibake repair rewrites only non-ASCII runs, so a title with ASCII letters keeps its
    key; a title without any is known by all of it. Only a row with neither has ""."""
    if url:
        return url
    text = title or ""
    ascii_part = "".join(ch for ch in text if ch.isascii()).strip()
    if any(ch.isalnum() for ch in ascii_part):
        return ascii_part
    folded = norm_title(text)
    return "title:" + folded if folded else ascii_part


def keys_of(paper: Paper) -> list[str]:
    """`identity_keys` of a parsed paper (its arXiv id, links and title)."""
    return identity_keys(paper.arxiv_id, paper.url, [x.url for x in paper.links], paper.title)
