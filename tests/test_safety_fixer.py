"""The fix engine's safety and cost: work linear in the number of fixes, one run converges
when a row has many fixes, and a mojibake repair that names papers again passes verification."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections import Counter
from types import ModuleType
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, read_exact
from hypothesis import given
from hypothesis import strategies as st

import mdsurvey
from mdsurvey.files import lines as lines_module
from mdsurvey.files.source import Line, dominant_eol
from mdsurvey.fix import fixer
from mdsurvey.fix.fixer import FixVerificationError, fix_text, verify
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options
from mdsurvey.lint.findings import Edit, Fix
from mdsurvey.survey.model import Survey

OPTS = Options(today=dt.date(2025, 11, 25))


def _load_generator() -> ModuleType:
    path = ROOT / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("mdsurvey_bench_generate_fixer", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


generate = _load_generator()


def miscoloured(rows: int) -> str:
    """A generated survey whose every area badge is drawn orange: one MS204 fix per row."""
    text = generate.survey(rows, sections=max(1, rows // 50))
    assert text.count("-purple)]()") == rows
    return text.replace("-purple)]()", "-orange)]()")


def papers(text: str) -> Counter[tuple[str | None, str | None]]:
    return Counter((r.paper.title, r.paper.url) for r in mdsurvey.loads(text).rows)


# --- 17: the work of `fix` is linear in the number of fixes ---------------------------------


def _count_overlaps(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    real = fixer._overlaps

    def counting(a: Edit, b: Edit) -> bool:
        calls[0] += 1
        return real(a, b)

    monkeypatch.setattr(fixer, "_overlaps", counting)
    return calls


def test_choosing_fixes_compares_each_edit_with_its_neighbours_only(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_overlaps(monkeypatch)

    def comparisons(n: int) -> int:
        # one fix per line, and every tenth line a second fix that has to wait a round
        fixes = [Fix("MS204", "", [Edit(i, i + 1, (f"new {i}",))]) for i in range(n)]
        fixes += [Fix("MS203", "", [Edit(i, i + 1, (f"other {i}",))]) for i in range(0, n, 10)]
        calls[0] = 0
        chosen = fixer.choose(fixes)
        assert len(chosen) == n
        return calls[0]

    small, large = comparisons(300), comparisons(600)
    # every-edit-with-every-taken-edit makes ~n²/2 comparisons: 4x for twice the fixes
    assert large <= 2 * small + 10, (small, large)


def test_fix_on_twice_the_fixable_rows_does_at_most_twice_the_comparisons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _count_overlaps(monkeypatch)

    def comparisons(rows: int) -> int:
        calls[0] = 0
        result = fix_text(miscoloured(rows), "x.md", Config(), OPTS)
        assert len(result.applied) == rows and not [f for f in result.remaining if f.code == "MS204"]
        return calls[0]

    small, large = comparisons(100), comparisons(200)
    assert large <= 2 * small + 10, (small, large)


class _CountingList(list):  # type: ignore[type-arg]
    """A list that counts slice assignments (splices)."""

    splices = 0

    def __setitem__(self, key: Any, value: Any) -> None:
        if isinstance(key, slice):
            _CountingList.splices += 1
        super().__setitem__(key, value)


def test_apply_edits_does_not_splice_the_line_list_once_per_edit(monkeypatch: pytest.MonkeyPatch) -> None:
    # the copies apply_edits (files/lines.py) makes with list(...) count their splices
    monkeypatch.setattr(lines_module, "list", _CountingList, raising=False)

    def splices(n: int) -> int:
        lines = [Line(f"line {i}", "\n") for i in range(2 * n)]
        # insertions and deletions: each splice would move the whole tail of the list
        edits = [Edit(2 * i, 2 * i, ("new",)) if i % 2 else Edit(2 * i, 2 * i + 1, ()) for i in range(n)]
        _CountingList.splices = 0
        out, org = fixer.apply_edits(lines, list(range(2 * n)), edits, set())
        assert len(out) == len(org) == 2 * n
        return _CountingList.splices

    assert splices(400) <= splices(200) <= 2


def test_fix_checks_and_parses_twice_when_one_round_fixes_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    checks, parses = [0], [0]
    real_check = fixer.check_survey

    def counting_check(*args: Any, **kwargs: Any) -> Any:
        checks[0] += 1
        return real_check(*args, **kwargs)

    real_parse = fixer.parse

    def counting_parse(text: str) -> Survey:
        parses[0] += 1
        return real_parse(text)

    monkeypatch.setattr(fixer, "check_survey", counting_check)
    monkeypatch.setattr(fixer, "parse", counting_parse)
    result = fix_text(miscoloured(60), "x.md", Config(), OPTS)
    assert len(result.applied) == 60
    # the original and the fixed text: each parsed and checked once (the check of the fixed
    # text is the one that finds nothing left to fix), not once more for verification
    assert checks[0] == 2 and parses[0] == 2


def _spliced(
    lines: list[Line], origins: list[int | None], edits: list[Edit], replaced: set[int]
) -> tuple[list[Line], list[int | None]]:
    """The reference: apply_edits as it was, one splice per edit, bottom-up."""
    default = dominant_eol(lines)
    out = list(lines)
    org = list(origins)
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        slots = [x.eol for x in out[e.start : e.end]]
        n = len(e.lines)
        before = out[e.start - 1].eol if e.start > 0 else ""
        local = (slots[0] if slots and slots[0] else "") or before or default
        if slots:
            if n <= len(slots):
                eols = slots[: n - 1] + slots[-1:] if n else []
            else:
                eols = slots[:-1] + [local] * (n - len(slots)) + slots[-1:]
            if n == 0 and slots[-1] == "" and e.start > 0:
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


@st.composite
def _edit_case(draw: st.DrawFn) -> tuple[list[Line], list[Edit]]:
    n = draw(st.integers(0, 8))
    eols = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=n, max_size=n))
    if n and draw(st.booleans()):
        eols[-1] = ""  # no final newline
    lines = [Line(f"l{i}", eol) for i, eol in enumerate(eols)]
    edits: list[Edit] = []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, n))
        end = draw(st.integers(start, min(n, start + 3)))
        new = tuple(f"n{len(edits)}.{k}" for k in range(draw(st.integers(0, 3))))
        edits.append(Edit(start, end, new))
    if not draw(st.booleans()):
        # as fix_text applies them: edits that do not touch (one fix's own may overlap)
        edits = [e for f in fixer.choose([Fix("X", "", [e]) for e in edits]) for e in f.edits]
    return lines, edits


@given(_edit_case())
def test_apply_edits_equals_splicing_one_edit_at_a_time(case: tuple[list[Line], list[Edit]]) -> None:
    lines, edits = case
    want_replaced: set[int] = set()
    got_replaced: set[int] = set()
    want = _spliced(lines, list(range(len(lines))), edits, want_replaced)
    got = fixer.apply_edits(lines, list(range(len(lines))), edits, got_replaced)
    assert got == want and got_replaced == want_replaced


# --- 18: a row with more fixes than rounds is fixed by one run -------------------------------


def _many_badges_row(text: str, k: int) -> tuple[str, int]:
    """`text` with its first paper row given `k` category badges drawn orange (the legend says
    green), and that row's line index."""
    lines = text.split("\n")
    i = next(i for i, t in enumerate(lines) if t.startswith("|  [![") and "[![Type]" in t)
    badges = " ".join(f"[![Type](https://img.shields.io/badge/Kind{c}--Based-orange)]()" for c in range(k))
    head, tail = lines[i].split("|  [![Type]", 1)
    lines[i] = f"{head}|  {badges}<br>" + tail.split("<br>", 1)[1]
    return "\n".join(lines), i


def test_a_row_with_fifteen_fixable_badges_is_fixed_by_one_run() -> None:
    clean = generate.survey(30, sections=2)
    text, i = _many_badges_row(clean, 15)
    first = fix_text(text, "x.md", Config(), OPTS)
    assert not [f for f in first.remaining if f.code == "MS204"]
    assert len([f for f in first.applied if f.code == "MS204"]) == 15
    before, after = text.split("\n"), first.text.split("\n")
    assert after[i] == before[i].replace("-orange)]()", "-green)]()")
    assert [t for k, t in enumerate(after) if k != i] == [t for k, t in enumerate(before) if k != i]
    second = fix_text(first.text, "x.md", Config(), OPTS)
    assert second.text == first.text and not second.applied


def _line_fix(code: str, line: str, old: str, new: str, **kw: Any) -> Fix:
    assert old in line
    return Fix(code, "", [Edit(0, 1, (line.replace(old, new, 1),))], **kw)


def test_one_line_edits_combine_only_where_their_columns_do_not_touch() -> None:
    line = "| aaa | bbb | ccc |"
    a = _line_fix("MS204", line, "aaa", "AAAA")
    b = _line_fix("MS204", line, "ccc", "C")
    near = _line_fix("MS204", line, "aaa |", "aaa_|")  # touches a's columns: waits a round
    chosen, edits = fixer.select([a, near, b], [line])
    assert chosen == [a, b] and edits == [Edit(0, 1, ("| AAAA | bbb | C |",))]
    # without the line's text nothing combines (the old first-come-first-served)
    assert fixer.select([a, near, b])[0] == [a]
    # a fix that declares papers it removes or adds is never combined with another
    named = _line_fix("MS501", line, "ccc", "C", removes=[("t", None)], adds=[("t", None)])
    assert fixer.select([a, named], [line])[0] == [a]
    assert fixer.select([named, a], [line])[0] == [named]


# --- 15: a mis-decoded CJK README -----------------------------------------------------------


def _mojibake(text: str, encoding: str) -> str:
    """UTF-8 `text` read as `encoding` (undefined cp1252 bytes as the C1 controls Windows and
    browsers pass through) and so saved again."""
    return "".join(bytes([b]).decode(encoding, errors="ignore") or chr(b) for b in text.encode("utf-8"))


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "mac_roman"])
def test_fix_repairs_a_fully_garbled_cjk_readme(encoding: str) -> None:
    clean = read_exact(FIXTURES / "cjk.md")
    garbled = _mojibake(clean, encoding)
    assert garbled != clean and "标题" not in garbled
    # garbled, the header names no Title column: no row's paper has a name
    assert {p.url for p in (r.paper for r in mdsurvey.loads(garbled).rows)} == {None}
    result = fix_text(garbled, "cjk.md", Config(), OPTS)
    assert result.text == clean
    assert papers(result.text) == papers(clean)
    assert {f.code for f in result.applied} == {"MS501"}


def test_a_repair_that_names_papers_may_still_lose_none() -> None:
    clean = read_exact(FIXTURES / "cjk.md")
    before = mdsurvey.loads(clean)
    row = next(r for r in before.rows if r.paper.url)
    i = row.line - 1
    assert row.paper.url is not None
    lost = clean.split("\n")
    lost[i] = lost[i].replace(row.paper.url, "https://arxiv.org/abs/2401.99999")
    after = "\n".join(lost)
    fix = Fix("MS501", "", [Edit(i, i + 1, (lost[i],))], reveals_papers=True)
    origins: list[int | None] = [None if k == i else k for k in range(len(before.lines))]
    with pytest.raises(FixVerificationError, match="papers lost"):
        verify(before, after, [fix], origins, {i})
