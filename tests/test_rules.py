"""Every rule: a snippet where it fires (code, line, message) and a near-identical one where it
does not; every fix applied and re-checked; the engine's selection, suppression, exit codes
and output formats. All papers, authors and repositories here are invented."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED, needs_shared

import mdsurvey
from mdsurvey.cli.app import main as cli_main
from mdsurvey.fix.fixer import fix_text
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options, check_survey
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.onlinefacts import ONLINE_CODES
from mdsurvey.lint.rules import REGISTRY, all_rules, selected
from mdsurvey.lint.suppress import read_suppressions
from mdsurvey.output.text import format_findings

TODAY = dt.date(2026, 11, 25)
ALL_CODES = [r.code for r in all_rules()]


# --------------------------------------------------------------------------- builders


def findings(text: str, path: str = "README.md", opts: Options | None = None, **config: Any) -> list[Finding]:
    """Check `text` as the file at `path` with a fixed config and today = 2026-11-25."""
    options = opts or Options(today=TODAY)
    return check_survey(mdsurvey.loads(text), path, Config(**config), options)


def hits(found: list[Finding], code: str) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in found if f.code == code]


HEADER = "| **Title & Authors** | **Areas** | **Links** |\n| --- | --- | :---: |\n"


def badge(label: str | None, message: str, color: str, role: str = "Area") -> str:
    path = f"{label}-{message}" if label else message
    return f"[![{role}](https://img.shields.io/badge/{path}-{color})]()"


def row(
    arxiv: str = "2610.01111",
    title: str | None = "Lantern Tokens for Sparse Vision",
    *,
    date: str | None = None,
    url: str | None = None,
    authors: str = "Ada Quill, Bo Renn",
    areas: str | None = None,
    cost: str | None = None,
    links: str | None = None,
) -> str:
    """One paper row of a `Title & Authors | Areas | Links` table."""
    date = date if date is not None else f"20{arxiv[:2]}\\.{arxiv[2:4]}"
    url = url if url is not None else f"https://arxiv.org/abs/{arxiv}"
    title_part = (f"[{title}]({url})" if url else title) if title is not None else ""
    areas = areas if areas is not None else badge(None, "Image--LLM", "purple")
    if cost is not None:
        areas += " " + badge(None, cost, "yellow", "Cost")
    links = links if links is not None else f"[Paper](https://arxiv.org/abs/{arxiv})<br>"
    first = f"[![Arxiv](https://img.shields.io/badge/arXiv-{date}-red)]() <br>{title_part}<br>{authors}"
    return f"| {first} | {areas} | {links} |"


def doc(
    *rows: str, pre: str = "", summary: str = "<summary>Image</summary>\n\n", header: str = HEADER
) -> str:
    """Title (line 1), `pre`, then <details> (line 3 when pre is empty), summary (4), blank (5),
    header (6), delimiter (7), rows from line 8, </details>."""
    body = "".join(r + "\n" for r in rows)
    return f"# Awesome Invented Tokens\n\n{pre}<details open>\n{summary}{header}{body}</details>\n"


def section(summary: str, *rows: str) -> str:
    body = "".join(r + "\n" for r in rows)
    return f"<details open>\n<summary>{summary}</summary>\n\n{HEADER}{body}</details>\n"


LEGEND = (
    "### Badge Colors\n"
    "- ![arXiv Badge](https://img.shields.io/badge/arXiv-red) `red` for arXiv papers\n"
    "- ![Research Areas Badge](https://img.shields.io/badge/Areas-purple) `purple` for research areas\n"
    "- ![Cost Badge](https://img.shields.io/badge/Cost-yellow) `yellow` for training cost\n\n"
)  # 5 lines: rows start at line 13
RECENT = "## Recent Papers (Last 6 Months)\n\n"  # 2 lines: rows start at line 10
FENCE_OPEN = "```text\nLantern --> Sieve\n\n"  # 3 lines: rows start at line 11

R1 = row("2610.01111", "Lantern Tokens for Sparse Vision")
R2 = row("2609.02222", "Sieve Stacks in Layered Decoders", authors="Cyra Voss")
R3 = row("2608.03333", "Quiet Frames: Dropping Idle Video Tokens", authors="Dov Marek")
R4 = row("2605.04444", "Paper Lanterns at Scale", authors="Eun Tarsk")

BIG_FILLER = "x" * 99 + "\n"  # 100 bytes a line


def big(n_filler: int) -> str:
    return "# Big\n" + BIG_FILLER * n_filler + "\n" + doc(R1, R2).split("\n", 2)[2]


PAGE_LINK = "- [Image LLM](image-llm.md)\n\n"  # 2 lines: rows start at line 10


def page(*rows: str) -> str:
    return "# Image LLM\n\n" + section("2026 Image", *rows)


# --------------------------------------------------------------------------- per-rule cases


@dataclass
class Case:
    code: str
    bad: str
    good: str
    line: int
    message: str  # a key part of the message
    config: dict[str, Any] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # other files next to README.md
    good_files: dict[str, str] | None = None  # files for `good` when they differ
    near: bool = True  # bad and good differ in at most three lines
    id: str = ""


def _typo_doc(last_cost: str) -> str:
    """Three rows with the cost 'Training-Free' and a fourth with `last_cost`."""
    return doc(
        row("2610.01111", "Lantern Tokens", cost="Training--Free"),
        row("2609.02222", "Sieve Stacks", cost="Training--Free"),
        row("2608.03333", "Quiet Frames", cost="Training--Free"),
        row("2605.04444", "Paper Lanterns", cost=last_cost),
    )


TYPO_BAD, TYPO_GOOD = _typo_doc("Training--Fre"), _typo_doc("Training--Free")

STATS_OLD = (
    "<!-- mdsurvey:stats -->\n| Year | Number of papers |\n| --- | ---: |\n| 2026 | 1 |\n"
    "| **Total** | **1** |\n<!-- /mdsurvey:stats -->\n\n"
)

CASES = [
    Case(
        "MS101",
        doc(R1, R2, pre=FENCE_OPEN),
        doc(R1, R2, pre="```text\nLantern --> Sieve\n```\n\n"),
        3,
        "code fence '```text' is never closed: it hides 1 <details> block, 1 table and 2 rows "
        "(lines 3-13); close it with ``` after line 4",
    ),
    Case(
        "MS102",
        doc(R1, R2, summary="<summary>Image</summary>\n"),
        doc(R1, R2),
        5,
        "table right after </summary> with no blank line",
    ),
    Case(
        "MS103",
        doc(R1, R2).removesuffix("</details>\n"),
        doc(R1, R2),
        3,
        "<details> ('Image') is never closed",
        id="unclosed",
    ),
    Case(
        "MS103",
        doc(R1, R2) + "\n</details>\n",
        doc(R1, R2) + "\n",
        12,
        "stray </details> with no open <details>",
        id="stray",
    ),
    Case("MS104", doc(R1, R2, summary="\n"), doc(R1, R2), 3, "<details> has no <summary>"),
    Case(
        "MS105",
        doc(R1, R2, header="| **Title & Authors** | **Areas** | **Links** |\n| --- | :---: |\n"),
        doc(R1, R2),
        7,
        "delimiter row has 2 cells but the header above has 3",
    ),
    Case(
        "MS106",
        doc(R1 + " Code soon |", R2),
        doc(R1 + " [//]: # (code soon)", R2),
        8,
        "row has 4 cells but the header has 3: GitHub drops 'Code soon'",
        id="extra",
    ),
    Case(
        "MS107",
        doc(row(title="Prune | Merge: Two Ways to Fewer Tokens"), R2),
        doc(row(title="Prune \\| Merge: Two Ways to Fewer Tokens"), R2),
        8,
        "unescaped | inside link text splits the cell",
    ),
    Case(
        "MS108",
        big(5200),
        big(5000),
        5121,
        "GitHub stops rendering at 512,000 bytes, here at line 5121: 90 lines, 2 table rows and "
        "1 paragraph past the cut are not shown",
        near=False,
    ),
    Case(
        "MS109",
        doc(R1, R2, pre="<<<<<<< HEAD\nOld intro.\n=======\n>>>>>>> edit\n\n"),
        doc(R1, R2, pre="Old intro.\n\n"),
        3,
        "unresolved merge conflict (lines 3-6): keep one side (ours: line 4; theirs: empty)",
    ),
    Case(
        "MS110",
        doc(R1, R2, HEADER.split("\n")[0]),
        doc(R1, R2),
        10,
        "the header row (line 6) is repeated as a body row",
    ),
    Case(
        "MS201",
        doc(row(date="2026\\.09"), R2),
        doc(R1, R2),
        8,
        "date badge says 2026.09 but arXiv id 2610.01111 is from 2026.10",
    ),
    Case(
        "MS202",
        doc(row(date="2026\\.13"), R2),
        doc(R1, R2),
        8,
        "date badge '2026.13' is not a valid YYYY.MM date (the arXiv id says 2026-10)",
    ),
    Case(
        "MS203",
        doc(row(links="[Paper](https://arxiv.org/abs/261.01111)<br>"), R2),
        doc(R1, R2),
        8,
        "arXiv link with a malformed id '261.01111'",
        id="malformed-id",
    ),
    Case(
        "MS212",
        doc(row(url="http://arxiv.org/pdf/2610.01111v2.pdf"), R2),
        doc(R1, R2),
        8,
        "arXiv link http://arxiv.org/pdf/2610.01111v2.pdf is not canonical: use https://arxiv.org/abs/2610.01111",
        config={"select": ["MS", "MS212"]},
    ),
    Case(
        "MS204",
        doc(R1, row("2609.02222", "Sieve Stacks", areas=badge(None, "Image--LLM", "green")), pre=LEGEND),
        doc(R1, row("2609.02222", "Sieve Stacks"), pre=LEGEND),
        14,
        "area badge 'Image-LLM' is green, the legend says purple (legend at line 3)",
        id="file-legend",
    ),
    Case(
        "MS204",
        doc(R1, row("2609.02222", "Sieve Stacks", areas=badge(None, "Image--LLM", "green"))),
        doc(R1, row("2609.02222", "Sieve Stacks")),
        9,
        "area badge 'Image-LLM' is green, the legend says purple",
        config={"legend": {"area": "purple"}},
        id="config-legend",
    ),
    Case(
        "MS205",
        TYPO_BAD,
        TYPO_GOOD,
        11,
        "cost 'Training-Fre' is not in this file's vocabulary; did you mean 'Training-Free'?",
        id="file-vocabulary",
    ),
    Case(
        "MS205",
        doc(R1, row("2609.02222", "Sieve Stacks", cost="Training--Fre")),
        doc(R1, row("2609.02222", "Sieve Stacks", cost="Training--Based")),
        9,
        "cost 'Training-Fre' is not in configured vocabulary; did you mean 'Training-Free'?",
        config={"vocabulary": {"cost": ["Training-Free", "Training-Based"]}},
        id="config-vocabulary",
    ),
    Case("MS206", doc(row(title=None, authors=""), R2), doc(R1, R2), 8, "row has no paper title"),
    Case(
        "MS207",
        doc(row(url="", links=""), R2),
        doc(row(links=""), R2),
        8,
        "'Lantern Tokens for Sparse Vision' has no link: link the title to the paper",
    ),
    Case(
        "MS208",
        doc(row(authors=""), R2),
        doc(R1, R2),
        8,
        "'Lantern Tokens for Sparse Vision' lists no authors",
    ),
    Case(
        "MS209",
        doc(row(links="[Paper](https://arxiv.org/abs/2610.01112)"), R2),
        doc(row(links="[Paper](https://arxiv.org/abs/2610.01111)"), R2),
        8,
        "[Paper] links arXiv 2610.01112 but the title links 2610.01111",
    ),
    Case(
        "MS210",
        doc(
            row(
                links="[![Star](https://img.shields.io/github/stars/quill-lab/lantern.svg)]"
                "(https://github.com/quill-lab/lantern) [GitHub](https://github.com/renn-lab/sieve)"
            ),
            R2,
        ),
        doc(
            row(
                links="[![Star](https://img.shields.io/github/stars/quill-lab/lantern.svg)]"
                "(https://github.com/quill-lab/lantern) [GitHub](https://github.com/quill-lab/lantern)"
            ),
            R2,
        ),
        8,
        "but the row links github.com/renn-lab/sieve",
    ),
    Case(
        "MS210",
        doc(
            row(
                links="[![Star](https://img.shields.io/github/stars/quill.github.io/lantern.svg)]"
                "(https://quill.github.io/lantern)"
            ),
            R2,
        ),
        doc(
            row(
                links="[![Star](https://img.shields.io/github/stars/quill-lab/lantern.svg)]"
                "(https://github.com/quill-lab/lantern)"
            ),
            R2,
        ),
        8,
        "which is no GitHub repository ('quill.github.io' cannot be a GitHub user)",
        id="not-a-repository",
    ),
    Case(
        "MS211",
        doc(row(links="[Paper](https://arxiv.org/abs/2610.01111)<br>[GitHub]()"), R2),
        doc(row(links="[Paper](https://arxiv.org/abs/2610.01111)<br>[GitHub](https://github.com/q/l)"), R2),
        8,
        "link [GitHub] has no URL",
    ),
    Case(
        "MS601",
        doc(R1, R2, pre=STATS_OLD),
        doc(R1, R2, pre=STATS_OLD.replace("| 2026 | 1 |", "| 2026 | 2 |").replace("**1**", "**2**")),
        3,
        "papers-per-year table is out of date",
    ),
    Case(
        "MS301",
        doc(R1, R2, pre="- [Image papers](#imagee)\n\n## Image\n\n"),
        doc(R1, R2, pre="- [Image papers](#image)\n\n## Image\n\n"),
        3,
        "link to #imagee matches no heading or anchor in this file; did you mean #image?",
    ),
    Case(
        "MS302",
        doc(R1, R2, pre="- [Video LLM](video-llm.md)\n\n"),
        doc(R1, R2, pre="- [Video LLM](video-llm.md)\n\n"),
        3,
        "link to video-llm.md: no such file next to README.md",
        good_files={"video-llm.md": "# Video LLM\n"},
    ),
    Case(
        "MS303",
        doc(R1, R2, pre="- [2026 video](video-llm.md#2026-videos)\n\n"),
        doc(R1, R2, pre="- [2026 video](video-llm.md#2026-video)\n\n"),
        3,
        "video-llm.md has no heading or anchor #2026-videos; did you mean #2026-video?",
        files={"video-llm.md": "# Video LLM\n\n## 2026 Video\n"},
    ),
    Case(
        "MS304",
        doc(R1, R2, pre="- [Tutorial](https://github.comlantern-lab/tutorial)\n\n"),
        doc(R1, R2, pre="- [Tutorial](https://github.com/lantern-lab/tutorial)\n\n"),
        3,
        "malformed link 'https://github.comlantern-lab/tutorial': the host github.com is glued to "
        "the path: insert / after github.com",
    ),
    Case(
        "MS305",
        doc(R1, R2, pre="- Lantern Tokens [[Paper]]()\n\n"),
        doc(R1, R2, pre="- Lantern Tokens [[Paper]](https://arxiv.org/abs/2610.01111)\n\n"),
        3,
        "link [[Paper]] has no URL",
    ),
    Case(
        "MS401",
        doc(R1, R1, R2),
        doc(R1, R2, R3),
        9,
        "an identical copy as line 8 in section 'Image': delete one of them",
        id="identical",
    ),
    Case(
        "MS401",
        doc(R1, row(title="Lantern Tokens (extended)", authors="Ada Quill"), R2),
        doc(R1, R2, R3),
        9,
        "the same paper as line 8 in section 'Image'",
        id="same-arxiv",
    ),
    Case(
        "MS402",
        "# Awesome Invented Tokens\n\n"
        + section("Image", R1, R2)
        + "\n"
        + section("Merging", row(authors="Ada Quill")),
        "# Awesome Invented Tokens\n\n" + section("Image", R1, R2) + "\n" + section("Merging", R1),
        17,
        "this copy differs from line 8 (section 'Image') in authors",
    ),
    Case(
        "MS403",
        doc(R1, R3, R4, R2),
        doc(R1, R2, R3, R4),
        10,
        "rows are not newest first: line 11 (2026-09) belongs before line 10 (2026-05)",
        id="inferred",
    ),
    Case(
        "MS403",
        doc(R4, R1),
        doc(R1, R4),
        8,
        "rows are not newest first: line 9 (2026-10) belongs before line 8 (2026-05)",
        config={"order": "newest-first"},
        id="configured",
    ),
    Case(
        "MS404",
        doc(R1, row("2601.05555", "Old Lanterns", authors="Fen Oakes"), pre=RECENT),
        doc(R1, row("2606.05555", "Old Lanterns", authors="Fen Oakes"), pre=RECENT),
        11,
        "paper from 2026-01 is 10 months old, older than this section's 6-month window (today 2026-11-25)",
    ),
    Case(
        "MS405",
        doc(R1, R2, pre=PAGE_LINK),
        doc(R1, R2, pre=PAGE_LINK),
        11,
        "'Sieve Stacks in Layered Decoders' is on none of the linked area pages",
        files={"image-llm.md": page(R1)},
        good_files={"image-llm.md": page(R1, R2)},
    ),
    Case(
        "MS406",
        doc(R1, row("2609.02222", "Sieve Stacks in Layered Decoders", authors="Cyra Vos"), pre=PAGE_LINK),
        doc(R1, R2, pre=PAGE_LINK),
        11,
        "differs from image-llm.md:9 in authors",
        files={"image-llm.md": page(R1, R2)},
    ),
    Case(
        "MS407",
        "# Awesome\n\n"
        + section("Pruning", R1, R2)
        + "\n"
        + section("Merging", R1, R2)
        + "\n"
        + section("Distillation", R1, R2),
        "# Awesome\n\n"
        + section("Pruning", R1, R2)
        + "\n"
        + section("Merging", R1, R3)
        + "\n"
        + section("Distillation", R1, R2),
        8,
        "the 2 rows of section 'Pruning' are pasted, line for line, into 2 other sections: "
        "'Merging' (line 17), 'Distillation' (line 26)",
    ),
    Case(
        "MS408",
        doc(R1, R2, summary="<summary>Video</summary>\n\n"),
        doc(
            row(areas=badge(None, "Video--LLM", "purple")),
            row(
                "2609.02222",
                "Sieve Stacks in Layered Decoders",
                authors="Cyra Voss",
                areas=badge(None, "Video--LLM", "purple"),
            ),
            summary="<summary>Video</summary>\n\n",
        ),
        8,
        "area badge 'Image-LLM' does not match section 'Video' (and 1 more row: line 9)",
        near=False,
    ),
    Case(
        "MS501",
        doc(R1, R2, pre="Notes from the cafÃ© meeting on token budgets.\n\n"),
        doc(R1, R2, pre="Notes from the café meeting on token budgets.\n\n"),
        3,
        "mojibake 'Ã©' (UTF-8 read as cp1252): it reads 'é'",
        id="cp1252",
    ),
    Case(
        "MS501",
        doc(R1, R2, pre="## üì¶ Toolkits\n\n"),
        doc(R1, R2, pre="## 📦 Toolkits\n\n"),
        3,
        "mojibake 'üì¶' (UTF-8 read as mac_roman): it reads '📦'",
        id="mac-roman",
    ),
    Case(
        "MS503",
        doc(row(authors="Ana Rold\\xc3\\xa3o"), R2),
        doc(row(authors="Ana Roldão"), R2),
        8,
        "literal UTF-8 byte escapes",
    ),
    Case(
        "MS502",
        doc(row(authors="Ada Quill, TODO"), R2),
        doc(R1, R2),
        8,
        "placeholder 'TODO' (todo): replace it with the real content",
    ),
]


def case_id(c: Case) -> str:
    return f"{c.code}-{c.id}" if c.id else c.code


def write_survey(tmp_path: Path, text: str, files: dict[str, str]) -> str:
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    return str(readme)


def test_every_registered_rule_has_a_case() -> None:
    assert ALL_CODES, "no rules registered"
    # the online rules find nothing offline: tests/test_online_cli.py runs them end to end
    missing = sorted(set(ALL_CODES) - {c.code for c in CASES} - set(ONLINE_CODES))
    assert not missing, f"rules without a failing/passing example: {missing}"
    assert not {c.code for c in CASES} - set(ALL_CODES), "a case names an unknown rule"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_rule_fires_on_bad_snippet(case: Case, tmp_path: Path) -> None:
    path = write_survey(tmp_path, case.bad, case.files)
    found = findings(case.bad, path, **case.config)
    assert hits(found, case.code) == [(case.code, case.line)], [f"{f.line}: {f.message}" for f in found]
    f = next(f for f in found if f.code == case.code)
    assert case.message in f.message
    assert f.path == path
    assert f.severity in ("error", "warning")
    assert f.severity == REGISTRY[case.code].severity


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_rule_is_quiet_on_good_snippet(case: Case, tmp_path: Path) -> None:
    files = case.good_files if case.good_files is not None else case.files
    path = write_survey(tmp_path, case.good, files)
    found = findings(case.good, path, **case.config)
    # the passing twin is clean under every rule, not just this one
    assert [(f.code, f.line, f.message) for f in found] == []


@pytest.mark.parametrize("case", [c for c in CASES if c.near], ids=case_id)
def test_good_and_bad_snippets_are_near_identical(case: Case) -> None:
    a, b = case.bad.split("\n"), case.good.split("\n")
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    changed = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
    if changed == 0:  # the same README: what differs is a file next to it
        assert case.good_files is not None and case.good_files != case.files
    assert changed <= 3


def test_big_file_is_measured_in_bytes_as_written(tmp_path: Path) -> None:
    """check_file measures the bytes on disk: CRLF line breaks count toward the limit."""
    from mdsurvey.lint.engine import check_file

    text = big(5080)
    lf = len(text.encode("utf-8"))
    crlf = lf + text.count("\n")
    assert lf < 512_000 < crlf
    assert not hits(findings(text), "MS108")
    p = tmp_path / "README.md"
    p.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    found = check_file(p, Options(today=TODAY, config=Config())).findings
    assert [f.code for f in found] == ["MS108"]
    assert f"file is {crlf:,} bytes; GitHub stops rendering at 512,000 bytes" in found[0].message
    assert "20 lines, 2 table rows and 1 paragraph past the cut are not shown" in found[0].message


def test_links_inside_code_spans_are_not_links(tmp_path: Path) -> None:
    """Contribution notes show the row format in backticks; GitHub renders no link there."""
    note = "Add a row as `| [Title](link) | [Paper](#top) |`, see `[Image](#imagee)`; [Image](#image).\n\n"
    text = doc(R1, R2, pre=note + "## Image\n\n")
    assert findings(text, str(tmp_path / "README.md")) == []
    # outside the backticks the same links are checked
    bad = doc(R1, R2, pre=note.replace("`", "") + "## Image\n\n")
    found = findings(bad, str(tmp_path / "README.md"))
    assert [(f.code, f.line) for f in found if f.code.startswith("MS3")] == [("MS302", 3), ("MS301", 3)]


def test_ms206_doc_example_badge_then_authors_has_no_title() -> None:
    found = findings(doc(row(title=None), R2))
    assert hits(found, "MS206") == [("MS206", 8)]


# --------------------------------------------------------------------------- docs


@pytest.mark.parametrize("code", ALL_CODES)
def test_rule_doc_has_what_why_example_fix(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["rule", code]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{code} {REGISTRY[code].name} ({REGISTRY[code].severity})")
    for heading in ("What it does: ", "Why it matters: ", "Example:\n    ", "Fix: "):
        assert heading in out
        after = out.split(heading, 1)[1].split("\n", 1)[0]
        assert after.strip(), f"{code}: empty {heading.strip()!r}"


def test_rule_doc_by_name_and_unknown_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["rule", "ms201"]) == 0
    assert capsys.readouterr().out.startswith("MS201 date-arxiv-mismatch (error)")
    assert cli_main(["rule", "row-order"]) == 0
    assert capsys.readouterr().out.startswith("MS403 row-order (warning)")
    assert cli_main(["rule", "MS999"]) == 2
    assert "unknown rule 'MS999'" in capsys.readouterr().err


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mdsurvey", *args],
        capture_output=True,
        cwd=cwd,
        timeout=60,
        encoding="utf-8",
    )


def test_rules_command_lists_every_code_and_rule_command_prints_a_doc() -> None:
    r = run("rules")
    assert r.returncode == 0, r.stderr
    listed = [line.split()[0] for line in r.stdout.splitlines() if line.strip()]
    assert listed == ALL_CODES
    assert "MS102  summary-needs-blank-line" in r.stdout and r.stdout.count("[*]") >= 5
    one = run("rule", "MS101")
    assert one.returncode == 0
    assert "What it does:" in one.stdout and "Fix: unsafe:" in one.stdout


# --------------------------------------------------------------------------- fixes


@dataclass
class FixCase:
    code: str
    before: str
    after: str
    unsafe: bool = False
    config: dict[str, Any] = field(default_factory=dict)
    id: str = ""


FIX_CASES = [
    FixCase(
        "MS601",
        doc(R1, R2, pre="<!-- mdsurvey:toc -->\n<!-- /mdsurvey:toc -->\n\n"),
        doc(
            R1,
            R2,
            pre="<!-- mdsurvey:toc -->\n- [Awesome Invented Tokens](#awesome-invented-tokens) (2)\n"
            "  - Image (2)\n<!-- /mdsurvey:toc -->\n\n",
        ),
    ),
    FixCase(
        "MS101",
        doc(R1, R2, pre=FENCE_OPEN),
        doc(R1, R2, pre="```text\nLantern --> Sieve\n```\n\n"),
        unsafe=True,
    ),
    FixCase("MS102", doc(R1, R2, summary="<summary>Image</summary>\n"), doc(R1, R2)),
    FixCase("MS503", doc(row(authors="Ana Rold\\xc3\\xa3o"), R2), doc(row(authors="Ana Roldão"), R2)),
    FixCase("MS201", doc(row(date="2026\\.09"), R2), doc(R1, R2)),
    FixCase(
        "MS204",
        doc(R1, row("2609.02222", "Sieve Stacks", areas=badge(None, "Image--LLM", "green")), pre=LEGEND),
        doc(R1, row("2609.02222", "Sieve Stacks"), pre=LEGEND),
    ),
    # a spelling guess is unsafe without a configured vocabulary; a case difference is safe
    FixCase("MS205", TYPO_BAD, TYPO_GOOD, unsafe=True, id="guess"),
    FixCase("MS205", _typo_doc("training--free"), TYPO_GOOD, id="case"),
    FixCase(
        "MS212",
        doc(row(url="http://www.arxiv.org/abs/2610.01111"), R2),
        doc(R1, R2),
        config={"select": ["MS", "MS212"]},
        id="same-page",
    ),
    FixCase(
        "MS212",
        doc(row(url="https://arxiv.org/pdf/2610.01111v2.pdf"), R2),
        doc(R1, R2),
        unsafe=True,
        config={"select": ["MS", "MS212"]},
        id="pdf",
    ),
    FixCase("MS401", doc(R1, R1, R2), doc(R1, R2), unsafe=True),
    FixCase(
        "MS402",
        "# Awesome Invented Tokens\n\n"
        + section("Image", R1, R2)
        + "\n"
        + section("Merging", row(authors="Ada Quill")),
        "# Awesome Invented Tokens\n\n" + section("Image", R1, R2) + "\n" + section("Merging", R1),
        unsafe=True,
        config={"canonical_section": "Image"},
    ),
    # four rows are no overwhelming evidence of an order: the inferred sort is unsafe
    FixCase("MS403", doc(R1, R3, R4, R2), doc(R1, R2, R3, R4), unsafe=True, id="inferred"),
    FixCase("MS403", doc(R4, R1), doc(R1, R4), config={"order": "newest-first"}, id="configured"),
    FixCase(
        "MS501",
        doc(R1, R2, pre="## üì¶ Toolkits at the cafÃ©\n\n"),
        doc(R1, R2, pre="## 📦 Toolkits at the café\n\n"),
    ),
]


def fix_id(c: FixCase) -> str:
    return f"{c.code}-{c.id}" if c.id else c.code


def test_every_fixable_rule_has_a_fix_case() -> None:
    fixable = {r.code for r in all_rules() if r.fix and r.fix.startswith(("safe", "unsafe"))}
    assert {"MS101", "MS102", "MS201", "MS204", "MS205", "MS401", "MS403", "MS501"} <= fixable
    # MS406's unsafe fix needs an area page on disk: test_ms406_fix_copies_the_page_row; the online
    # rules' fixes need the network's answers: test_online_cli.py's fix --online tests
    assert not fixable - {c.code for c in FIX_CASES} - {"MS406", "MS702", "MS706"}


@pytest.mark.parametrize("case", FIX_CASES, ids=fix_id)
def test_fix_repairs_exactly_the_expected_lines(case: FixCase) -> None:
    opts = Options(today=TODAY)
    config = Config(**case.config)
    assert hits(check_survey(mdsurvey.loads(case.before), "README.md", config, opts), case.code)
    if case.unsafe:
        # an unsafe fix is not applied without unsafe=True
        assert fix_text(case.before, "README.md", config, opts).text == case.before
    result = fix_text(case.before, "README.md", config, opts, unsafe=case.unsafe)
    assert result.text == case.after
    assert {f.code for f in result.applied} == {case.code}
    assert not [f for f in result.remaining if f.code == case.code]
    assert not findings(result.text, **case.config)
    # the changed lines are only the ones the fix was about
    a, b = case.before.split("\n"), result.text.split("\n")
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    assert sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal") <= 4


def test_ms201_fix_rewrites_only_the_badge_month() -> None:
    before = doc(row(date="2026\\.09"), R2)
    after = fix_text(before, "README.md", Config(), Options(today=TODAY)).text.split("\n")
    assert after[7] == before.split("\n")[7].replace("arXiv-2026\\.09-red", "arXiv-2026\\.10-red")


def test_ms401_fix_leaves_a_non_identical_duplicate_alone() -> None:
    text = doc(R1, row(title="Lantern Tokens (extended)", authors="Ada Quill"), R2)
    result = fix_text(text, "README.md", Config(), Options(today=TODAY), unsafe=True)
    assert result.text == text
    assert hits(result.remaining, "MS401") == [("MS401", 9)]
    assert next(f for f in result.remaining if f.code == "MS401").fix is None


def test_ms406_fix_copies_the_page_row(tmp_path: Path) -> None:
    text = doc(R1, row("2609.02222", "Sieve Stacks in Layered Decoders", authors="Cyra Vos"), pre=PAGE_LINK)
    path = write_survey(tmp_path, text, {"image-llm.md": page(R1, R2)})
    opts = Options(today=TODAY)
    assert fix_text(text, path, Config(), opts).text == text
    result = fix_text(text, path, Config(), opts, unsafe=True)
    assert result.text == doc(R1, R2, pre=PAGE_LINK)
    assert not hits(result.remaining, "MS406")


# --------------------------------------------------------------------------- engine

# line 8: MS201 (error, badge 2026.11 vs 2610.x); line 10: MS403 (2026-05 above 2026-08); line 11: MS502
MIXED = doc(
    row(date="2026\\.11"),
    R2,
    R4,
    row("2608.03333", "Quiet Frames: Dropping Idle Video Tokens", authors="Dov Marek, TODO"),
)


def codes_lines(found: list[Finding]) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in found]


def test_mixed_snippet_baseline() -> None:
    assert codes_lines(findings(MIXED)) == [("MS201", 8), ("MS403", 10), ("MS502", 11)]


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (None, None, ["MS201", "MS403", "MS502"]),
        (["MS4"], None, ["MS403"]),
        (["MS2", "MS5"], None, ["MS201", "MS502"]),
        (None, ["MS5"], ["MS201", "MS403"]),
        (["MS"], ["MS2", "MS4"], ["MS502"]),
        # the longer prefix wins, whichever list it is in
        (["MS4", "MS201"], ["MS2"], ["MS201", "MS403"]),
        (["MS2"], ["MS20"], []),
        (["MS20"], ["MS2"], ["MS201"]),
        (["ms5"], None, ["MS502"]),
    ],
)
def test_select_and_ignore_prefixes(
    select: list[str] | None, ignore: list[str] | None, expected: list[str]
) -> None:
    found = findings(MIXED, opts=Options(select=select, ignore=ignore, today=TODAY))
    assert [f.code for f in found] == expected


def test_selected_prefix_rules() -> None:
    ms4 = [c for c in ALL_CODES if c.startswith("MS4")]
    assert len(ms4) >= 4
    assert selected(ALL_CODES, ["MS4"], []) == ms4
    assert selected(ALL_CODES, ["MS4"], ["MS403"]) == [c for c in ms4 if c != "MS403"]
    assert selected(ALL_CODES, ["MS403"], ["MS4"]) == ["MS403"]
    left = ["MS501", "MS502", "MS503", "MS601", *ONLINE_CODES]
    assert selected(ALL_CODES, [], ["MS1", "MS2", "MS3", "MS4"]) == left
    defaults = [c for c in ALL_CODES if REGISTRY[c].default]
    assert selected(ALL_CODES, [], []) == defaults
    # an opt-in rule runs only when selected by its full code, never by a prefix
    assert "MS212" in ALL_CODES and "MS212" not in defaults
    assert "MS212" not in selected(ALL_CODES, ["MS2"], [])
    assert selected(ALL_CODES, ["MS", "MS212"], []) == ALL_CODES
    assert selected(ALL_CODES, ["MS212"], ["MS2"]) == ["MS212"]
    # a tie in length: ignore wins
    assert selected(["MS201"], ["MS201"], ["MS201"]) == []


def test_config_select_ignore_and_command_line_override() -> None:
    assert [f.code for f in findings(MIXED, select=["MS4", "MS5"])] == ["MS403", "MS502"]
    assert [f.code for f in findings(MIXED, ignore=["MS40"])] == ["MS201", "MS502"]
    # the command line's select/ignore replace the config's
    opts = Options(select=["MS2"], today=TODAY)
    assert [f.code for f in findings(MIXED, opts=opts, select=["MS4"])] == ["MS201"]
    opts = Options(ignore=[], today=TODAY)
    assert [f.code for f in findings(MIXED, opts=opts, ignore=["MS2", "MS4"])] == ["MS201", "MS403", "MS502"]


def _project(tmp_path: Path, table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n[tool.mdsurvey]\n{table}\n")
    (tmp_path / "README.md").write_text(MIXED, encoding="utf-8")
    return tmp_path


def _codes_from_text(out: str) -> list[str]:
    return re.findall(r"^README\.md:\d+:\d+: (MS\d{3})", out, re.MULTILINE)


def test_pyproject_select_and_ignore_from_cwd(tmp_path: Path) -> None:
    proj = _project(tmp_path, 'select = ["MS4", "MS5"]\nignore = ["MS502"]')
    r = run("check", "README.md", "--today", "2026-11-25", cwd=proj)
    assert _codes_from_text(r.stdout) == ["MS403"]
    assert r.returncode == 0, r.stdout + r.stderr  # a warning alone passes
    # command line flags override the config: --select replaces its select, --ignore its ignore
    r = run("check", "README.md", "--today", "2026-11-25", "--select", "MS2,MS5", "--ignore", "MS4", cwd=proj)
    assert _codes_from_text(r.stdout) == ["MS201", "MS502"]
    assert r.returncode == 1


def test_pyproject_unknown_key_is_a_usage_error(tmp_path: Path) -> None:
    proj = _project(tmp_path, 'selct = ["MS4"]')
    r = run("check", "README.md", cwd=proj)
    assert r.returncode == 2
    assert "unknown key(s) in [tool.mdsurvey]: selct" in r.stderr


# --------------------------------------------------------------------------- suppression


def test_read_suppressions_next_non_blank_line_and_prefixes() -> None:
    texts = [
        "<!-- mdsurvey-disable-next-line MS201 ms5 -->",  # 1
        "",
        "   ",
        "row",  # 4: covered
        "<!-- mdsurvey-disable MS4 -->",  # 5
        "a",
        "<!-- mdsurvey-enable -->",  # 7
        "b",
        "<!-- mdsurvey-disable-next-line -->",  # 9
        "c",  # 10: every rule
    ]
    sup = read_suppressions(texts, set())
    assert sup.next_line == {4: ["MS201", "MS5"], 10: []}
    assert sup.ranges == [(5, 7, ["MS4"])]
    assert sup.covers(4, "MS201") and sup.covers(4, "MS502")
    assert not sup.covers(4, "MS403") and not sup.covers(2, "MS201") and not sup.covers(5, "MS201")
    assert sup.covers(6, "MS403") and sup.covers(6, "MS401") and not sup.covers(6, "MS201")
    assert not sup.covers(8, "MS403")
    assert sup.covers(10, "MS101") and sup.covers(10, "MS502")


def test_read_suppressions_enable_with_codes_and_unclosed_ranges() -> None:
    texts = [
        "<!-- mdsurvey-disable MS2 -->",
        "<!-- mdsurvey-disable MS5 -->",
        "x",
        "<!-- mdsurvey-enable MS5 -->",  # closes only the MS5 range
        "y",
    ]
    sup = read_suppressions(texts, set())
    assert sorted(sup.ranges) == [(1, 5, ["MS2"]), (2, 4, ["MS5"])]
    assert sup.covers(5, "MS201") and not sup.covers(5, "MS502") and sup.covers(3, "MS502")
    # lines GitHub shows as code hold no directives
    assert read_suppressions(texts, {0, 1}).ranges == []


def test_disable_line_inside_a_row_silences_that_row_only() -> None:
    # the comment sits inside the row's last cell: a comment line between rows would end the table
    text = MIXED.replace("| [Paper]", "| <!-- mdsurvey-disable-line MS201 --> [Paper]", 1)
    assert codes_lines(findings(text)) == [("MS403", 10), ("MS502", 11)]


def test_disable_next_line_comment_applies_to_the_next_non_blank_line() -> None:
    text = (
        "# Notes\n\n<!-- mdsurvey-disable-next-line MS501 -->\n\n"
        "Notes from the cafÃ© meeting.\n\nMore from the cafÃ© later.\n"
    )
    assert codes_lines(findings(text)) == [("MS501", 7)]


def test_disable_next_line_names_only_its_codes() -> None:
    text = "# Notes\n\n<!-- mdsurvey-disable-next-line MS502 -->\nTODO: the cafÃ© list.\n"
    assert codes_lines(findings(text)) == [("MS501", 4)]


def test_disable_enable_range_by_prefix() -> None:
    text = "<!-- mdsurvey-disable MS4 -->\n" + MIXED + "<!-- mdsurvey-enable -->\n\nTODO: more.\n"
    # MIXED moved down one line: MS201 9, (MS403 11 suppressed), MS502 12; after the range: 16
    assert codes_lines(findings(text)) == [("MS201", 9), ("MS502", 12), ("MS502", 16)]


def test_disable_without_codes_or_enable_runs_to_the_end() -> None:
    assert findings("# T\n\n<!-- mdsurvey-disable -->\n\n" + MIXED) == []


def test_directive_inside_a_code_fence_is_not_a_directive() -> None:
    text = "```\n<!-- mdsurvey-disable -->\n```\n" + MIXED
    assert codes_lines(findings(text)) == [("MS201", 11), ("MS403", 13), ("MS502", 14)]


# --------------------------------------------------------------------------- exit codes and formats


@pytest.fixture
def files(tmp_path: Path) -> Path:
    texts = {
        "clean": doc(R1, R2),
        "warning": doc(row(authors="Ada Quill, TODO"), R2),  # MS502 only
        "mixed": MIXED,
    }
    for name, text in texts.items():
        (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
    return tmp_path


TEXT_LINE = re.compile(
    r"\A(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>MS\d{3})(?: \[\*\])? (?P<msg>.+)\Z"
)


def test_exit_codes(files: Path) -> None:
    clean = run("check", "clean.md", "--today", "2026-11-25", cwd=files)
    assert (clean.returncode, clean.stdout) == (0, "All checks passed!\n")
    warn = run("check", "warning.md", "--today", "2026-11-25", cwd=files)
    assert warn.returncode == 0
    assert warn.stdout.startswith("warning.md:8:") and "MS502" in warn.stdout
    assert warn.stdout.endswith("Found 0 errors and 1 warning.\n")
    strict = run("check", "warning.md", "--today", "2026-11-25", "--strict", cwd=files)
    assert strict.returncode == 1
    missing = run("check", "nowhere.md", cwd=files)
    assert missing.returncode == 2 and "nowhere.md" in missing.stderr
    bad_date = run("check", "clean.md", "--today", "2026-13-01", cwd=files)
    assert bad_date.returncode == 2 and "not a date" in bad_date.stderr


def test_text_output_and_summary(files: Path) -> None:
    r = run("check", "mixed.md", "--today", "2026-11-25", cwd=files)
    assert r.returncode == 1
    *lines, summary = r.stdout.splitlines()
    parsed = [TEXT_LINE.match(x) for x in lines]
    assert all(parsed), lines
    got = [(m["path"], int(m["line"]), m["code"]) for m in parsed if m]
    assert got == [("mixed.md", 8, "MS201"), ("mixed.md", 10, "MS403"), ("mixed.md", 11, "MS502")]
    assert lines[0].startswith("mixed.md:8:3: MS201 [*] date badge says 2026.11")
    # mixed.md's order is inferred from four rows: sorting it is an unsafe fix
    assert summary == (
        "Found 1 error and 2 warnings. [*] 1 fixable with `mdsurvey fix`. "
        "1 more fixable with `mdsurvey fix --unsafe-fixes`."
    )


def test_json_output(files: Path) -> None:
    r = run("check", "mixed.md", "--today", "2026-11-25", "--output-format", "json", cwd=files)
    assert r.returncode == 1
    data = json.loads(r.stdout)
    keys = {"path", "line", "column", "end_line", "end_column", "code", "severity", "message", "fixable"}
    assert all(keys <= set(d) for d in data)
    assert [(d["path"], d["code"], d["line"], d["severity"], d["fixable"]) for d in data] == [
        ("mixed.md", "MS201", 8, "error", True),
        ("mixed.md", "MS403", 10, "warning", True),
        ("mixed.md", "MS502", 11, "warning", False),
    ]
    assert data[0]["column"] == 3 and data[0]["end_line"] == 8 and data[0]["end_column"] > 3
    assert data[0]["message"].startswith("date badge says 2026.11 but arXiv id 2610.01111")


def test_github_output(files: Path) -> None:
    r = run("check", "mixed.md", "--today", "2026-11-25", "--output-format", "github", cwd=files)
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("::error file=mixed.md,line=8,col=3,")
    assert "title=MS201 date-arxiv-mismatch::date badge says 2026.11" in lines[0]
    assert lines[1].startswith("::warning file=mixed.md,line=10,col=1,")
    assert lines[2].startswith("::warning file=mixed.md,line=11,")


def test_github_output_escapes_newlines_and_property_separators() -> None:
    f = Finding("dir,a/b:c.md", 4, 2, "MS502", "first line\nsecond 100%", "warning")
    assert format_findings([f], "github") == (
        "::warning file=dir%2Ca/b%3Ac.md,line=4,col=2,title=MS502 placeholder::first line%0Asecond 100%25\n"
    )


# --------------------------------------------------------------------------- the seed file


@needs_shared
@pytest.mark.skipif(not SEED.is_file(), reason="seed README not present")
def test_seed_readme() -> None:
    r = run("check", str(SEED), "--today", "2026-11-25", "--output-format", "json")
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)

    def lines_of(code: str) -> list[int]:
        return sorted({d["line"] for d in data if d["code"] == code})

    ms101 = [d for d in data if d["code"] == "MS101"]
    assert [d["line"] for d in ms101] == [53]
    assert "it hides 11 <details> blocks" in ms101[0]["message"]
    assert lines_of("MS301") == [17, 30]
    assert lines_of("MS501") == [17, 28, 49, 51]
