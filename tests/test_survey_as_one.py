"""`check` given an area page also checks the README that links it: the survey is seen as one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from mdsurvey.cli.app import main

AUTHORS = "Anouk Vellacott, Ravi Ostrander"  # the Dewdrop Crops paper, in README.md and image-llm.md
CHANGED = "Anouk Vellacott, Ravi Ostrander, Nell Quarry"


def survey(tmp_path: Path) -> Path:
    """fixtures/multi/ in tmp, with the page's author list of one README paper changed."""
    root = tmp_path / "survey"
    shutil.copytree(FIXTURES / "multi", root)
    page = root / "image-llm.md"
    text = page.read_text(encoding="utf-8")
    assert text.count(AUTHORS) == 1
    page.write_text(text.replace(AUTHORS, CHANGED), encoding="utf-8")
    return root


def readme_line(root: Path) -> int:
    """README.md's line of the paper whose page copy was changed."""
    lines = (root / "README.md").read_text(encoding="utf-8").splitlines()
    return next(i for i, x in enumerate(lines, 1) if AUTHORS in x)


def run(
    args: list[str], cwd: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    monkeypatch.chdir(cwd)
    code = main(["check", "--today", "2026-11-01", *args])
    return code, capsys.readouterr().out


def test_area_page_alone_reports_readme_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = survey(tmp_path)
    code, out = run(["image-llm.md"], root, capsys, monkeypatch)
    assert code == 1, out
    assert f"README.md:{readme_line(root)}:1: MS406 differs from image-llm.md:" in out
    assert "in authors" in out
    # only the README findings that involve the page: not its MS404 (window) findings
    assert "MS404" not in out
    assert all(x.startswith(("README.md:", "image-llm.md:", "Found")) for x in out.splitlines() if x), out


def test_readme_and_page_given_reports_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = survey(tmp_path)
    # the README and both of its pages: the README is checked once, not once more per page
    code, out = run(["README.md", "image-llm.md", "video-llm.md"], root, capsys, monkeypatch)
    assert code == 1, out
    assert out.count(f"README.md:{readme_line(root)}:1: MS406") == 1, out
    lines = [x for x in out.splitlines() if x.startswith("README.md:")]
    assert len(lines) == len(set(lines)), out
    code, pages_only = run(["image-llm.md", "video-llm.md"], root, capsys, monkeypatch)
    assert pages_only.count(f"README.md:{readme_line(root)}:1: MS406") == 1, pages_only


def test_unlinked_page_checked_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = survey(tmp_path)
    # the same page under a name no README links: nothing of README.md is reported
    shutil.copyfile(root / "image-llm.md", root / "notes.md")
    code, out = run(["notes.md"], root, capsys, monkeypatch)
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copyfile(root / "notes.md", alone / "notes.md")
    code_alone, out_alone = run(["notes.md"], alone, capsys, monkeypatch)
    assert (code, out) == (code_alone, out_alone)
    assert "README.md" not in out


def test_page_in_subfolder_finds_parent_readme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = survey(tmp_path)
    (root / "areas").mkdir()
    (root / "image-llm.md").rename(root / "areas" / "image-llm.md")
    readme = root / "README.md"
    readme.write_text(
        readme.read_text(encoding="utf-8").replace("(image-llm.md)", "(areas/image-llm.md)"), encoding="utf-8"
    )
    code, out = run(["areas/image-llm.md"], root, capsys, monkeypatch)
    assert code == 1, out
    assert f"README.md:{readme_line(root)}:1: MS406 differs from image-llm.md:" in out


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs git and a checkout"
)
def test_pre_commit_with_only_area_page_staged(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    repo = tmp_path / "survey"
    shutil.copytree(FIXTURES / "multi", repo)
    _git("init", "-q", cwd=repo)
    _git("add", ".", cwd=repo)
    _git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "survey", cwd=repo)
    page = repo / "image-llm.md"
    page.write_text(page.read_text(encoding="utf-8").replace(AUTHORS, CHANGED), encoding="utf-8")
    _git("add", "image-llm.md", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PIP_QUIET": "1"}
    # no --all-files: the hook gets the staged files only, as in a commit
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "mdsurvey-check"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"README.md:{readme_line(repo)}:1: MS406 differs from image-llm.md:" in done.stdout
