"""`add` writes every given field where the table keeps it, in its neighbours' markup, or says
where it cannot (issue 12, items 12-14); a short template row still gives a full row."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

import mdsurvey
from mdsurvey.analysis.records import record
from mdsurvey.cli.app import main
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options, check_survey
from mdsurvey.workflows.add import plan_add
from mdsurvey.workflows.commit import PlanWriteError, write_plan
from mdsurvey.workflows.maintain import MaintainError, add_paper
from mdsurvey.workflows.newpaper import NewPaper
from mdsurvey.workflows.rowgen import StyleError

_STAR = "https://img.shields.io/github/stars/{0}.svg?style=social"

# a plain table whose Code column shows GitHub stars badges (the friedrichor layout), invented
STARS = "\n".join(
    [
        "# Invented Foundation Models",
        "",
        "### Foundation Models",
        "",
        "|  Title  |   Date   |   Code   |Supplement|",
        "|:--------|:--------:|:--------:|:--------:|",
        "| [Orchard-2: Tiny Orchards](https://arxiv.org/abs/2605.01234) |2026-05 | "
        f"[![Star]({_STAR.format('orchard-ai/Orchard-2')}&label=Star)]"
        "(https://github.com/orchard-ai/Orchard-2) | |",
        "| [Quince: Small Fruit Models](https://arxiv.org/abs/2603.04321) |2026-03 | - | |",
        "",
    ]
)

# a table with its own Authors column whose titles are links
AUTHORS = "\n".join(
    [
        "# Invented Papers",
        "",
        "## Papers",
        "",
        "| Title | Authors | Venue | Code |",
        "| --- | --- | --- | --- |",
        "| [Marble Heads](https://arxiv.org/abs/2605.01111) | Ida Marble, Olu Stone | ICLR 2026 | "
        "[code](https://github.com/marble/heads) |",
        "| [Pumice Nets](https://arxiv.org/abs/2601.02222) | Rae Pumice | arXiv | - |",
        "",
    ]
)

# rows one cell short of the header (GitHub shows the last cell empty), the KV-cache layout
SHORT = "\n".join(
    [
        "# Invented Short Rows",
        "",
        "## Trending",
        "",
        "|Date|Title|Paper|Code|Recom|Comment|",
        "|:---:|:---:|:---:|:---:|:---:|:---:|",
        "|2026.05|[Flint Cache](https://arxiv.org/abs/2605.03333)|"
        "[[pdf]](https://arxiv.org/pdf/2605.03333) | "
        f"[[flint]](https://github.com/flint/cache) ![]({_STAR.format('flint/cache')}) |⭐️⭐️ |",
        "|2026.02|[Slate Cache](https://arxiv.org/abs/2602.04444)|"
        "[[pdf]](https://arxiv.org/pdf/2602.04444) | "
        f"[[slate]](https://github.com/slate/cache) ![]({_STAR.format('slate/cache')}) |⭐️ |",
        "",
    ]
)


def _paper(**kw: object) -> NewPaper:
    base: dict[str, object] = {"title": "Basalt Tokens", "url": "https://arxiv.org/abs/2604.05555"}
    base.update(kw)
    return NewPaper(**base).complete()  # type: ignore[arg-type]


def _new_row(text: str, new: str, line: int, *, one_line: bool = True) -> dict[str, object]:
    survey = mdsurvey.loads(new)
    assert mdsurvey.dumps(survey) == new
    row = next(r for r in survey.rows if r.line == line)
    assert len(row.spans) == len(row.table.header)
    if one_line:  # only the new line differs
        assert new.splitlines()[: line - 1] + new.splitlines()[line:] == text.splitlines()
    return record(row)


# ------------------------------------------------------------------ item 12: badges from the template


def test_code_in_a_stars_column_is_a_stars_badge_in_the_neighbours_markup() -> None:
    paper = _paper(code="https://github.com/foo/bar")
    new, line = add_paper(STARS, Config(), "Foundation Models", paper)
    rec = _new_row(STARS, new, line)
    assert rec["code"] == "https://github.com/foo/bar"
    cell = str(new.splitlines()[line - 1].split("|")[3])
    assert cell.strip() == (
        "[![Star](https://img.shields.io/github/stars/foo/bar.svg?style=social&label=Star)]"
        "(https://github.com/foo/bar)"
    )


def test_no_code_in_a_stars_column_is_the_tables_dash() -> None:
    new, line = add_paper(STARS, Config(), "Foundation Models", _paper())
    rec = _new_row(STARS, new, line)
    assert rec["code"] is None and new.splitlines()[line - 1].split("|")[3].strip() == "-"


def test_a_link_named_after_its_repository_is_named_after_the_new_one() -> None:
    paper = _paper(code="https://github.com/basalt/tokens")
    new, line = add_paper(SHORT, Config(), "Trending", paper)
    row = new.splitlines()[line - 1]
    assert (
        "[[tokens]](https://github.com/basalt/tokens) ![](https://img.shields.io/github/stars/basalt/tokens.svg"
        in row
    )
    assert _new_row(SHORT, new, line)["code"] == "https://github.com/basalt/tokens"


def test_a_row_that_would_not_read_back_a_given_field_is_refused(tmp_path: Path) -> None:
    # a venue without a year cannot go in the template's label-year badge: the row would read another venue
    target = tmp_path / "README.md"
    shutil.copyfile(FIXTURES / "styles.md", target)
    before = target.read_bytes()
    args = ["add", str(target), "--section", "No Trailing Pipe", "--title", "Basalt Tokens"]
    code = main(
        [*args, "--url", "https://arxiv.org/abs/2604.05555", "--authors", "Ann One", "--venue", "CVPR_2026"]
    )
    assert code == 2
    assert target.read_bytes() == before
    with pytest.raises(StyleError, match="would read venue"):
        add_paper(
            before.decode(),
            Config(),
            "No Trailing Pipe",
            _paper(authors=["Ann One"], venue="CVPR_2026"),
        )


# ------------------------------------------------------------------ item 13: fields by column role


def test_authors_go_to_the_authors_column_only() -> None:
    paper = _paper(authors=["Ann One", "Bo Two"], venue="CVPR 2026", code="https://github.com/basalt/tokens")
    new, line = add_paper(AUTHORS, Config(), "Papers", paper)
    rec = _new_row(AUTHORS, new, line)
    cells = [c.strip() for c in new.splitlines()[line - 1].strip("|").split("|")]
    assert cells[0] == "[Basalt Tokens](https://arxiv.org/abs/2604.05555)"
    assert cells[1] == "Ann One, Bo Two"
    assert rec["authors"] == ["Ann One", "Bo Two"] and rec["venue"] == "CVPR 2026"
    assert rec["code"] == "https://github.com/basalt/tokens"


def test_a_field_without_a_column_is_reported_not_invented() -> None:
    text = (FIXTURES / "plain.md").read_text(encoding="utf-8")
    warnings: list[str] = []
    paper = _paper(authors=["Ann One"], venue="CVPR 2026")
    new, line = add_paper(text, Config(), "Papers by Date", paper, warn=warnings.append)
    rec = _new_row(text, new, line)
    assert "Ann One" not in new and rec["authors"] == []
    assert warnings == [
        "7: section 'Papers by Date' (table at line 7) has no column for authors: not written"
    ]
    with pytest.raises(MaintainError, match="has no column for authors"):
        add_paper(text, Config(), "Papers by Date", paper, strict=True)


# ------------------------------------------------------------------ short template rows


def test_a_short_template_row_gives_a_row_with_the_headers_cell_count() -> None:
    new, line = add_paper(SHORT, Config(), "Trending", _paper())
    row = new.splitlines()[line - 1]
    rec = _new_row(SHORT, new, line)
    assert rec["title"] == "Basalt Tokens" and rec["date"] == "2026-04"
    assert row.startswith("|2026.04|[Basalt Tokens](https://arxiv.org/abs/2604.05555)|")
    assert row.count("|") == SHORT.splitlines()[4].count("|")  # as many pipes as the header


# ------------------------------------------------------------------ item 14: the area page's copy


def _multi(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "multi", tmp_path / "s")
    return tmp_path / "s" / "README.md"


def _image_paper(date_id: str) -> NewPaper:
    return NewPaper(
        title="Basalt Tokens: Pruning by Rock Type",
        url=f"https://arxiv.org/abs/{date_id}",
        authors=["Ann One"],
        areas=["Image-LLM"],
        tags=["Attention-Based"],
        cost="Training-Free",
    ).complete()


def test_adding_to_a_readme_view_writes_the_area_page_copy_too(tmp_path: Path) -> None:
    readme = _multi(tmp_path)
    page = readme.parent / "image-llm.md"
    text = readme.read_text(encoding="utf-8")
    plan = plan_add(readme, text, Config(), "Image", _image_paper("2607.01111"))
    assert list(plan.texts) == [page.resolve(), readme]  # the page first, the README last
    assert plan.before[page.resolve()] == page.read_bytes()
    page_rec = _new_row(
        page.read_text(encoding="utf-8"), plan.texts[page.resolve()], plan.copies[page.resolve()]
    )
    assert page_rec["section"] == "2026 Image" and page_rec["authors"] == ["Ann One"]
    # with both written, the two copies agree: no MS405 (README row not on its area page)
    for p, t in plan.texts.items():
        p.write_text(t, encoding="utf-8", newline="")
    survey = mdsurvey.loads(plan.texts[readme])
    found = check_survey(survey, str(readme), Config(), Options(today=dt.date(2026, 11, 25)))
    assert [f.code for f in found if f.line == plan.line] == []  # MS405 before: not on its area page
    assert plan.line == 18  # newest first, between 2026-10 and 2026-04, as MS403 holds the file


def test_a_view_row_of_a_year_the_page_lacks_opens_that_year_section(tmp_path: Path) -> None:
    readme = _multi(tmp_path)
    page = (readme.parent / "image-llm.md").resolve()
    plan = plan_add(readme, readme.read_text(encoding="utf-8"), Config(), "Image", _image_paper("2407.01111"))
    rec = _new_row(page.read_text(encoding="utf-8"), plan.texts[page], plan.copies[page], one_line=False)
    assert rec["section"] == "2024 Image"
    assert plan.texts[page].startswith(page.read_text(encoding="utf-8"))  # the oldest year: at the end


def test_the_page_named_by_the_caller_gets_the_copy(tmp_path: Path) -> None:
    readme = _multi(tmp_path)
    video = (readme.parent / "video-llm.md").resolve()
    plan = plan_add(
        readme, readme.read_text(encoding="utf-8"), Config(), "Image", _image_paper("2607.01111"), page=video
    )
    assert list(plan.texts) == [video, readme]


def test_a_view_whose_area_page_cannot_be_found_is_refused(tmp_path: Path) -> None:
    readme = _multi(tmp_path)
    text = readme.read_text(encoding="utf-8").replace("(image-llm.md)", "(elsewhere.md)")
    readme.write_text(text, encoding="utf-8")
    (readme.parent / "image-llm.md").unlink()
    paper = _image_paper("2607.01111")
    # its area badge names a page that is not there
    with pytest.raises(
        MaintainError, match=r"image-llm\.md: the area page for section 'Image' does not exist"
    ):
        plan_add(readme, text, Config(), "Image", paper)
    paper.areas = []
    with pytest.raises(MaintainError, match="no area page keeps its papers; pass --page FILE"):
        plan_add(readme, text, Config(), "Image", paper)
    with pytest.raises(MaintainError, match="does not exist"):
        plan_add(readme, text, Config(), "Image", paper, page=readme.parent / "missing.md")


# ------------------------------------------------------------------ writing a plan's files


def test_a_plan_is_written_pages_first_after_every_file_is_read_again(tmp_path: Path) -> None:
    readme = _multi(tmp_path)
    page = (readme.parent / "image-llm.md").resolve()
    data = readme.read_bytes()
    plan = plan_add(readme, data.decode(), Config(), "Image", _image_paper("2607.01111"))
    expected: dict[Path, bytes | None] = {**plan.before, readme: data}
    # a page edited after planning: nothing is written, the README neither
    page.write_bytes(page.read_bytes() + b"\n")
    edited = page.read_bytes()
    with pytest.raises(PlanWriteError, match="changed on disk since it was read; nothing written"):
        write_plan(readme, plan.texts, expected)
    assert readme.read_bytes() == data and page.read_bytes() == edited
    page.write_bytes(expected[page] or b"")
    assert write_plan(readme, plan.texts, expected) == [page, readme]
    assert readme.read_text(encoding="utf-8") == plan.text
    assert page.read_text(encoding="utf-8") == plan.texts[page]


def test_a_file_to_create_is_never_written_over(tmp_path: Path) -> None:
    readme, new = tmp_path / "README.md", tmp_path / "new.md"
    readme.write_text("# R\n", encoding="utf-8")
    texts = {readme: "# R\n\n- [New](new.md)\n", new: "# New\n"}
    expected: dict[Path, bytes | None] = {readme: b"# R\n", new: None}
    new.write_text("someone's page\n", encoding="utf-8")
    with pytest.raises(PlanWriteError, match="appeared on disk"):
        write_plan(readme, texts, expected)
    assert new.read_text(encoding="utf-8") == "someone's page\n"
    new.unlink()
    assert write_plan(readme, texts, expected) == [new, readme]
    assert new.read_text(encoding="utf-8") == "# New\n"


def test_badges_copy_the_template_neighbours_markup_not_the_files_first() -> None:
    # the file's first date badges are Markdown images; this section's rows use <img> tags
    text = (FIXTURES / "styles.md").read_text(encoding="utf-8")
    paper = _paper(authors=["Ann One"], areas=["Image-LLM"], tags=["Attention-Based"], cost="Training-Free")
    new, line = add_paper(text, Config(), "HTML Badges", paper)
    row = new.splitlines()[line - 1]
    assert row.startswith('|  <img src="https://img.shields.io/badge/arXiv-2026.04-red" alt="arXiv"> <br>')
    assert _new_row(text, new, line)["date"] == "2026-04"


def test_a_description_after_the_title_is_no_place_for_authors() -> None:
    # the papers-of-the-week layout: a plain title, then bullet points the reader takes for authors
    text = "\n".join(
        [
            "## Top Papers",
            "",
            "| **Paper** | **Links** |",
            "| --- | --- |",
            "| 1) Quartz Nets  Quartz nets prune tokens. <br>● It is fast, and small. "
            "| [Paper](https://arxiv.org/abs/2606.01234), [Tweet](https://x.example/1) |",
            "",
        ]
    )
    warnings: list[str] = []
    new, line = add_paper(text, Config(), "Top Papers", _paper(authors=["Ann One"]), warn=warnings.append)
    assert "Ann One" not in new
    assert warnings == ["3: section 'Top Papers' (table at line 3) has no column for authors: not written"]
    assert _new_row(text, new, line)["url"] == "https://arxiv.org/abs/2604.05555"


def test_a_paper_already_on_its_area_page_changes_the_view_only(tmp_path: Path) -> None:
    readme = _multi(tmp_path)
    paper = _image_paper("2602.03304")  # Cinder Pools' id: on image-llm.md, not in the view
    paper.title = "Cinder Pools: Adaptive Pooling for Chart Understanding"
    plan = plan_add(readme, readme.read_text(encoding="utf-8"), Config(), "Image", paper)
    assert list(plan.texts) == [readme] and plan.before == {}
    assert plan.warnings == [f"{plan.line}: image-llm.md already lists this paper: only this file changes"]
