"""What an abstract or an arXiv comment says beyond the metadata: the code repository and the
venue ("Accepted at CVPR 2026"), proposed for a new row, never taken as fact."""

from __future__ import annotations

import re

from mdsurvey.survey.venues import AMBIGUOUS_IN_PROSE
from mdsurvey.survey.venues import VENUES as ALL_VENUES

# a venue named in prose: every known venue but those too ambiguous to find in running text
VENUES = tuple(v for v in ALL_VENUES if v not in AMBIGUOUS_IN_PROSE)

# path segments of github.com that are not an owner
RESERVED_OWNERS = frozenset(
    """about apps blog collections contact customer-stories enterprise events explore features
    issues login logout marketplace new notifications orgs organizations pricing pulls search
    security settings site sponsors stars team teams topics trending users join readme""".split()
)
_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})"
_REPO = r"[A-Za-z0-9_.-]{1,100}"
_GITHUB_URL = re.compile(
    rf"(?:https?://)?(?:www\.)?github\.com/({_NAME})/({_REPO})(?=[/\s)\]}},;:'\"<>]|$)", re.IGNORECASE
)

_VENUE_ALT = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in VENUES)
_VENUE = re.compile(
    rf"(?<![A-Za-z])({_VENUE_ALT})(?![A-Za-z])(?:\s*[-'’]?\s*((?:19|20)\d{{2}}|\d{{2}})(?!\d))?",
)
# an abstract names a venue as a fact only in these words; a comment may name it bare
_ACCEPTED = re.compile(
    r"\b(?:accepted|to\s+appear|appears?|published|presented|camera[-\s]ready|oral|spotlight|highlight)\b",
    re.IGNORECASE,
)
# a clause in these words names a venue the paper is not (yet) at
_NOT_THERE = re.compile(
    r"\b(?:submitted|submission|under\s+review|in\s+review|reject\w*|extends|extension|extended"
    r"|version\s+of|previous|prior|earlier|preliminary|withdrawn)\b",
    re.IGNORECASE,
)
_WORKSHOP = re.compile(r"\bworkshops?\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[;\n]|(?<=[a-z0-9)])\.\s")
_ANY_URL = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:com|org|io|net)/\S*", re.IGNORECASE)


def code_url(*texts: str | None) -> str | None:
    """The first GitHub repository named in the texts (the comment before the abstract), as
    https://github.com/owner/name."""
    for text in texts:
        if not text:
            continue
        for m in _GITHUB_URL.finditer(text):
            owner, name = m.group(1), m.group(2).rstrip(".")
            name = name.removesuffix(".git")
            if owner.lower() in RESERVED_OWNERS or not name:
                continue
            return f"https://github.com/{owner}/{name}"
    return None


def _year(raw: str | None) -> str | None:
    if raw is None:
        return None
    return raw if len(raw) == 4 else "20" + raw


def venue(comment: str | None, abstract: str | None = None, journal_ref: str | None = None) -> str | None:
    """The venue to propose ("CVPR 2026", "NeurIPS 2025 Workshop", "TPAMI"): from the journal
    reference, then a clause of the comment that names a venue and no submission, then a
    sentence of the abstract that says the paper was accepted there."""
    for text, needs_accepted in ((journal_ref, False), (comment, False), (abstract, True)):
        if not text:
            continue
        for clause in _CLAUSE.split(_ANY_URL.sub(" ", text)):
            if _NOT_THERE.search(clause) or (needs_accepted and not _ACCEPTED.search(clause)):
                continue
            m = _VENUE.search(clause)
            if not m:
                continue
            name = " ".join(m.group(1).split())
            year = _year(m.group(2))
            out = f"{name} {year}" if year else name
            if _WORKSHOP.search(clause):
                out += " Workshop"
            return out
    return None
