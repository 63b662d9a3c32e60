"""MS404 and MS408 leave a pasted template block to MS407: one finding with the right advice
(delete the copies), not one per row with advice that does not apply (move it, recolour it)."""

from __future__ import annotations

import datetime as dt

import mdsurvey
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options, check_survey

ROW = (
    "| [![Arxiv](https://img.shields.io/badge/arXiv-2025\\.01-red)]() <br>"
    "[{t}](https://arxiv.org/abs/{i})<br>Ada Quill "
    "| [![Area](https://img.shields.io/badge/Image--LLM-purple)]() | [Paper](https://arxiv.org/abs/{i}) |"
)
HEADER = "| **Title & Authors** | **Areas** | **Links** |\n| --- | --- | :---: |\n"


def section(title: str, *rows: str) -> str:
    return (
        f"<details open>\n<summary>{title}</summary>\n\n{HEADER}"
        + "".join(r + "\n" for r in rows)
        + "</details>\n\n"
    )


def codes(text: str) -> list[tuple[str, int]]:
    found = check_survey(mdsurvey.loads(text), "README.md", Config(), Options(today=dt.date(2026, 11, 25)))
    return [(f.code, f.line) for f in found if f.code in ("MS404", "MS407", "MS408")]


A = ROW.format(t="Lantern Tokens for Sparse Vision", i="2501.01111")
B = ROW.format(t="Sieve Stacks in Layered Decoders", i="2501.02222")
C = ROW.format(t="Quiet Frames for Video Tokens", i="2501.03333")


def test_a_pasted_block_is_one_ms407_and_nothing_else() -> None:
    text = (
        "# Recent Papers (Last 6 Months)\n\n"
        + section("Image", A, B)
        + section("Video", A, B)
        + section("Audio", A, B)
    )
    assert codes(text) == [("MS407", 8)]


def test_rows_that_are_not_pasted_still_get_ms404_and_ms408() -> None:
    text = (
        "# Recent Papers (Last 6 Months)\n\n"
        + section("Image", A, B)
        + section("Video", A, C)
        + section("Audio", B, C)
    )
    found = codes(text)
    assert ("MS407", 8) not in found
    assert {c for c, _ in found} == {"MS404", "MS408"}
    assert sum(1 for c, _ in found if c == "MS404") == 6
