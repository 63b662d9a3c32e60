"""Robustness: damaged surveys, every CommonMark and GFM table example, and bad files.

- Property tests on generated surveys (benchmarks/generate.py) with random damage:
  the round trip is byte-identical, `fix` reaches a fixed point (fixing its own output
  applies nothing), and `fix` keeps every paper unless a fix declares a removal or a
  revealed table.
- The 652 CommonMark 0.30 spec examples and the 8 GFM table examples round-trip, and
  check and fix do not crash on them (tests/data/README.md says where they come from).
- Bad files on the command line: one clear line on stderr naming the path, exit 2,
  nothing written.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mdsurvey
from mdsurvey.fix.fixer import FixResult, fix_text
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options, check_survey

DATA = Path(__file__).resolve().parent / "data"
OPTS = Options(today=dt.date(2025, 11, 25))


def _load_generator() -> ModuleType:
    path = ROOT / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("mdsurvey_bench_generate", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


generate = _load_generator()


# ---------------------------------------------------------------- helpers


def papers(text: str) -> Counter[tuple[str | None, str | None]]:
    return Counter((r.paper.title, r.paper.url) for r in mdsurvey.loads(text).rows)


# fixes that rewrite a paper's text (MS501 repairs mojibake, in titles too)
TEXT_REPAIRS = {"MS501"}


def _by_url(c: Counter[tuple[str | None, str | None]]) -> Counter[tuple[str | None, str | None]]:
    out: Counter[tuple[str | None, str | None]] = Counter()
    for (title, url), n in c.items():
        out[(None if url else title, url)] += n
    return out


def fix(text: str, unsafe: bool = False) -> FixResult:
    return fix_text(text, "survey.md", Config(), OPTS, unsafe=unsafe)


def assert_fix_properties(text: str, unsafe: bool) -> None:
    assert mdsurvey.dumps(mdsurvey.loads(text)) == text
    # a FixVerificationError here is a bug (the ones found so far are fixed and pinned below)
    first = fix(text, unsafe)
    assert mdsurvey.dumps(mdsurvey.loads(first.text)) == first.text

    # a fixed point: fixing the output again applies nothing
    second = fix(first.text, unsafe)
    assert [f.code for f in second.applied] == [], "fix is not idempotent"
    assert second.text == first.text

    # papers are conserved, except what the applied fixes declare
    before, after = papers(text), papers(first.text)
    removed = Counter(t for f in first.applied for t in f.removes)
    added = Counter(t for f in first.applied for t in f.adds)
    if any(f.code in TEXT_REPAIRS for f in first.applied):
        # a text repair rewrites titles on purpose: papers are then known by their URL
        before, after = _by_url(before), _by_url(after)
        removed, added = _by_url(removed), _by_url(added)
    expected = before + added - removed
    if any(f.reveals_tables for f in first.applied):
        # a revealed table adds rows that were not rows before; none may be lost
        lost = expected - after
        assert not lost, f"papers lost: {sorted(lost, key=str)[:3]}"
    else:
        assert after == expected, (
            f"papers changed by {[f.code for f in first.applied]}: "
            f"lost {sorted(expected - after, key=str)[:3]}, gained {sorted(after - expected, key=str)[:3]}"
        )


# ---------------------------------------------------------------- damage

_BADGE_BREAKS = [
    ("\\.", "."),  # unescaped date dot
    ("-red)", "-blue)"),  # a color the legend does not give
    ("-purple)", "-green)"),
    ("![", "["),  # image becomes a link
    ("]()", "]("),  # unclosed destination
    ("badge/arXiv-", "badge/arXiv--"),
    ("-yellow)", ")"),  # no color
    ("Training--Free", "Trainig--Free"),  # a near-miss vocabulary value
    ("<br>", "<br"),
]


@st.composite
def damaged_survey(draw: st.DrawFn) -> str:
    n = draw(st.integers(2, 12))
    sections = draw(st.integers(1, 3))
    seed = draw(st.integers(0, 2**16))
    lines = generate.survey(n, sections, seed).split("\n")
    eols = ["\n"] * (len(lines) - 1) + [""]

    def rows() -> list[int]:
        return [i for i, t in enumerate(lines) if t.startswith("|  [")]

    def pick(candidates: list[int]) -> int | None:
        return draw(st.sampled_from(candidates)) if candidates else None

    for op in draw(st.lists(st.sampled_from(DAMAGE), max_size=5)):
        if op == "delete_pipe" or op == "double_pipe":
            i = pick(rows())
            if i is None:
                continue
            pipes = [k for k, c in enumerate(lines[i]) if c == "|"]
            k = draw(st.sampled_from(pipes))
            t = lines[i]
            lines[i] = t[:k] + t[k + 1 :] if op == "delete_pipe" else t[:k] + "|" + t[k:]
        elif op == "duplicate_row":
            i = pick(rows())
            if i is not None:
                lines.insert(i + 1, lines[i])
                eols.insert(i + 1, "\n")
        elif op == "swap_rows":
            r = rows()
            pairs = [i for i in r if i + 1 in r]
            i = pick(pairs)
            if i is not None:
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op == "change_month":
            i = pick(rows())
            if i is not None:
                month = draw(st.integers(1, 12))
                t = lines[i]
                k = t.find("\\.")
                if k != -1:
                    lines[i] = t[: k + 2] + f"{month:02d}" + t[k + 4 :]
        elif op == "break_badge":
            i = pick(rows())
            old, new = draw(st.sampled_from(_BADGE_BREAKS))
            if i is not None and old in lines[i]:
                lines[i] = lines[i].replace(old, new, 1)
        elif op == "truncate_row":
            i = pick(rows())
            if i is not None:
                lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif op == "crlf":
            for _ in range(draw(st.integers(1, 5))):
                k = draw(st.integers(0, max(0, len(eols) - 2)))
                if eols[k]:
                    eols[k] = draw(st.sampled_from(["\r\n", "\r", "\n"]))
        elif op in INSERTS:
            k = draw(st.integers(0, len(lines) - 1))
            new_lines = INSERTS[op]
            lines[k:k] = new_lines
            eols[k:k] = ["\n"] * len(new_lines)
        elif op == "blank_after_summary":
            cand = [i for i, t in enumerate(lines[:-1]) if t.endswith("</summary>") and not lines[i + 1]]
            i = pick(cand)
            if i is not None:
                del lines[i + 1]
                del eols[i + 1]
        elif op == "delete_line":
            if len(lines) > 1:
                k = draw(st.integers(0, len(lines) - 2))
                del lines[k]
                del eols[k]
    return "".join(t + e for t, e in zip(lines, eols, strict=True))


INSERTS = {
    "unclosed_fence": ["```"],
    "unclosed_tilde_fence": ["~~~python"],
    "nested_details": ["<details>", "<summary>Inner</summary>", ""],
    "nested_details_no_blank": ["<details open>", "<summary><strong>Inner</strong></summary>"],
    "stray_close": ["</details>"],
    "html_comment_open": ["<!--"],
    "blank": [""],
}
DAMAGE = [
    "delete_pipe",
    "double_pipe",
    "duplicate_row",
    "swap_rows",
    "change_month",
    "break_badge",
    "truncate_row",
    "crlf",
    "blank_after_summary",
    "delete_line",
    *INSERTS,
]


def test_generated_surveys_are_clean() -> None:
    """The undamaged generator output is what the benchmarks assume: nothing to fix."""
    for n, sections, seed in [(1, 1, 0), (12, 3, 1), (300, 4, 2)]:
        text = generate.survey(n, sections, seed)
        assert mdsurvey.dumps(mdsurvey.loads(text)) == text
        assert sum(1 for _ in mdsurvey.loads(text).rows) == n
        assert check_survey(mdsurvey.loads(text), "survey.md", Config(), OPTS) == []
        assert fix(text).applied == []


def test_generator_is_deterministic() -> None:
    assert generate.survey(50, 2, 7) == generate.survey(50, 2, 7)
    assert generate.survey(50, 2, 7) != generate.survey(50, 2, 8)


MS201_ROW_WITHOUT_TITLE = (
    "| **Title & Authors** | **Areas** | **Tags** | **Links** |\n"
    "| --- | --- | --- | :---: |\n"
    "||  [![Arxiv](https://img.shields.io/badge/arXiv-2021\\.01-red)]() <br>"
    "[Some Title Here](https://arxiv.org/abs/2105.10001)<br>A. Author |  x |  y |  "
    "[Paper](https://arxiv.org/abs/2105.10001)<br> |\n"
)


def test_fix_of_a_row_without_title_or_url_passes_verification() -> None:
    """Was exit 3: the safety net knew a paper without a URL by its row source, which MS201 edits."""
    result = fix(MS201_ROW_WITHOUT_TITLE)
    assert [f.code for f in result.applied] == ["MS201"]


def test_mojibake_repair_of_a_title_without_link_passes_verification() -> None:
    """Was exit 3: the safety net knew a paper without a URL by its title, which MS501 repairs."""
    result = fix("| Title | Year |\n|---|---|\n| CafÃ© Networks for Token Pruning | 2024 |\n")
    assert [f.code for f in result.applied] == ["MS501"]


def test_blank_line_after_summary_ending_in_a_lone_cr() -> None:
    """Was exit 3: the inserted blank line's LF fused with the lone CR before it."""
    text = "<details>\n<summary>S</summary>\r| a | b |\n|---|---|\n| 1 | 2 |\n</details>\n"
    result = fix(text)
    assert [f.code for f in result.applied] == ["MS102"]
    assert len(mdsurvey.loads(result.text).lines) == len(mdsurvey.loads(text).lines) + 1


def test_mojibake_repair_inside_a_url_passes_verification() -> None:
    text = "| Title | Year |\n|---|---|\n| [Token Pruning](https://example.org/cafÃ©/paper) | 2024 |\n"
    result = fix(text)
    assert [f.code for f in result.applied] == ["MS501"]


@pytest.mark.parametrize("opener", ["<!--", "```"], ids=["comment", "fence"])
def test_revealing_a_table_does_not_unleash_a_hiding_block(opener: str) -> None:
    text = (
        f"<details>\n<summary>S</summary>\n| a | b |\n|---|---|\n{opener}\n</details>\n\n"
        "| Title | Year |\n|---|---|\n| [T](https://arxiv.org/abs/2105.10001) | 2021 |\n"
    )
    result = fix(text)
    assert papers(result.text) == papers(text)
    assert "MS102" not in [f.code for f in result.applied]  # revealing it would hide the rest


def test_bracket_inside_a_badge_url_does_not_hide_the_title() -> None:
    """Was a wrong title ('[]()'): a `[` inside a badge URL paired with a later `]`."""
    text = (
        "| **Title & Authors** | **Areas** | **Tags** | **Links** |\n"
        "| --- | --- | --- | :---: |\n"
        "|  [![Publish](https://img.shields.io/badge/ICML-2022-[blue)]() <br>"
        "[Window Mixture](https://arxiv.org/abs/2206.10001)<br>J. Bope |  x |  y |  "
        "[Paper](https://arxiv.org/abs/2206.10001)<br> |\n"
    )
    paper = next(iter(mdsurvey.loads(text).rows)).paper
    assert paper.title == "Window Mixture"


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(damaged_survey(), st.booleans())
def test_damaged_surveys_round_trip_and_fix_is_a_fixed_point(text: str, unsafe: bool) -> None:
    assert_fix_properties(text, unsafe)


# ---------------------------------------------------------------- spec examples


def _spec() -> list[dict[str, object]]:
    return json.loads((DATA / "commonmark_spec.json").read_text(encoding="utf-8"))


def _gfm() -> list[dict[str, object]]:
    return json.loads((DATA / "gfm_tables.json").read_text(encoding="utf-8"))


def _variants(md: str) -> list[str]:
    """The example, with CRLF line breaks, with lone CRs and without its final newline."""
    return [md, md.replace("\n", "\r\n"), md.replace("\n", "\r"), md.rstrip("\n")]


def _no_crash(md: str) -> None:
    for text in _variants(md):
        survey = mdsurvey.loads(text)
        assert mdsurvey.dumps(survey) == text
        check_survey(survey, "spec.md", Config(), OPTS)
        result = fix(text, unsafe=True)
        assert mdsurvey.dumps(mdsurvey.loads(result.text)) == result.text
    # the plain example once more, for fix's properties (the CR variants add nothing here)
    assert_fix_properties(md, unsafe=True)


@pytest.mark.parametrize("ex", _spec(), ids=lambda e: f"cm{e['example']}")
def test_commonmark_spec_example(ex: dict[str, object]) -> None:
    md = ex["markdown"]
    assert isinstance(md, str)
    _no_crash(md)


def test_commonmark_spec_is_complete() -> None:
    examples = _spec()
    assert len(examples) == 652
    assert [e["example"] for e in examples] == list(range(1, 653))


@pytest.mark.parametrize("ex", _gfm(), ids=lambda e: f"gfm{e['example']}")
def test_gfm_table_example(ex: dict[str, object]) -> None:
    md = ex["markdown"]
    assert isinstance(md, str)
    _no_crash(md)
    # the tables and body rows are the ones cmark-gfm renders
    assert [len(t.rows) for t in mdsurvey.loads(md).tables] == ex["body_rows"]


# ---------------------------------------------------------------- bad files on the CLI


def _cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mdsurvey", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _snapshot(folder: Path) -> dict[str, object]:
    """Every entry of a folder tree: bytes of files, targets of links, stat of folders."""
    out: dict[str, object] = {}
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        if p.is_symlink():
            out[rel] = ("link", os.readlink(p))
        elif p.is_dir():
            out[rel] = ("dir",)
        else:
            try:
                out[rel] = ("file", p.read_bytes(), p.stat().st_mtime_ns)
            except OSError as e:
                out[rel] = ("unreadable", e.errno)
    return out


def _bad_file(tmp_path: Path, kind: str) -> str:
    name = f"{kind}.md"
    p = tmp_path / name
    if kind == "binary":
        p.write_bytes(b"# Title\n\x00\x01\x02\xff binary\n")
    elif kind == "invalid-utf8":
        p.write_bytes(b"# Title\n\nok line\nbad \xff\xfe byte\n")
    elif kind == "utf16":
        p.write_bytes("# Title\n\n| a | b |\n|---|---|\n".encode("utf-16"))
    elif kind == "utf16-no-bom":
        p.write_bytes("# Title\n\n| a | b |\n|---|---|\n".encode("utf-16-le"))
    elif kind == "symlink-loop":
        p.symlink_to(name)
    elif kind == "missing":
        pass
    else:  # pragma: no cover
        raise AssertionError(kind)
    return name


BAD = ["binary", "invalid-utf8", "utf16", "utf16-no-bom", "symlink-loop", "missing"]


@pytest.mark.parametrize("command", [["check"], ["fix"]], ids=" ".join)
@pytest.mark.parametrize("kind", BAD)
def test_bad_file_gives_one_clear_line_and_exit_2(tmp_path: Path, kind: str, command: list[str]) -> None:
    name = _bad_file(tmp_path, kind)
    before = _snapshot(tmp_path)
    proc = _cli(tmp_path, *command, name)
    lines = proc.stderr.splitlines()
    assert proc.returncode == 2, proc.stderr
    assert len(lines) == 1, proc.stderr
    assert name in lines[0]
    assert "Traceback" not in proc.stderr
    assert _snapshot(tmp_path) == before


def test_empty_file_is_clean(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    before = _snapshot(tmp_path)
    for command in (["check"], ["fix"], ["fix", "--check"]):
        proc = _cli(tmp_path, *command, "empty.md")
        assert proc.returncode == 0, (command, proc.stdout, proc.stderr)
        assert proc.stderr == ""
    proc = _cli(tmp_path, "export", "empty.md")
    assert proc.returncode == 0 and json.loads(proc.stdout) == []
    assert _snapshot(tmp_path) == before


def test_directory_given_to_export(tmp_path: Path) -> None:
    (tmp_path / "docs.md").mkdir()
    (tmp_path / "docs.md" / "inner.md").write_text("# x\n", encoding="utf-8")
    before = _snapshot(tmp_path)
    proc = _cli(tmp_path, "export", "docs.md")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "docs.md" in lines[0]
    assert proc.stdout == ""
    assert _snapshot(tmp_path) == before


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads a chmod 000 file")
def test_unreadable_file(tmp_path: Path) -> None:
    p = tmp_path / "secret.md"
    p.write_text("# x\n", encoding="utf-8")
    p.chmod(0)
    try:
        before = _snapshot(tmp_path)
        for command in (["check"], ["fix"]):
            proc = _cli(tmp_path, *command, "secret.md")
            assert proc.returncode == 2, proc.stderr
            lines = proc.stderr.splitlines()
            assert len(lines) == 1 and "secret.md" in lines[0]
        assert _snapshot(tmp_path) == before
    finally:
        p.chmod(0o644)


@pytest.mark.skip(reason="a file deleted between listing and reading needs a hook inside mdsurvey to time it")
def test_file_deleted_mid_run() -> None:  # pragma: no cover
    pass


def test_check_does_not_claim_success_when_a_file_is_unreadable(tmp_path: Path) -> None:
    """Was 'All checks passed!' on stdout next to exit 2."""
    name = _bad_file(tmp_path, "binary")
    proc = _cli(tmp_path, "check", name)
    assert proc.returncode == 2
    assert "All checks passed" not in proc.stdout
