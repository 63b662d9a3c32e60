"""`check --write-baseline` / `--baseline`: adopt mdsurvey on a survey with existing findings
and fail CI only on new ones; findings are matched by file, rule and line text, not line number."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES

TODAY = ("--today", "2026-11-25")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mdsurvey", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=120,
    )


def count(tmp_path: Path, *args: str) -> int:
    r = run("check", *TODAY, "--output-format", "json", *args, cwd=tmp_path)
    return len(json.loads(r.stdout))


def adopted(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "broken.md", tmp_path / "README.md")
    n = count(tmp_path)
    assert n > 10  # the fixture plants a defect per section
    r = run("check", *TODAY, "--write-baseline", "baseline.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert f"wrote {n} findings to baseline.json" in r.stderr
    return tmp_path / "README.md"


def test_a_baseline_accepts_every_finding_it_was_written_from(tmp_path: Path) -> None:
    adopted(tmp_path)
    n = count(tmp_path)
    before = run("check", *TODAY, cwd=tmp_path)
    assert before.returncode == 1  # the findings are still there without the baseline
    r = run("check", *TODAY, "--baseline", "baseline.json", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    assert r.stdout == "All checks passed!\n"
    assert f"{n} findings accepted by the baseline baseline.json" in r.stderr
    data = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert sum(x["count"] for x in data["findings"]) == n
    assert {x["path"] for x in data["findings"]} == {"README.md"}


def test_lines_added_above_do_not_make_old_findings_new(tmp_path: Path) -> None:
    readme = adopted(tmp_path)
    text = readme.read_text(encoding="utf-8")
    readme.write_text(text.replace("\n", "\n\nA new paragraph of prose.\n", 1), encoding="utf-8")
    r = run("check", *TODAY, "--baseline", "baseline.json", cwd=tmp_path)
    assert r.returncode == 0, r.stdout


def test_a_new_defect_is_reported_and_fails(tmp_path: Path) -> None:
    readme = adopted(tmp_path)
    n = count(tmp_path)
    lines = readme.read_text(encoding="utf-8").split("\n")
    # the row with a TODO placeholder, pasted once more: the copy's placeholder is new, the
    # original's is accepted (identical lines are counted, not merged)
    i = next(i for i, x in enumerate(lines) if "TODO" in x and x.startswith("|"))
    lines.insert(i + 1, lines[i])
    readme.write_text("\n".join(lines), encoding="utf-8")
    full = run("check", *TODAY, "--output-format", "json", cwd=tmp_path)
    r = run("check", *TODAY, "--baseline", "baseline.json", "--output-format", "json", cwd=tmp_path)
    new = json.loads(r.stdout)
    assert len(json.loads(full.stdout)) - len(new) == n
    assert {(f["code"], f["line"]) for f in new} >= {("MS502", i + 2)}
    assert all(f["line"] in (i + 1, i + 2) for f in new), new


def test_a_broken_baseline_is_a_usage_error(tmp_path: Path) -> None:
    adopted(tmp_path)
    (tmp_path / "baseline.json").write_text('{"version": 99, "findings": []}\n', encoding="utf-8")
    r = run("check", *TODAY, "--baseline", "baseline.json", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith("mdsurvey: error: baseline.json: not an mdsurvey baseline")
    r = run("check", *TODAY, "--baseline", "missing.json", cwd=tmp_path)
    assert r.returncode == 2 and "missing.json" in r.stderr


def test_the_baseline_is_the_same_bytes_on_a_second_write(tmp_path: Path) -> None:
    adopted(tmp_path)
    first = (tmp_path / "baseline.json").read_bytes()
    r = run("check", *TODAY, "--write-baseline", "baseline.json", cwd=tmp_path)
    assert r.returncode == 0
    assert (tmp_path / "baseline.json").read_bytes() == first
