"""`fix`: minimal, verified, idempotent, atomic."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES, read_exact, shared_files

import mdsurvey
from mdsurvey.files import write
from mdsurvey.fix.fixer import FixVerificationError, fix_text
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options

TODAY = Options(today=dt.date(2026, 11, 25))


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mdsurvey", *args], capture_output=True, cwd=cwd, timeout=120
    )


def papers(text: str) -> Counter[tuple[str | None, str | None]]:
    return Counter((r.paper.title, r.paper.url) for r in mdsurvey.loads(text).rows)


@pytest.mark.parametrize("path", shared_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fix_on_real_files_is_idempotent_and_loses_nothing(path: Path) -> None:
    text = read_exact(path)
    first = fix_text(text, str(path), Config(), TODAY)
    second = fix_text(first.text, str(path), Config(), TODAY)
    assert second.text == first.text, "a second fix changed the file"
    assert not second.applied
    before, after = papers(text), papers(first.text)
    if any(f.reveals_tables for f in first.applied):
        assert not (before - after)
    else:
        assert before == after
    # code fences and HTML comments come out byte for byte
    survey = mdsurvey.loads(text)
    bm = survey.blocks
    for block in [*bm.fences, *(h for h in bm.html_blocks if h.content.lstrip().startswith("<!--"))]:
        chunk = "".join(str(x) for x in survey.lines[block.start : block.end])
        assert chunk in first.text


def test_unsorted_fixture_diff_touches_only_the_rows_that_needed_it() -> None:
    text = read_exact(FIXTURES / "unsorted.md")
    # the sort is safe only with a configured order (a small file's own order is a guess)
    result = fix_text(text, "unsorted.md", Config(order="newest-first"), TODAY)
    before, after = text.split("\n"), result.text.split("\n")
    assert len(before) == len(after)
    changed = [i + 1 for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    # 44: area badge green -> purple; 54-59: the shuffled Video section sorted (59 already
    # held its final row's neighbour, see below); 69: date badge 2026.05 -> 2026.06
    video = list(range(54, 60))
    assert set(changed) <= {44, 69, *video} and 44 in changed and 69 in changed
    assert sorted(after[53:59]) == sorted(before[53:59])  # the same rows, reordered
    dates = [r.paper.date for r in mdsurvey.loads(result.text).sections[1].rows]
    assert dates == sorted(dates, reverse=True)
    assert "Image--LLM-purple" in after[43] and "Image--LLM-green" in before[43]
    assert "arXiv-2026\\.06-red" in after[68] and "arXiv-2026\\.05-red" in before[68]
    # within a changed line, only the badge moved: the rest of the bytes are the same
    assert after[43].replace("purple", "green") == before[43]
    assert {x.code for x in result.applied} == {"MS204", "MS403", "MS201"}


def test_fix_keeps_crlf_bom_and_missing_final_newline(tmp_path: Path) -> None:
    text = read_exact(FIXTURES / "unsorted.md").replace("\n", "\r\n").rstrip("\r\n")
    text = "\ufeff" + text
    result = fix_text(text, "x.md", Config(), TODAY)
    assert result.changed
    assert result.text.startswith("\ufeff")
    assert "\n" not in result.text.replace("\r\n", "")
    assert not result.text.endswith("\n")


def test_blank_line_after_summary_reveals_the_table() -> None:
    text = (
        "<details open>\n<summary>Video</summary>\n| **Title & Authors** | **Links** |\n| --- | --- |\n"
        "| [Quiet Frames](https://arxiv.org/abs/2604.01234)<br>Ana Pires "
        "| [Paper](https://arxiv.org/abs/2604.01234) |\n"
        "</details>\n"
    )
    assert mdsurvey.loads(text).tables == []
    result = fix_text(text, "x.md", Config(), TODAY)
    assert [len(t.rows) for t in mdsurvey.loads(result.text).tables] == [1]
    assert result.text == text.replace("</summary>\n", "</summary>\n\n")


def test_unsafe_fixes_only_when_asked() -> None:
    text = read_exact(FIXTURES / "broken.md")
    safe = fix_text(text, "b.md", Config(), TODAY)
    assert not any(f.code in ("MS101", "MS401") for f in safe.applied)
    unsafe = fix_text(text, "b.md", Config(), TODAY, unsafe=True)
    codes = {f.code for f in unsafe.applied}
    assert {"MS101", "MS401"} <= codes
    # the identical duplicate row is gone once, nothing else
    lost = papers(text) - papers(unsafe.text)
    assert sum(lost.values()) == 1


def _copy(tmp_path: Path, name: str = "unsorted.md") -> Path:
    target = tmp_path / "README.md"
    shutil.copyfile(FIXTURES / name, target)
    return target


def test_cli_fix_check_and_diff_write_nothing(tmp_path: Path) -> None:
    target = _copy(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.mdsurvey]\norder = "newest-first"\n', encoding="utf-8")
    before = target.read_bytes()
    r = run("fix", "--check", "--today", "2026-11-25", cwd=tmp_path)
    assert r.returncode == 1 and target.read_bytes() == before
    d = run("fix", "--diff", "--today", "2026-11-25", cwd=tmp_path)
    assert d.returncode == 1 and target.read_bytes() == before
    assert b"--- a/README.md" in d.stdout and b"+++ b/README.md" in d.stdout
    assert d.stdout.count(b"\n-|") == d.stdout.count(b"\n+|")
    ok = run("fix", "--today", "2026-11-25", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert target.read_bytes() != before
    assert b"MS403 fixed" in ok.stderr
    again = run("fix", "--check", "--today", "2026-11-25", cwd=tmp_path)
    assert again.returncode == 0


def test_fix_keeps_the_file_mode(tmp_path: Path) -> None:
    target = _copy(tmp_path)
    os.chmod(target, 0o640)
    assert run("fix", "--today", "2026-11-25", cwd=tmp_path).returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_write_failure_midway_leaves_the_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _copy(tmp_path)
    before = target.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write.os, "replace", broken_replace)
    with pytest.raises(write.WriteError, match="No space left"):
        write.atomic_write(target, "new text", expect=before)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]


def test_fsync_failure_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _copy(tmp_path)
    before = target.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(write.os, "fsync", broken_fsync)
    with pytest.raises(write.WriteError):
        write.atomic_write(target, "new text")
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]


def test_refuses_when_the_file_changed_on_disk(tmp_path: Path) -> None:
    target = _copy(tmp_path)
    before = target.read_bytes()
    target.write_bytes(before + b"\nedited meanwhile\n")
    with pytest.raises(write.WriteError, match="changed on disk"):
        write.atomic_write(target, "x", expect=before)
    assert target.read_bytes().endswith(b"edited meanwhile\n")


def test_verification_failure_is_exit_3_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mdsurvey.fix import fixer

    real = fixer.apply_edits

    def lossy(lines, origins, edits, replaced):  # type: ignore[no-untyped-def]
        out, org = real(lines, origins, edits, replaced)
        return out[:-3], org[:-3]  # a buggy fix that drops the file's tail

    monkeypatch.setattr(fixer, "apply_edits", lossy)
    text = read_exact(FIXTURES / "unsorted.md")
    with pytest.raises(FixVerificationError) as e:
        fix_text(text, "u.md", Config(), TODAY)
    assert e.value.codes

    target = _copy(tmp_path)
    before = target.read_bytes()
    code = (
        "import sys; from mdsurvey import cli; from mdsurvey.fix import fixer; real = fixer.apply_edits\n"
        "def lossy(l, o, e, r):\n    a, b = real(l, o, e, r)\n    return a[:-3], b[:-3]\n"
        "fixer.apply_edits = lossy\nsys.exit(cli.main(['fix', '--today', '2026-11-25']))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=tmp_path, timeout=60)
    assert r.returncode == 3
    assert b"internal error" in r.stderr and b"nothing was written" in r.stderr
    assert target.read_bytes() == before


def test_fix_on_a_directory_finds_markdown_files(tmp_path: Path) -> None:
    sub = tmp_path / "docs"
    sub.mkdir()
    shutil.copyfile(FIXTURES / "unsorted.md", sub / "a.md")
    shutil.copyfile(FIXTURES / "survey.md", sub / "b.md")
    before_b = (sub / "b.md").read_bytes()
    r = run("fix", "--today", "2026-11-25", "docs", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (sub / "a.md").read_bytes() != (FIXTURES / "unsorted.md").read_bytes()
    assert (sub / "b.md").read_bytes() == before_b
