"""The badge values a survey's tables use, counted by role or column."""

from __future__ import annotations

from collections import Counter

from mdsurvey.survey.legend import badge_role
from mdsurvey.survey.model import Table
from mdsurvey.survey.paper import (
    Badge,
)


def vocab_key(b: Badge) -> str | None:
    """The vocabulary a badge's value belongs to (its role, or its column for a plain label), else None."""
    role = badge_role(b)
    if role in ("area", "category", "cost"):
        return role
    if b.kind == "static" and b.label is None and b.column and role is None:
        return b.column
    return None


def badge_vocabulary(tables: list[Table]) -> dict[str, Counter[str]]:
    """The badge values these tables use, counted, keyed by role (area, category, cost) or, for
    an unlabeled badge, by its column."""
    counts: dict[str, Counter[str]] = {}
    for t in tables:
        for row in t.rows:
            for b in row.paper.badges:
                key = vocab_key(b)
                if key and b.message:
                    counts.setdefault(key, Counter())[b.message] += 1
    return counts
