"""One edit path, parse once: `fix`, `add` and `rotate` edit lines through files/lines.py and the
fixer's verification, each file is parsed once as read and once per edit made to it, and the
verification knows every paper by survey/identity.py (a link-less CJK row too)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, read_exact

import mdsurvey
import mdsurvey.survey.parse
from mdsurvey.analysis.stats import analyse, compute
from mdsurvey.files.lines import Splice, apply_edits, join_lines, split_lines
from mdsurvey.fix.fixer import FixVerificationError, fix_text, verify
from mdsurvey.lint.config import Config
from mdsurvey.lint.context import Context
from mdsurvey.lint.engine import Options
from mdsurvey.lint.findings import Edit, Fix
from mdsurvey.survey.legend import survey_legend
from mdsurvey.survey.model import Row
from mdsurvey.survey.paper import Paper
from mdsurvey.workflows.maintain import add_paper, plan_rotate
from mdsurvey.workflows.newpaper import NewPaper

TODAY = dt.date(2026, 11, 25)


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    real = mdsurvey.survey.parse.build

    def counting(*args: Any, **kwargs: Any) -> None:
        calls[0] += 1
        real(*args, **kwargs)

    monkeypatch.setattr(mdsurvey.survey.parse, "build", counting)
    return calls


# --- parse once -------------------------------------------------------------------------------


def test_add_parses_the_file_once_and_its_new_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    text = read_exact(FIXTURES / "survey.md")
    paper = NewPaper(
        title="Pebble Tokens: Sparse Patches for Drone Footage",
        url="https://arxiv.org/abs/2608.04444",
        authors=["Ines Varga", "Tobi Adeyemi"],
        areas=["Video-LLM"],
        tags=["Similarity-Based"],
        cost="Training-Free",
    )
    paper.complete()
    parses = _count_parses(monkeypatch)
    new, line = add_paper(text, Config(), "Video", paper)
    # before: the file, a fake survey for the seed rows, the file again, the new text twice
    assert parses[0] == 2
    assert "Pebble Tokens" in new.split("\n")[line - 1]


def test_rotate_parses_each_file_once_and_each_edit_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURES / "multi", tmp_path / "multi")
    readme = tmp_path / "multi" / "README.md"
    text = read_exact(readme)
    parses = _count_parses(monkeypatch)
    plan = plan_rotate(readme, text, Config(), TODAY)
    assert len(plan.moves) == 2 and len(plan.texts) == 2
    # the README and its two pages as read, the one row placed on a page, the README's edit
    # (before: 17, every edit and every check re-reading text)
    assert parses[0] == 5
    # a caller that has the README parsed (the cli) passes it, and it is not parsed again
    again = plan_rotate(readme, text, Config(), TODAY, survey=mdsurvey.loads(text))
    assert parses[0] == 5 + 1 + 4 and again.texts == plan.texts


@pytest.mark.parametrize("name", ["unsorted.md", "broken.md"])
def test_fix_parses_once_per_round(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import mdsurvey.fix.fixer as fixer

    checks = [0]
    real_check = fixer.check_survey

    def counting_check(*args: Any, **kwargs: Any) -> Any:
        checks[0] += 1
        return real_check(*args, **kwargs)

    parses = [0]
    real_parse = fixer.parse

    def counting_parse(text: str) -> Any:
        parses[0] += 1
        return real_parse(text)

    monkeypatch.setattr(fixer, "check_survey", counting_check)
    monkeypatch.setattr(fixer, "parse", counting_parse)
    builds = _count_parses(monkeypatch)
    result = fix_text(read_exact(FIXTURES / name), name, Config(), Options(today=TODAY))
    assert result.changed
    # one parse of the original, one per round that edited; the verification reuses the last
    assert parses[0] == checks[0]
    if name == "unsorted.md":
        assert builds[0] == parses[0]  # (broken.md: rules parse text of their own too)


# --- one paper identity -----------------------------------------------------------------------

CJK = """# 论文

| 标题 | 作者 |
| --- | --- |
| 灯塔剪枝：面向视觉令牌的稀疏注意力 | 王小明 |
| 潮汐合并：视觉语言模型的高效推理 | 张伟 |
| [Quiet Lens](https://arxiv.org/abs/2406.07890) | 刘洋 |
"""


def test_verification_catches_a_fix_that_drops_another_cjk_row_than_it_declares() -> None:
    before = mdsurvey.loads(CJK)
    first, second, _ = before.rows
    assert first.paper.url is None and second.paper.url is None
    lines = CJK.split("\n")
    # declares it removes the first row (a duplicate, say) but drops the second
    i = second.line - 1
    after = "\n".join(lines[:i] + lines[i + 1 :])
    fix = Fix("MS4XX", "", [Edit(i, i + 1, ())], removes=[(first.paper.title, None)])
    origins: list[int | None] = [k for k in range(len(before.lines)) if k != i]
    # before: both rows were known as "" (no url, no ASCII in the title): nothing was lost
    with pytest.raises(FixVerificationError, match="papers changed"):
        verify(before, after, [fix], origins, {i})


def test_stats_group_typed_rows_without_making_records(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = [0]
    real = Paper.to_json

    def counting(self: Paper) -> dict[str, Any]:
        calls[0] += 1
        return real(self)

    monkeypatch.setattr(Paper, "to_json", counting)
    survey = mdsurvey.loads(read_exact(FIXTURES / "survey.md"))
    a = analyse(survey)
    st = compute(survey, a)
    assert st.rows == len(list(survey.rows)) and st.papers <= st.rows
    assert all(isinstance(e.row, Row) for e in a.entries)
    assert calls[0] == 0  # before: one record (and its to_json) per row


# --- one edit path ----------------------------------------------------------------------------


def test_a_row_added_to_a_table_that_ends_the_file_is_a_line_of_its_own() -> None:
    s = mdsurvey.loads("| a |\n|---|")
    t = s.tables[0]
    t.rows.append(Row("| 1 |", 0, t))
    # before: "| a |\n|---|| 1 |\n", the row fused onto the delimiter line
    assert mdsurvey.dumps(s) == "| a |\n|---|\n| 1 |"
    assert [r.source for r in mdsurvey.loads(mdsurvey.dumps(s)).rows] == ["| 1 |"]


def test_removing_the_last_row_keeps_a_missing_final_newline_missing() -> None:
    s = mdsurvey.loads("| a |\n|---|\n| 1 |")
    s.tables[0].rows.clear()
    assert mdsurvey.dumps(s) == "| a |\n|---|"  # before: "| a |\n|---|\n"


@pytest.mark.parametrize(
    "text",
    ["x\r\n| a |\n|---|\r| 1 |\r\n| 2 |", "| a |\r|---|\r| 1 |\n", "| a |\n|---|\n| 1 |\r\n| 2 |\n\ntail"],
)
def test_model_edits_and_fixer_edits_break_lines_alike(text: str) -> None:
    s = mdsurvey.loads(text)
    t = s.tables[0]
    new = Row("| new |", 0, t)
    t.rows.insert(1, new)
    t.rows.append(Row("| last |", 0, t))
    lines = split_lines(text)
    edit = Splice(t.body_start, t.body_end, tuple(r.source for r in t.rows))
    spliced, _ = apply_edits(lines, list(range(len(lines))), [edit], set())
    assert mdsurvey.dumps(s) == join_lines(spliced)


def test_one_legend_reader_for_rules_and_workflows() -> None:
    text = read_exact(FIXTURES / "survey.md")
    survey = mdsurvey.loads(text)
    config = Config(legend={"area": "orange"})
    ctx = Context(survey, "survey.md", config, TODAY)
    legend = survey_legend(survey, config.legend)
    assert legend.colors and legend.colors["area"] == "orange"
    assert legend == ctx.legend


def test_a_workflow_change_that_fails_verification_names_the_workflow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import mdsurvey.fix.fixer as fixer

    real = fixer.apply_edits

    def lossy(*args: Any) -> Any:
        out, org = real(*args)
        return out[:-1], org[:-1]  # a buggy edit that drops the file's last line

    monkeypatch.setattr(fixer, "apply_edits", lossy)
    paper = NewPaper(title="Quiet Frames", url="https://arxiv.org/abs/2608.04444", authors=["Ada Quill"])
    paper.complete()
    with pytest.raises(FixVerificationError) as e:
        add_paper(read_exact(FIXTURES / "survey.md"), Config(), "Image", paper)
    # add's edit is a Change of the `add` workflow, not a rule's Fix; the message is as it was
    assert e.value.codes == ["add"] and str(e.value).startswith("fix add failed verification: ")
