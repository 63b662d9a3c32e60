"""`check -` reads the text from standard input, as editors pipe a buffer; `--stdin-filename`
names it in messages and decides which configuration applies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES

TODAY = ("--today", "2026-11-25")


def run(*args: str, stdin: bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mdsurvey", *args], input=stdin, capture_output=True, cwd=cwd, timeout=120
    )


def test_stdin_gives_the_findings_of_the_file_under_its_name(tmp_path: Path) -> None:
    data = (FIXTURES / "broken.md").read_bytes()
    (tmp_path / "README.md").write_bytes(data)
    from_file = run("check", *TODAY, "README.md", stdin=b"", cwd=tmp_path)
    piped = run("check", *TODAY, "-", "--stdin-filename", "README.md", stdin=data, cwd=tmp_path)
    assert piped.returncode == from_file.returncode == 1
    assert piped.stdout == from_file.stdout
    anonymous = run("check", *TODAY, "-", stdin=data, cwd=tmp_path)
    assert anonymous.stdout.splitlines()[0].startswith(b"-:")


def test_stdin_filename_picks_the_configuration_beside_it(tmp_path: Path) -> None:
    sub = tmp_path / "survey"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.mdsurvey]\nselect = ["MS3"]\n', encoding="utf-8")
    data = (FIXTURES / "broken.md").read_bytes()
    r = run("check", *TODAY, "-", "--stdin-filename", "survey/README.md", stdin=data, cwd=tmp_path)
    codes = {line.split(b": ")[1][:5] for line in r.stdout.splitlines() if line.startswith(b"survey/")}
    assert codes == {b"MS301"}, r.stdout


def test_bad_bytes_on_stdin_are_one_line_and_exit_2(tmp_path: Path) -> None:
    r = run("check", "-", "--stdin-filename", "README.md", stdin=b"# ok\n\xff\xfe broken\n", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.decode().startswith("mdsurvey: error: README.md:2: invalid UTF-8")


def test_quiet_check_prints_the_findings_only(tmp_path: Path) -> None:
    data = (FIXTURES / "broken.md").read_bytes()
    (tmp_path / "README.md").write_bytes(data)
    loud = run("check", *TODAY, "README.md", stdin=b"", cwd=tmp_path)
    quiet = run("check", *TODAY, "-q", "README.md", stdin=b"", cwd=tmp_path)
    assert quiet.returncode == loud.returncode == 1
    assert loud.stdout.splitlines()[-1].startswith(b"Found ")
    assert quiet.stdout.splitlines() == loud.stdout.splitlines()[:-1]
