"""Dated order of paper rows: sort keys, the order a file keeps, the months a "Recent" section spans."""

from __future__ import annotations

import re
from itertools import pairwise

from mdsurvey.survey.model import Row, Section, Table
from mdsurvey.survey.paper import Paper

_RECENT = re.compile(r"recent\b.*?\blast\s+(\d+)\s+months?", re.IGNORECASE)


def sort_key(p: Paper) -> tuple[int, int] | None:
    """A paper's (year, month) for ordering rows, month 0 when only the year is known; None if undated."""
    if not p.date:
        return None
    year = int(p.date[:4])
    month = int(p.date[5:7]) if len(p.date) >= 7 else 0
    return (year, month)


def table_keys(rows: list[Row]) -> list[tuple[int, int] | None]:
    """Sort keys of a table's rows. A year alone says nothing about the month, so where any row
    is dated by year only (a venue year), the whole table compares years only."""
    keys = [sort_key(r.paper) for r in rows]
    if any(k is not None and k[1] == 0 for k in keys):
        keys = [(k[0], 0) if k is not None else None for k in keys]
    return keys


def sorted_order(rows: list[Row], order: str) -> list[int]:
    """Row indexes in the wanted order: stable; rows without a date keep their places (a pinned
    or undated row is where the maintainers put it) and the dated rows are sorted around them."""
    return sorted_keys(table_keys(rows), order)


def sorted_keys(keys: list[tuple[int, int] | None], order: str) -> list[int]:
    """Indexes of `keys` in the wanted order, as `sorted_order`: None keys keep their places."""
    with_date = [(i, k) for i, k in enumerate(keys) if k is not None]
    # reverse=True keeps equal keys in their original order too: a sorted file never churns
    ranked = iter(i for i, _ in sorted(with_date, key=lambda x: x[1], reverse=(order == "newest-first")))
    return [next(ranked) if k is not None else i for i, k in enumerate(keys)]


def order_evidence(tables: list[Table]) -> tuple[int, int]:
    """Neighbouring dated rows over all tables: (pairs descending, pairs ascending)."""
    down = up = 0
    for t in tables:
        keys = [k for k in table_keys(t.rows) if k is not None]
        for a, b in pairwise(keys):
            if a > b:
                down += 1
            elif a < b:
                up += 1
    return down, up


def file_order(tables: list[Table]) -> str:
    """The order a file keeps its tables in, read from the file itself: newest first when
    most neighbouring dated rows descend, oldest first when most ascend, else none."""
    down, up = order_evidence(tables)
    if down + up < 3:
        return "none"  # too few dated neighbours to tell an order from chance
    if down >= 2 * up:
        return "newest-first"
    if up >= 2 * down:
        return "oldest-first"
    return "none"


def recent_window(section: Section, months_override: int | None) -> int | None:
    """The N of a "Last N Months" section (title or enclosing headings), or the configured override."""
    for text in [section.title, *reversed(section.heading_path)]:
        m = _RECENT.search(text)
        if m:
            return months_override or int(m.group(1))
    return None


def months_old(date: str, today_year: int, today_month: int) -> int | None:
    """How many months before today's month a YYYY-MM date lies; None for a year-only date."""
    if len(date) < 7:
        return None
    return (today_year * 12 + today_month) - (int(date[:4]) * 12 + int(date[5:7]))
