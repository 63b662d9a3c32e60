"""`add` validates the paper before writing: vocabulary, arXiv ids, JSON keys, BibTeX entries, authors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mdsurvey.cli.app import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SURVEY = FIXTURES / "survey.md"

AREA = "[![Area](https://img.shields.io/badge/Image--LLM-purple)]()"


def _row(title: str, arxiv_id: str) -> str:
    url = f"https://arxiv.org/abs/{arxiv_id}"
    return f"| [{title}]({url}) | {AREA} | [Paper]({url}) |\n"


# an invented table whose rows list no authors and use no tag or cost badges
NO_AUTHORS = (
    "# Tiny Survey\n\n<details open>\n<summary><strong>Image</strong></summary>\n\n"
    "| **Title** | **Areas** | **Links** |\n| --- | --- | :---: |\n"
    + _row("Alpha Tokens: Invented Paper One", "2601.00011")
    + _row("Beta Tokens: Invented Paper Two", "2602.00022")
    + "</details>\n"
)

# an empty table: no badge of any role yet
EMPTY = """# Empty Survey

<details open>
<summary><strong>Image</strong></summary>

| **Title & Authors** | **Areas** | **Tags** | **Links** |
| --- | --- | --- | :---: |
</details>
"""

PAPER = ["--title", "Quiet Frames: Invented Tokens", "--url", "https://arxiv.org/abs/2608.04444"]
AUTHORS = ["--authors", "Ada Quill, Bo Marsh"]


def run(tmp_path: Path, source: Path | str, *args: str) -> tuple[int, bool, Path]:
    """Exit code of `add` on a copy of the survey, whether the file changed, and the copy."""
    target = tmp_path / "README.md"
    if isinstance(source, Path):
        shutil.copyfile(source, target)
    else:
        target.write_text(source, encoding="utf-8")
    before = target.read_bytes()
    code = main(["add", str(target), *args])
    return code, target.read_bytes() != before, target


def refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], source: Path | str, *args: str) -> str:
    code, changed, _ = run(tmp_path, source, *args)
    err = capsys.readouterr().err
    assert code == 2, err
    assert not changed
    assert err.count("\n") == 1, err  # one line
    return err


# ---------------------------------------------------------------- (a) vocabulary


@pytest.mark.parametrize(
    ("flag", "value", "known"),
    [
        ("--area", "Vidoe-LLM", "Video-LLM"),
        ("--tag", "Atention-Based", "Attention-Based"),
        ("--cost", "Training-Fre", "Training-Free"),
        ("--tag", "similarity-based", "Similarity-Based"),
    ],
)
def test_a_value_outside_the_vocabulary_is_refused_with_did_you_mean(
    flag: str, value: str, known: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(tmp_path, capsys, SURVEY, "--section", "Image", *PAPER, *AUTHORS, flag, value)
    assert f"{value!r} is not in this survey's vocabulary" in err
    assert f"did you mean {known!r}?" in err
    assert "--new-tag" in err


def test_a_value_far_from_the_vocabulary_lists_the_known_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(tmp_path, capsys, SURVEY, "--section", "Image", *PAPER, *AUTHORS, "--tag", "Entropy")
    assert "did you mean" not in err
    assert "known: " in err and "'Attention-Based'" in err


def test_new_tag_accepts_a_value_the_survey_does_not_use_yet(tmp_path: Path) -> None:
    args = ["--section", "Image", *PAPER, *AUTHORS, "--tag", "Entropy-Based", "--new-tag"]
    code, changed, target = run(tmp_path, SURVEY, *args)
    assert code == 0 and changed
    assert "badge/Entropy--Based-green" in target.read_text(encoding="utf-8")


def test_known_values_are_accepted(tmp_path: Path) -> None:
    args = ["--area", "Image-LLM", "--tag", "Query-Based", "--cost", "Training-Free"]
    code, changed, _ = run(tmp_path, SURVEY, "--section", "Image", *PAPER, *AUTHORS, *args)
    assert code == 0 and changed


def test_the_configured_vocabulary_counts_as_known(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mdsurvey]\nvocabulary = { category = ["Entropy-Based"] }\n', encoding="utf-8"
    )
    code, changed, _ = run(tmp_path, SURVEY, "--section", "Image", *PAPER, *AUTHORS, "--tag", "Entropy-Based")
    assert code == 0 and changed


def test_a_role_no_badge_uses_takes_any_value(tmp_path: Path) -> None:
    args = ["--area", "Any-Area", "--tag", "Any-Tag", "--cost", "Any-Cost"]
    code, changed, target = run(tmp_path, EMPTY, "--section", "Image", *PAPER, *AUTHORS, *args)
    assert code == 0 and changed
    assert "badge/Any--Tag-" in target.read_text(encoding="utf-8")


# ---------------------------------------------------------------- (b) arXiv ids


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://arxiv.org/abs/2611.0001", "arXiv ids since 2015 have 5 digits after the dot"),
        ("https://arxiv.org/abs/2611.000123", "arXiv ids since 2015 have 5 digits after the dot"),
        ("https://arxiv.org/pdf/2613.01234v2.pdf", "month 13 is not 01-12"),
        ("https://arxiv.org/abs/1412.12345", "arXiv ids before 2015 have 4 digits after the dot"),
        ("https://arxiv.org/abs/26110001", "is not an arXiv id"),
    ],
)
def test_an_invalid_arxiv_id_in_url_is_refused(
    url: str, why: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(
        tmp_path, capsys, SURVEY, "--section", "Image", "--title", "Quiet Frames", "--url", url, *AUTHORS
    )
    assert why in err


@pytest.mark.parametrize("url", ["https://arxiv.org/abs/2608.04444v2", "https://arxiv.org/pdf/1412.6980"])
def test_a_valid_arxiv_id_is_accepted(url: str, tmp_path: Path) -> None:
    code, changed, _ = run(
        tmp_path, SURVEY, "--section", "Image", "--title", "Quiet Frames", "--url", url, *AUTHORS
    )
    assert code == 0 and changed


def test_an_invalid_arxiv_id_in_json_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    obj = {"title": "Quiet Frames", "url": "https://arxiv.org/abs/2611.0001", "authors": "Ada Quill"}
    (tmp_path / "paper.json").write_text(json.dumps(obj), encoding="utf-8")
    err = refused(tmp_path, capsys, SURVEY, "--section", "Image", "--json", str(tmp_path / "paper.json"))
    assert "since 2015 have 5 digits" in err and "paper.json" in err


def test_an_invalid_arxiv_eprint_in_bibtex_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = (
        "@article{q, title={Quiet Frames}, author={Quill, Ada}, eprint={2611.0001}, archivePrefix={arXiv}}\n"
    )
    (tmp_path / "paper.bib").write_text(bib, encoding="utf-8")
    err = refused(tmp_path, capsys, SURVEY, "--section", "Image", "--bibtex", str(tmp_path / "paper.bib"))
    assert "since 2015 have 5 digits" in err and "paper.bib" in err


# ---------------------------------------------------------------- (c) JSON keys


def test_json_keys_that_are_not_used_are_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    obj = {
        "title": "Quiet Frames",
        "url": "https://arxiv.org/abs/2608.04444",
        "authors": "Ada Quill",
        "abstract": "We invent tokens.",
        "categroy": "Query-Based",
    }
    (tmp_path / "paper.json").write_text(json.dumps(obj), encoding="utf-8")
    err = refused(tmp_path, capsys, SURVEY, "--section", "Image", "--json", str(tmp_path / "paper.json"))
    assert "'abstract', 'categroy' not used" in err
    assert "known keys: title, " in err and "category" in err


def test_a_second_name_for_a_field_is_not_dropped_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    obj = {
        "title": "Quiet Frames",
        "url": "https://arxiv.org/abs/2608.04444",
        "link": "https://example.org/quiet",
        "authors": "Ada Quill",
    }
    (tmp_path / "paper.json").write_text(json.dumps(obj), encoding="utf-8")
    err = refused(tmp_path, capsys, SURVEY, "--section", "Image", "--json", str(tmp_path / "paper.json"))
    assert "'link' not used" in err


# ---------------------------------------------------------------- (d) BibTeX entries


def test_a_bibtex_file_with_two_entries_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = (FIXTURES / "paper.bib").read_text(encoding="utf-8")
    two = one + "\n@article{other2026, title={Other Tokens}, author={Quill, Ada}, year={2026}}\n"
    (tmp_path / "two.bib").write_text(two, encoding="utf-8")
    err = refused(tmp_path, capsys, SURVEY, "--section", "CVPR 2026", "--bibtex", str(tmp_path / "two.bib"))
    assert "2 entries; add one at a time" in err and "two.bib" in err


# ---------------------------------------------------------------- (e) authors


def test_no_authors_where_the_table_lists_them_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(tmp_path, capsys, SURVEY, "--section", "Image", *PAPER)
    assert "the paper has no authors" in err and "--authors" in err


def test_no_authors_where_the_table_lists_none_is_accepted(tmp_path: Path) -> None:
    code, changed, _ = run(tmp_path, NO_AUTHORS, "--section", "Image", *PAPER, "--area", "Image-LLM")
    assert code == 0 and changed


def test_bibtex_venue_names_the_longer_venue_one_list_for_bibtex_and_arxiv() -> None:
    from mdsurvey.online.proposals import VENUES as PROSE
    from mdsurvey.workflows.newpaper import from_bibtex

    bib = (
        "@inproceedings{k, title={Folding Invented Meshes}, author={Quill, Ada},"
        " booktitle={Proceedings of SIGGRAPH Asia}, year={2025}}\n"
    )
    paper = from_bibtex(bib)
    # was "SIGGRAPH 2025": the BibTeX reader's list lacked the names the arXiv reader knew
    assert paper.venue == "SIGGRAPH Asia 2025"
    assert "MM" not in PROSE and "ACM MM" in PROSE
