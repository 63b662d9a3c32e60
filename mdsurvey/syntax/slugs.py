"""GitHub heading anchors, computed the way github-slugger (and so GitHub) does.

The character rule mirrors github-slugger's generated regular expression: it
deletes the Unicode general categories Other_Number, every punctuation category
except Connector_Punctuation (and except ASCII ``-``), every symbol category,
Control, Format, Private_Use, Unassigned and every separator except the ASCII
space -- minus code points that have the Alphabetic property (circled and
squared Latin letters are So but Alphabetic, so they survive).  Letters, marks
(Mn/Mc/Me, hence also U+FE0F), Nd and Nl are kept.  Each remaining ASCII space
becomes ``-``: no trimming and no collapsing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.common.utils import normalizeReference

__all__ = [
    "VARIATION_SELECTORS",
    "Slugger",
    "anchor_candidates",
    "heading_plain_text",
    "slug",
]

# Emoji presentation selectors: github-slugger keeps them (they are Mn), while
# tools built on emoji regexes drop them together with the emoji they follow.
VARIATION_SELECTORS = "\ufe0e\ufe0f"

_REMOVED_CATEGORIES = frozenset("No Pd Ps Pe Pi Pf Po Sm Sc Sk So Cc Cf Co Cn Zs Zl Zp".split())

# The only symbols with the Alphabetic property (Other_Alphabetic): circled
# Latin letters and the squared / negative squared Latin capitals.  github-slugger
# subtracts Alphabetic from its removal set, so these are kept.
_ALPHABETIC_SYMBOL_RANGES = (
    (0x24B6, 0x24E9),
    (0x1F130, 0x1F149),
    (0x1F150, 0x1F169),
    (0x1F170, 0x1F189),
)


@lru_cache(maxsize=4096)
def _is_removed(ch: str) -> bool:
    if ch in " -":
        return False
    if unicodedata.category(ch) not in _REMOVED_CATEGORIES:
        return False
    cp = ord(ch)
    return not any(lo <= cp <= hi for lo, hi in _ALPHABETIC_SYMBOL_RANGES)


def slug(text: str) -> str:
    """Return the base (not yet de-duplicated) anchor for plain heading text."""
    out: list[str] = []
    for ch in text.lower():
        if ch == " ":
            out.append("-")
        elif ch.isascii():
            # Fast path: ASCII letters, digits, '-' and '_' are the only ASCII
            # characters that survive.
            if ch.isalnum() or ch in "-_":
                out.append(ch)
        elif not _is_removed(ch):
            out.append(ch)
    return "".join(out)


def anchor_candidates(slug_text: str) -> set[str]:
    """Forms of an anchor that a link may legitimately use.

    GitHub keeps U+FE0F (and U+FE0E) in anchors, but many TOC generators strip
    it, so both spellings are accepted when a link fragment is checked.
    """
    stripped = "".join(ch for ch in slug_text if ch not in VARIATION_SELECTORS)
    return {slug_text, stripped}


class Slugger:
    """Assigns unique anchors in document order, exactly like github-slugger.

    A repeat tries ``base-1``, ``base-2``, ... until unused; the counter is kept
    per base, and every produced slug is itself reserved, so "Echo", "Echo",
    "Echo 1" gives "echo", "echo-1", "echo-1-1".
    """

    def __init__(self) -> None:
        self._occurrences: dict[str, int] = {}

    def add(self, text: str) -> str:
        """The anchor GitHub gives the next heading with this text (`-1`, `-2`… for repeats)."""
        original = slug(text)
        result = original
        while result in self._occurrences:
            self._occurrences[original] += 1
            result = f"{original}-{self._occurrences[original]}"
        self._occurrences[result] = 0
        return result

    def reset(self) -> None:
        """Forget every heading seen, as at the top of a new page."""
        self._occurrences.clear()

    def __contains__(self, slug_text: object) -> bool:
        return slug_text in self._occurrences


@lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    # Building a MarkdownIt instance compiles all its rules; one per process.
    return MarkdownIt("commonmark").enable("strikethrough")


def heading_plain_text(raw: str, references: Iterable[str] = ()) -> str:
    """Text content of the rendered heading whose inline source is ``raw``.

    Mirrors the DOM ``textContent`` GitHub slugs: link and emphasis text is
    kept, code span contents are kept verbatim, entities and backslash escapes
    are resolved, raw HTML tags contribute nothing (their inner text does), and
    images contribute nothing (``<img>`` has no text content, alt included).

    ``references`` lists link-reference labels defined in the document, so that
    ``[text][label]`` is read as a link rather than as literal brackets.
    """
    env: dict[str, Any] = {}
    if references:
        target = {"href": normalizeLink(""), "title": ""}
        env["references"] = {normalizeReference(label): target for label in references}
    # CommonMark strips the heading's surrounding whitespace before inline
    # parsing; an entity such as &#x20; survives because it is decoded later.
    tokens = _inline_parser().parseInline(raw.strip(" \t"), env)
    parts: list[str] = []
    for token in tokens:
        for child in token.children or ():
            kind = child.type
            if kind in ("text", "code_inline"):
                parts.append(child.content)
            elif kind in ("softbreak", "hardbreak"):
                parts.append("\n")
    return "".join(parts)
