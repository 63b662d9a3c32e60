"""Applying fixes: minimal whole-line edits, repeated to a fixed point, verified before any write.

The safety net, in the spirit of black's and mdformat's "refuse to write what
we cannot prove equivalent": after fixing, the result is parsed again and
(1) the papers are the same multiset as before, except what fixes declare they
remove or reveal; (2) every line outside the edits is byte-identical to the
original; (3) the tables render with the same row counts, except where a fix
declares it reveals a table or removes a row.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .check import Options, check_survey
from .config import Config
from .findings import Edit, Finding, Fix
from .model import Survey
from .source import BOM, Line, dominant_eol

MAX_ROUNDS = 10


class FixVerificationError(Exception):
    """A fix produced output that failed verification; nothing may be written."""

    def __init__(self, codes: list[str], detail: str) -> None:
        self.codes = codes
        self.detail = detail
        super().__init__(f"fix {', '.join(codes) or '?'} failed verification: {detail}")


@dataclass
class FixResult:
    original: str
    text: str
    applied: list[Fix] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
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


def choose(fixes: list[Fix]) -> list[Fix]:
    """Fixes whose edits do not touch each other, first come first served; the rest wait a round."""
    chosen: list[Fix] = []
    taken: list[Edit] = []
    seen: set[tuple[str, tuple[Edit, ...]]] = set()
    for fx in fixes:
        key = (fx.code, tuple(fx.edits))
        if key in seen:
            continue
        seen.add(key)
        if any(_overlaps(e, t) for e in fx.edits for t in taken):
            continue
        chosen.append(fx)
        taken.extend(fx.edits)
    return chosen


def apply_edits(
    lines: list[Line], origins: list[int | None], edits: list[Edit], replaced: set[int]
) -> tuple[list[Line], list[int | None]]:
    """Replace line ranges bottom-up. Replaced lines keep their line breaks slot by slot,
    new lines take the file's usual one, and a missing final newline stays missing."""
    default = dominant_eol(lines)
    out = list(lines)
    org = list(origins)
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        slots = [x.eol for x in out[e.start : e.end]]
        n = len(e.lines)
        # a new line copies the break before it: a LF after a lone CR would fuse into one CRLF
        before = out[e.start - 1].eol if e.start > 0 else ""
        local = (slots[0] if slots and slots[0] else "") or before or default
        if slots:
            if n <= len(slots):
                eols = slots[: n - 1] + slots[-1:] if n else []
            else:
                eols = slots[:-1] + [local] * (n - len(slots)) + slots[-1:]
            if n == 0 and slots[-1] == "" and e.start > 0:
                # the removed lines ended the file without a break: so does the new last line
                out[e.start - 1] = Line(out[e.start - 1].text, "")
        else:
            eols = [local] * n
            if n and e.start == len(out) and out and out[-1].eol == "":
                out[-1] = Line(out[-1].text, default)
                eols[-1] = ""
        replaced.update(o for o in org[e.start : e.end] if o is not None)
        new = [Line(t, eol) for t, eol in zip(e.lines, eols, strict=True)]
        out[e.start : e.end] = new
        org[e.start : e.end] = [None] * n
    return out, org


def _key(title: str | None, url: str | None) -> str:
    # a paper without a url is known by the ASCII of its title: a mojibake repair rewrites
    # only non-ASCII runs; a row with neither is counted as such (fixes may edit its source)
    return url or "".join(ch for ch in (title or "") if ch.isascii()).strip()


def _papers(s: Survey) -> Counter[str]:
    c: Counter[str] = Counter()
    for r in s.rows:
        p = r.paper
        c[_key(p.title, p.url)] += 1
    return c


def verify(
    before: Survey, after_text: str, applied: list[Fix], origins: list[int | None], replaced: set[int]
) -> None:
    codes = sorted({f.code for f in applied})
    after = Survey(after_text)
    reveals = any(f.reveals_tables for f in applied)
    removed = Counter(_key(title, url) for f in applied for title, url in f.removes)
    added = Counter(_key(title, url) for f in applied for title, url in f.adds)

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
    elif pa != expected:
        lost, extra = expected - pa, pa - expected
        raise FixVerificationError(
            codes, f"papers changed: lost {sorted(lost)[:3]}, gained {sorted(extra)[:3]}"
        )

    # (3) tables render with the same row counts
    rb = [len(t.rows) for t in before.tables]
    ra = [len(t.rows) for t in after.tables]
    if not reveals:
        new_tables = sum(f.new_tables for f in applied)
        if len(ra) != len(rb) + new_tables or sum(ra) != sum(rb) - sum(removed.values()) + sum(
            added.values()
        ):
            raise FixVerificationError(codes, f"table row counts changed: {rb[:8]} -> {ra[:8]}")
    elif len(ra) < len(rb) or sum(ra) < sum(rb) - sum(removed.values()):
        raise FixVerificationError(codes, f"tables lost: {rb[:8]} -> {ra[:8]}")


def fix_text(text: str, path: str, config: Config, opts: Options, unsafe: bool = False) -> FixResult:
    original = Survey(text)
    survey = original
    bom = BOM if original.bom else ""
    lines = list(original.lines)
    origins: list[int | None] = list(range(len(lines)))
    replaced: set[int] = set()
    applied: list[Fix] = []
    findings: list[Finding] = []
    for _ in range(MAX_ROUNDS):
        findings = check_survey(survey, path, config, opts)
        fixes = [f.fix for f in findings if f.fix is not None and (f.fix.safe or unsafe)]
        chosen = choose(fixes)
        if not chosen:
            break
        lines, origins = apply_edits(lines, origins, [e for fx in chosen for e in fx.edits], replaced)
        applied.extend(chosen)
        survey = Survey(bom + "".join(str(x) for x in lines))
    new_text = bom + "".join(str(x) for x in lines)
    if applied:
        verify(original, new_text, applied, origins, replaced)
        findings = check_survey(survey, path, config, opts)
    return FixResult(text, new_text, applied, findings)


def apply_fixes(text: str, fixes: list[Fix]) -> str:
    """Apply edits that do not touch each other, in one go, and verify the result."""
    if len(choose(fixes)) != len(fixes):
        raise ValueError("edits overlap")
    original = Survey(text)
    bom = BOM if original.bom else ""
    origins: list[int | None] = list(range(len(original.lines)))
    replaced: set[int] = set()
    lines, origins = apply_edits(list(original.lines), origins, [e for f in fixes for e in f.edits], replaced)
    new_text = bom + "".join(str(x) for x in lines)
    verify(original, new_text, fixes, origins, replaced)
    return new_text
