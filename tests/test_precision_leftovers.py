"""Precision leftovers (issue 11 and fixture-writing review): each test pins one finding a rule got
wrong on an invented snippet or (read-only) on the corpus file where it was judged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import CORPUS, needs_shared

import mdsurvey
from mdsurvey.fix.fixer import fix_text
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options, check_file, check_survey
from mdsurvey.lint.findings import Finding

TODAY = dt.date(2026, 12, 1)


def check(text: str, select: list[str] | None = None) -> list[Finding]:
    """Findings of the default rules (or `select`) on `text` as README.md."""
    return check_survey(mdsurvey.loads(text), "README.md", Config(), Options(today=TODAY, select=select))


def on_file(path: Path, select: list[str] | None = None) -> list[Finding]:
    """Findings of the default rules (or `select`) on a corpus file, read only."""
    return check_file(path, Options(today=TODAY, select=select, config=Config())).findings


def codes_at(findings: list[Finding]) -> list[tuple[str, int, int]]:
    """(code, line, column) of each finding."""
    return [(f.code, f.line, f.column) for f in findings]


# ------------------------------------------------------------------ MS101: trailing blank lines

UNCLOSED_THEN_BLANKS = (
    "# T\n\n```mermaid\nflowchart TB\n\n<details>\n<summary>V</summary>\n\n"
    "| a | b |\n| - | - |\n| x | y |\n</details>\n\n"
)


def test_ms101_unclosed_fence_is_reported_when_the_file_ends_with_blank_lines() -> None:
    for text in (UNCLOSED_THEN_BLANKS, UNCLOSED_THEN_BLANKS + "\n\n", UNCLOSED_THEN_BLANKS[:-1]):
        found = check(text, ["MS101"])
        assert codes_at(found) == [("MS101", 3, 1)], repr(text[-20:])
        assert "close it with ``` after line 4" in found[0].message


def test_ms101_fence_closed_by_its_list_item_is_not_unclosed() -> None:
    # the fence ends with its list item; the paragraph after it is not code
    assert check("# T\n\n- a\n  ```\n  code\n\nafter\n", ["MS101"]) == []


# ------------------------------------------------------------------ MS103/MS104: comments


def test_ms103_ms104_ignore_details_tags_inside_html_comments() -> None:
    text = (
        "<!-- note: a stray </details> used to be here -->\n# T\n\n"
        "<!-- wrap in <details> later -->\n\n"
        "<details open>\n<!-- </details> was here; <summary>Old</summary> too -->\n"
        "<summary>Video</summary>\n\n| a | b |\n| - | - |\n| x | y |\n</details>\n\n"
        "<!--\n<details>\n\n<summary>multi-line comment</summary>\n-->\n"
    )
    assert check(text, ["MS103", "MS104"]) == []
    survey = mdsurvey.loads(text)
    assert [(d.start_line, d.end_line, d.summary) for d in survey.details] == [(6, 13, "Video")]


def test_ms103_still_reports_a_stray_closing_tag_after_a_comment() -> None:
    text = "# T\n\n<!-- a comment --> </details>\n\n<details><!-- x --><summary>S</summary>\n\ntext\n"
    assert codes_at(check(text, ["MS103", "MS104"])) == [("MS103", 3, 1), ("MS103", 5, 1)]


# ------------------------------------------------------------------ MS501-MS503: inline code

CODE_QUOTES = "# T\n\nRun `make TODO`; `Ã©` is é read as Latin-1; `b'Rold\\xc3\\xa3o'` is a bytes repr.\n"


def test_ms501_ms502_ms503_skip_inline_code_spans_and_their_fixes_leave_code_alone() -> None:
    assert check(CODE_QUOTES, ["MS501", "MS502", "MS503"]) == []
    assert (
        fix_text(CODE_QUOTES, "README.md", Config(), Options(today=TODAY, select=["MS501", "MS503"])).text
        == CODE_QUOTES
    )


def test_ms501_ms503_outside_code_on_the_same_line_are_still_found_and_fixed() -> None:
    text = "# T\n\nBut TODO, Ã© and Rold\\xc3\\xa3o here; `Ã©` and `\\xc3\\xa3` stay.\n"
    assert codes_at(check(text, ["MS501", "MS502", "MS503"])) == [
        ("MS502", 3, 5),
        ("MS501", 3, 11),
        ("MS503", 3, 22),
    ]
    fixed = fix_text(text, "README.md", Config(), Options(today=TODAY, select=["MS501", "MS503"])).text
    assert fixed == "# T\n\nBut TODO, é and Roldão here; `Ã©` and `\\xc3\\xa3` stay.\n"


# ------------------------------------------------------------------ MS203: column at the URL

PAPER_HEADER = "| **Title & Authors** | **Links** |\n| --- | --- |\n"


def test_ms203_points_at_the_start_of_the_url_like_ms209_and_ms212() -> None:
    good = "[Paper](https://arxiv.org/abs/2609.02222)"
    urls = [
        "https://arxiv.org/abs/203.05527",
        "http://www.arxiv.org/pdf/2609.0222x",
        "export.arxiv.org/abs/26.1",
    ]
    rows = [f"| [Paper Title {k}]({u})<br>Ana Pires | {good} |" for k, u in enumerate(urls)]
    text = "# T\n\n" + PAPER_HEADER + "\n".join(rows) + "\n"
    found = check(text, ["MS203"])
    assert [(f.line, f.column) for f in found] == [(5 + k, rows[k].index(u) + 1) for k, u in enumerate(urls)]
    # MS209 on the same kind of row points at its URL too
    mismatch = "| [Paper Title](https://arxiv.org/abs/2609.01111)<br>Ana Pires | " + good + " |"
    found = check("# T\n\n" + PAPER_HEADER + mismatch + "\n", ["MS209"])
    assert [f.column for f in found] == [mismatch.index("https://arxiv.org/abs/2609.02222") + 1]


# ------------------------------------------------------------------ MS210/MS304: one defect, one finding


@needs_shared
def test_slashless_github_links_of_stars_badges_are_one_ms304_each_in_friedrichor() -> None:
    found = on_file(CORPUS / "friedrichor__Awesome-Multimodal-Papers" / "README.md", ["MS210", "MS304"])
    on_lines = [(f.code, f.line) for f in found if f.line in (293, 411)]
    assert on_lines == [("MS304", 293), ("MS304", 411)]
    assert all("insert / after github.com" in f.message for f in found if f.line in (293, 411))
