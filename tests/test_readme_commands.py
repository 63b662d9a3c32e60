"""Every `python -m mdsurvey` command in the README's sh blocks runs as written, with the exit
code its comment documents, in a fresh copy of the fixtures (as from a fresh clone)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
_EXIT = re.compile(r"\s#\s*exit (\d)\b")


def readme_commands() -> list[str]:
    """The logical lines (backslash continuations joined) that run mdsurvey, past the two
    install-and-run blocks at the top (pip needs the network; CI runs those)."""
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)
    out = []
    for block in blocks[2:]:
        joined = block.replace("\\\n", "")
        out.extend(line for line in joined.split("\n") if "python -m mdsurvey" in line)
    return out


COMMANDS = readme_commands()


def _id(command: str) -> str:
    return re.sub(r"\s+", " ", command.split("python -m mdsurvey ", 1)[1].split(" #")[0])[:60]


def test_the_readme_shows_the_commands() -> None:
    assert len(COMMANDS) >= 20
    for sub in ("check", "fix", "add", "rotate", "export", "stats", "rules", "rule"):
        assert any(f"python -m mdsurvey {sub} " in c + " " for c in COMMANDS), sub
    # every command documents its exit code, once
    assert [c for c in COMMANDS if len(_EXIT.findall(c)) != 1] == []


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A directory laid out like a fresh clone's root: the fixtures, and `python` on PATH
    being this interpreter (which imports the code under test)."""
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # a script, not a symlink: a symlinked venv python would not find its venv
    wrapper = bin_dir / "python"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return tmp_path


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: _id(c))
def test_readme_command_runs_as_written(clone: Path, command: str) -> None:
    if shutil.which("bash") is None:
        pytest.skip("needs bash")
    env = {**os.environ, "PATH": f"{clone / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    r = subprocess.run(
        ["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True, timeout=120
    )
    want = int(_EXIT.findall(command)[0])
    assert r.returncode == want, f"{command}\nstdout: {r.stdout[-2000:]}\nstderr: {r.stderr[-2000:]}"
    assert "Traceback" not in r.stderr and "mdsurvey: error" not in r.stderr, r.stderr
    if "rotate" in command:
        assert "move to image-llm.md" in r.stderr and "already in video-llm.md" in r.stderr
    if "--dry-run" in command or "--diff" in command:
        assert r.stdout.startswith("--- a/"), r.stdout[:500]
