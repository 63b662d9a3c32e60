"""The badge values a survey's tables use, counted by role or column."""

from __future__ import annotations

from collections import Counter

from mdsurvey.survey.legend import badge_role
from mdsurvey.survey.model import Row, Table
from mdsurvey.survey.paper import Badge


def vocab_key(b: Badge) -> str | None:
    """What a badge's value is a vocabulary of: its role (area, category, cost) or, for an
    unlabeled static badge of no role, its column; None for the other badges."""
    role = badge_role(b)
    if role in ("area", "category", "cost"):
        return role
    if b.kind == "static" and b.label is None and b.column and role is None:
        return b.column
    return None


def vocabulary_badges(tables: list[Table]) -> list[tuple[Row, Badge, str]]:
    """Every badge of these tables that has a vocabulary key and a value, with its row and key,
    in file order (each badge's key found once, for the counts and the rule alike)."""
    out: list[tuple[Row, Badge, str]] = []
    for t in tables:
        for row in t.rows:
            for b in row.paper.badges:
                if b.message:
                    key = vocab_key(b)
                    if key:
                        out.append((row, b, key))
    return out


def count_vocabulary(entries: list[tuple[Row, Badge, str]]) -> dict[str, Counter[str]]:
    """The values of `vocabulary_badges` entries, counted per key."""
    counts: dict[str, Counter[str]] = {}
    for _row, b, key in entries:
        c = counts.get(key)
        if c is None:
            c = counts[key] = Counter()
        c[b.message] += 1
    return counts


def badge_vocabulary(tables: list[Table]) -> dict[str, Counter[str]]:
    """The badge values these tables use, counted, keyed by role (area, category, cost) or, for
    an unlabeled badge, by its column."""
    return count_vocabulary(vocabulary_badges(tables))
