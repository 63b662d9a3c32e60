"""The README's own badge legend ("Badge Colors") and which role a row badge plays."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from mdsurvey.survey.paper import Badge
from mdsurvey.syntax.shields import normalize_color, parse_badge_url

if TYPE_CHECKING:
    from mdsurvey.survey.model import Survey

# a role's names, as legends and badge alt texts spell them
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "arxiv": ("arxiv",),
    "venue": ("pdf", "publish", "published", "venue", "conference", "journal", "conference/journal"),
    "github": ("github", "star", "stars", "repository", "repositories", "code"),
    "area": ("area", "areas", "research areas", "research area"),
    "category": ("type", "category", "categories", "tag", "tags", "method"),
    "cost": ("cost", "training cost"),
}
_WORD_ROLE = {w: role for role, words in ROLE_WORDS.items() for w in words}
_LEGEND_ITEM = re.compile(r"\s*[-*+]\s+!\[([^\]]*)\]\(([^)\s]+)\)\s*(.*)")
_LEGEND_HEADING = re.compile(r"\s*(?:#{1,6}\s+|\*\*|<b>|<strong>).*badge\s*colou?rs?", re.IGNORECASE)


@dataclass
class Legend:
    """The colors a survey's legend gives each badge role, and where the legend is."""

    colors: dict[str, str] = field(default_factory=dict)  # role -> color as written
    line: int | None = None  # 1-based line of the legend heading

    def expected(self, role: str) -> str | None:
        """The legend's color for `role`, as written (None: the legend does not say)."""
        return self.colors.get(role)


def role_of_words(*texts: str) -> str | None:
    """The role the first of `texts` names, whole ("Research Areas") or by one of its words."""
    for t in texts:
        key = t.strip().lower()
        if key in _WORD_ROLE:
            return _WORD_ROLE[key]
    for t in texts:
        for word in re.findall(r"[a-z/]+", t.lower()):
            if word in _WORD_ROLE:
                return _WORD_ROLE[word]
    return None


def read_legend(texts: list[str], skip: set[int]) -> Legend:
    """Find a "Badge Colors" list: `- ![arXiv Badge](…/badge/arXiv-red) `red` for arXiv papers`."""
    legend = Legend()
    for i, t in enumerate(texts):
        if i in skip or not _LEGEND_HEADING.match(t):
            continue
        j = i + 1
        while j < len(texts) and not texts[j].strip():
            j += 1
        while j < len(texts):
            m = _LEGEND_ITEM.match(texts[j])
            if not m:
                break
            spec = parse_badge_url(m.group(2))
            if spec is not None and spec.color:
                # the description names the role ("for research areas"); the badge text helps
                desc = re.sub(r"`[^`]*`", "", m.group(3))
                role = role_of_words(desc.split(" for ", 1)[-1], spec.message, m.group(1))
                if role is not None and role not in legend.colors:
                    legend.colors[role] = spec.color
            j += 1
        if legend.colors:
            legend.line = i + 1
            return legend
    return legend


def badge_role(badge: Badge) -> str | None:
    """The legend role of a row badge: from its alt text, else its label, else its column."""
    return _cached_role(badge.kind, badge.label, badge.alt, badge.column)


def survey_legend(survey: Survey, colors: Mapping[str, str] | None = None) -> Legend:
    """The survey's legend, read outside code and comments, with configured `colors` (role ->
    color) over what it says: the one way the rules and the workflows read a legend."""
    legend = read_legend([x.text for x in survey.lines], survey.blocks.hidden_lines())
    legend.colors.update(colors or {})
    return legend


def role_of(kind: str, label: str | None, alt: str, column: str) -> str | None:
    """The legend role of a badge of this kind, label, alt text and column (stars have none)."""
    if kind == "github-stars":
        return None
    if (label or "").lower() == "arxiv":
        return "arxiv"
    role = role_of_words(alt) if alt else None
    if role is None:
        role = role_of_words(column)
        if role in ("venue", "github"):
            role = None
    return role


# a survey's badges repeat a few dozen (kind, label, alt, column) combinations thousands of
# times, and several rules ask each badge's role: the words are read once per combination
_cached_role = lru_cache(maxsize=4096)(role_of)


def same_color(a: str, b: str) -> bool:
    """Two colors are one once spelled canonically (case, a leading `#`, shields.io aliases)."""
    return normalize_color(a) == normalize_color(b)
