"""`add` from the command line into a README view of a multi-file survey: the row and its
canonical copy on the area page, one patch per file with --dry-run, --page and --strict."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from mdsurvey.cli import main

PAPER = [
    "--section", "Image", "--title", "Invented Lanterns for Pixels",
    "--url", "https://arxiv.org/abs/2611.04321", "--authors", "Ada Quill, Bo Reed",
]  # fmt: skip


@pytest.fixture()
def multi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURES / "multi", tmp_path / "m")
    monkeypatch.chdir(tmp_path / "m")
    return tmp_path / "m"


def test_add_to_a_readme_view_writes_the_area_page_copy(
    multi: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["add", "README.md", *PAPER]) == 0
    err = capsys.readouterr().err
    assert "README.md:17: added 'Invented Lanterns for Pixels'" in err
    assert "image-llm.md:10: added its canonical copy" in err
    for name in ("README.md", "image-llm.md"):
        assert (multi / name).read_text(encoding="utf-8").count("Invented Lanterns for Pixels") == 1
    main(["check", "--today", "2026-12-01", "--select", "MS405", "README.md", "image-llm.md"])
    assert "Invented Lanterns" not in capsys.readouterr().out


def test_dry_run_prints_a_patch_per_file_pages_first_and_writes_nothing(
    multi: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p.name: p.read_bytes() for p in multi.iterdir()}
    assert main(["add", "README.md", *PAPER, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.index("--- a/image-llm.md") < out.index("--- a/README.md")
    assert {p.name: p.read_bytes() for p in multi.iterdir()} == before


def test_page_names_the_area_page_and_a_missing_one_is_refused(
    multi: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p.name: p.read_bytes() for p in multi.iterdir()}
    assert main(["add", "README.md", *PAPER, "--page", "no-such-page.md"]) == 2
    assert "no-such-page.md" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in multi.iterdir()} == before
    assert main(["add", "README.md", *PAPER, "--page", "video-llm.md"]) == 0
    assert "Invented Lanterns" in (multi / "video-llm.md").read_text(encoding="utf-8")
    assert "Invented Lanterns" not in (multi / "image-llm.md").read_text(encoding="utf-8")


def test_a_field_without_a_column_warns_and_strict_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(FIXTURES / "plain.md", tmp_path / "p.md")
    monkeypatch.chdir(tmp_path)
    args = ["add", "p.md", "--section", "Papers by Date", "--title", "Invented Lanterns"]
    args += ["--url", "https://arxiv.org/abs/2611.04321", "--authors", "Ada Quill"]
    before = (tmp_path / "p.md").read_bytes()
    assert main([*args, "--strict"]) == 2
    assert "has no column for authors" in capsys.readouterr().err
    assert (tmp_path / "p.md").read_bytes() == before
    assert main(args) == 0
    assert "p.md:7: section 'Papers by Date' (table at line 7) has no column for authors: not written" in (
        capsys.readouterr().err
    )
    assert "Ada Quill" not in (tmp_path / "p.md").read_text(encoding="utf-8")
