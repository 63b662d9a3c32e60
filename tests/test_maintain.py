"""`add` and `rotate`: one command each, only the rows concerned change, nothing lost."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS, FIXTURES, needs_shared, read_exact

import mdsurvey
from mdsurvey.analysis.papers import paper_keys
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options, check_survey
from mdsurvey.output import export
from mdsurvey.workflows.maintain import MaintainError, add_paper, find_section, plan_rotate
from mdsurvey.workflows.newpaper import NewPaper, from_bibtex, from_json

TODAY = dt.date(2026, 11, 25)
COKESHAO = CORPUS / "cokeshao__Awesome-Multimodal-Token-Compression"

BIBTEX = r"""@inproceedings{okonkwo2026sparse,
  title={Sparse Lattice Tokens for {Frugal} Video Agents},
  author={Okonkwo, Mira and Lindqvist, Tomas and J{\"o}rg M{\"u}ller},
  booktitle={Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)},
  year={2026},
  eprint={2609.01234},
  archivePrefix={arXiv},
  url={https://github.com/okonkwo/slt}
}
"""


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mdsurvey", *args],
        capture_output=True,
        cwd=cwd,
        timeout=120,
        input=stdin.encode() if stdin is not None else None,
    )


def findings_on(text: str, line: int) -> list[str]:
    survey = mdsurvey.loads(text)
    found = check_survey(survey, "x.md", Config(), Options(today=TODAY))
    return [f"{f.code} {f.message}" for f in found if f.line == line]


def test_bibtex_entry_becomes_a_paper() -> None:
    p = from_bibtex(BIBTEX)
    assert p.title == "Sparse Lattice Tokens for Frugal Video Agents"
    assert p.authors == ["Mira Okonkwo", "Tomas Lindqvist", "Jörg Müller"]
    assert p.venue == "CVPR 2026" and p.arxiv_id == "2609.01234"
    assert p.url == "https://arxiv.org/abs/2609.01234" and p.date == "2026-09"
    assert p.code == "https://github.com/okonkwo/slt"


def test_issue_style_json_becomes_a_paper() -> None:
    p = from_json(
        json.dumps(
            {
                "title": "Quiet Frames",
                "url": "https://arxiv.org/pdf/2610.04567v2",
                "authors": "Ana Pires, Bo Lind",
                "category": ["Similarity-Based"],
                "venue": "",
                "code": "https://github.com/ap/quiet/",
            }
        )
    )
    assert p.url == "https://arxiv.org/abs/2610.04567" and p.date == "2026-10"
    assert p.tags == ["Similarity-Based"] and p.code == "https://github.com/ap/quiet"


def test_add_writes_the_row_in_the_tables_style_at_its_sorted_place() -> None:
    text = read_exact(FIXTURES / "survey.md")
    paper = NewPaper(
        title="Pebble Tokens: Sparse Patches for Drone Footage",
        url="https://arxiv.org/abs/2608.04444",
        authors=["Ines Varga", "Tobi Adeyemi"],
        areas=["Video-LLM"],
        tags=["Similarity-Based"],
        cost="Training-Free",
    ).complete()
    new, line = add_paper(text, Config(), "Video", paper)
    before, after = text.split("\n"), new.split("\n")
    assert len(after) == len(before) + 1
    # every other line is untouched: removing the new line gives back the original
    assert after[: line - 1] + after[line:] == before
    row = after[line - 1]
    assert "arXiv-2026\\.08-red" in row and "Video--LLM-purple" in row and "Training--Free-yellow" in row
    # its neighbours' style: same padding and trailing pipe as the row below it
    assert row.startswith(after[line].split("[")[0]) and row.endswith(after[line][-3:])
    video = find_section(mdsurvey.loads(new), "Video")
    dates = [r.paper.date for r in video.rows]
    assert dates == sorted(dates, reverse=True)
    assert findings_on(new, line) == []


def test_add_refuses_a_duplicate_and_an_unknown_section() -> None:
    text = read_exact(FIXTURES / "survey.md")
    first = next(mdsurvey.loads(text).rows)
    dup = NewPaper(title="A different title", url=first.paper.url).complete()
    with pytest.raises(MaintainError, match=f"at line {first.line}"):
        add_paper(text, Config(), "Image", dup)
    with pytest.raises(MaintainError, match=r"the sections are:\n.*'Image'"):
        add_paper(text, Config(), "Nowhere", NewPaper(title="X").complete())


def test_cli_add_dry_run_json_stdin_and_errors(tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    shutil.copyfile(FIXTURES / "survey.md", target)
    before = target.read_bytes()
    obj = json.dumps(
        {"title": "Quiet Frames", "url": "https://arxiv.org/abs/2610.04567", "authors": "Ana Pires"}
    )
    r = run("add", "--section", "Image", "--json", "-", "--dry-run", cwd=tmp_path, stdin=obj)
    assert r.returncode == 0, r.stderr
    assert target.read_bytes() == before
    assert r.stdout.count(b"\n+|") == 1 and b"Quiet Frames" in r.stdout
    r = run("add", "--section", "Image", "--json", "-", cwd=tmp_path, stdin=obj)
    assert r.returncode == 0 and b"Quiet Frames" in target.read_bytes()
    again = run("add", "--section", "Image", "--json", "-", cwd=tmp_path, stdin=obj)
    assert again.returncode == 2 and b"already in section 'Image'" in again.stderr
    bad = run("add", "--section", "Nope", "--title", "X", cwd=tmp_path)
    assert bad.returncode == 2 and b"no section 'Nope'" in bad.stderr


def test_export_then_add_into_an_empty_skeleton_gives_the_same_papers(tmp_path: Path) -> None:
    source = mdsurvey.load(FIXTURES / "survey.md")
    records = json.loads(export.to_json(source))
    skeleton = "# Skeleton\n\n"
    for section in source.sections:
        header = "\n".join(
            x.text for x in source.lines[section.tables[0].header_line - 1 : section.tables[0].delimiter_line]
        )
        skeleton += (
            f"<details open>\n<summary><strong>{section.title}</strong></summary>\n\n{header}\n</details>\n\n"
        )
    text = skeleton
    for rec in records:
        paper = NewPaper(
            title=rec["title"],
            url=rec["url"],
            authors=rec["authors"],
            venue=rec["venue"],
            areas=[b["message"] for b in rec["badges"] if b["column"] == "areas"],
            tags=[b["message"] for b in rec["badges"] if b["column"] == "tags" and b["color"] == "green"],
            cost=next((b["message"] for b in rec["badges"] if b["color"] == "yellow"), None),
            code=rec["code"],
        ).complete()
        # rebuilding from an export: each tag is new to the skeleton when its first paper comes in
        text, _ = add_paper(text, Config(), rec["section"], paper, new_tag=True)
    again = json.loads(export.to_json(mdsurvey.loads(text)))

    def key(r: dict[str, object]) -> tuple[object, ...]:
        return (r["section"], r["title"], r["url"], r["date"], r["venue"], tuple(r["authors"]), r["code"])  # type: ignore[arg-type]

    assert Counter(map(key, again)) == Counter(map(key, records))


def _all_papers(folder: Path) -> set[str]:
    keys: set[str] = set()
    for f in folder.glob("*.md"):
        for r in mdsurvey.load(f).rows:
            ks = paper_keys(r.paper)
            if ks:
                keys.add(min(ks))
    return keys


@needs_shared
def test_end_to_end_on_the_cokeshao_layout(tmp_path: Path) -> None:
    folder = tmp_path / "survey"
    shutil.copytree(COKESHAO, folder)
    for f in folder.iterdir():
        f.chmod(0o644)
    bib = tmp_path / "paper.bib"
    bib.write_text(BIBTEX, encoding="utf-8")

    r = run("add", "--section", "Video", "--bibtex", str(bib), "--area", "Video-LLM", cwd=folder)
    assert r.returncode == 0, r.stderr
    readme = read_exact(folder / "README.md")
    video = find_section(mdsurvey.loads(readme), "Video")
    new = next(r for r in video.rows if r.paper.arxiv_id == "2609.01234")
    assert new.paper.date == "2026-09" and new.paper.venue == "CVPR 2026"
    assert new.paper.authors == ["Mira Okonkwo", "Tomas Lindqvist", "Jörg Müller"]
    assert new.paper.url == "https://arxiv.org/abs/2609.01234"
    assert findings_on(readme, new.line) == []

    before = _all_papers(folder)
    rotated = run("rotate", "--today", "2026-11-25", cwd=folder)
    assert rotated.returncode == 0, rotated.stderr
    after_readme = mdsurvey.load(folder / "README.md")
    stale = [
        f for f in check_survey(after_readme, "README.md", Config(), Options(today=TODAY, select=["MS404"]))
    ]
    assert stale == []
    assert _all_papers(folder) == before  # nothing lost, across every page
    for f in folder.glob("*.md"):
        dup = [x for x in check_survey(mdsurvey.load(f), str(f), Config(), Options(select=["MS401"]))]
        assert dup == [] or f.name == "video-llm.md"  # video-llm.md had a duplicate before rotate
    # a second rotate has nothing left to do
    assert b"nothing to rotate" in run("rotate", "--today", "2026-11-25", cwd=folder).stderr


def test_rotate_moves_a_row_into_its_year_section_and_nothing_else(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    page = tmp_path / "image-llm.md"
    row_old = (
        "| [![Arxiv](https://img.shields.io/badge/arXiv-2025\\.02-red)]() "
        "<br>[Old Lanterns](https://arxiv.org/abs/2502.01111)<br>Ana Pires "
        "| [![Area](https://img.shields.io/badge/Image--LLM-purple)]() "
        "| [Paper](https://arxiv.org/abs/2502.01111)<br> |"
    )
    row_new = (
        row_old.replace("2025\\.02", "2026\\.10").replace("2502.01111", "2610.01111").replace("Old", "New")
    )
    header = "| **Title & Authors** | **Areas** | **Links** |\n| --- | --- | :---: |\n"
    readme.write_text(
        "# S\n\n- [Image LLM](image-llm.md)\n\n### Recent Papers (Last 6 Months)\n\n<details open>\n"
        f"<summary><strong>Image</strong></summary>\n\n{header}{row_new}\n{row_old}\n</details>\n",
        encoding="utf-8",
    )
    old_page_row = (
        row_old.replace("2502.01111", "2501.02222").replace("2025\\.02", "2025\\.01").replace("Old", "Older")
    )
    page_text = (
        "\n<details open>\n<summary><strong>2025 Image</strong></summary>\n\n"
        f"{header}{old_page_row}\n</details>\n"
    )
    page.write_text(page_text, encoding="utf-8")
    plan = plan_rotate(readme, readme.read_text(encoding="utf-8"), Config(), TODAY)
    assert [m.row.paper.title for m in plan.moves] == ["Old Lanterns"]
    assert "Old Lanterns" not in plan.texts[readme] and "New Lanterns" in plan.texts[readme]
    new_page = plan.texts[page.resolve()]
    lines = new_page.split("\n")
    # sorted place: 2025-02 goes above 2025-01; every other page line unchanged
    assert lines[6] == row_old and lines[7] == old_page_row
    assert lines[:6] + lines[7:] == page_text.split("\n")


def test_add_to_a_file_with_only_html_tables_says_so(tmp_path: Path) -> None:
    """Was "(none: the file has no tables)" for a survey whose papers sit in <table> HTML."""
    text = (
        "# Awesome Invented HTML\n\n<table>\n<tr><th>Title</th><th>Venue</th></tr>\n"
        '<tr><td><a href="https://arxiv.org/abs/2601.00001">Lantern Tokens</a></td><td>CVPR 2026</td></tr>\n'
        '<tr><td><a href="https://arxiv.org/abs/2601.00003">Sieve Stacks</a></td><td>ICLR 2026</td></tr>\n'
        "</table>\n"
    )
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "mdsurvey",
            "add",
            str(readme),
            "--section",
            "Image",
            "--title",
            "New",
            "--url",
            "https://arxiv.org/abs/2601.00002",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2
    assert "only 1 hand-written HTML <table> (2 rows, first at line 3)" in r.stderr
    assert "add writes rows into Markdown tables only" in r.stderr
    assert readme.read_text(encoding="utf-8") == text
