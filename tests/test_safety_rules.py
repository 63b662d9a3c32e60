"""Safe fixes must not change meaning (issue 9): a spelling guess and a sort on an inferred order
are unsafe unless the evidence is configured or overwhelming; a pinned first row is deliberate.
All papers, authors and tags here are invented."""

from __future__ import annotations

import datetime as dt
from typing import Any

import mdsurvey
from mdsurvey.fix.fixer import fix_text
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options, check_survey
from mdsurvey.lint.findings import Finding

OPTS = Options(today=dt.date(2026, 11, 25))
HEADER = "| **Title & Authors** | **Tags** | **Links** |\n| --- | --- | :---: |\n"


def row(aid: str, title: str, tag: str = "Token--Pruning", date: str | None = None) -> str:
    """A badge-table row; `date` "" leaves the row without any date (no badge, no arXiv id)."""
    if date == "":
        first, url = f"[{title}](https://example.org/{title.replace(' ', '-')})", ""
    else:
        d = date or f"20{aid[:2]}\\.{aid[2:4]}"
        url = f"https://arxiv.org/abs/{aid}"
        first = f"[![Arxiv](https://img.shields.io/badge/arXiv-{d}-red)]() <br>[{title}]({url})"
    tags = f"[![Area](https://img.shields.io/badge/{tag}-purple)]()"
    link = f"[Paper]({url})" if url else ""
    return f"| {first}<br>Ada Quill | {tags} | {link} |"


def table(summary: str, *rows: str) -> str:
    body = "".join(r + "\n" for r in rows)
    return f"<details open>\n<summary>{summary}</summary>\n\n{HEADER}{body}</details>\n\n"


def survey(*tables: str) -> str:
    return "# Awesome Invented Compression\n\n" + "".join(tables)


def found(text: str, code: str, **config: Any) -> list[Finding]:
    """Findings of one rule on `text`, with a fixed config."""
    out = check_survey(mdsurvey.loads(text), "README.md", Config(**config), OPTS)
    return [f for f in out if f.code == code]


def fixed(text: str, unsafe: bool = False, **config: Any) -> str:
    """`text` after `fix` (safe fixes only unless `unsafe`)."""
    return fix_text(text, "README.md", Config(**config), OPTS, unsafe=unsafe).text


def ids(n: int, start_month: int = 12, year: int = 25) -> list[str]:
    """n arXiv ids, newest first, one a month going back from 20YY-MM."""
    out = []
    y, m = year, start_month
    for i in range(n):
        out.append(f"{y:02d}{m:02d}.{10000 + i:05d}")
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    return out


# --------------------------------------------------------------------------- MS205


def _tags(last: str) -> str:
    return survey(
        table(
            "Language",
            row("2610.01111", "Lantern Heads", "Attention--Based"),
            row("2609.02222", "Sieve Heads", "Attention--Based"),
            row("2608.03333", "Quiet Heads", "Attention--Based"),
            row("2607.04444", "Paper Heads", last),
        )
    )


def test_ms205_spelling_guess_is_reported_but_not_a_safe_fix() -> None:
    text = _tags("Retention--Based")  # a new tag two letters from a known one
    [f] = found(text, "MS205")
    assert "did you mean 'Attention-Based'" in f.message
    assert f.fix is not None and not f.fix.safe
    assert fixed(text) == text
    assert fixed(text, unsafe=True) == _tags("Attention--Based")


def test_ms205_case_and_punctuation_difference_is_a_safe_fix() -> None:
    text = _tags("attention--based")
    [f] = found(text, "MS205")
    assert f.fix is not None and f.fix.safe
    assert fixed(text) == _tags("Attention--Based")


def test_ms205_configured_vocabulary_makes_the_guess_safe() -> None:
    text = _tags("Retention--Based")
    vocab = {"vocabulary": {"area": ["Attention-Based", "Token-Pruning"]}}
    [f] = found(text, "MS205", **vocab)
    assert f.fix is not None and f.fix.safe
    assert fixed(text, **vocab) == _tags("Attention--Based")


# --------------------------------------------------------------------------- MS403


def _newest_first(n: int, summary: str) -> list[str]:
    return [row(a, f"{summary} Paper {i}") for i, a in enumerate(ids(n))]


def test_ms403_weak_inferred_order_is_an_unsafe_sort() -> None:
    rows = _newest_first(4, "Vision")
    text = survey(table("Vision", rows[0], rows[2], rows[1], rows[3]))
    [f] = found(text, "MS403")
    assert f.fix is not None and not f.fix.safe
    assert fixed(text) == text
    assert fixed(text, unsafe=True) == survey(table("Vision", *rows))


def test_ms403_overwhelming_inferred_order_is_a_safe_sort() -> None:
    # 24 dated neighbours, 23 in order (96%), one misplaced row in the table
    big = _newest_first(20, "Vision")
    small = _newest_first(6, "Audio")
    text = survey(table("Vision", *big), table("Audio", small[0], small[2], small[1], *small[3:]))
    [f] = found(text, "MS403")
    assert f.fix is not None and f.fix.safe
    assert fixed(text) == survey(table("Vision", *big), table("Audio", *small))


def test_ms403_strong_file_order_but_a_shuffled_table_is_unsafe() -> None:
    big = _newest_first(40, "Vision")
    s = _newest_first(6, "Audio")
    shuffled = [s[3], s[0], s[4], s[1], s[5], s[2]]  # three rows misplaced
    text = survey(table("Vision", *big), table("Audio", *shuffled))
    [f] = found(text, "MS403")
    assert f.fix is not None and not f.fix.safe


def test_ms403_configured_order_is_a_safe_sort() -> None:
    rows = _newest_first(4, "Vision")
    text = survey(table("Vision", rows[0], rows[2], rows[1], rows[3]))
    [f] = found(text, "MS403", order="newest-first")
    assert f.fix is not None and f.fix.safe
    assert fixed(text, order="newest-first") == survey(table("Vision", *rows))


def test_ms403_pinned_first_row_is_deliberate() -> None:
    rows = _newest_first(5, "Vision")
    featured = row("2403.07777", "Featured Classic Paper")  # older, kept on top on purpose
    text = survey(table("Vision", featured, *rows))
    assert found(text, "MS403") == []
    assert found(text, "MS403", order="newest-first") == []
    # the same row lower down is misplaced
    text = survey(table("Vision", rows[0], featured, *rows[1:]))
    assert [f.line for f in found(text, "MS403")] == [9]


def test_ms403_sort_leaves_undated_rows_in_place() -> None:
    rows = _newest_first(4, "Vision")
    pinned = row("", "Undated Overview", date="")
    text = survey(table("Vision", pinned, rows[0], rows[2], rows[1], rows[3]))
    out = fixed(text, order="newest-first")
    assert out == survey(table("Vision", pinned, *rows))


def test_ms403_safe_sort_never_moves_the_first_row() -> None:
    # strong file order, but the table's first row (older, perhaps pinned) would move, and the
    # table is otherwise out of order too: the sort is only offered as unsafe
    big = _newest_first(40, "Vision")
    s = _newest_first(6, "Audio")
    featured = row("2403.07777", "Featured Classic Paper")
    text = survey(table("Vision", *big), table("Audio", featured, s[0], s[2], s[1], *s[3:]))
    [f] = found(text, "MS403")
    assert f.fix is not None and not f.fix.safe
    assert fixed(text) == text


# --------------------------------------------------------------------------- MS203 / MS212

PLAIN = "| Date | Title | Paper |\n| --- | --- | --- |\n"


def plain(*rows: str) -> str:
    return "# Awesome Invented Caches\n\n" + PLAIN + "".join(r + "\n" for r in rows)


def test_ms203_working_link_styles_are_not_default_findings() -> None:
    text = plain(
        "| 2026.01 | Lantern Cache | [[pdf]](https://arxiv.org/pdf/2601.01111.pdf) |",
        "| 2026.02 | [Sieve Cache](http://www.arxiv.org/abs/2602.02222v3) "
        "| [pdf](https://arxiv.org/pdf/2602.02222) |",
        "| 2026.03 | [Quiet Cache](https://arxiv.org/abs/2603.03333#) | |",
        "| 2026.04 | [Paper Cache](https://arxiv.org/abs/2604.04444?context=cs) | |",
    )
    assert found(text, "MS203") == []
    assert found(text, "MS212") == []  # opt-in: not run by default


def test_ms203_malformed_id_once_per_link_without_an_example_id() -> None:
    text = plain(
        "| 2026.01 | [Lantern Cache](https://arxiv.org/abs/261.01111#) "
        "| [Paper](https://arxiv.org/abs/261.01111#) |"
    )
    got = found(text, "MS203")
    # columns point at the start of each URL (its https://), as MS209's and MS212's do
    assert [(f.line, f.column) for f in got] == [(5, 29), (5, 73)]
    assert all("'261.01111'" in f.message and "2403.05527" not in f.message for f in got)


def test_ms203_link_in_a_code_span_is_not_a_link() -> None:
    text = plain(
        "| 2026.01 | Lantern Cache `https://arxiv.org/abs/26.011` "
        "| [Paper](https://arxiv.org/abs/2601.01111) |"
    )
    assert found(text, "MS203") == []


def test_ms212_opt_in_reports_title_links_once_and_spares_pdf_labels() -> None:
    text = plain(
        "| 2026.01 | Lantern Cache | [[pdf]](https://arxiv.org/pdf/2601.01111.pdf) |",
        "| 2026.02 | [Sieve Cache](https://arxiv.org/abs/2602.02222#) "
        "| [PDF](https://arxiv.org/pdf/2602.02222) |",
    )
    got = found(text, "MS212", select=["MS", "MS212"])
    assert [(f.line, f.message) for f in got] == [
        (
            6,
            "arXiv link https://arxiv.org/abs/2602.02222# is not canonical: use https://arxiv.org/abs/2602.02222",
        )
    ]
    assert got[0].fix is not None and got[0].fix.safe
    assert found(text, "MS212", select=["MS2"]) == []  # a prefix does not turn it on


# --------------------------------------------------------------------------- MS402

MAIN = "## Methods\n\n| Title | Venue | Date |\n| --- | --- | --- |\n"


def main_row(title: str, aid: str, date: str) -> str:
    return f"| [{title}](https://arxiv.org/pdf/{aid}.pdf) | arXiv | {date} |\n"


def copies(main: str, other: str) -> str:
    return "# Awesome Invented Models\n\n" + MAIN + main + "\n" + other


def test_ms402_name_paper_table_reads_the_title_from_the_paper_column() -> None:
    other = (
        "## Datasets\n\n| Name | Paper | Type |\n| --- | --- | --- |\n"
        "| **Lantern-1M** | [Lantern: Teaching Models to Read by Candlelight]"
        "(https://arxiv.org/pdf/2601.01111.pdf) | Caption |\n"
        "| **Lantern-Eval** | [Lantern: Teaching Models to Read by Candlelight]"
        "(https://arxiv.org/pdf/2601.01111.pdf) | Bench |\n"
    )
    text = copies(
        main_row("Lantern: Teaching Models to Read by Candlelight", "2601.01111", "2026-01-09"), other
    )
    assert found(text, "MS402") == []
    # the same table, but the paper column names another paper than the main copy: reported
    renamed = other.replace(
        "Lantern: Teaching Models to Read by Candlelight", "Reading at Night With Small Lamps"
    )
    got = found(
        copies(
            main_row("Lantern: Teaching Models to Read by Candlelight", "2601.01111", "2026-01-09"), renamed
        ),
        "MS402",
    )
    assert [f.line for f in got] == [13, 14]
    assert "'Reading at Night With Small Lamps' vs 'Lantern: Teaching" in got[0].message


def test_ms402_arxiv_derived_date_is_not_a_stated_date() -> None:
    other = (
        "## Datasets\n\n| Name | Paper | Type |\n| --- | --- | --- |\n"
        "| **Sieve-QA** | [Sieve Stacks for Question Answering]"
        "(https://arxiv.org/pdf/2603.02222.pdf) | QA |\n"
    )
    # the main copy's date column says May (a later version); the dataset row states no date
    text = copies(main_row("Sieve Stacks for Question Answering", "2603.02222", "2026-05-10"), other)
    assert found(text, "MS402") == []


def test_ms402_stated_dates_that_differ_are_reported() -> None:
    other = "## Others\n\n| Title | Venue | Date |\n| --- | --- | --- |\n" + main_row(
        "Sieve Stacks for Question Answering", "2603.02222", "2026-02-01"
    )
    text = copies(main_row("Sieve Stacks for Question Answering", "2603.02222", "2026-05-10"), other)
    assert [f.line for f in found(text, "MS402")] == [13]


def test_ms402_weekly_digest_summary_is_not_a_title() -> None:
    digest = (
        "| **Paper** | **Links** |\n| --- | --- |\n"
        "| 1) **Lantern 2** - a compact model that reads long documents by candlelight; it uses a "
        "sparse cache of glowing tokens and beats larger models on several invented benchmarks while "
        "using a fraction of the memory. | [Paper](https://example.org/lantern-report.pdf) |\n"
    )
    text = (
        "# Invented Papers of the Week\n\n## Week 1\n\n"
        + digest
        + "\n## Week 9\n\n"
        + digest.replace("1) **Lantern 2** - a compact", "3) **Lantern 2 Mini** - a smaller")
    )
    assert found(text, "MS402") == []


def test_ms402_nickname_beside_the_same_link_is_not_a_disagreement() -> None:
    other = "## Video\n\n| Title | Venue | Date |\n| --- | --- | --- |\n" + main_row(
        "QuietFrames", "2604.04444", "2026-04-02"
    )
    text = copies(main_row("Dropping Idle Tokens in Long Video Models", "2604.04444", "2026-04-02"), other)
    assert found(text, "MS402") == []


# --------------------------------------------------------------------------- MS401

VIDEOS = "| Date | Title | Length |\n| --- | --- | --- |\n"


def test_ms401_videos_about_one_paper_are_not_duplicates() -> None:
    text = (
        "# Invented Reading Group\n\n"
        + VIDEOS
        + "| 3/2/26 | [Lantern Tokens](https://arxiv.org/abs/2601.01111) close reading, part 2 | 1:02:03 |\n"
        + "| 2/2/26 | [Lantern Tokens](https://arxiv.org/abs/2601.01111) close reading, part 1 | 58:10 |\n"
        + "| 1/2/26 | Why candles matter: [Lantern Tokens](https://arxiv.org/abs/2601.01111) | 12:00 |\n"
    )
    assert found(text, "MS401") == []


def test_ms401_two_datasets_from_one_paper_are_not_duplicates() -> None:
    text = (
        "# Invented Datasets\n\n| Name | Paper | Type |\n| --- | --- | --- |\n"
        "| **Lantern-QA** | [Lantern: Reading by Candlelight](https://arxiv.org/abs/2601.01111) | QA |\n"
        "| **Lantern-Cap** | [Lantern: Reading by Candlelight](https://arxiv.org/abs/2601.01111) | Cap |\n"
        "| **Wick** | [Lantern: Reading by Candlelight](https://arxiv.org/abs/2601.01111) | Bench |\n"
    )
    assert found(text, "MS401") == []


def test_ms401_real_duplicates_and_wrong_links_are_still_reported() -> None:
    text = (
        "# Invented Reading Group\n\n"
        + VIDEOS
        + "| 3/2/26 | [Lantern Tokens for Sparse Vision](https://arxiv.org/abs/2601.01111) | 1:02:03 |\n"
        + "| 2/2/26 | [Lantern Tokens for Sparse Vision](https://arxiv.org/abs/2601.01111) | 58:10 |\n"
        + "| 1/2/26 | [Quiet Frames: Dropping Idle Frames](https://arxiv.org/abs/2601.01111) | 12:00 |\n"
    )
    got = found(text, "MS401")
    assert [(f.line, f.message.split(":")[-1].strip()) for f in got] == [
        (6, "delete one of them"),
        (7, "one of the two links is wrong"),
    ]


# --------------------------------------------------------------------------- MS211 / MS207


def test_ms211_coming_soon_marker_and_code_span_are_not_empty_links() -> None:
    text = plain(
        "| 2026.01 | [Lantern Cache](https://arxiv.org/abs/2601.01111) | [Coming soon]() |",
        "| 2026.02 | [Sieve Cache](https://arxiv.org/abs/2602.02222) | write `[GitHub]()` to hide it |",
        "| 2026.03 | [Quiet Cache](https://arxiv.org/abs/2603.03333) | [GitHub]() |",
    )
    assert [(f.line, f.message) for f in found(text, "MS211")] == [
        (7, "link [GitHub] has no URL: fill it in or remove the link")
    ]


def test_ms207_table_where_no_row_links_lists_no_papers() -> None:
    rules_table = (
        "# invented-tool\n\n| code | name | what it checks |\n| --- | --- | --- |\n"
        "| XY101 | unclosed-fence | A fence never closes |\n"
        "| XY102 | empty-link | A link in a row points nowhere: `[GitHub]()` |\n"
    )
    assert found(rules_table, "MS207") == []
    papers = plain(
        "| 2026.01 | [Lantern Cache](https://arxiv.org/abs/2601.01111) | |",
        "| 2026.02 | Sieve Cache | |",
    )
    assert [f.line for f in found(papers, "MS207")] == [6]


# --------------------------------------------------------------------------- MS403: no order to enforce


def test_ms403_table_without_dates_or_date_order_is_not_checked() -> None:
    # the survey is newest first; its datasets table (dates only from arXiv ids) is in no date order
    big = _newest_first(12, "Vision")
    datasets = "## Datasets\n\n| Name | Paper | Type |\n| --- | --- | --- |\n" + "".join(
        f"| **Set{i}** | [Invented Set {i}](https://arxiv.org/abs/{a}) | QA |\n"
        for i, a in enumerate(["2301.01111", "2405.02222", "2203.03333", "2508.04444", "2102.05555"])
    )
    text = survey(table("Vision", *big)) + datasets
    assert found(text, "MS403") == []
    # the same table kept newest first but for one row is checked
    ordered = datasets
    for a, b in [("2301", "2601"), ("2405", "2512"), ("2203", "2204"), ("2508", "2310")]:
        ordered = ordered.replace(f"{a}.", f"{b}.")  # now 2601, 2512, 2204, 2310, 2102
    assert [f.line for f in found(survey(table("Vision", *big)) + ordered, "MS403")] == [28]


def test_ms403_too_few_dated_rows_fall_back_to_newest_first() -> None:
    rows = _newest_first(3, "Vision")  # 2512, 2511, 2510
    text = survey(table("Vision", rows[0], rows[2], rows[1]))  # one pair down, one up
    got = found(text, "MS403")
    assert [f.line for f in got] == [9]
    assert got[0].message.startswith("rows are not newest first")
    assert got[0].fix is not None and not got[0].fix.safe
    # a single pair of rows is still no order at all
    assert found(survey(table("Vision", rows[1], rows[0])), "MS403") == []
