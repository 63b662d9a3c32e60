"""Holes an adversarial tester found in reading, writing and the new check options; each test
failed before its fix. All files are invented fixtures copied to a temporary directory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES


def run(*args: str, cwd: Path, stdin: int | bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    kw: dict[str, object] = {"input": stdin} if isinstance(stdin, bytes) else {"stdin": stdin}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "mdsurvey", *args], capture_output=True, cwd=cwd, timeout=60, **kw
    )


def test_write_baseline_never_overwrites_a_checked_file(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "broken.md", tmp_path / "README.md")
    os.symlink("README.md", tmp_path / "link.md")
    before = (tmp_path / "README.md").read_bytes()
    for target in ("README.md", "./README.md", "link.md"):
        r = run("check", "README.md", "--write-baseline", target, cwd=tmp_path)
        assert r.returncode == 2, (target, r.stderr)
        assert b"is one of the files being checked" in r.stderr
    assert (tmp_path / "README.md").read_bytes() == before


def test_write_baseline_never_overwrites_a_file_that_is_not_a_baseline(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "broken.md", tmp_path / "README.md")
    (tmp_path / "notes.txt").write_text("my notes\n", encoding="utf-8")
    r = run("check", "README.md", "--write-baseline", "notes.txt", cwd=tmp_path)
    assert r.returncode == 2 and b"not an mdsurvey baseline; not overwritten" in r.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "my notes\n"


@pytest.mark.parametrize("count", ["1e999", "-1", "0", "true", '"2"'])
def test_a_baseline_with_a_bad_count_is_refused(tmp_path: Path, count: str) -> None:
    shutil.copy(FIXTURES / "broken.md", tmp_path / "README.md")
    entry = '{"path": "README.md", "code": "MS301", "hash": "x", "count": ' + count + "}"
    (tmp_path / "b.json").write_text('{"version": 1, "findings": [' + entry + "]}", encoding="utf-8")
    r = run("check", "README.md", "--baseline", "b.json", cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(b"mdsurvey: error: b.json: not an mdsurvey baseline")


def test_a_deeply_nested_baseline_is_refused_not_a_traceback(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "broken.md", tmp_path / "README.md")
    (tmp_path / "b.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    r = run("check", "README.md", "--baseline", "b.json", cwd=tmp_path)
    assert r.returncode == 2 and b"Traceback" not in r.stderr


def test_dot_slash_dash_is_a_file_not_stdin(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "broken.md", tmp_path / "-")
    r = run("check", "./-", cwd=tmp_path, stdin=b"")
    assert r.returncode == 1, r.stdout  # the file's errors, not an empty stdin's "All checks passed!"
    r = run("check", "-", "-", cwd=tmp_path, stdin=b"")
    assert r.returncode == 2 and b"cannot be combined" in r.stderr


def test_stdin_that_is_a_device_is_refused(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        r = run("check", "-", cwd=tmp_path, stdin=zero.fileno())
    assert r.returncode == 2 and b"standard input is a device" in r.stderr


def test_stdin_that_never_ends_stops_at_the_limit(tmp_path: Path) -> None:
    from mdsurvey.cli import common

    # in-process, with a small limit: the read is bounded, never the whole stream
    class Endless:
        def __init__(self) -> None:
            self.asked: list[int] = []

        def read(self, n: int = -1) -> bytes:
            assert n > 0, "read without a bound"
            self.asked.append(n)
            return b"y\n" * (n // 2 + 1)

    class FakeStdin:
        buffer = Endless()

        def fileno(self) -> int:
            r, _ = os.pipe()
            return r

    old, old_limit = sys.stdin, common.STDIN_LIMIT
    sys.stdin, common.STDIN_LIMIT = FakeStdin(), 1000  # type: ignore[assignment]
    try:
        with pytest.raises(Exception, match="more than 0 MiB on standard input"):
            common.read_stdin("-")
    finally:
        sys.stdin, common.STDIN_LIMIT = old, old_limit
    assert FakeStdin.buffer.asked == [1001]


def test_a_file_name_that_is_not_utf8_does_not_crash_after_the_fix(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9.md"
    shutil.copy(FIXTURES / "unsorted.md", os.fsdecode(name))
    r = subprocess.run(
        [sys.executable.encode(), b"-m", b"mdsurvey", b"fix", name], capture_output=True, timeout=60
    )
    assert b"Traceback" not in r.stderr, r.stderr
    assert r.returncode in (0, 1)
    assert b"caf\\udce9.md" in r.stderr  # the undecodable byte shown escaped


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_fix_keeps_the_owner_and_group_of_the_file(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    shutil.copy(FIXTURES / "unsorted.md", readme)
    os.chown(readme, 65534, 65534)
    os.chmod(readme, 0o640)
    r = run("fix", "README.md", cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    st = readme.stat()
    assert readme.read_bytes() != (FIXTURES / "unsorted.md").read_bytes()  # it was fixed
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (65534, 65534, 0o640)


def test_baseline_json_is_still_written_for_a_real_baseline_target(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "broken.md", tmp_path / "README.md")
    assert run("check", "README.md", "--write-baseline", "b.json", cwd=tmp_path).returncode == 0
    # rewriting an existing baseline is allowed: it is one
    assert run("check", "README.md", "--write-baseline", "b.json", cwd=tmp_path).returncode == 0
    assert json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["version"] == 1
