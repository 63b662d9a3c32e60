"""Rows as data: JSON and CSV, one record per table row in document order."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .htmltables import HtmlRow, find_html_tables
from .model import Row, Survey


def record(row: Row) -> dict[str, Any]:
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
    stack: list[tuple[int, str]] = []
    for h in survey.headings:
        if h.line >= line:
            break
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        stack.append((h.level, h.text))
    path = [t for _, t in stack]
    inner = [
        d
        for d in survey.details
        if 0 < d.start_line < line and (d.end_line is None or line < d.end_line) and d.summary
    ]
    if inner:
        path.append(max(inner, key=lambda d: d.start_line).summary or "")
    return path


def records(survey: Survey) -> list[dict[str, Any]]:
    """Every table row in document order: GFM rows, and rows of hand-written HTML tables."""
    out = [record(r) for r in survey.rows]
    if any("<table" in x.text.lower() for x in survey.lines):
        out += [_html_record(survey, r) for t in find_html_tables(survey) for r in t.rows]
        out.sort(key=lambda rec: rec["line"])
    return out


def to_json(survey: Survey) -> str:
    return json.dumps(records(survey), ensure_ascii=False, indent=2) + "\n"


CSV_FIELDS = (
    "section",
    "line",
    "title",
    "url",
    "date",
    "venue",
    "arxiv_id",
    "authors",
    "code",
    "links",
    "badges",
    "cells",
)


def to_csv(survey: Survey) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for rec in records(survey):
        w.writerow(
            [
                rec["section"],
                rec["line"],
                rec["title"] or "",
                rec["url"] or "",
                rec["date"] or "",
                rec["venue"] or "",
                rec["arxiv_id"] or "",
                "; ".join(rec["authors"]),
                rec["code"] or "",
                " ".join(f"[{x['text']}]({x['url']})" for x in rec["links"]),
                " ".join(
                    "-".join(p for p in (b["label"], b["message"]) if p) or b["alt"] for b in rec["badges"]
                ),
                " | ".join(rec["cells"]),
            ]
        )
    return buf.getvalue()
