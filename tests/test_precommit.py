"""The pre-commit hooks, run for real with `pre-commit try-repo` on a scratch repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs git and a checkout"
)


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_pre_commit_try_repo_fix_then_check(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    repo = tmp_path / "survey"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    shutil.copyfile(FIXTURES / "unsorted.md", repo / "README.md")
    _git("add", "README.md", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PIP_QUIET": "1"}

    def hook(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), name, "--all-files"],
            cwd=repo,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )

    first = hook("mdsurvey-fix")
    # pre-commit fails a hook that modifies files: that is the signal to re-stage
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (repo / "README.md").read_bytes() != (FIXTURES / "unsorted.md").read_bytes()
    second = hook("mdsurvey-fix")
    assert second.returncode == 0, second.stdout + second.stderr
    check = hook("mdsurvey-check")
    assert check.returncode == 0, check.stdout + check.stderr
