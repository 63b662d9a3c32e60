"""Issue 11 defects `check` used to miss: a date/year column that disagrees with the row's
arXiv id (MS201) and a stars badge whose own link is malformed (MS210). Invented papers only."""

from __future__ import annotations

import datetime as dt

import mdsurvey
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options, check_survey
from mdsurvey.lint.findings import Finding

TODAY = dt.date(2026, 11, 25)


def found(text: str, code: str) -> list[Finding]:
    """Findings of one code for `text` checked as README.md."""
    out = check_survey(mdsurvey.loads(text), "README.md", Config(), Options(today=TODAY))
    return [f for f in out if f.code == code]


def date_table(first_date: str, header: str = "Date") -> str:
    """A plain table dating papers by arXiv month; the first row's date is `first_date`."""
    rows = [f"| {first_date} | [Invented Paper Zero](https://arxiv.org/abs/2406.01234) |"]
    for i in range(1, 6):
        d = f"2025.0{i}" if header == "Date" else "2025"
        rows.append(f"| {d} | [Invented Paper {i}](https://arxiv.org/abs/250{i}.0{i}111) |")
    return f"# S\n\n| {header} | Title |\n|---|---|\n" + "\n".join(rows) + "\n"


def test_date_column_earlier_than_arxiv_id_is_reported() -> None:
    hits = found(date_table("2024.02"), "MS201")
    assert [(f.line, f.column) for f in hits] == [(5, 2)]
    assert "'2024.02'" in hits[0].message and "2406.01234 is from 2024-06" in hits[0].message


def test_date_column_a_year_late_is_reported_and_a_month_boundary_is_not() -> None:
    assert [f.line for f in found(date_table("2025.06"), "MS201")] == [5]
    assert found(date_table("2024.05"), "MS201") == []  # submitted on the last day of May
    assert found(date_table("2024.07"), "MS201") == []
    assert found(date_table("2024-06-03"), "MS201") == []


def test_date_column_a_few_months_late_may_be_a_later_version() -> None:
    assert found(date_table("2024.09"), "MS201") == []


def test_year_column_allows_the_publication_year_after_the_preprint() -> None:
    assert found(date_table("2025", header="Year"), "MS201") == []
    assert found(date_table("2024", header="Year"), "MS201") == []
    assert [f.line for f in found(date_table("2023", header="Year"), "MS201")] == [5]
    assert [f.line for f in found(date_table("2026", header="Year"), "MS201")] == [5]


def test_date_column_meaning_something_else_is_not_checked() -> None:
    # the column is the day the group read the paper: almost no row agrees with its id
    link = "[Invented Paper {0}](https://arxiv.org/abs/210{0}.0{0}111)"
    rows = [f"| 2026-0{i}-1{i} | " + link.format(i) + " |" for i in range(1, 7)]
    text = "# S\n\n| Date | Title |\n|---|---|\n" + "\n".join(rows) + "\n"
    assert found(text, "MS201") == []
    fixed = text.replace("2026-01-11", "2021-01-11").replace("2026-02-12", "2021-02-12")
    fixed = fixed.replace("2026-03-13", "2021-03-13").replace("2026-04-14", "2021-04-14")
    fixed = fixed.replace("2026-05-15", "2021-05-15")
    assert [f.line for f in found(fixed, "MS201")] == [10]


STAR = "https://img.shields.io/github/stars/"


def stars_row(image_repo: str, link: str) -> str:
    """A one-row paper table whose stars badge shows `image_repo` and links `link`."""
    return (
        "# S\n\n| Title | Code |\n|---|---|\n"
        "| [Invented Paper](https://arxiv.org/abs/2601.00001) | "
        f"[![Star]({STAR}{image_repo}.svg?style=social)]({link}) |\n"
    )


def test_stars_badge_linking_a_doubled_or_slashless_github_url_is_reported_once_by_ms304() -> None:
    good = stars_row("alice/widget", "https://github.com/alice/widget")
    assert found(good, "MS210") == found(good, "MS304") == []
    for bad, what in (
        ("https://github.com/https://github.com/alice/widget", "a URL inside a URL"),
        ("https://github.comalice/widget", "the host github.com is glued to the path"),
    ):
        text = stars_row("alice/widget", bad)
        # one defect, one finding: MS304 names the repair at the URL; MS210 leaves it alone
        assert found(text, "MS210") == []
        hits = found(text, "MS304")
        assert [(f.line, f.column) for f in hits] == [(5, 1 + text.splitlines()[4].index(bad))], bad
        assert what in hits[0].message


def test_stars_badge_linking_a_non_github_page_is_reported() -> None:
    hits = found(stars_row("alice/widget", "https://alice.example.org/widget"), "MS210")
    assert len(hits) == 1 and "'https://alice.example.org/widget'" in hits[0].message


def test_stars_badge_linking_another_repository_than_it_counts_is_reported() -> None:
    hits = found(stars_row("alice/widget", "https://github.com/bob/gadget"), "MS210")
    assert len(hits) == 1 and "counts alice/widget but links github.com/bob/gadget" in hits[0].message
    assert found(stars_row("alice/widget", "https://github.com/Alice/widget/tree/main"), "MS210") == []


def test_stars_badge_url_without_a_repository_is_reported() -> None:
    text = stars_row("alice/widget", "https://github.com/alice/widget")
    text = text.replace("alice/widget.svg", "alice.svg")
    hits = found(text, "MS210")
    # github/stars/OWNER is shields' valid "user's stars" badge: it counts the whole account
    assert len(hits) == 1 and "counts every repository of alice" in hits[0].message
    assert "shows an error" not in hits[0].message
    # a path that is no user at all is a broken badge
    broken = found(text.replace("stars/alice.svg", "stars/-alice-.svg"), "MS210")
    assert len(broken) == 1 and "names no repository" in broken[0].message
