"""`add` never loses a byte: escaped cells, decoded BibTeX, folded whitespace, typed JSON, verified rows."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import cmarkgfm
import pytest
from conftest import FIXTURES, read_exact

import mdsurvey
import mdsurvey.workflows.add
import mdsurvey.workflows.maintain
from mdsurvey.analysis.records import record
from mdsurvey.cli.app import main
from mdsurvey.lint.config import Config
from mdsurvey.workflows.maintain import add_paper
from mdsurvey.workflows.newpaper import NewPaper, PaperInputError, from_bibtex, from_json

SURVEY = FIXTURES / "survey.md"
PLAIN = FIXTURES / "plain.md"


def added_row(text: str, line: int) -> mdsurvey.survey.model.Row:
    return next(r for r in mdsurvey.loads(text).rows if r.line == line)


def github_cells(row: mdsurvey.survey.model.Row) -> list[str]:
    """The cells GitHub's own parser renders for `row` (under its table's header)."""
    t = row.table
    header = "| " + " | ".join(t.header) + " |\n|" + "---|" * len(t.header) + "\n"
    html = cmarkgfm.github_flavored_markdown_to_html(header + row.source + "\n")
    body = html.split("<tbody>", 1)[1]
    return re.findall(r"<td[^>]*>(.*?)</td>", body, re.DOTALL)


def cli(tmp_path: Path, fixture: Path, *args: str) -> tuple[int, bytes, bytes]:
    target = tmp_path / "README.md"
    shutil.copyfile(fixture, target)
    before = target.read_bytes()
    code = main(["add", str(target), *args])
    return code, before, target.read_bytes()


# ------------------------------------------------------------------ 3. pipes


PIPE_PAPER = dict(
    title="Pipes | Filters: the `a|b` operator",
    url="https://arxiv.org/abs/2608.04444",
    authors=["Ana | Pires", "Bo Lind"],
    venue="ICLR | 2026",
)


def test_add_escapes_pipes_in_title_authors_and_venue_of_a_badge_table() -> None:
    text = read_exact(SURVEY)
    paper = NewPaper(**PIPE_PAPER, areas=["Video-LLM"]).complete()  # type: ignore[arg-type]
    new, line = add_paper(text, Config(), "Video", paper)
    row = added_row(new, line)
    assert len(row.spans) == len(row.table.header)
    assert "`a\\|b`" in row.source  # escaped inside the code span too
    cells = github_cells(row)
    assert len(cells) == 4 and "Paper</a>" in cells[-1]
    assert row.paper.title == PIPE_PAPER["title"] and row.paper.authors == PIPE_PAPER["authors"]
    assert new.replace(row.source + "\n", "", 1) == text


@pytest.mark.parametrize("section", ["Papers by Date", "Classic Baselines"])
def test_add_escapes_pipes_in_plain_columns(section: str) -> None:
    text = read_exact(PLAIN)
    paper = NewPaper(**PIPE_PAPER, code="https://github.com/ap/pipes").complete()  # type: ignore[arg-type]
    new, line = add_paper(text, Config(), section, paper)
    row = added_row(new, line)
    cells = github_cells(row)
    assert len(row.spans) == len(row.table.header) == len(cells)
    rec = record(row)
    assert rec["title"] == PIPE_PAPER["title"] and rec["url"] == PIPE_PAPER["url"]
    if section == "Papers by Date":
        assert rec["venue"] == "ICLR | 2026" and "github.com/ap/pipes" in cells[-1]
    else:
        assert rec["authors"] == PIPE_PAPER["authors"] and "arxiv.org/abs/2608.04444" in cells[-2]


def _break_the_row(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    real = mdsurvey.workflows.add.render_row

    def broken(*args: object, **kw: object) -> str:
        row = real(*args, **kw)  # type: ignore[arg-type]
        if how == "cells":
            return row.replace(" | ", " | x | ", 1)  # a stray pipe: one cell too many
        if how == "url":
            return row.replace("2608.04444", "2608.04445")
        return row.replace("Quiet", "Q\nuiet", 1)  # a line break inside the row

    monkeypatch.setattr(mdsurvey.workflows.add, "render_row", broken)


@pytest.mark.parametrize("how", ["cells", "url", "newline"])
def test_a_row_that_does_not_read_back_is_refused_with_exit_3(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _break_the_row(monkeypatch, how)
    args = ["--section", "Image", "--title", "Quiet Frames", "--url", "https://arxiv.org/abs/2608.04444"]
    code, before, after = cli(tmp_path, SURVEY, *args, "--authors", "Ada Quill")
    err = capsys.readouterr().err
    assert code == 3, err
    assert after == before
    assert "nothing was written" in err and err.count("\n") == 1


# ------------------------------------------------------------------ 4. BibTeX LaTeX


TRICKY = [
    (r"M{\"u}ller", "Müller"),
    (r"Caf\'e", "Café"),
    (r"Bj{\o}rn", "Bjørn"),
    (r"Stra\ss e", "Straße"),
    (r"O{\textquoteright}Brien", "O’Brien"),
    (r"\textbf{Video} Tokens", "Video Tokens"),
    (r"An \emph{x} Factor", "An x Factor"),
    (r"Sorting in $\log n$ Steps", r"Sorting in $\log n$ Steps"),
    (r"Merging Tokens \cite{a}", "Merging Tokens"),
    (r"Pages 1--2", "Pages 1–2"),
    (r"Fast---and Frugal", "Fast—and Frugal"),
    (r"Search \& Rescue", "Search & Rescue"),
    (r"Distilling {BERT} Cheaply", "Distilling BERT Cheaply"),
    (r"Top-5% Tokens", "Top-5% Tokens"),
]


@pytest.mark.parametrize(("latex", "text"), TRICKY, ids=[t[0] for t in TRICKY])
def test_bibtex_title_latex_is_decoded(latex: str, text: str) -> None:
    entry = f"@article{{k,\n  title={{{latex}}},\n  author={{Pires, Ana}},\n  year={{2026}}\n}}\n"
    assert from_bibtex(entry).title == text


def test_bibtex_authors_are_decoded_and_turned_around() -> None:
    entry = (
        "@inproceedings{k,\n  title={T},\n"
        r"  author={O{\textquoteright}Brien, Se{\'a}n and J{\"o}rg M{\"u}ller and {Barnes and Noble}"
        r" and Stra{\ss}er, Bj{\o}rn},"
        "\n  booktitle={Proc. CVPR},\n  year={2026}\n}\n"
    )
    p = from_bibtex(entry)
    assert p.authors == ["Seán O’Brien", "Jörg Müller", "Barnes and Noble", "Bjørn Straßer"]
    assert p.venue == "CVPR 2026"


def test_bibtex_math_title_is_added_and_reads_back_verbatim(tmp_path: Path) -> None:
    bib = tmp_path / "p.bib"
    bib.write_text(
        "@article{k,\n  title={Merging in $\\log n$ Rounds \\cite{x}},\n  author={Pires, Ana},\n"
        "  eprint={2608.04444},\n  archivePrefix={arXiv}\n}\n",
        encoding="utf-8",
    )
    code, _, after = cli(tmp_path, SURVEY, "--section", "Image", "--bibtex", str(bib))
    assert code == 0
    rows = [r for r in mdsurvey.loads(after.decode()).rows if r.paper.arxiv_id == "2608.04444"]
    assert [r.paper.title for r in rows] == ["Merging in $\\log n$ Rounds"]


# ------------------------------------------------------------------ 10. whitespace


@pytest.mark.parametrize("ws", ["\n", "\r\n", "\t", "\u2028", "\u00a0", "  \n\t "])
def test_whitespace_in_every_field_is_folded(ws: str, tmp_path: Path) -> None:
    obj = {
        "title": f"{ws}Quiet{ws}Frames{ws}",
        "url": f"https://arxiv.org/abs/2610.04567{ws}",
        "authors": [f"Ana{ws}Pires", f"{ws}Bo Lind"],
        "venue": f"ICLR{ws}2026",
        "category": f"Similarity-Based{ws}",
    }
    src = tmp_path / "p.json"
    src.write_text(json.dumps(obj), encoding="utf-8")
    code, before, after = cli(tmp_path, SURVEY, "--section", "Image", "--json", str(src))
    assert code == 0
    text = after.decode()
    assert len(text.splitlines()) == len(before.decode().splitlines()) + 1
    row = next(r for r in mdsurvey.loads(text).rows if r.paper.title == "Quiet Frames")
    assert row.paper.authors == ["Ana Pires", "Bo Lind"] and row.paper.venue == "ICLR 2026"
    assert row.paper.url == "https://arxiv.org/abs/2610.04567"
    assert "Similarity--Based-green" in row.source


def test_complete_folds_every_field() -> None:
    p = NewPaper(
        title=" A\u2028B ",
        venue="ICLR\t2026",
        cost="Training-\nFree",
        areas=["Video\u00a0LLM", " \n"],
        tags=["x\r\ny"],
        code="https://github.com/a/b\n",
    ).complete()
    assert (p.title, p.venue, p.cost, p.areas, p.tags) == (
        "A B",
        "ICLR 2026",
        "Training- Free",
        ["Video LLM"],
        ["x y"],
    )
    assert p.code == "https://github.com/a/b"


# ------------------------------------------------------------------ 11. JSON types


BAD_JSON = [
    ('{"title": "T", "authors": {"a": 1}}', "'authors'"),
    ('{"title": "T", "date": 202601}', "'date'"),
    ('{"title": "T", "code": ["x"]}', "'code'"),
    ('{"title": "T", "category": [1, null]}', "'category'"),
    ('{"title": "T", "url": 5}', "'url'"),
    ('{"title": "T", "area": true}', "'area'"),
    ('{"title": ["T"]}', "'title'"),
    ('[{"title": "T"}]', "not an array"),
    ('"T"', "not a string"),
    ('{"title": "T",\n "url": "x",\n "code" "y"}', "line 3"),
]


@pytest.mark.parametrize(("doc", "says"), BAD_JSON, ids=[b[1] for b in BAD_JSON])
def test_bad_json_is_refused_naming_the_field(
    doc: str, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(PaperInputError, match=re.escape(says)):
        from_json(doc)
    src = tmp_path / "p.json"
    src.write_text(doc, encoding="utf-8")
    code, before, after = cli(tmp_path, SURVEY, "--section", "Image", "--json", str(src))
    err = capsys.readouterr().err
    assert code == 2 and after == before
    assert err.count("\n") == 1 and says in err and str(src) in err


def _add_cli(tmp_path: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mdsurvey", "add", *args],
        input=stdin,
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )


def test_bibtex_on_stdin_that_is_not_utf8_is_one_line_exit_2(tmp_path: Path) -> None:
    """Was a UnicodeEncodeError traceback, exit 1 (found by review)."""
    shutil.copy(FIXTURES / "survey.md", tmp_path / "README.md")
    before = read_exact(tmp_path / "README.md")
    entry = b"@article{x, title={Caf\xff Tokens}, url={https://arxiv.org/abs/2608.01234}}\n"
    r = _add_cli(tmp_path, "README.md", "--section", "Video", "--bibtex", "-", stdin=entry)
    assert r.returncode == 2, r.stderr
    assert r.stderr.decode().startswith("mdsurvey: error: <stdin>:1: invalid UTF-8")
    assert read_exact(tmp_path / "README.md") == before


def test_add_dry_run_prints_a_patch_git_apply_takes(tmp_path: Path) -> None:
    """Was a diff cut by str.splitlines: a U+2028 in a neighbouring line made it corrupt."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    # a U+2028 in every header: the new (newest) row goes right under one, in the diff's context
    text = read_exact(FIXTURES / "survey.md").replace("**Areas**", "**Areas\u2028**")
    (tmp_path / "README.md").write_text(text.rstrip("\n"), encoding="utf-8")  # no final newline either
    r = _add_cli(
        tmp_path,
        "README.md",
        "--section",
        "Image",
        "--dry-run",
        "--title",
        "Pebble Tokens",
        "--url",
        "https://arxiv.org/abs/2611.04444",
        "--authors",
        "Ines Varga",
    )
    assert r.returncode == 0, r.stderr
    (tmp_path / "x.patch").write_bytes(r.stdout)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    ok = subprocess.run(["git", "apply", "--check", "x.patch"], cwd=tmp_path, capture_output=True)
    assert ok.returncode == 0, ok.stderr
