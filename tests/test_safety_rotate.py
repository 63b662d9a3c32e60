"""`rotate` safety: an existing page is never rebuilt, identity never merges two papers, every
failure is an exit code with nothing written, and the dry run is a patch `git apply` takes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, read_exact

import mdsurvey
from mdsurvey.workflows.maintain import MaintainError, RotatePlan
from mdsurvey.workflows.rotate import _verify_rotation

TODAY = "2026-11-25"
HEADER = "| **Title & Authors** | **Areas** | **Links** |\n| --- | --- | :---: |\n"


def row(title: str, arxiv: str, area: str = "Image-LLM") -> str:
    """An invented paper row in the cokeshao style; `arxiv` like 2503.01234 gives its date badge."""
    ym = f"20{arxiv[:2]}\\.{arxiv[2:4]}"
    badge = area.replace("-", "--")
    return (
        f"| [![Arxiv](https://img.shields.io/badge/arXiv-{ym}-red)]() "
        f"<br>[{title}](https://arxiv.org/abs/{arxiv})<br>Ana Pires, Bo Lind "
        f"| [![Area](https://img.shields.io/badge/{badge}-purple)]() "
        f"| [Paper](https://arxiv.org/abs/{arxiv})<br> |"
    )


def details(title: str, rows: list[str]) -> str:
    body = "".join(r + "\n" for r in rows)
    return f"<details open>\n<summary><strong>{title}</strong></summary>\n\n{HEADER}{body}</details>\n"


def readme_text(image: list[str], omni: list[str], contents: bool = False) -> str:
    links = (
        "## Contents\n\n- [Image LLM](image-llm.md)\n\n"
        if contents
        else "All papers: [Image LLM](image-llm.md).\n\n"
    )
    return (
        f"# Frugal Survey\n\n{links}### Recent Papers (Last 6 Months)\n\n"
        + details("Image", image)
        + "\n"
        + details("Omni", omni)
    )


IMAGE_PAGE_ROW = row("Older Lanterns for Sparse Vision", "2501.02222")


def layout(tmp_path: Path, image: list[str], omni: list[str], contents: bool = False) -> Path:
    readme = tmp_path / "README.md"
    readme.write_text(readme_text(image, omni, contents), encoding="utf-8")
    (tmp_path / "image-llm.md").write_text(
        "# Image LLM\n\n" + details("2025 Image", [IMAGE_PAGE_ROW]), encoding="utf-8"
    )
    return readme


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    cmd = [sys.executable, "-m", "mdsurvey", *args]
    return subprocess.run(cmd, capture_output=True, cwd=cwd, timeout=120)


def titles(path: Path) -> list[str]:
    return [r.paper.title or "" for r in mdsurvey.load(path).rows]


FRESH = row("Fresh Glimpses of Token Budgets", "2610.01111")
OMNI_A = row("Omni Ledger: Budgeted Listening", "2503.03333", "Omni-LLM")
OMNI_B = row("Omni Tides: Cheap Audio Tokens", "2504.04444", "Omni-LLM")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# ---------------------------------------------------------------- item 1: an existing page is a page


def test_second_rotate_adds_to_the_page_the_first_created(tmp_path: Path) -> None:
    readme = layout(tmp_path, [FRESH], [OMNI_A])
    first = run("rotate", "--today", TODAY, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    omni = tmp_path / "omni-llm.md"
    assert b"created omni-llm.md: link it" in first.stderr
    assert titles(omni) == ["Omni Ledger: Budgeted Listening"]
    created = read_exact(omni)
    # the user does not link the page; a new stale row arrives for the same area
    text = read_exact(readme).replace(HEADER + "</details>", HEADER + OMNI_B + "\n</details>")
    readme.write_text(text, encoding="utf-8")
    second = run("rotate", "--today", TODAY, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert sorted(titles(omni)) == ["Omni Ledger: Budgeted Listening", "Omni Tides: Cheap Audio Tokens"]
    assert b"created" not in second.stderr
    # the first page's lines are all still there, in order: one row was inserted
    after = read_exact(omni).split("\n")
    assert len(after) == len(created.split("\n")) + 1
    assert [x for x in after if x != OMNI_B] == created.split("\n")


def test_a_configured_page_that_exists_but_is_not_linked_keeps_its_papers(tmp_path: Path) -> None:
    layout(tmp_path, [FRESH], [OMNI_B])
    (tmp_path / "pyproject.toml").write_text('[tool.mdsurvey]\npages = { Omni = "x.md" }\n', encoding="utf-8")
    x = tmp_path / "x.md"
    x.write_text("# Omni\n\n" + details("2025 Omni", [OMNI_A]), encoding="utf-8")
    r = run("rotate", "--today", TODAY, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    # sorted: 2025-04 above 2025-03, the page's own row kept
    assert titles(x) == ["Omni Tides: Cheap Audio Tokens", "Omni Ledger: Budgeted Listening"]
    assert b"created" not in r.stderr and b"moved to x.md" in r.stderr


def test_an_unreadable_existing_target_is_refused_and_nothing_written(tmp_path: Path) -> None:
    layout(tmp_path, [FRESH], [OMNI_A])
    (tmp_path / "omni-llm.md").write_bytes(b"# Omni\n\ncaf\xe9 papers\n")
    before = snapshot(tmp_path)
    r = run("rotate", "--today", TODAY, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert b"omni-llm.md" in r.stderr and b"invalid UTF-8" in r.stderr
    assert snapshot(tmp_path) == before


def test_a_page_mapped_to_the_readme_itself_is_refused(tmp_path: Path) -> None:
    layout(tmp_path, [FRESH], [OMNI_A])
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mdsurvey]\npages = { Omni = "README.md" }\n', encoding="utf-8"
    )
    before = snapshot(tmp_path)
    r = run("rotate", "--today", TODAY, cwd=tmp_path)
    assert snapshot(tmp_path) == before  # today's code wrote a page skeleton over the README
    assert r.returncode == 2 and b"README itself" in r.stderr, r.stderr


def test_verification_counts_a_page_to_create_as_it_is_on_disk(tmp_path: Path) -> None:
    readme = layout(tmp_path, [FRESH], [])
    page = tmp_path / "omni-llm.md"
    page.write_text("# Omni\n\n" + details("2025 Omni", [OMNI_A]), encoding="utf-8")
    skeleton = "# Omni\n\n" + details("2025 Omni", [OMNI_B])
    text = read_exact(readme)
    plan = RotatePlan(readme, texts={page: skeleton}, created=[page])
    with pytest.raises(MaintainError, match="internal error: rotation would lose 'Omni Ledger"):
        _verify_rotation(plan, {readme: mdsurvey.loads(text)}, {page: mdsurvey.loads(skeleton)})


def test_a_page_to_create_that_appears_before_the_write_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import mdsurvey.workflows.maintain
    from mdsurvey.cli.app import main

    readme = layout(tmp_path, [FRESH], [OMNI_A])
    page = tmp_path / "omni-llm.md"
    real = mdsurvey.workflows.maintain.plan_rotate

    def plan_then_race(*args: object, **kw: object) -> RotatePlan:
        plan = real(*args, **kw)  # type: ignore[arg-type]
        assert plan.created == [page]
        page.write_text("someone else's page\n", encoding="utf-8")
        return plan

    monkeypatch.setattr(mdsurvey.workflows.maintain, "plan_rotate", plan_then_race)
    readme_before = readme.read_bytes()
    assert main(["rotate", "--today", TODAY, str(readme)]) == 2
    assert "appeared on disk" in capsys.readouterr().err
    assert page.read_text(encoding="utf-8") == "someone else's page\n"
    assert readme.read_bytes() == readme_before  # the README is written last: never reached
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "image-llm.md", "omni-llm.md"]


def test_a_page_edited_between_planning_and_writing_stops_every_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import mdsurvey.workflows.maintain
    from mdsurvey.cli.app import main

    readme = layout(tmp_path, [FRESH, row("Old Lanterns of Sparse Vision", "2502.01111")], [])
    page = tmp_path / "image-llm.md"
    real = mdsurvey.workflows.maintain.plan_rotate
    edited = read_exact(page).replace("# Image LLM", "# Image LLM (edited meanwhile)")

    def plan_then_edit(*args: object, **kw: object) -> RotatePlan:
        plan = real(*args, **kw)  # type: ignore[arg-type]
        page.write_text(edited, encoding="utf-8")
        return plan

    monkeypatch.setattr(mdsurvey.workflows.maintain, "plan_rotate", plan_then_edit)
    readme_before = readme.read_bytes()
    assert main(["rotate", "--today", TODAY, str(readme)]) == 2
    assert "image-llm.md: changed on disk since it was read; nothing written" in capsys.readouterr().err
    assert read_exact(page) == edited  # today's code re-read the page at write time and replaced it
    assert readme.read_bytes() == readme_before


# ---------------------------------------------------------------- item 16: one title, two papers


def test_same_paper_needs_agreeing_ids_for_a_title_match() -> None:
    from mdsurvey.survey.identity import identity_keys, same_paper

    t = "Sparse Lattice Tokens for Frugal Agents"
    a = identity_keys("2503.01234", "https://arxiv.org/abs/2503.01234", [], t)
    b = identity_keys("2501.09999", "https://arxiv.org/abs/2501.09999", [], t)
    venue = identity_keys(None, "https://openaccess.example.org/slt.pdf", [], t)
    other_venue = identity_keys(None, "https://proceedings.example.org/slt.html", [], t)
    bare = identity_keys(None, None, [], t)
    doi1 = identity_keys(None, "https://doi.org/10.1234/abc", [], t)
    doi2 = identity_keys(None, "https://doi.org/10.1234/xyz", [], t)
    assert not same_paper(a, b)  # two arXiv ids: two papers, whatever the title
    assert not same_paper(doi1, doi2)
    assert not same_paper(venue, other_venue)
    assert same_paper(a, venue) and same_paper(a, bare) and same_paper(bare, doi1)
    assert same_paper(a, identity_keys("2503.01234", None, [], "Another Title Entirely"))
    assert not same_paper(a, identity_keys(None, None, [], "Another Title Entirely"))


def test_rotate_moves_a_paper_whose_title_a_different_page_paper_shares(tmp_path: Path) -> None:
    namesake = row("Older Lanterns for Sparse Vision", "2503.06666")  # the page row's title, another id
    layout(tmp_path, [FRESH, namesake], [])
    r = run("rotate", "--today", TODAY, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert b"moved to image-llm.md" in r.stderr
    page = mdsurvey.load(tmp_path / "image-llm.md")
    assert sorted(x.paper.arxiv_id or "" for x in page.rows) == ["2501.02222", "2503.06666"]


def test_rotate_still_knows_a_paper_by_its_title_when_ids_do_not_disagree(tmp_path: Path) -> None:
    # the page knows the paper by its venue link only: the README's arXiv row is the same paper
    venue_row = (
        "| [![Publish](https://img.shields.io/badge/CVPR-2025-blue)]() <br>"
        "[Quiet Patches for Sparse Vision](https://openaccess.example.org/qp.pdf)<br>Ana Pires "
        "| [![Area](https://img.shields.io/badge/Image--LLM-purple)]() "
        "| [Paper](https://openaccess.example.org/qp.pdf) |"
    )
    (tmp_path / "README.md").write_text(
        readme_text([FRESH, row("Quiet Patches for Sparse Vision", "2503.07777")], []), encoding="utf-8"
    )
    (tmp_path / "image-llm.md").write_text(
        "# Image LLM\n\n" + details("2025 Image", [venue_row]), encoding="utf-8"
    )
    before = read_exact(tmp_path / "README.md")
    r = run("rotate", "--today", TODAY, cwd=tmp_path)
    # the same paper (no id disagrees), but dropping the README row would lose its arXiv link
    assert r.returncode == 1, r.stderr
    assert (
        b"not moved: already in image-llm.md, but only the README copy has "
        b"link 'https://arxiv.org/abs/2503.07777'" in r.stderr
    )
    assert titles(tmp_path / "image-llm.md") == ["Quiet Patches for Sparse Vision"]
    assert read_exact(tmp_path / "README.md") == before


def test_rotate_keeps_a_readme_row_that_says_more_than_the_page_copy(tmp_path: Path) -> None:
    """Was: "already in video-llm.md; removed the README row", and the code link it alone had was gone."""
    shutil.copytree(FIXTURES / "multi", tmp_path / "s")
    readme = tmp_path / "s" / "README.md"
    text = read_exact(readme)
    lines = text.split("\n")
    i = next(i for i, x in enumerate(lines) if "Lullaby" in x)
    lines[i] = (
        lines[i].rstrip().rstrip("|").rstrip() + " [Code](https://github.com/inventedlab/lullaby)<br> |"
    )
    readme.write_text("\n".join(lines), encoding="utf-8")
    r = run("rotate", "--today", TODAY, cwd=tmp_path / "s")
    assert r.returncode == 1, r.stderr
    assert b"only the README copy has link 'https://github.com/inventedlab/lullaby'" in r.stderr
    assert "inventedlab/lullaby" in read_exact(readme)
    # the other stale row still moves
    assert b"moved to image-llm.md" in r.stderr


def test_one_paper_stale_in_two_sections_lands_on_its_page_once(tmp_path: Path) -> None:
    old = row("Old Lanterns of Sparse Vision", "2502.01111")
    layout(tmp_path, [FRESH, old], [old])  # listed under Image and under Omni, both Image-LLM
    r = run("rotate", "--today", TODAY, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    page = titles(tmp_path / "image-llm.md")
    assert page.count("Old Lanterns of Sparse Vision") == 1
    assert b"already in image-llm.md" in r.stderr
    assert "Old Lanterns" not in read_exact(tmp_path / "README.md")


# ---------------------------------------------------------------- item 10: verification errors are exit 3


def test_a_rotation_that_fails_verification_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    readme = layout(tmp_path, [], [])
    table = HEADER + FRESH + "\n" + row("Old Quoted Lanterns", "2503.05555")
    quoted = "".join(f"> {x}\n" for x in table.split("\n"))
    text = read_exact(readme).replace(HEADER + "</details>", quoted + "</details>", 1)
    readme.write_text(text, encoding="utf-8")
    before = snapshot(tmp_path)
    r = run("rotate", "--today", TODAY, cwd=tmp_path)
    # the blockquoted row would break the page's table: apply_fixes' own check refuses it
    assert r.returncode == 3, r.stderr
    assert b"internal error" in r.stderr and b"nothing was written" in r.stderr
    assert b"Traceback" not in r.stderr
    assert snapshot(tmp_path) == before


# ---------------------------------------------------------------- item 5b: the dry run is a patch


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], capture_output=True, cwd=cwd, timeout=60)


@pytest.mark.parametrize("given", ["absolute", "relative"])
def test_dry_run_prints_a_patch_git_apply_accepts(tmp_path: Path, given: str) -> None:
    old = row("Old Lanterns of Sparse Vision", "2502.01111")
    readme = layout(tmp_path, [FRESH, old], [OMNI_A])
    # a page without a final newline: the patch must say so for `git apply`
    page = tmp_path / "image-llm.md"
    page.write_bytes(page.read_bytes().rstrip(b"\n"))
    assert git("init", "-q", cwd=tmp_path).returncode == 0
    before = snapshot(tmp_path)
    arg = str(readme) if given == "absolute" else "README.md"
    r = run("rotate", "--today", TODAY, "--dry-run", arg, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert snapshot(tmp_path) == before
    out = r.stdout.decode("utf-8")
    assert "--- a/README.md\n+++ b/README.md\n" in out
    assert "--- a/image-llm.md\n+++ b/image-llm.md\n" in out
    assert "--- /dev/null\n+++ b/omni-llm.md\n" in out
    assert str(tmp_path) not in out
    assert b"would move to image-llm.md" in r.stderr and b"would move to omni-llm.md" in r.stderr
    assert b"would create omni-llm.md" in r.stderr
    assert b"moved to" not in r.stderr.replace(b"would move to", b"")
    (tmp_path.parent / f"{tmp_path.name}.patch").write_bytes(r.stdout)
    check = git("apply", "--check", str(tmp_path.parent / f"{tmp_path.name}.patch"), cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    # and applying it gives exactly what the real rotate writes
    assert git("apply", str(tmp_path.parent / f"{tmp_path.name}.patch"), cwd=tmp_path).returncode == 0
    applied = snapshot(tmp_path)
    for name, data in before.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "omni-llm.md").unlink()
    assert run("rotate", "--today", TODAY, arg, cwd=tmp_path).returncode == 0
    assert snapshot(tmp_path) == applied


def test_dry_run_outside_the_current_directory_names_the_path_as_given(tmp_path: Path) -> None:
    folder = tmp_path / "survey"
    folder.mkdir()
    readme = layout(folder, [FRESH, row("Old Lanterns of Sparse Vision", "2502.01111")], [])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = run("rotate", "--today", TODAY, "--dry-run", "../survey/README.md", cwd=elsewhere)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode("utf-8")
    assert "--- a/../survey/README.md\n" in out
    assert "--- a/../survey/image-llm.md\n" in out
    assert str(tmp_path) not in out
    assert readme.exists()


# ---------------------------------------------------------------- item 18: what a rotation leaves behind


def test_a_section_left_with_only_its_header_is_warned_about(tmp_path: Path) -> None:
    readme = layout(tmp_path, [FRESH], [OMNI_A])
    (tmp_path / "pyproject.toml").write_text('[tool.mdsurvey]\npages = { Omni = "x.md" }\n', encoding="utf-8")
    (tmp_path / "x.md").write_text("# Omni\n\n" + details("2025 Omni", [OMNI_B]), encoding="utf-8")
    r = run("rotate", "--today", TODAY, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    omni_line = read_exact(readme).split("\n").index("<details open>", 12) + 1
    warning = f"README.md:{omni_line}: section 'Omni' has no rows left (header-only table)"
    assert [x for x in r.stderr.decode().splitlines() if "no rows left" in x] == [
        warning + ": remove the section or add papers"
    ]


def test_a_created_page_joins_a_contents_list_of_area_pages(tmp_path: Path) -> None:
    readme = layout(tmp_path, [FRESH], [OMNI_A, OMNI_B], contents=True)
    before = read_exact(readme)
    r = run("rotate", "--today", TODAY, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    after = read_exact(readme)
    lines = after.split("\n")
    at = lines.index("- [Omni LLM](omni-llm.md)")
    assert lines[at - 1] == "- [Image LLM](image-llm.md)"
    said = f"created omni-llm.md: added it to the README's contents at README.md:{at + 1}"
    assert said in r.stderr.decode()
    # the only other change: the two rows left
    kept = [x for x in before.split("\n") if x not in (OMNI_A, OMNI_B)]
    assert [x for x in lines if x != lines[at]] == kept
    assert mdsurvey.dumps(mdsurvey.loads(after)) == after
    # the README now links the page: a later rotate finds it like any other
    assert sorted(titles(tmp_path / "omni-llm.md")) == [
        "Omni Ledger: Budgeted Listening",
        "Omni Tides: Cheap Audio Tokens",
    ]
    assert b"nothing to rotate" in run("rotate", "--today", TODAY, cwd=tmp_path).stderr


def test_no_contents_entry_when_the_list_does_not_link_every_area_page(tmp_path: Path) -> None:
    readme = layout(tmp_path, [FRESH], [OMNI_A], contents=True)
    (tmp_path / "video-llm.md").write_text(
        "# Video LLM\n\n" + details("2025 Video", [row("Frame Ledgers", "2502.08888", "Video-LLM")]),
        encoding="utf-8",
    )
    text = read_exact(readme).replace("## Contents", "See also [video](video-llm.md).\n\n## Contents")
    readme.write_text(text, encoding="utf-8")
    r = run("rotate", "--today", TODAY, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert b"created omni-llm.md: link it from the README's contents" in r.stderr
    assert "omni-llm.md" not in read_exact(readme)
