"""Precision on real surveys (issue 11): findings a maintainer judged false or noise stay quiet,
and defects that went unreported are found. Snippets are invented; corpus checks only read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import CORPUS, SEED, needs_shared

import mdsurvey
from mdsurvey.fix.fixer import fix_text
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options, check_file, check_survey
from mdsurvey.lint.findings import Finding

TODAY = dt.date(2026, 11, 25)
HEADER = "| **Title & Authors** | **Areas** | **Links** |\n| --- | --- | :---: |\n"


def row(arxiv: str, title: str, area: str = "Image--LLM") -> str:
    return (
        f"| [![Arxiv](https://img.shields.io/badge/arXiv-2026\\.10-red)]() <br>[{title}]"
        f"(https://arxiv.org/abs/{arxiv})<br>Ana Pires "
        f"| [![Area](https://img.shields.io/badge/{area}-purple)]() "
        f"| [Paper](https://arxiv.org/abs/{arxiv})<br> |"
    )


def check(text: str, path: Path | str = "README.md", select: list[str] | None = None) -> list[Finding]:
    return check_survey(mdsurvey.loads(text), str(path), Config(), Options(today=TODAY, select=select))


def on_file(path: Path, select: list[str]) -> list[Finding]:
    return check_file(path, Options(today=TODAY, select=select, config=Config())).findings


def details(title: str, *rows: str) -> str:
    return (
        f"<details open>\n<summary><strong>{title}</strong></summary>\n\n"
        + HEADER
        + "\n".join(rows)
        + "\n</details>\n"
    )


# ------------------------------------------------------------------ MS405: missing pages


def _readme(tmp_path: Path, links: str, *sections: str) -> Path:
    readme = tmp_path / "README.md"
    readme.write_text("# S\n\n" + links + "\n" + "\n".join(sections), encoding="utf-8")
    (tmp_path / "image-llm.md").write_text(
        "# Image\n\n" + details("2026 Image", row("2609.02222", "Other Paper")), encoding="utf-8"
    )
    return readme


def test_ms405_rows_meant_for_a_missing_linked_page_are_one_ms302(tmp_path: Path) -> None:
    rows = [row(f"2610.0{k}111", f"Pruned Paper {k}", area="Pruning") for k in range(1, 6)]
    readme = _readme(
        tmp_path, "- [Image](image-llm.md)\n- [Pruning](pruning.md)\n", details("Pruning", *rows)
    )
    found = on_file(readme, ["MS302", "MS405"])
    assert [(f.code, f.line) for f in found] == [("MS302", 4)]


def test_ms405_rows_of_an_area_without_a_page_are_one_finding(tmp_path: Path) -> None:
    rows = [row(f"2610.0{k}111", f"Omni Paper {k}", area="Omni--LLM") for k in range(1, 4)]
    readme = _readme(tmp_path, "- [Image](image-llm.md)\n", details("Omni", *rows))
    found = on_file(readme, ["MS405"])
    assert [(f.line, f.message) for f in found] == [
        (
            10,
            "3 papers (lines 10, 11, 12) on none of the linked area pages, and there is no "
            "omni-llm.md: add the page or move them to an existing one",
        )
    ]


def test_ms405_a_row_whose_page_exists_is_still_reported(tmp_path: Path) -> None:
    readme = _readme(tmp_path, "- [Image](image-llm.md)\n", details("Image", row("2610.01111", "Lantern")))
    found = on_file(readme, ["MS405"])
    assert [(f.line, f.message[:60]) for f in found] == [
        (10, "'Lantern' is on none of the linked area pages (its page is i")
    ]


@needs_shared
def test_ms405_horseee_readme_has_no_finding_per_paper() -> None:
    found = on_file(CORPUS / "horseee__Awesome-Efficient-LLM/README.md", ["MS405", "MS302"])
    assert not [f for f in found if f.code == "MS405"]  # was 168, one per paper
    # each missing page is one MS302, at its link in the "Full List"
    assert (
        sum(
            1
            for f in found
            if f.code == "MS302" and f.message.endswith(".md: no such file next to README.md")
        )
        == 12
    )


# ------------------------------------------------------------------ MS302: once per missing file


def test_ms302_one_finding_per_missing_file_and_per_missing_folder(tmp_path: Path) -> None:
    text = (
        "# S\n\n- [bib](./refs.bib) [a](citations/a.txt)\n- [bib](refs.bib) [b](./citations/b.txt)\n"
        "- [bib](refs.bib#x)\n"
    )
    found = check(text, tmp_path / "README.md", ["MS302"])
    assert [(f.line, f.message) for f in found] == [
        (3, "link to ./refs.bib: no such file next to README.md (2 more links to it: lines 4, 5)"),
        (
            3,
            "link to citations/a.txt: folder citations/ does not exist next to README.md "
            "(1 more link into it: line 4)",
        ),
    ]


@needs_shared
def test_ms302_awesome_nerf_counts_missing_things_not_links() -> None:
    found = on_file(CORPUS / "awesome-NeRF__awesome-NeRF/README.md", ["MS302"])
    assert len(found) == 3  # citations/, NeRF-and-Beyond.bib, .citations/ (a typo); was 117


# ------------------------------------------------------------------ MS106, MS502, MS301, MS108


def test_ms106_short_row_is_quiet_extra_cells_are_errors() -> None:
    short = row("2610.01111", "Lantern").rsplit("|", 2)[0] + "|"
    assert check("# S\n\n" + HEADER + short + "\n", select=["MS106"]) == []
    extra = row("2610.01111", "Lantern") + " Code soon |"
    found = check("# S\n\n" + HEADER + extra + "\n", select=["MS106"])
    assert [(f.line, f.severity) for f in found] == [(5, "error")]


def test_ms502_one_finding_per_placeholder_per_row() -> None:
    found = check("# S\n\n" + HEADER + row("2512.99999", "Lantern") + "\n", select=["MS502"])
    assert [(f.line, f.column) for f in found] == [(5, 101)]
    assert "(also at column " in found[0].message


def test_ms301_hint_follows_the_link_text() -> None:
    text = "# S\n\n- [Year 2024](#human-year-2023)\n\n## Human Year 2026\n\n## Human Year 2024\n"
    (f,) = check(text, select=["MS301"])
    assert f.message.endswith("did you mean #human-year-2024?")


def test_ms301_no_hint_when_nothing_is_close() -> None:
    text = "# S\n\n- [contact us](#️-contact)\n\n## 📚 Contents\n"
    (f,) = check(text, select=["MS301"])
    assert "did you mean" not in f.message


@needs_shared
def test_ms108_says_how_many_lines_and_paragraphs_are_cut() -> None:
    (f,) = on_file(CORPUS / "hee9joon__Awesome-Diffusion-Models/README.md", ["MS108"])
    assert "4,769 lines, 20 headings and 914 paragraphs past the cut" in f.message
    assert "0 rows" not in f.message


# ------------------------------------------------------------------ misses


def test_ms109_merge_conflict_names_the_line_range() -> None:
    text = (
        "# S\n\n"
        + HEADER
        + "<<<<<<< HEAD\n"
        + row("2610.01111", "Lantern")
        + "\n=======\n"
        + row("2610.01111", "Lantern v2")
        + "\n>>>>>>> add-paper\n"
    )
    found = check(text, select=["MS109"])
    assert [(f.line, f.end_line, f.severity) for f in found] == [(5, 9, "error")]
    assert found[0].message.startswith("unresolved merge conflict (lines 5-9)")


def test_ms109_setext_underline_is_not_a_conflict() -> None:
    assert check("Title\n=======\n\ntext >>>>>>> arrows\n", select=["MS109"]) == []
    assert check("<<<<<<<\nno middle\n>>>>>>> x\n", select=["MS109"]) == []


@pytest.mark.parametrize(
    ("url", "what"),
    [
        ("https://https://github.com/lantern-lab/tokens", "the scheme is doubled"),
        ("https://github.com/https://github.com/lantern-lab/tokens", "a URL inside a URL"),
        ("https://github.comlantern-lab/tokens", "the host github.com is glued to the path"),
        ("openreview.net/forum?id=Ab12Cd", "missing https://"),
    ],
)
def test_ms304_malformed_urls(url: str, what: str, tmp_path: Path) -> None:
    text = f"# S\n\n- [Code]({url})\n"
    found = check(text, tmp_path / "README.md")
    assert [(f.code, f.line) for f in found] == [("MS304", 3)]  # and no "no such file" MS302
    assert what in found[0].message


def test_ms304_good_urls_are_quiet(tmp_path: Path) -> None:
    text = (
        "# S\n\n- [a](https://github.community/t/1) [b](https://web.archive.org/web/2020/https://x.org)"
        " [c](https://api.star-history.com/svg?repos=a/b&u=https://github.com/a)\n"
    )
    assert check(text, tmp_path / "README.md", ["MS304"]) == []


def test_ms305_empty_link_with_brackets_in_its_text() -> None:
    text = "# S\n\n- ***Lantern:*** Sparse Tokens [[Paper]]() [[Code]](https://github.com/lantern-lab/t)\n"
    found = check(text, select=["MS305"])
    assert [(f.line, f.column, f.message) for f in found] == [
        (3, 32, "link [[Paper]] has no URL: fill it in or remove the link")
    ]
    # in a paper row too (MS211 matches only text without brackets)
    in_row = (
        "# S\n\n"
        + HEADER
        + row("2610.01111", "Lantern").replace("[Paper](https://arxiv.org/abs/2610.01111)", "[[pdf]]()")
        + "\n"
    )
    assert [(f.code, f.line) for f in check(in_row, select=["MS211", "MS305"])] == [("MS305", 5)]


def test_ms503_literal_utf8_byte_escapes_are_found_and_fixed() -> None:
    text = (
        "# S\n\n" + HEADER + row("2610.01111", "Lantern").replace("Ana Pires", "Ana Rold\\xc3\\xa3o") + "\n"
    )
    found = check(text, select=["MS503"])
    assert [(f.line, f.message) for f in found] == [
        (5, "literal UTF-8 byte escapes '\\\\xc3\\\\xa3': it reads 'ã'")
    ]
    fixed = fix_text(text, "README.md", Config(), Options(today=TODAY, select=["MS503"]))
    assert "Ana Roldão" in fixed.text
    assert fixed.text.replace("Roldão", "Rold\\xc3\\xa3o") == text


def test_ms110_header_repeated_as_a_body_row() -> None:
    text = "# S\n\n" + HEADER + row("2610.01111", "Lantern") + "\n" + HEADER.split("\n")[0] + "\n"
    found = check(text, select=["MS110"])
    assert [(f.line, f.severity) for f in found] == [(6, "error")]
    assert "header row (line 3) is repeated" in found[0].message


def test_ms406_copies_on_two_pages_that_disagree(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    r = row("2610.01111", "Lantern Tokens")
    readme.write_text(
        "# S\n\n- [Image](image-llm.md)\n- [Video](video-llm.md)\n\n" + details("Image", r), encoding="utf-8"
    )
    (tmp_path / "image-llm.md").write_text("# I\n\n" + details("2026 Image", r), encoding="utf-8")
    other = row("2610.01111", "Beacon Tokens", area="Video--LLM")
    (tmp_path / "video-llm.md").write_text("# V\n\n" + details("2026 Video", other), encoding="utf-8")
    found = on_file(readme, ["MS406"])
    assert [(f.line, f.message) for f in found] == [
        (
            11,
            "the copies on image-llm.md:8 and video-llm.md:8 differ in title, tags: "
            "make the area pages agree",
        )
    ]


def test_ms101_markdown_fence_wrapping_a_mermaid_fence() -> None:
    text = "# S\n\n```markdown\n```mermaid\nflowchart TB\n    A --> B\n\n## Papers\n\n" + HEADER
    (f,) = check(text, select=["MS101"])
    assert "it wraps the ```mermaid fence on line 4" in f.message
    assert "delete line 3 so the mermaid block renders" in f.message
    fixed = fix_text(text, "README.md", Config(), Options(today=TODAY, select=["MS101"]), unsafe=True)
    assert fixed.text.split("\n")[2:7] == ["```mermaid", "flowchart TB", "    A --> B", "```", ""]


@needs_shared
@pytest.mark.parametrize(
    ("path", "code", "line"),
    [
        ("Efficient-ML__Awesome-Model-Quantization/README.md", "MS304", 458),
        ("friedrichor__Awesome-Multimodal-Papers/README.md", "MS304", 293),
        ("ZLKong__Awesome-Collection-Token-Reduction/README.md", "MS304", 112),
        ("AlonzoLeeeooo__awesome-video-generation/README.md", "MS305", 372),
        ("cokeshao__Awesome-Multimodal-Token-Compression/README.md", "MS406", 152),
    ],
)
def test_misses_fire_on_the_corpus(path: str, code: str, line: int) -> None:
    assert line in [f.line for f in on_file(CORPUS / path, [code])]


@needs_shared
def test_seed_readme_says_to_delete_the_wrapper() -> None:
    (f,) = on_file(SEED, ["MS101"])
    assert f.line == 53 and "delete line 53 so the mermaid block renders" in f.message


def test_ms109_a_conflict_shown_in_a_code_fence_is_an_example() -> None:
    """Was an error on documentation that shows a conflict in a ```diff fence (found by review)."""
    import mdsurvey as _m
    from mdsurvey.lint.config import Config as _C
    from mdsurvey.lint.engine import Options as _O
    from mdsurvey.lint.engine import check_survey as _c

    block = "<<<<<<< ours\na\n=======\nb\n>>>>>>> theirs\n"
    shown = _c(_m.loads(f"# T\n\n```diff\n{block}```\n"), "README.md", _C(), _O(select=["MS109"]))
    real = _c(_m.loads(f"# T\n\n{block}"), "README.md", _C(), _O(select=["MS109"]))
    assert [f.code for f in shown] == []
    assert [(f.code, f.line) for f in real] == [("MS109", 3)]


def test_placeholders_in_a_mermaid_diagram_are_seen_as_readers_see_them() -> None:
    """GitHub draws ```mermaid fences: their node labels are text readers see, unlike other code."""
    import mdsurvey as _m
    from mdsurvey.lint.config import Config as _C
    from mdsurvey.lint.engine import Options as _O
    from mdsurvey.lint.engine import check_survey as _c

    body = 'flowchart TB\n    A --> B["Lantern Tokens [?]"]\n'
    drawn = _c(_m.loads(f"# T\n\n```mermaid\n{body}```\n"), "README.md", _C(), _O(select=["MS502"]))
    code = _c(_m.loads(f"# T\n\n```text\n{body}```\n"), "README.md", _C(), _O(select=["MS502"]))
    assert [(f.code, f.line) for f in drawn] == [("MS502", 5)]
    assert code == []
