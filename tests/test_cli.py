"""The command line as a user runs it: real processes, real files."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, FIXTURES, needs_shared


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mdsurvey", *args], capture_output=True, cwd=cwd, timeout=120
    )


def test_version_and_help() -> None:
    v = run("--version")
    assert v.returncode == 0 and v.stdout.decode().startswith("mdsurvey ")
    h = run("--help")
    assert h.returncode == 0 and b"export" in h.stdout and b"check" in h.stdout


def test_export_json_is_one_object_per_row_in_document_order() -> None:
    r = run("export", "--format", "json", str(FIXTURES / "survey.md"))
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout.decode("utf-8"))
    assert len(data) == 16
    lines = [d["line"] for d in data]
    assert lines == sorted(lines)
    for key in (
        "section",
        "line",
        "title",
        "url",
        "date",
        "venue",
        "arxiv_id",
        "authors",
        "badges",
        "links",
        "code",
        "cells",
    ):
        assert key in data[0]
    assert data[0]["section"] == "Image"


def test_export_is_stable_and_defaults_to_readme(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_bytes((FIXTURES / "styles.md").read_bytes())
    a = run("export", cwd=tmp_path)
    b = run("export", "--format", "json", "README.md", cwd=tmp_path)
    assert a.returncode == 0 and a.stdout == b.stdout


def test_export_csv_has_a_row_per_table_row() -> None:
    r = run("export", "--format", "csv", str(FIXTURES / "plain.md"))
    assert r.returncode == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode("utf-8"))))
    assert len(rows) == 7
    assert rows[0]["title"] == "Pocket Indexes for On-Device Semantic Search"


@needs_shared
def test_export_cokeshao() -> None:
    path = CORPUS / "cokeshao__Awesome-Multimodal-Token-Compression" / "README.md"
    data = json.loads(run("export", "--format", "json", str(path)).stdout)
    assert len(data) == 63
    assert all(d["title"] and d["url"] and d["date"] for d in data)


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("missing.md", None, b"no such file"),
        ("adir", "DIR", b"is a directory"),
        ("bad.md", b"# ok\n\xff\xfe broken \x80\n", b"invalid UTF-8 at byte offset"),
        ("bin.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"binary file"),
        ("utf16.md", "# title\n".encode("utf-16"), b"UTF-16"),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_written(
    tmp_path: Path, name: str, content: bytes | str | None, needle: bytes
) -> None:
    target = tmp_path / name
    if content == "DIR":
        target.mkdir()
    elif isinstance(content, bytes):
        target.write_bytes(content)
    before = sorted(os.listdir(tmp_path))
    r = run("export", str(target))
    assert r.returncode == 2
    assert r.stdout == b""
    err = r.stderr.strip().splitlines()
    assert len(err) == 1 and needle in err[0] and str(target).encode() in err[0]
    assert sorted(os.listdir(tmp_path)) == before
    if isinstance(content, bytes):
        assert target.read_bytes() == content


def test_invalid_utf8_names_line_and_offset(tmp_path: Path) -> None:
    target = tmp_path / "bad.md"
    target.write_bytes(b"line one\nline two \xc3\x28\n")
    r = run("export", str(target))
    assert f"{target}:2: invalid UTF-8 at byte offset 18".encode() in r.stderr
