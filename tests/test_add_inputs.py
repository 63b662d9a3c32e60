"""`add` reads a contributor's paper as it arrives: a GitHub issue-form body (`--issue-form`), or
JSON with the survey's own key names, mapped by the config's `add-keys`. Every paper, author and
form here is invented."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

import mdsurvey
from mdsurvey.cli.app import main
from mdsurvey.workflows.newpaper import PaperInputError, from_issue_form, issue_form_fields

FORM = FIXTURES / "issue-form.txt"  # the README's example


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    """A copy of the fixture survey in a directory of its own (config files go beside it)."""
    target = tmp_path / "README.md"
    shutil.copyfile(FIXTURES / "survey.md", target)
    return target


def add(survey: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, bool]:
    """Exit code and stderr of `add` on the survey, and whether the file changed."""
    before = survey.read_bytes()
    code = main(["add", str(survey), *args])
    return code, capsys.readouterr().err, survey.read_bytes() != before


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def row_titled(survey: Path, title: str) -> dict[str, object]:
    """The exported record of the row with this title (exactly one), with its badges' messages
    by role as `areas`, `tags` and `cost`."""
    from mdsurvey.output.export import export

    rows = json.loads(export(mdsurvey.load(survey), "json"))
    found = [r for r in rows if r["title"] == title]
    assert len(found) == 1, [r["title"] for r in rows]
    rec: dict[str, object] = found[0]
    for key, alt in (("areas", "Area"), ("tags", "Type"), ("cost", "Cost")):
        rec[key] = [b["message"] for b in found[0]["badges"] if b["alt"] == alt]
    return rec


# ---------------------------------------------------------------- issue forms


def test_the_readme_issue_form_adds_its_paper_where_it_says(
    survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err, changed = add(survey, capsys, "--issue-form", str(FORM))
    assert (code, changed) == (0, True), err
    assert "to section 'Video'" in err
    rec = row_titled(survey, "Moss Frames: Token Budgets for Slow-Moving Scenes")
    assert rec["section"] == "Video"
    assert rec["authors"] == ["Ines Varga", "Tobi Adeyemi"]  # one per line in the form
    assert rec["url"] == "https://arxiv.org/abs/2608.04455"  # from the bare "arXiv ID"
    assert rec["date"] == "2026-08"
    assert rec["tags"] == ["Similarity-Based"]  # the ticked checkbox only
    assert rec["areas"] == ["Video-LLM"]


def test_form_values_no_response_checkboxes_and_fences() -> None:
    body = (
        "### Title\n\nFern Tokens\n\n"
        "### Code\n\n_No response_\n\n"
        "### Tags\n\n- [x] Query-Based\n- [ ] Attention-Based\n- [X] Similarity-Based\n\n"
        "### Notes\n\n```text\n### not a heading\nkept as text\n```\n"
    )
    fields = issue_form_fields(body)
    assert fields == [
        ("Title", "Fern Tokens", 1),
        ("Code", "", 5),
        ("Tags", ["Query-Based", "Similarity-Based"], 9),
        ("Notes", "### not a heading\nkept as text", 15),
    ]


def test_labels_match_case_insensitively_with_the_usual_wordings() -> None:
    body = (
        "### PAPER TITLE\n\nFern Tokens: Invented\n\n"
        "### Author(s)\n\nAda Quill and Bo Marsh\n\n"
        "### Paper link\n\nhttps://arxiv.org/abs/2608.04444v2\n\n"
        "### GitHub\n\nhttps://github.com/fern-lab/fern/\n\n"
        "### Conference\n\nCVPR 2026\n\n"
        "### Keywords:\n\nQuery-Based, Similarity-Based\n"
    )
    p = from_issue_form(body)
    assert p.title == "Fern Tokens: Invented"
    assert p.authors == ["Ada Quill", "Bo Marsh"]
    assert p.url == "https://arxiv.org/abs/2608.04444" and p.arxiv_id == "2608.04444"
    assert p.code == "https://github.com/fern-lab/fern"
    assert p.venue == "CVPR 2026"
    assert p.tags == ["Query-Based", "Similarity-Based"]
    assert p.section is None


def test_a_form_with_windows_line_endings_reads_the_same() -> None:
    body = FORM.read_text(encoding="utf-8")
    assert from_issue_form(body.replace("\n", "\r\n")) == from_issue_form(body)


def test_an_unknown_label_is_refused_by_name(survey: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = write(
        survey.parent / "form.txt", FORM.read_text(encoding="utf-8") + "\n### Anything else?\n\nThanks!\n"
    )
    code, err, changed = add(survey, capsys, "--issue-form", form)
    assert (code, changed) == (2, False)
    assert f"{form}: issue-form field 'Anything else?' not used" in err
    assert err.count("\n") == 1  # one line


def test_an_unknown_label_left_empty_is_still_refused(
    survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = write(
        survey.parent / "form.txt", FORM.read_text(encoding="utf-8") + "\n### Notes\n\n_No response_\n"
    )
    code, err, changed = add(survey, capsys, "--issue-form", form)
    assert (code, changed) == (2, False) and "'Notes' not used" in err


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Please add our paper!\n\n### Title\n\nFern\n", "line 1: text before the first '### Label' heading"),
        ("Title: Fern Tokens\n", "line 1: text before the first"),
        ("", "no '### Label' headings"),
        ("### Title\n\nFern\n\n### title\n\nFern Again\n", "line 5: the label 'title' is given twice"),
    ],
    ids=["preamble", "not-a-form", "empty", "twice"],
)
def test_a_body_that_is_not_one_issue_form_is_refused(body: str, message: str) -> None:
    with pytest.raises(PaperInputError, match=message.replace("(", r"\(")):
        from_issue_form(body)


def test_the_section_flag_overrides_the_form(survey: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = FORM.read_text(encoding="utf-8").replace("Video-LLM", "Image-LLM")
    code, err, _ = add(
        survey, capsys, "--issue-form", write(survey.parent / "f.txt", form), "--section", "Image"
    )
    assert code == 0, err
    assert row_titled(survey, "Moss Frames: Token Budgets for Slow-Moving Scenes")["section"] == "Image"


def test_no_section_anywhere_is_a_usage_error(survey: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = FORM.read_text(encoding="utf-8").replace("### Section\n\nVideo\n", "")
    code, err, changed = add(survey, capsys, "--issue-form", write(survey.parent / "f.txt", form))
    assert (code, changed) == (2, False)
    assert "give --section (or a section field in the JSON object or issue form)" in err


def test_the_form_from_stdin(
    survey: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    r, w = os.pipe()
    os.write(w, FORM.read_bytes())
    os.close(w)
    with open(r, encoding="utf-8") as stdin:
        monkeypatch.setattr(sys, "stdin", stdin)
        code, err, changed = add(survey, capsys, "--issue-form", "-")
    assert (code, changed) == (0, True), err
    assert "to section 'Video'" in err


# ---------------------------------------------------------------- add-keys in the config


TEMPLATE_JSON = {
    "paper_title": "Lichen Tokens: Invented Budgets for Slow Vision",
    "url": "https://arxiv.org/abs/2608.04466",
    "authors": "Wren Okafor",
    "category": "Image",
    "method": "Similarity-Based",
}


def test_json_keys_of_the_surveys_own_template_need_a_mapping(
    survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = write(survey.parent / "paper.json", json.dumps(TEMPLATE_JSON))
    code, err, changed = add(survey, capsys, "--json", paper, "--section", "Image")
    assert (code, changed) == (2, False)
    assert "JSON keys 'paper_title', 'method' not used" in err


def test_add_keys_map_json_keys_and_name_the_section(
    survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        survey.parent / "mdsurvey.toml",
        'add-keys = { paper_title = "title", category = "section", Method = "tags" }\n',
    )
    paper = write(survey.parent / "paper.json", json.dumps(TEMPLATE_JSON))
    code, err, changed = add(survey, capsys, "--json", paper)
    assert (code, changed) == (0, True), err
    rec = row_titled(survey, TEMPLATE_JSON["paper_title"])
    assert rec["section"] == "Image" and rec["tags"] == ["Similarity-Based"]


def test_add_keys_map_form_labels_and_drop_the_ones_mapped_to_nothing(
    survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (survey.parent / "pyproject.toml").write_text(
        '[tool.mdsurvey.add-keys]\n"Which list?" = "section"\n"Anything else?" = ""\n', encoding="utf-8"
    )
    form = FORM.read_text(encoding="utf-8").replace("### Section", "### Which list?")
    form += "\n### Anything else?\n\nThanks!\n"
    code, err, changed = add(survey, capsys, "--issue-form", write(survey.parent / "f.txt", form))
    assert (code, changed) == (0, True), err
    assert "to section 'Video'" in err


def test_a_mapping_to_no_field_is_refused_naming_the_config(
    survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write(survey.parent / "mdsurvey.toml", 'add-keys = { paper_title = "heading" }\n')
    code, err, changed = add(survey, capsys, "--issue-form", str(FORM))
    assert (code, changed) == (2, False)
    assert err.startswith(f"mdsurvey: error: {config}: add-keys: 'paper_title' maps to 'heading'")
    assert "fields: title, url, authors" in err


def test_add_keys_must_map_names_to_strings(survey: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(survey.parent / "mdsurvey.toml", "add-keys = { paper_title = 3 }\n")
    code, err, changed = add(survey, capsys, "--issue-form", str(FORM))
    assert (code, changed) == (2, False)
    assert f"{config}: add-keys maps an input key or issue-form label to a paper field" in err


def test_a_bare_arxiv_id_in_json_becomes_the_arxiv_link(
    survey: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: `{"arxiv": "2608.04466"}` wrote the link `[Title](2608.04466)`, and no date badge."""
    obj = {"title": "Lichen Tokens: Invented", "arxiv": "arXiv:2608.04466v3", "authors": "Wren Okafor"}
    paper = write(survey.parent / "paper.json", json.dumps(obj))
    code, err, _ = add(survey, capsys, "--json", paper, "--section", "Image", "--area", "Image-LLM")
    assert code == 0, err
    rec = row_titled(survey, "Lichen Tokens: Invented")
    assert rec["url"] == "https://arxiv.org/abs/2608.04466" and rec["date"] == "2026-08"
