"""Applying fixes: minimal whole-line edits, repeated to a fixed point, verified before any write.

The safety net, in the spirit of black's and mdformat's "refuse to write what
we cannot prove equivalent": after fixing, the result is parsed again and
(1) the papers are the same multiset as before, except what fixes declare they
remove or reveal; (2) every line outside the edits is byte-identical to the
original; (3) the tables render with the same row counts, except where a fix
declares it reveals a table or removes a row.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from mdsurvey.files.lines import Line, apply_edits, join_lines
from mdsurvey.files.source import BOM
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options, check_survey
from mdsurvey.lint.findings import Edit, Finding, Fix
from mdsurvey.survey.identity import edit_key
from mdsurvey.survey.model import Survey
from mdsurvey.survey.parse import parse

MAX_ROUNDS = 10

_T = TypeVar("_T")


class FixVerificationError(Exception):
    """A fix produced output that failed verification; nothing may be written."""

    def __init__(self, codes: list[str], detail: str) -> None:
        self.codes = codes
        self.detail = detail
        super().__init__(f"fix {', '.join(codes) or '?'} failed verification: {detail}")


@dataclass
class FixResult:
    """What `fix_text` did: the text before and after, the fixes applied, the findings left."""

    original: str
    text: str
    applied: list[Fix] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    survey: Survey | None = None  # the parse of `text`

    @property
    def changed(self) -> bool:
        """Whether fixing changed the text."""
        return self.text != self.original


def _overlaps(a: Edit, b: Edit) -> bool:
    """Edits touch: ranges intersect, or an insertion point lies in or at the edge of the other."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start <= a.start <= b.end
    if b.start == b.end:
        return a.start <= b.start <= a.end
    return a.start < b.end and b.start < a.end


def _span(e: Edit) -> tuple[int, int]:
    """The closed interval [lo, hi] of an edit, scaled so that closed intervals meet exactly
    when `_overlaps` says the edits touch: a range [s, e) is [4s+1, 4e-1], an insertion at
    p is [4p-1, 4p+1] (it meets ranges ending or starting at p, and insertions at p only)."""
    if e.start == e.end:
        return 4 * e.start - 1, 4 * e.start + 1
    return 4 * e.start + 1, 4 * e.end - 1


class _Spans(Generic[_T]):
    """Disjoint closed intervals in order, each with the items it was built from: the ones a
    new interval meets are found by bisection, not by comparing with every item taken."""

    def __init__(self) -> None:
        self.lo: list[int] = []
        self.hi: list[int] = []
        self.items: list[list[_T]] = []

    def meeting(self, lo: int, hi: int) -> range:
        """Indexes of the intervals that meet [lo, hi] (a run: the intervals are disjoint)."""
        first = bisect_left(self.hi, lo)
        return range(first, max(first, bisect_right(self.lo, hi)))

    def add(self, lo: int, hi: int, item: _T) -> None:
        """Add [lo, hi], merged with the intervals it meets."""
        run = self.meeting(lo, hi)
        items: list[_T] = [item]
        if run:
            lo, hi = min(lo, self.lo[run.start]), max(hi, self.hi[run.stop - 1])
            items = [x for k in run for x in self.items[k]] + items
        self.lo[run.start : run.stop] = [lo]
        self.hi[run.start : run.stop] = [hi]
        self.items[run.start : run.stop] = [items]


def _columns(old: str, new: str) -> tuple[int, int, str]:
    """The columns [c0, c1) of `old` that `new` replaces, and what it puts there."""
    n = min(len(old), len(new))
    p = 0
    while p < n and old[p] == new[p]:
        p += 1
    s = 0
    while s < n - p and old[-1 - s] == new[-1 - s]:
        s += 1
    return p, len(old) - s, new[p : len(new) - s]


@dataclass
class _LineGroup:
    """One-line replacements of the same line by fixes that declare no papers or tables:
    their changed columns do not touch, so one edit can make them all."""

    start: int
    text: str
    edits: list[Edit]
    parts: list[tuple[int, int, str]]
    cols: _Spans[tuple[int, int, str]]

    def merged(self) -> Edit:
        if len(self.edits) == 1:
            return self.edits[0]
        out = self.text
        for c0, c1, repl in sorted(self.parts, reverse=True):
            out = out[:c0] + repl + out[c1:]
        return Edit(self.start, self.start + 1, (out,))


def _edit(x: Edit | _LineGroup) -> Edit:
    return x.edits[0] if isinstance(x, _LineGroup) else x


def _mergeable(fx: Fix, e: Edit) -> bool:
    return (
        e.end == e.start + 1
        and len(e.lines) == 1
        and not (fx.removes or fx.adds or fx.new_tables or fx.reveals_tables)
    )


def select(fixes: list[Fix], texts: list[str] | None = None) -> tuple[list[Fix], list[Edit]]:
    """Fixes whose edits do not touch each other, first come first served, and the edits that
    apply them; the rest wait a round. Given the current line `texts`, one-line replacements
    of the same line whose changed columns do not touch are made by one combined edit."""
    chosen: list[Fix] = []
    taken: _Spans[Edit | _LineGroup] = _Spans()
    groups: dict[int, _LineGroup] = {}
    seen: set[tuple[str, tuple[Edit, ...]]] = set()
    order: list[Edit | _LineGroup] = []
    for fx in fixes:
        key = (fx.code, tuple(fx.edits))
        if key in seen:
            continue
        seen.add(key)
        joins: list[tuple[_LineGroup, tuple[int, int, str], Edit]] = []
        ok = True
        for e in fx.edits:
            lo, hi = _span(e)
            hits = [t for k in taken.meeting(lo, hi) for t in taken.items[k] if _overlaps(e, _edit(t))]
            if not hits:
                continue
            g = groups.get(e.start)
            if texts is None or g is None or not _mergeable(fx, e) or any(t is not g for t in hits):
                ok = False
                break
            part = _columns(g.text, e.lines[0])
            if g.cols.meeting(part[0], part[1]) or any(j[0] is g for j in joins):
                ok = False
                break
            joins.append((g, part, e))
        if not ok:
            continue
        chosen.append(fx)
        joined = {id(e) for _, _, e in joins}
        fresh = [e for e in fx.edits if id(e) not in joined]
        one_line = Counter(e.start for e in fresh if _mergeable(fx, e))
        for e in fresh:
            item: Edit | _LineGroup = e
            if texts is not None and _mergeable(fx, e) and one_line[e.start] == 1:
                part = _columns(texts[e.start], e.lines[0])
                g = _LineGroup(e.start, texts[e.start], [e], [part], _Spans[tuple[int, int, str]]())
                g.cols.add(part[0], part[1], part)
                groups[e.start] = g
                item = g
            taken.add(*_span(e), item)
            order.append(item)
        for g, part, e in joins:
            g.edits.append(e)
            g.parts.append(part)
            g.cols.add(part[0], part[1], part)
    return chosen, [x.merged() if isinstance(x, _LineGroup) else x for x in order]


def choose(fixes: list[Fix]) -> list[Fix]:
    """Fixes whose edits do not touch each other, first come first served; the rest wait a round."""
    return select(fixes)[0]


@dataclass
class Change:
    """A workflow's edit of a file (`add`, `rotate`), not a rule's fix: whole-line edits and
    the papers and tables it adds or removes on purpose, which the verification expects."""

    workflow: str  # the command that makes it, named in a verification failure
    edits: list[Edit]
    adds: list[tuple[str | None, str | None]] = field(default_factory=list)  # (title, url)
    removes: list[tuple[str | None, str | None]] = field(default_factory=list)
    new_tables: int = 0  # tables it creates (a new year section of an area page)


@dataclass
class _Declared:
    """What the applied fixes or changes say they do, which the verification then allows."""

    codes: list[str]
    removed: Counter[str]
    added: Counter[str]
    new_tables: int
    reveals_tables: bool
    reveals_papers: bool

    @classmethod
    def of(cls, applied: Sequence[Fix | Change]) -> _Declared:
        fixes = [f for f in applied if isinstance(f, Fix)]
        return cls(
            sorted({f.code if isinstance(f, Fix) else f.workflow for f in applied}),
            Counter(edit_key(title, url) for f in applied for title, url in f.removes),
            Counter(edit_key(title, url) for f in applied for title, url in f.adds),
            sum(f.new_tables for f in applied),
            any(f.reveals_tables for f in fixes),
            any(f.reveals_papers for f in fixes),
        )


def _papers(s: Survey) -> Counter[str]:
    c: Counter[str] = Counter()
    for r in s.rows:
        p = r.paper
        c[edit_key(p.title, p.url)] += 1
    return c


def verify(
    before: Survey,
    after_text: str,
    applied: Sequence[Fix | Change],
    origins: list[int | None],
    replaced: set[int],
    after: Survey | None = None,
) -> Survey:
    """Raise FixVerificationError unless `after_text` keeps the papers, the lines outside the
    edits and the table row counts of `before`; return its parse (`after`, if the caller has one)."""
    if after is None or (BOM if after.bom else "") + after.text != after_text:
        after = parse(after_text)
    _check(before, after, _Declared.of(applied), origins, replaced)
    return after


def _check(
    before: Survey, after: Survey, declared: _Declared, origins: list[int | None], replaced: set[int]
) -> None:
    codes, removed, added = declared.codes, declared.removed, declared.added
    reveals = declared.reveals_tables
    # (2) lines outside edits are the original bytes, all of them, in their order
    lines = after.lines
    if len(lines) != len(origins):
        raise FixVerificationError(codes, f"expected {len(origins)} lines, wrote {len(lines)}")
    kept = [o for o in origins if o is not None]
    missing = set(range(len(before.lines))) - replaced - set(kept)
    if missing:
        raise FixVerificationError(codes, f"original line {min(missing) + 1} vanished outside any edit")
    if kept != sorted(kept):
        raise FixVerificationError(codes, "lines outside the edits changed order")
    for i, o in enumerate(origins):
        if o is None:
            continue
        a, b = lines[i], before.lines[o]
        if a.text != b.text or (a.eol != b.eol and i != len(lines) - 1 and o != len(before.lines) - 1):
            raise FixVerificationError(
                codes, f"line {i + 1} differs from original line {o + 1} outside any edit"
            )

    # (1) papers: same multiset, minus declared removals, plus revealed ones
    pb, pa = _papers(before), _papers(after)
    expected = pb + added - removed
    if reveals:
        lost = expected - pa
        if lost:
            raise FixVerificationError(codes, f"papers lost: {sorted(lost)[:3]}")
    elif declared.reveals_papers:
        lost, extra = expected - pa, pa - expected
        # a row known by nothing (no url, no title) may come out with a name,
        # one for one; a paper that had a name must keep it
        anonymous = lost.pop("", 0)
        if lost or anonymous > sum(extra.values()):
            raise FixVerificationError(codes, f"papers lost: {sorted(lost or {'': anonymous})[:3]}")
    elif pa != expected:
        lost, extra = expected - pa, pa - expected
        raise FixVerificationError(
            codes, f"papers changed: lost {sorted(lost)[:3]}, gained {sorted(extra)[:3]}"
        )

    # (3) tables render with the same row counts
    rb = [len(t.rows) for t in before.tables]
    ra = [len(t.rows) for t in after.tables]
    if not reveals:
        if len(ra) != len(rb) + declared.new_tables or sum(ra) != sum(rb) - sum(removed.values()) + sum(
            added.values()
        ):
            raise FixVerificationError(codes, f"table row counts changed: {rb[:8]} -> {ra[:8]}")
    elif len(ra) < len(rb) or sum(ra) < sum(rb) - sum(removed.values()):
        raise FixVerificationError(codes, f"tables lost: {rb[:8]} -> {ra[:8]}")


def fix_text(
    text: str,
    path: str,
    config: Config,
    opts: Options,
    unsafe: bool = False,
    extra: Sequence[Finding] = (),
    parsed: Survey | None = None,
) -> FixResult:
    """Fix `text` round by round to a fixed point (at most MAX_ROUNDS) and verify the result.

    `extra` are findings made elsewhere on this same `text` (`fix --online`: what the network
    said): their fixes join the first round, and a later one while the line they edit is still
    there as it was (found where it moved, as when a sort moved its row). `parsed` is `text`'s
    parse when the caller has one (it is only read)."""
    original = parsed if parsed is not None else parse(text)
    survey = original
    bom = BOM if original.bom else ""
    lines = list(original.lines)
    origins: list[int | None] = list(range(len(lines)))
    replaced: set[int] = set()
    applied: list[Fix] = []
    findings: list[Finding] = []
    current = False  # whether `findings` are those of `survey`
    pending = [f.fix for f in extra if f.fix is not None and f.fix.applies(unsafe)]
    for _ in range(MAX_ROUNDS):
        findings = check_survey(survey, path, config, opts)
        current = True
        fixes = [f.fix for f in findings if f.fix is not None and f.fix.applies(unsafe)]
        carried: list[Fix | None] = list(pending)
        if survey is not original:
            carried = _carried(pending, lines, original)
        chosen, edits = select(fixes + [c for c in carried if c is not None], [x.text for x in lines])
        if not chosen:
            break
        taken = {id(fx) for fx in chosen}
        pending = [fx for fx, c in zip(pending, carried, strict=True) if c is not None and id(c) not in taken]
        lines, origins = apply_edits(lines, origins, edits, replaced)
        applied.extend(chosen)
        survey = parse(bom + join_lines(lines))
        current = False
    new_text = bom + join_lines(lines)
    if applied:
        verify(original, new_text, applied, origins, replaced, survey)
        if not current:
            findings = check_survey(survey, path, config, opts)
    return FixResult(text, new_text, applied, findings, survey)


def _carried(fixes: list[Fix], lines: list[Line], original: Survey) -> list[Fix | None]:
    """Each one-line fix made for `original`, moved to where its line is now (the one line of
    the same text), or None once that line changed or is not found exactly once."""
    where: dict[str, list[int]] = {}
    for i, x in enumerate(lines):
        where.setdefault(x.text, []).append(i)
    out: list[Fix | None] = []
    for fx in fixes:
        e = fx.edits[0] if len(fx.edits) == 1 else None
        found = where.get(original.lines[e.start].text, []) if e is not None and e.end == e.start + 1 else []
        if e is None or len(found) != 1:
            out.append(None)
            continue
        out.append(dataclasses.replace(fx, edits=[Edit(found[0], found[0] + 1, e.lines)]))
    return out


def _disjoint(changes: Sequence[Change]) -> bool:
    """No change's edits touch another change's (a change's own edits may)."""
    taken: _Spans[Edit] = _Spans()
    for c in changes:
        for e in c.edits:
            lo, hi = _span(e)
            if any(_overlaps(e, t) for k in taken.meeting(lo, hi) for t in taken.items[k]):
                return False
        for e in c.edits:
            taken.add(*_span(e), e)
    return True


def apply_changes(survey: Survey, changes: Sequence[Change]) -> Survey:
    """The survey with `changes` (whose edits do not touch each other) made in one go,
    verified and parsed once; raises ValueError when edits overlap."""
    if not _disjoint(changes):
        raise ValueError("edits overlap")
    bom = BOM if survey.bom else ""
    origins: list[int | None] = list(range(len(survey.lines)))
    replaced: set[int] = set()
    lines, origins = apply_edits(survey.lines, origins, [e for c in changes for e in c.edits], replaced)
    return verify(survey, bom + join_lines(lines), changes, origins, replaced)
