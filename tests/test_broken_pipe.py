"""A reader that stops early (`mdsurvey check | head -1`): no traceback, no "Exception ignored"
at interpreter exit, and exit 141 (128 + SIGPIPE, as a shell reports a process SIGPIPE ended):
neither "success" (0) nor "findings" (1) describes output nobody read to the end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

COMMANDS = [
    ("check", "--today", "2026-12-01", str(FIXTURES / "broken.md")),  # findings: would exit 1
    ("check", "--today", "2026-12-01", str(FIXTURES / "survey.md")),
    ("export", "--format", "json", str(FIXTURES / "survey.md")),
    ("stats", str(FIXTURES / "survey.md")),
    ("rules",),
]


def _env(buffered: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("args", COMMANDS, ids=["check-findings", "check-clean", "export", "stats", "rules"])
def test_stdout_closed_before_the_first_write(args: tuple[str, ...], buffered: bool) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # no reader at all: the first write (or the final flush) meets a broken pipe
    try:
        r = subprocess.run(
            [sys.executable, "-m", "mdsurvey", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=_env(buffered),
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert r.returncode == 141, r.stderr.decode()
    assert r.stderr == b"", r.stderr.decode()


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_help_follows_argparse_and_ignores_the_closed_pipe(buffered: bool) -> None:
    """argparse's own printing ignores a closed pipe (exit 0); its buffered text must not fail later."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        r = subprocess.run(
            [sys.executable, "-m", "mdsurvey", "--help"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=_env(buffered),
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert (r.returncode, r.stderr) == (0, b""), r.stderr.decode()


def test_a_reader_that_takes_one_line_and_leaves(tmp_path: Path) -> None:
    """As `export | head -1` runs it: far more output than a pipe holds, the reader gone mid-write."""
    text = (FIXTURES / "survey.md").read_text(encoding="utf-8")
    big = tmp_path / "big.md"
    big.write_text(text * 20, encoding="utf-8")
    p = subprocess.Popen(
        [sys.executable, "-m", "mdsurvey", "export", "--format", "json", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(buffered=True),
    )
    assert p.stdout is not None and p.stderr is not None
    first = p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read()
    p.stderr.close()
    assert p.wait(timeout=120) == 141, err.decode()
    assert first == b"[\n"
    assert b"Traceback" not in err and b"Exception ignored" not in err, err.decode()
