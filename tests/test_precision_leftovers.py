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


# ------------------------------------------------------------------ MS403: misdated rows, arXiv-only tables

DATE_HEADER = "| Title | Venue | Date |\n| --- | --- | --- |\n"


def dated_row(title: str, arxiv: str, date: str) -> str:
    """A row with a date column and an arXiv title link."""
    return f"| [{title}](https://arxiv.org/abs/{arxiv}) | arXiv | {date} |"


def test_ms403_a_row_whose_date_contradicts_its_arxiv_id_is_ms201s_not_out_of_order() -> None:
    # newest first; the first row is pinned; 'Wrong Date' is dated a year before its own id
    rows = [
        dated_row("Pinned Paper", "2509.00001", "2025-09-18"),
        dated_row("March Paper", "2603.00002", "2026-03-10"),
        dated_row("February Paper", "2602.00003", "2026-02-23"),
        dated_row("Wrong Date", "2601.00004", "2025-01-05"),
        dated_row("January Paper", "2601.00005", "2026-01-20"),
        dated_row("December Paper", "2512.00006", "2025-12-01"),
    ]
    text = "# T\n\n" + DATE_HEADER + "\n".join(rows) + "\n"
    found = check(text, ["MS201", "MS403"])
    assert codes_at(found) == [("MS201", 8, rows[3].rindex("|", 0, rows[3].index("2025-01-05")) + 2)]
    # without the contradiction the same table breaks its order at the first row only: pinned
    assert check(text.replace("2025-01-05", "2026-01-05"), ["MS403"]) == []
    # a misdated row alone in the wrong place is still MS201's only
    two = "# T\n\n" + DATE_HEADER + "\n".join([rows[1], rows[2], rows[4], rows[3], rows[5]]) + "\n"
    assert [f.code for f in check(two, ["MS201", "MS403"])] == ["MS201"]


def test_ms403_sort_leaves_a_misdated_row_in_place() -> None:
    rows = [
        dated_row("March Paper", "2603.00002", "2026-03-10"),
        dated_row("February Paper", "2602.00003", "2026-02-23"),
        dated_row("Wrong Date", "2602.00004", "2025-01-05"),
        dated_row("December Paper", "2512.00006", "2025-12-01"),
        dated_row("January Paper", "2601.00005", "2026-01-20"),
        dated_row("November Paper", "2511.00007", "2025-11-01"),
        dated_row("October Paper", "2510.00008", "2025-10-01"),
    ]
    text = "# T\n\n" + DATE_HEADER + "\n".join(rows) + "\n"
    assert [(f.code, f.line) for f in check(text, ["MS403"])] == [("MS403", 8)]
    fixed = fix_text(text, "README.md", Config(), Options(today=TODAY, select=["MS403"]), unsafe=True).text
    # the dated rows are sorted around 'Wrong Date', which stays third
    want = [rows[0], rows[1], rows[2], rows[4], rows[3], rows[5], rows[6]]
    assert fixed == "# T\n\n" + DATE_HEADER + "\n".join(want) + "\n"


ARXIV_ONLY_HEADER = "| Name | Paper |\n| --- | --- |\n"


def arxiv_only(ids: list[str]) -> str:
    """A datasets-style table whose rows show no date: dates come only from the arXiv ids."""
    rows = [f"| Set{k} | [Dataset Paper {k}](https://arxiv.org/abs/{a}) |" for k, a in enumerate(ids)]
    return "# T\n\n" + ARXIV_ONLY_HEADER + "\n".join(rows) + "\n"


def test_ms403_arxiv_only_table_is_held_to_an_order_only_when_it_keeps_it_nearly_always() -> None:
    months = [f"26{m:02d}.0000{k % 10}" for k, m in enumerate(range(12, 0, -1))]  # newest first
    assert check(arxiv_only(months), ["MS403"]) == []
    # one row out of place in 12 rows: 10 of 11 pairs in order, reported
    one = [*months[:3], months[8], *months[3:8], *months[9:]]
    assert [f.line for f in check(arxiv_only(one), ["MS403"])] == [8]
    # two rows out of place, 9 of 11 pairs in order: ordered by something else (the day rows were added)
    two = [*one[:9], one[1], *one[9:]]
    two.pop(1)
    assert check(arxiv_only(two), ["MS403"]) == []


@needs_shared
def test_ms403_judged_false_or_noise_on_the_corpus_stay_quiet_and_true_ones_stay() -> None:
    def lines(rel: str) -> list[int]:
        return [f.line for f in on_file(CORPUS / rel, ["MS403"])]

    assert lines("friedrichor__Awesome-Multimodal-Papers/README.md") == [183, 233, 309, 409]  # not 66
    assert lines("Zefan-Cai__Awesome-LLM-KV-Cache/README.md") == [59]  # not 151
    assert lines("BradyFU__Awesome-Multimodal-Large-Language-Models/README.md") == [503, 529, 578]
    assert lines("horseee__Awesome-Efficient-LLM/quantization.md") == []


# ------------------------------------------------------------------ MS405: a tag is no area

AREA_HEADER = "| **Title & Authors** | **Areas** | **Links** |\n| --- | --- | :---: |\n"


def area_row(arxiv: str, title: str, *areas: str) -> str:
    """A row with area badges, in the family's layout."""
    badges = " ".join(f"[![Area](https://img.shields.io/badge/{a}-purple)]()" for a in areas)
    url = f"https://arxiv.org/abs/{arxiv}"
    return f"| [{title}]({url})<br>Ana Pires | {badges} | [Paper]({url}) |"


def area_details(title: str, *rows: str) -> str:
    """A <details> section holding one paper table."""
    return (
        f"<details open>\n<summary>{title}</summary>\n\n" + AREA_HEADER + "\n".join(rows) + "\n</details>\n"
    )


def test_ms405_no_page_is_expected_for_an_area_badge_no_section_names(tmp_path: Path) -> None:
    (tmp_path / "image-llm.md").write_text(
        "# Image\n\n" + area_details("2026", area_row("2601.00001", "Kept Paper", "Image--LLM")),
        encoding="utf-8",
    )
    text_only = area_row("2602.00002", "A Survey of Prompt Squeezing", "LLM", "Survey")
    omni = area_row("2603.00003", "Omni Lantern", "Omni--LLM")
    readme = tmp_path / "README.md"
    readme.write_text(
        "# S\n\n- [Image](image-llm.md)\n\n"
        + area_details("ACL 2026", text_only)
        + "\n"
        + area_details("Omni", omni),
        encoding="utf-8",
    )
    found = on_file(readme, ["MS405"])
    # the text-only survey's LLM badge is a tag here; the Omni section names an area with no page
    assert [(f.line, f.message.split(":")[0]) for f in found] == [
        (18, "1 paper (line 18) on none of the linked area pages, and there is no omni-llm.md")
    ]


@needs_shared
def test_ms405_cokeshao_text_only_survey_needs_no_llm_page() -> None:
    found = on_file(CORPUS / "cokeshao__Awesome-Multimodal-Token-Compression" / "README.md", ["MS405"])
    assert [f.line for f in found] == [96, 122]


# ------------------------------------------------------------------ MS106: leftovers nobody misses


def test_ms106_dropped_leftovers_are_quiet_and_dropped_content_stays_an_error() -> None:
    head = "# T\n\n| Title | Venue | Links |\n| --- | --- | --- |\n"
    base = (
        "| [Lantern](https://arxiv.org/abs/2601.00001) | Arxiv | [Paper](https://arxiv.org/abs/2601.00001) |"
    )
    quiet = [base + "o", base + " Arxiv |", base + "  | [github]() |", base + " | <!-- later --> |"]
    assert check(head + "\n".join(quiet) + "\n", ["MS106"]) == []
    loud = [base + " A benchmark for retrieval |", base + " Arxiv | [Code](https://github.com/a/b) |"]
    found = check(head + "\n".join(loud) + "\n", ["MS106"])
    assert [(f.line, f.message.split(";")[0]) for f in found] == [
        (5, "row has 4 cells but the header has 3: GitHub drops 'A benchmark for retrieval'"),
        (6, "row has 5 cells but the header has 3: GitHub drops 'Arxiv | [Code](https://github.com/a/b)'"),
    ]


@needs_shared
def test_ms106_corpus_keeps_the_rows_that_lose_content() -> None:
    found = [
        (f.path.split("/")[-2].split("__")[0], f.line)
        for path in (
            "ActiveVisionLab__Awesome-LLM-3D/README.md",
            "horseee__Awesome-Efficient-LLM/quantization.md",
        )
        for f in on_file(CORPUS / path, ["MS106"])
    ]
    assert found == []  # 'Arxiv' twice, a stray 'o', an empty [github]()
    kept = on_file(CORPUS / "BradyFU__Awesome-Multimodal-Large-Language-Models/README.md", ["MS106"])
    assert [f.line for f in kept] == [710]  # a description GitHub drops
