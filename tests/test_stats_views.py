"""`stats` numbers, and the generated views (contents list, papers per year) kept by MS601.

Every survey here is invented: the papers, authors and ids do not exist.
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT, read_exact

import mdsurvey
from mdsurvey.analysis.markers import generated_lines, scan_markers, view_regions
from mdsurvey.analysis.records import records
from mdsurvey.analysis.stats import compute
from mdsurvey.analysis.views import stats_lines, toc_lines
from mdsurvey.fix.fixer import fix_text
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options, check_survey
from mdsurvey.lint.rules._shared.links import anchors_of
from mdsurvey.output.export import to_bibtex
from mdsurvey.output.statsreport import format_text

TODAY = datetime.date(2026, 11, 25)
OPTS = Options(today=TODAY)


# --- stats -----------------------------------------------------------------------------
#
# fixtures/survey.md, counted by hand:
#   rows: Image 5, Video 4, CVPR 2026 4, NeurIPS 2025 3 = 16
#   Lantern Merge (Image + CVPR 2026) and Clip Sieve (Video + CVPR 2026) are listed twice:
#   16 - 2 = 14 distinct papers, 2 of them in more than one section
#   years (date badge, else arXiv id): 2026: Glimpse, Token Tides, Pebble, Quiet Patches,
#     Lantern, Sparse Lattice, Frame Ledger, Drift Cuts, Clip Sieve, Mosaic (2603) = 10;
#     2025: Echo Pools (2512), Thrifty (2510), Half-Life (2509), Coarse-to-Kind (2507) = 4
#   venues: CVPR 2026: Lantern, Clip Sieve, Mosaic, Echo = 4; NeurIPS 2025: 3; none: 7
#   areas: Image-LLM: Glimpse, Token Tides, Pebble, Quiet, Lantern, Mosaic, Thrifty = 7;
#     Video-LLM: Sparse, Frame Ledger, Drift, Clip Sieve, Half-Life = 5; Streaming-Video-LLM,
#     GUI-Agent, Omni-LLM, Vision-Transformer: 1 each
#   categories: Attention-Based: Glimpse, Quiet, Sparse, Clip Sieve, Echo = 5;
#     Similarity-Based: Token Tides, Pebble, Lantern, Sparse, Half-Life = 5;
#     Query-Based: Token Tides, Frame Ledger, Mosaic, Coarse = 4; Transformation-Based: Thrifty = 1
#   cost: Training-Free: Glimpse, Pebble, Quiet, Lantern, Sparse, Drift, Clip Sieve, Echo,
#     Half-Life = 9; Training-Based: Token Tides, Frame Ledger, Mosaic, Thrifty, Coarse = 5


def test_stats_on_the_fixture_match_a_hand_count() -> None:
    st = compute(mdsurvey.load(FIXTURES / "survey.md"))
    assert (st.rows, st.papers, st.repeated) == (16, 14, 2)
    assert [(s.place.title, s.rows, s.papers) for s in st.sections] == [
        ("Image", 5, 5),
        ("Video", 4, 4),
        ("CVPR 2026", 4, 4),
        ("NeurIPS 2025", 3, 3),
    ]
    assert st.years == [("2026", 10), ("2025", 4)]
    assert st.venues == [("CVPR 2026", 4), ("NeurIPS 2025", 3), (None, 7)]
    assert st.tags["area"] == [
        ("Image-LLM", 7),
        ("Video-LLM", 5),
        ("GUI-Agent", 1),
        ("Omni-LLM", 1),
        ("Streaming-Video-LLM", 1),
        ("Vision-Transformer", 1),
    ]
    assert st.tags["category"] == [
        ("Attention-Based", 5),
        ("Similarity-Based", 5),
        ("Query-Based", 4),
        ("Transformation-Based", 1),
    ]
    assert st.tags["cost"] == [("Training-Free", 9), ("Training-Based", 5)]
    assert sum(n for _, n in st.years) == sum(n for _, n in st.venues) == st.papers


def test_stats_on_a_plain_table_survey() -> None:
    # fixtures/plain.md: 4 rows under "Papers by Date" (2026, 2026, 2025, 2025), 3 under
    # "Classic Baselines" (Year column 2025, 2024, 2024 but arXiv ids 2503, 2410, 2402: the year
    # column gives only a year, so the arXiv month wins); no badges, so no tags
    st = compute(mdsurvey.load(FIXTURES / "plain.md"))
    assert (st.rows, st.papers, st.repeated) == (7, 7, 0)
    assert [(s.place.title, s.papers) for s in st.sections] == [
        ("Papers by Date", 4),
        ("Classic Baselines", 3),
    ]
    assert st.years == [("2026", 2), ("2025", 3), ("2024", 2)]
    assert st.venues == [("arXiv", 2), ("ICLR 2026", 1), ("NeurIPS 2025", 1), (None, 3)]
    assert all(not v for v in st.tags.values())


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mdsurvey", *args], capture_output=True, cwd=ROOT, check=False
    )


def test_stats_cli_json_and_text() -> None:
    r = run("stats", "--format", "json", str(FIXTURES / "survey.md"))
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert (data["rows"], data["papers"], data["papers_in_several_sections"]) == (16, 14, 2)
    assert data["years"] == [{"year": "2026", "papers": 10}, {"year": "2025", "papers": 4}]
    assert data["venues"][-1] == {"venue": None, "papers": 7}
    assert data["tags"]["cost"] == [
        {"tag": "Training-Free", "papers": 9},
        {"tag": "Training-Based", "papers": 5},
    ]
    t = run("stats", str(FIXTURES / "survey.md"))
    assert t.returncode == 0
    text = t.stdout.decode("utf-8")
    assert text.splitlines()[0].endswith(
        "14 distinct papers in 16 table rows (2 papers listed in more than one section)"
    )
    assert text == format_text(compute(mdsurvey.load(FIXTURES / "survey.md")), str(FIXTURES / "survey.md"))
    assert run("stats", str(FIXTURES / "survey.md")).stdout == t.stdout


# --- generated views -------------------------------------------------------------------

VIEWS_SURVEY = """\
# Awesome Lantern Papers

## Contents

<!-- mdsurvey:toc -->
- [Stale](#stale) (1)
<!-- /mdsurvey:toc -->

## Papers per Year

<!-- mdsurvey:stats -->
<!-- /mdsurvey:stats -->

## Image & Video: *Lanterns* (2026)

### Image

<details open>
<summary><strong>2026</strong></summary>

| Title | Date |
| --- | --- |
| [Lantern Merge for Tiny Encoders](https://arxiv.org/abs/2606.14420) | 2026-06 |
| [Quiet Patches Without Retraining](https://arxiv.org/abs/2601.00936) | 2026-01 |

</details>

<details>
<summary>2025</summary>

| Title | Date |
| --- | --- |
| [Pebble Pruning on a Budget](https://arxiv.org/abs/2508.20571) | 2025-08 |

</details>

### Video

| Title | Date |
| --- | --- |
| [Lantern Merge for Tiny Encoders](https://arxiv.org/abs/2606.14420) | 2026-06 |
| [Drift Cuts for Streaming Captioners](https://example.org/drift) | |

### Image

| Title | Date |
| --- | --- |
| [Echo Pools for Omni Models](https://arxiv.org/abs/2512.09034) | 2025-12 |

## Audio & Speech

| Title | Date |
| --- | --- |
| [Whisper Lanterns for Speech Models](https://arxiv.org/abs/2604.00001) | 2026-04 |

## Contact

Nobody; this survey is invented.
"""

EXPECTED_TOC = [
    # link text is the heading's plain text (emphasis gone), Markdown specials escaped
    "- [Image \\& Video: Lanterns (2026)](#image--video-lanterns-2026) (5)",
    "  - [Image](#image) (3)",  # Lantern Merge, Quiet Patches, Pebble Pruning
    "    - 2026 (2)",
    "    - 2025 (1)",
    "  - [Video](#video) (2)",  # Lantern Merge again, Drift Cuts
    "  - [Image](#image-1) (1)",  # a repeated heading: GitHub's anchor is image-1
    "- [Audio \\& Speech](#audio--speech) (1)",
]
EXPECTED_STATS = [
    "| Year | Number of papers |",
    "| --- | ---: |",
    "| 2026 | 3 |",  # Lantern Merge (listed twice), Quiet Patches, Whisper Lanterns
    "| 2025 | 2 |",  # Pebble Pruning, Echo Pools
    "| Undated | 1 |",  # Drift Cuts: no date, no arXiv id
    "| **Total** | **6** |",
]


def codes(text: str) -> list[str]:
    return [f.code for f in check_survey(mdsurvey.loads(text), "x.md", Config(), OPTS)]


def fill(text: str) -> str:
    return fix_text(text, "x.md", Config(), Options(today=TODAY)).text


def outside(text: str) -> list[str]:
    """Every line that is not strictly between a pair of markers."""
    lines = text.splitlines(keepends=True)
    inner = generated_lines(mdsurvey.loads(text))
    return [x for i, x in enumerate(lines) if i not in inner]


def test_markers_get_ms601_and_fix_fills_them_once() -> None:
    findings = check_survey(mdsurvey.loads(VIEWS_SURVEY), "x.md", Config(), OPTS)
    stale = [f for f in findings if f.code == "MS601"]
    assert [(f.line, f.end_line, f.severity) for f in stale] == [(5, 7, "warning"), (11, 12, "warning")]
    assert all(f.fix is not None and f.fix.safe and len(f.fix.edits) == 1 for f in stale)
    assert stale[0].fix is not None and stale[0].fix.edits[0].start == 5 and stale[0].fix.edits[0].end == 6

    result = fix_text(VIEWS_SURVEY, "x.md", Config(), Options(today=TODAY))
    out = result.text
    assert {f.code for f in result.applied} == {"MS601"}
    lines = out.split("\n")
    toc_at = lines.index("<!-- mdsurvey:toc -->")
    assert lines[toc_at + 1 : lines.index("<!-- /mdsurvey:toc -->")] == EXPECTED_TOC
    stats_at = lines.index("<!-- mdsurvey:stats -->")
    assert lines[stats_at + 1 : lines.index("<!-- /mdsurvey:stats -->")] == EXPECTED_STATS

    # everything outside the markers, marker lines included, is byte-identical
    assert outside(out) == outside(VIEWS_SURVEY)
    # idempotent: nothing left to do, no finding
    again = fix_text(out, "x.md", Config(), Options(today=TODAY))
    assert again.applied == [] and again.text == out
    assert "MS601" not in codes(out)


def test_toc_anchors_all_resolve() -> None:
    out = fill(VIEWS_SURVEY)
    survey = mdsurvey.loads(out)
    texts = [x.text for x in survey.lines]
    anchors = anchors_of(texts, [h.text for h in survey.headings], set())
    links = re.findall(r"\]\(#([^)]*)\)", "\n".join(toc_lines(survey)))
    assert len(links) == 5 and all(a in anchors for a in links)
    # and the broken-anchor rule agrees: the stale "#stale" link was the only broken one
    assert "MS301" in codes(VIEWS_SURVEY)
    assert "MS301" not in codes(out)


def test_generated_rows_are_not_papers() -> None:
    out = fill(VIEWS_SURVEY)
    before, after = mdsurvey.loads(VIEWS_SURVEY), mdsurvey.loads(out)
    # the stats table is a real GFM table in the file...
    assert len(list(after.rows)) == len(list(before.rows)) + 4
    # ...but export, stats, BibTeX and the views do not count its rows
    strip = [{k: v for k, v in r.items() if k != "line"} for r in records(before)]
    assert [{k: v for k, v in r.items() if k != "line"} for r in records(after)] == strip
    assert compute(after).papers == compute(before).papers == 6
    assert to_bibtex(after) == to_bibtex(before)
    assert stats_lines(after) == EXPECTED_STATS and toc_lines(after) == EXPECTED_TOC


def test_fixture_survey_with_views() -> None:
    text = read_exact(FIXTURES / "survey.md")
    marked = text.replace(
        "## Contents\n\n",
        "## Contents\n\n<!-- mdsurvey:toc -->\n<!-- /mdsurvey:toc -->\n\n"
        "<!-- mdsurvey:stats -->\n<!-- /mdsurvey:stats -->\n\n",
        1,
    )
    assert marked != text
    assert codes(marked).count("MS601") == 2
    out = fill(marked)
    # the page title (H1) and "Contents" (an H2 that wraps every H3) hold no section of their
    # own, so the list starts at the H3s; details blocks are plain text with their counts
    assert toc_lines(mdsurvey.loads(out)) == [
        "- [Recent Papers (Last 6 Months)](#recent-papers-last-6-months) (9)",
        "  - Image (5)",
        "  - Video (4)",
        "- [Published in Recent Conference/Journal](#published-in-recent-conferencejournal) (7)",
        "  - CVPR 2026 (4)",
        "  - NeurIPS 2025 (3)",
    ]
    assert "| 2026 | 10 |\n| 2025 | 4 |\n| **Total** | **14** |\n" in out
    assert outside(out) == outside(marked)
    assert fix_text(out, "x.md", Config(), Options(today=TODAY)).applied == []
    assert "MS601" not in codes(out) and "MS301" not in codes(out)


def test_crlf_file_gets_crlf_lines_and_stays_crlf() -> None:
    text = VIEWS_SURVEY.replace("\n", "\r\n")
    out = fill(text)
    assert "\r\n".join(EXPECTED_TOC) in out
    assert out.count("\n") == out.count("\r\n")
    assert outside(out) == outside(text)
    assert fix_text(out, "x.md", Config(), Options(today=TODAY)).applied == []


def test_view_regenerated_twice_in_one_run() -> None:
    # The MS102 fix reveals a hidden table in round 1, so the views written in round 1 are stale
    # again in round 2; the fixer's safety net must accept the second regeneration too.
    text = VIEWS_SURVEY.replace("<summary>2025</summary>\n\n| Title", "<summary>2025</summary>\n| Title", 1)
    assert "MS102" in codes(text)
    result = fix_text(text, "x.md", Config(), Options(today=TODAY))
    assert {f.code for f in result.applied} == {"MS601", "MS102"}
    assert sum(f.code == "MS601" for f in result.applied) == 4
    assert toc_lines(mdsurvey.loads(result.text)) == EXPECTED_TOC
    assert fix_text(result.text, "x.md", Config(), Options(today=TODAY)).applied == []


def test_markers_that_do_not_pair_are_reported_without_a_fix() -> None:
    text = "# T\n\n<!-- mdsurvey:toc -->\n\n<!-- /mdsurvey:stats -->\n"
    found = [f for f in check_survey(mdsurvey.loads(text), "x.md", Config(), OPTS) if f.code == "MS601"]
    assert [(f.line, f.fix) for f in found] == [(3, None), (5, None)]
    assert "never closed" in found[0].message and "closes nothing" in found[1].message
    assert fill(text) == text


def test_overlapping_views_are_left_alone() -> None:
    texts = [
        "<!-- mdsurvey:toc -->",
        "<!-- mdsurvey:stats -->",
        "<!-- /mdsurvey:toc -->",
        "<!-- /mdsurvey:stats -->",
    ]
    regions, problems = scan_markers(texts, set())
    assert regions == [] and len(problems) == 1 and "cannot overlap" in problems[0].message


def test_markers_in_code_are_not_views() -> None:
    text = "# T\n\n```markdown\n<!-- mdsurvey:toc -->\n<!-- /mdsurvey:toc -->\n```\n"
    assert view_regions(mdsurvey.loads(text)) == []
    assert "MS601" not in codes(text)


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("🔥 Hot Papers", "-hot-papers"),
        ("Papers (2026) — New!", "papers-2026--new"),
        ("Ünïcode_Stuff", "ünïcode_stuff"),
    ],
)
def test_toc_anchor_matches_github_slug(heading: str, anchor: str) -> None:
    text = (
        f"<!-- mdsurvey:toc -->\n<!-- /mdsurvey:toc -->\n\n## {heading}\n\n"
        "| Title | Date |\n| --- | --- |\n| [A Paper About Lanterns](https://example.org/a) | 2026-01 |\n"
    )
    out = fill(text)
    assert out.split("\n")[1] == f"- [{heading.replace('_', chr(92) + '_')}](#{anchor}) (1)"
    assert "MS301" not in codes(out)
