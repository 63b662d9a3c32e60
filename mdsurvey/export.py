"""Rows as data: JSON and CSV, one record per table row in document order."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .model import Row, Survey


def record(row: Row) -> dict[str, Any]:
    paper = row.paper
    section = row.table.section
    rec: dict[str, Any] = {
        "section": section.title if section else "",
        "heading_path": section.heading_path if section else [],
        "line": row.line,
    }
    rec.update(paper.to_json())
    rec["cells"] = row.cells
    return rec


def records(survey: Survey) -> list[dict[str, Any]]:
    return [record(r) for r in survey.rows]


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
