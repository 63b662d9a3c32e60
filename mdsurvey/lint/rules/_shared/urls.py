"""The shape of a web address: doubled scheme, URL in a URL, glued host, missing scheme (MS304's
test, which MS210 reads to leave such links to MS304)."""

from __future__ import annotations

import functools
import re

from mdsurvey.lint.rules._shared.links import looks_like_host

_DOUBLED_SCHEME = re.compile(r"\Ahttps?:/*https?(?::/*|/+)", re.IGNORECASE)
_WELL_KNOWN_HOSTS = ("github.com", "arxiv.org", "huggingface.co", "openreview.net", "gitlab.com")
_REAL_LONGER_HOSTS = {"github.community"}
_HOST = re.compile(r"\Ahttps?://([^/?#]*)(/[^?#]*)?", re.IGNORECASE)
_URL_IN_PATH = re.compile(r"/https?:/|/(?:www\.)?github\.com/", re.IGNORECASE)


# a survey repeats its badge sources thousands of times: judge each distinct one once. Paper
# links are mostly distinct; a small cache keeps the repeated ones without holding every URL
# of a 100k-row file
@functools.lru_cache(maxsize=4096)
def malformed_url(target: str) -> str | None:
    """What is wrong with a link target's web address, or None when its shape is fine."""
    if _DOUBLED_SCHEME.match(target):
        return "the scheme is doubled: keep one https://"
    m = _HOST.match(target)
    if m:
        host = m.group(1).lower()
        if not host.startswith(_WELL_KNOWN_HOSTS):
            return None  # most hosts: neither glued to a well-known one nor one of them
        for known in _WELL_KNOWN_HOSTS:
            glued = host.startswith(known) and len(host) > len(known) and host[len(known)] not in ".:"
            if glued and host not in _REAL_LONGER_HOSTS:
                return f"the host {known} is glued to the path: insert / after {known}"
        if host in _WELL_KNOWN_HOSTS and _URL_IN_PATH.search(m.group(2) or ""):
            return "a URL inside a URL: keep only the inner address"
        return None
    if looks_like_host(target):
        return "missing https://: GitHub treats it as a file next to this page"
    return None
