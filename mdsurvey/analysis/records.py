"""Rows as records: one dict per paper row in document order (GFM and hand-written HTML tables).

The rows (`paper_rows`, typed) are what paper grouping (analysis/stats.py) reads, and the
records made from them are what `export` prints; rows inside mdsurvey's own generated views
are not papers and are left out.
"""

from __future__ import annotations

from typing import Any

from mdsurvey.analysis.markers import generated_lines
from mdsurvey.survey.htmltables import HtmlRow, find_html_tables
from mdsurvey.survey.model import Row, Survey
from mdsurvey.survey.parse import outline


def record(row: Row) -> dict[str, Any]:
    """One GFM row as a record: its section, line, the paper's fields and the raw cells."""
    paper = row.paper
    section = row.table.section
    rec: dict[str, Any] = {
        "section": section.title if section else "",
        "heading_path": section.heading_path if section else [],
        "line": row.line,
        "table": "gfm",
    }
    rec.update(paper.to_json())
    rec["cells"] = row.cells
    return rec


def _html_record(survey: Survey, row: HtmlRow) -> dict[str, Any]:
    """One row of a hand-written HTML table as a record; its section is the heading path there."""
    path = _path_at(survey, row.line)
    rec: dict[str, Any] = {
        "section": path[-1] if path else "",
        "heading_path": path,
        "line": row.line,
        "table": "html",
    }
    rec.update(row.paper.to_json())
    rec["cells"] = row.cells
    return rec


def _path_at(survey: Survey, line: int) -> list[str]:
    """Headings in effect at `line`, plus the summary of the innermost <details> around it."""
    _, stack, inner = next(outline(survey, [line]))
    return [h.text for h in stack] + ([inner.summary] if inner is not None and inner.summary else [])


PaperRow = Row | HtmlRow  # a table row holding a paper: `.line`, `.paper`, `.cells`


def paper_rows(survey: Survey) -> list[PaperRow]:
    """Every table row in document order, GFM rows and rows of hand-written HTML tables, less
    the rows of mdsurvey's own generated views (the papers-per-year table), which are not papers."""
    rows: list[PaperRow] = list(survey.rows)
    if any("<table" in x.text.lower() for x in survey.lines):
        rows += [r for t in find_html_tables(survey) for r in t.rows]
        rows.sort(key=lambda r: r.line)
    generated = generated_lines(survey)
    if generated:
        rows = [r for r in rows if r.line - 1 not in generated]
    return rows


def as_record(survey: Survey, row: PaperRow) -> dict[str, Any]:
    """A paper row (GFM or HTML) as the record `export` prints."""
    return record(row) if isinstance(row, Row) else _html_record(survey, row)


def records(survey: Survey) -> list[dict[str, Any]]:
    """Every paper row (`paper_rows`) as a record, in document order."""
    return [as_record(survey, r) for r in paper_rows(survey)]
