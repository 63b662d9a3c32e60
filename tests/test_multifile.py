"""A README and its area pages are one survey: views must exist on pages and agree with them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mdsurvey.fix.fixer import fix_text
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options, check_file

HEADER = "| **Title & Authors** | **Areas** | **Links** |\n| --- | --- | :---: |\n"


def row(arxiv: str, month: str, title: str, area: str = "Image--LLM") -> str:
    return (
        f"| [![Arxiv](https://img.shields.io/badge/arXiv-{month}-red)]() <br>[{title}](https://arxiv.org/abs/{arxiv})"
        f"<br>Ana Pires | [![Area](https://img.shields.io/badge/{area}-purple)]() "
        f"| [Paper](https://arxiv.org/abs/{arxiv})<br> |"
    )


def survey(tmp_path: Path, readme_rows: list[str], page_rows: list[str]) -> Path:
    readme = tmp_path / "README.md"
    readme.write_text(
        "# S\n\n- [Image LLM](image-llm.md)\n\n### Recent Papers (Last 6 Months)\n\n<details open>\n"
        "<summary><strong>Image</strong></summary>\n\n" + HEADER + "\n".join(readme_rows) + "\n</details>\n",
        encoding="utf-8",
    )
    (tmp_path / "image-llm.md").write_text(
        "\n<details open>\n<summary><strong>2026 Image</strong></summary>\n\n"
        + HEADER
        + "\n".join(page_rows)
        + "\n</details>\n",
        encoding="utf-8",
    )
    return readme


def codes(path: Path) -> list[tuple[str, int]]:
    found = check_file(path, Options(today=dt.date(2026, 11, 25), select=["MS405", "MS406"])).findings
    return [(f.code, f.line) for f in found]


def test_agreeing_copies_are_fine(tmp_path: Path) -> None:
    r = row("2610.01111", "2026\\.10", "Lantern Tokens")
    assert codes(survey(tmp_path, [r], [r])) == []


def test_a_view_row_missing_from_its_page(tmp_path: Path) -> None:
    readme = survey(
        tmp_path,
        [row("2610.01111", "2026\\.10", "Lantern Tokens")],
        [row("2609.02222", "2026\\.09", "Other Paper")],
    )
    assert codes(readme) == [("MS405", 12)]


def test_disagreeing_copy_is_reported_and_synced_from_the_page(tmp_path: Path) -> None:
    page_row = row("2610.01111", "2026\\.10", "Lantern Tokens: Sparse Light")
    readme = survey(tmp_path, [row("2610.01111", "2026\\.09", "Lantern Tokens: Sparse Light")], [page_row])
    assert codes(readme) == [("MS406", 12)]
    text = readme.read_text(encoding="utf-8")
    opts = Options(today=dt.date(2026, 11, 25), select=["MS406"])
    safe = fix_text(text, str(readme), Config(), opts)
    assert not safe.changed  # syncing copies is an unsafe fix
    synced = fix_text(text, str(readme), Config(), opts, unsafe=True)
    assert synced.text.split("\n")[11] == page_row
    assert synced.text.split("\n")[:11] == text.split("\n")[:11]
