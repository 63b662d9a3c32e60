"""Rows as records: one dict per paper row in document order (GFM and hand-written HTML tables).

The records are what `export` prints and what paper grouping (analysis/stats.py) reads; rows
inside mdsurvey's own generated views are not papers and are left out.
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


def records(survey: Survey) -> list[dict[str, Any]]:
    """Every table row in document order: GFM rows, and rows of hand-written HTML tables."""
    out = [record(r) for r in survey.rows]
    if any("<table" in x.text.lower() for x in survey.lines):
        out += [_html_record(survey, r) for t in find_html_tables(survey) for r in t.rows]
        out.sort(key=lambda rec: rec["line"])
    generated = generated_lines(survey)
    if generated:
        # rows of mdsurvey's own generated views (the papers-per-year table) are not papers
        out = [rec for rec in out if rec["line"] - 1 not in generated]
    return out
