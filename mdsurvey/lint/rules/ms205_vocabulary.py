"""MS205 vocabulary: a badge value is outside the survey's vocabulary."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from mdsurvey.analysis.vocabulary import count_vocabulary, vocabulary_badges
from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Finding, Fix
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.rows import replace_badge, row_edit

_NOT_ALNUM = re.compile(r"[^0-9a-z]")


def _norm(value: str) -> str:
    return _NOT_ALNUM.sub("", value.lower())


@lru_cache(maxsize=4096)
def _close(a: str, b: str) -> bool:
    """Near-identical spellings: same letters ignoring case and punctuation, or at most
    two edits apart for words long enough that two edits is a typo, not another word."""
    na, nb = _norm(a), _norm(b)
    if na == nb:
        return True
    if min(len(na), len(nb)) < 6 or abs(len(na) - len(nb)) > 2:
        return False
    # banded Levenshtein: only distances up to 2 matter
    prev = list(range(len(nb) + 1))
    for i, ca in enumerate(na, 1):
        cur = [i] + [0] * len(nb)
        for j, cb in enumerate(nb, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > 2:
            return False
        prev = cur
    return prev[-1] <= 2


def vocabulary(ctx: Context) -> Iterator[Finding]:
    """Finds area/category/cost badge values not in the vocabulary: the configured one
    ([tool.mdsurvey] vocabulary, keyed by role or column) or, without it, the file's own:
    a value used once beside a near-identical value used at least three times."""
    entries = vocabulary_badges(ctx.facts.paper_tables)
    counts = count_vocabulary(entries)
    configured = ctx.config.vocabulary
    for row, b, key in entries:
        allowed = configured.get(key) or configured.get(b.column)
        if allowed is not None:
            if b.message in allowed:
                continue
            candidates = [v for v in allowed if _close(b.message, v)]
        else:
            c = counts[key]
            if c[b.message] != 1:
                continue
            candidates = [
                v for v, n in c.items() if v != b.message and n >= 3 and _close(b.message, v)
            ]
            if not candidates:
                continue
        fix = None
        if len(candidates) == 1:
            new = replace_badge(row, b, message=candidates[0])
            if new:
                # a spelling a few letters away may be a new tag ("Retention-Based" beside
                # "Attention-Based"): only a configured vocabulary or a pure case /
                # punctuation / spacing difference makes the rewrite safe
                safe = allowed is not None or _norm(b.message) == _norm(candidates[0])
                fix = Fix(
                    "MS205",
                    f"{b.message!r} -> {candidates[0]!r}",
                    [row_edit(row, new)],
                    applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
                )
        hint = (
            f"; did you mean {candidates[0]!r}?"
            if len(candidates) == 1
            else (f"; near: {', '.join(repr(c) for c in candidates)}" if candidates else "")
        )
        source = "configured" if allowed is not None else "this file's"
        yield ctx.finding(
            "MS205",
            row.line,
            b.start + 1,
            f"{key} {b.message!r} is not in {source} vocabulary{hint}",
            end_column=b.end + 1,
            fix=fix,
        )


RULE = rule(
    "MS205",
    "vocabulary",
    "warning",
    "A badge value is outside the survey's vocabulary",
    why="Tags are how readers filter a survey; 'Training-Fre' once beside 'Training-Free' "
    "forty times splits one category in two.",
    example="[![Cost](https://img.shields.io/badge/Training--Fre-yellow)]()  (elsewhere: Training--Free)",
    fix="safe: when exactly one known value differs only in case, punctuation or spacing, or the "
    "vocabulary is configured; unsafe (--unsafe-fixes): a spelling guess a few letters apart",
    applicability=(Applicability.SAFE, Applicability.UNSAFE),
    check=vocabulary,
)
