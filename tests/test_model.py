"""The model: sections, tables, rows and papers read from fixtures and corpus files."""

from __future__ import annotations

import pytest
from conftest import CORPUS, FIXTURES, needs_shared

import mdsurvey


def load(name: str) -> mdsurvey.Survey:
    return mdsurvey.load(FIXTURES / name)


def test_sections_of_the_canonical_fixture() -> None:
    s = load("survey.md")
    assert [x.title for x in s.sections] == ["Image", "Video", "CVPR 2026", "NeurIPS 2025"]
    first = s.sections[0]
    assert first.heading_path[-2:] == ["Recent Papers (Last 6 Months)", "Image"]
    assert first.open is True and first.kind == "details"
    assert (first.start_line, first.end_line) == (42, 52)
    assert [len(list(x.rows)) for x in s.sections] == [5, 4, 4, 3]
    table = first.tables[0]
    assert table.header == ["**Title & Authors**", "**Areas**", "**Tags**", "**Links**"]
    assert table.alignments == [None, None, None, "center"]


def test_seed_style_row_becomes_a_paper() -> None:
    s = load("survey.md")
    row = next(s.rows)
    p = row.paper
    assert row.line == 47
    assert p.title and p.url and p.url.startswith("https://arxiv.org/abs/")
    assert p.arxiv_id == p.url.rsplit("/", 1)[1]
    # the date badge and the arXiv id agree in this clean file
    assert p.date_source == "badge"
    assert p.date == "20" + p.arxiv_id[:2] + "-" + p.arxiv_id[2:4]
    assert len(p.authors) >= 2 and all(a.strip() == a and a for a in p.authors)
    kinds = {(b.column, b.color) for b in p.badges}
    assert ("title & authors", "red") in kinds and ("areas", "purple") in kinds
    assert [x.text for x in p.links][:1] == ["Paper"]


def test_venue_rows_have_venue_code_and_date_from_arxiv() -> None:
    s = load("survey.md")
    cvpr = next(x for x in s.sections if x.title == "CVPR 2026")
    papers = [r.paper for r in cvpr.rows]
    assert all(p.venue == "CVPR 2026" for p in papers)
    assert all(p.date_source == "arxiv" for p in papers)
    with_code = [p for p in papers if p.code]
    assert with_code and all(p.code.startswith("https://github.com/") for p in with_code)
    stars = [b for p in papers for b in p.badges if b.kind == "github-stars"]
    assert stars and all(b.link == "https://github.com/" + b.repo for b in stars if b.repo)


def test_style_variations() -> None:
    s = load("styles.md")
    rows = {r.line: r for r in s.rows}
    # no trailing pipe: still four cells
    assert len(rows[21].cells) == 4 and not rows[21].source.rstrip().endswith("|")
    # every <br> spelling separates title and authors
    assert all(rows[n].paper.authors for n in (31, 32, 33))
    # HTML <img> badges, bare and wrapped in <a>
    html_badges = [b for n in (41, 42, 43) for b in rows[n].paper.badges if b.style == "html"]
    assert html_badges and all(b.kind == "static" for b in html_badges)
    assert any(b.link for b in html_badges)
    # the trailing [//]: # note is kept verbatim, not lost
    assert rows[51].paper.extras == ["[//]: #03/27"]
    assert "\u00a0" in (rows[61].paper.title or "")
    collapsed = next(x for x in s.sections if x.title == "Collapsed Section")
    assert collapsed.open is False
    assert "Bold Summary" in [x.title for x in s.sections]
    # an escaped pipe stays escaped in the cell and is a pipe in the title
    assert "\\|" in rows[107].cells[0] and "Prune | Merge" in (rows[107].paper.title or "")


def test_plain_tables_map_columns_by_header() -> None:
    s = load("plain.md")
    first = s.sections[0]
    assert first.kind == "heading" and first.open is None
    p = next(first.rows).paper
    assert p.title and p.url and p.date and p.venue
    assert p.date == s.tables[0].rows[0].cells[0][:7]
    second = s.sections[1]
    q = next(second.rows).paper
    assert q.authors == ["Priya Valmont", "Haruto Feldspar"]
    # the year column says 2025, the arXiv link says March 2025: the month wins
    assert q.date == "2025-03" and q.url == "https://arxiv.org/abs/2503.11290"
    assert q.code == "https://github.com/valmont/acorn"


def test_crlf_and_bom_fixtures_parse_like_lf() -> None:
    crlf = load("crlf.md")
    assert crlf.eol == "\r\n" and not crlf.dumps().endswith("\n")
    assert all(r.paper.title for r in crlf.rows)
    bom = load("bom.md")
    assert bom.bom and bom.dumps().startswith("\ufeff")
    assert [x.title for x in bom.sections] == ["Image", "Video"]


def test_editing_a_row_changes_only_that_line() -> None:
    text = (FIXTURES / "survey.md").read_text(encoding="utf-8")
    s = mdsurvey.loads(text)
    row = next(s.rows)
    row.source = row.source.replace("<br>", "<br/>", 1)
    out = s.dumps().split("\n")
    before = text.split("\n")
    changed = [i for i, (a, b) in enumerate(zip(before, out, strict=True)) if a != b]
    assert changed == [row.line - 1]


def test_reordering_rows_keeps_line_breaks_in_place() -> None:
    text = "| a |\r\n|---|\r\n| 1 |\r\n| 2 |\r\n| 3 |"
    s = mdsurvey.loads(text)
    s.tables[0].rows.reverse()
    assert s.dumps() == "| a |\r\n|---|\r\n| 3 |\r\n| 2 |\r\n| 1 |"


def test_row_source_rejects_line_breaks() -> None:
    s = mdsurvey.loads("| a |\n|---|\n| 1 |\n")
    with pytest.raises(ValueError):
        s.tables[0].rows[0].source = "| 1 |\n| 2 |"


def test_table_after_summary_without_blank_line_is_not_a_table() -> None:
    text = "<details>\n<summary>S</summary>\n| a | b |\n|---|---|\n| 1 | 2 |\n</details>\n"
    assert mdsurvey.loads(text).tables == []
    fixed = text.replace("</summary>\n", "</summary>\n\n")
    assert [len(t.rows) for t in mdsurvey.loads(fixed).tables] == [1]


@pytest.mark.parametrize("wrapper", [("```\n", "```\n"), ("<!--\n", "-->\n"), ("", "")])
def test_tables_hidden_in_code_or_comments_are_not_tables(wrapper: tuple[str, str]) -> None:
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    if not wrapper[0]:
        table = "".join("    " + x + "\n" for x in table.splitlines())
    assert mdsurvey.loads(wrapper[0] + table + wrapper[1]).tables == []


def test_unclosed_fence_hides_the_rest() -> None:
    s = load("broken.md")
    fences = s.blocks.fences
    assert [f.closed for f in fences][-1] is False
    assert all(t.header_line < fences[-1].start for t in s.tables)


@needs_shared
def test_cokeshao_readme_has_63_rows_with_titles_urls_dates_authors() -> None:
    s = mdsurvey.load(CORPUS / "cokeshao__Awesome-Multimodal-Token-Compression" / "README.md")
    rows = list(s.rows)
    assert len(rows) == 63
    assert all(r.paper.title and r.paper.url for r in rows)
    assert all(r.paper.date for r in rows)
    assert sum(1 for r in rows if r.paper.authors) >= 55
    # where a title cell names authors, they are what the cell shows after the last <br>
    for r in rows:
        if r.paper.authors:
            assert r.paper.authors[0] in r.cells[0]


def test_hand_written_html_tables_are_read_with_their_papers() -> None:
    from mdsurvey.analysis.records import records
    from mdsurvey.survey.htmltables import find_html_tables

    text = (
        "## Pruning\n\n<table>\n<thead>\n<tr><th>Title</th><th>Publication</th><th>Date</th></tr>\n"
        '</thead>\n<tbody>\n<tr>\n  <td><a href="https://arxiv.org/abs/2604.01234">\n'
        "    Quiet Gaussians: Pruning Splats by Silence\n  </a></td>\n"
        "  <td>CVPR</td>\n  <td>2026</td>\n</tr>\n"
        "</tbody>\n</table>\n\n```html\n<table><tr><td>not a table</td></tr></table>\n```\n"
    )
    survey = mdsurvey.loads(text)
    assert survey.tables == []  # an HTML table is not a GFM table
    tables = find_html_tables(survey)
    assert len(tables) == 1 and tables[0].header == ["Title", "Publication", "Date"]
    row = tables[0].rows[0]
    assert row.line == 8
    assert row.paper.title == "Quiet Gaussians: Pruning Splats by Silence"
    assert row.paper.url == "https://arxiv.org/abs/2604.01234" and row.paper.date == "2026-04"
    recs = records(survey)
    assert [(r["table"], r["section"], r["line"]) for r in recs] == [("html", "Pruning", 8)]
