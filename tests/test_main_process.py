"""`python -m mdsurvey` as a short-lived process: no cyclic GC, a hard exit after flushing,
the same exit codes and complete output; library callers keep the collector."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

import mdsurvey.__main__ as entry
from mdsurvey.cli import main


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def _run(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> tuple[int, list[bool]]:
    """entry.run() in this process, os._exit caught; returns its code and whether the
    collector was on while main() ran."""
    seen: list[bool] = []

    def fake_main() -> int:
        seen.append(gc.isenabled())
        return int(main(argv))

    def fake_exit(code: int) -> None:
        raise _Exit(code)

    monkeypatch.setattr("mdsurvey.cli.app.main", fake_main)
    monkeypatch.setattr(os, "_exit", fake_exit)
    monkeypatch.setattr(sys, "getprofile", lambda: None)
    monkeypatch.setattr(sys, "gettrace", lambda: None)
    was = gc.isenabled()
    try:
        entry.run()
    except _Exit as e:
        return e.code, seen
    finally:
        if was:
            gc.enable()
    raise AssertionError("run() returned without exiting")


def test_cli_runs_without_the_collector_and_exits_hard_with_mains_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, seen = _run(monkeypatch, ["check", "--today", "2026-12-01", str(FIXTURES / "broken.md")])
    assert seen == [False]
    assert code == 1
    assert "MS" in capsys.readouterr().out


def test_clean_file_exits_zero_through_the_hard_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    code, _ = _run(monkeypatch, ["check", "--select", "MS108", str(FIXTURES / "plain.md")])
    assert code == 0


def test_library_calls_keep_the_collector() -> None:
    assert gc.isenabled()
    main(["check", "--today", "2026-12-01", str(FIXTURES / "survey.md")])
    assert gc.isenabled()


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "mdsurvey", *args], capture_output=True, env=env, cwd=cwd)


def test_piped_output_larger_than_a_pipe_buffer_arrives_whole(tmp_path: Path) -> None:
    """The hard exit comes after stdout is flushed: a JSON report far larger than a pipe's
    64 KiB buffer parses, and the exit code is main()'s."""
    rows = "".join(f"| [Invented Paper {k}](http://) | |\n" for k in range(3000))
    f = tmp_path / "many.md"
    f.write_text("# Many\n\n| Title | Code |\n| --- | --- |\n" + rows, encoding="utf-8")
    got = _cli("check", "--today", "2026-12-01", "--output-format", "json", str(f))
    assert got.returncode == 1, got.stderr
    assert len(got.stdout) > 256 * 1024
    report = json.loads(got.stdout)
    assert report


def test_usage_error_and_fix_write_keep_their_exit_codes(tmp_path: Path) -> None:
    assert _cli("check", str(tmp_path / "missing.md")).returncode == 2
    assert _cli("no-such-command").returncode == 2
    # the write finished before the process ended: the file is what a run that ends the
    # ordinary way (main() called from `python -c`) writes
    hard, soft = tmp_path / "hard.md", tmp_path / "soft.md"
    for f in (hard, soft):
        f.write_bytes((FIXTURES / "broken.md").read_bytes())
    got = _cli("fix", "--today", "2026-12-01", str(hard))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = "import sys; from mdsurvey.cli import main; sys.exit(main(sys.argv[1:]))"
    ref = subprocess.run(
        [sys.executable, "-c", code, "fix", "--today", "2026-12-01", str(soft)], capture_output=True, env=env
    )
    assert got.returncode == ref.returncode
    assert got.stderr.replace(b"hard.md", b"soft.md") == ref.stderr
    assert hard.read_bytes() == soft.read_bytes() != (FIXTURES / "broken.md").read_bytes()


# what `check` must not import: the online mode (an HTTP client, TLS, XML), writing (tempfile),
# stats and views (only files with generated views), difflib (only a duplicate row), TOML (only a
# configuration file), the façade (`python -m mdsurvey` imports the package first)
_NOT_FOR_CHECK = (
    "mdsurvey.online",
    "http.client",
    "urllib.request",
    "ssl",
    "xml.etree.ElementTree",
    "tempfile",
    "mdsurvey.api",
    "mdsurvey.analysis.stats",
    "mdsurvey.analysis.views",
    "difflib",
    "tomllib",
    "json",
)


def test_check_imports_only_what_it_uses(tmp_path: Path) -> None:
    """Start-up is most of a small check: a plain `check` of a clean, unconfigured survey loads
    none of the modules the other commands need."""
    survey = tmp_path / "README.md"
    survey.write_bytes((FIXTURES / "survey.md").read_bytes())
    probe = (
        "import sys\n"
        "sys.argv = ['mdsurvey', 'check', '--today', '2026-12-01', sys.argv[1]]\n"
        "import mdsurvey.__main__ as m\n"
        "import os\n"
        "os._exit = lambda code: None\n"  # keep the process alive to look at what it loaded
        "try:\n"
        "    m.run()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(' '.join(n for n in {list(_NOT_FOR_CHECK)!r} if n in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", probe, str(survey)], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "All checks passed" in done.stdout
    loaded = done.stdout.strip().splitlines()[-1]
    assert loaded == "All checks passed!", f"check imported {loaded}"
