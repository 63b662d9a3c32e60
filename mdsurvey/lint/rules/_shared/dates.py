"""Row dates that contradict the row's own arXiv id: MS201 reports them, and MS403 does not read
a row's order from a date that is wrong (the date is the defect, not the row's place)."""

from __future__ import annotations

from mdsurvey.lint.context import Context
from mdsurvey.lint.rules._shared.rows import VALID_DATE, date_badge
from mdsurvey.survey.model import Row
from mdsurvey.survey.paper import Badge, arxiv_month, column_roles, date_from_text

# A date column is checked only where the survey itself dates papers by their arXiv id: in the
# corpus such files agree on 95-99% of rows, while a column meaning something else (the day a
# paper was read, mli/paper-reading) agrees on under 10%.
COLUMN_MIN_ROWS = 5
COLUMN_MIN_AGREE = 0.8


def badge_contradiction(row: Row) -> tuple[Badge, str] | None:
    """The row's date badge and the arXiv id's month (`2026-03`) when the two differ, else None."""
    b = date_badge(row)
    p = row.paper
    if b is None or p.arxiv_id is None or not VALID_DATE.match(b.message):
        return None
    month = arxiv_month(p.arxiv_id)
    if month is None or b.message[:4] + "-" + b.message[5:7] == month:
        return None
    return b, month


def _months(d: str) -> int:
    return int(d[:4]) * 12 + int(d[5:7])


def _column_dates(ctx: Context) -> list[tuple[Row, int, str, str]]:
    """(row, date column index, column date, arXiv month) for rows with both."""
    out: list[tuple[Row, int, str, str]] = []
    for t in ctx.facts.paper_tables:
        roles = column_roles(t.header)
        if "date" not in roles:
            continue
        k = roles.index("date")
        for row in t.rows:
            p = row.paper
            month = arxiv_month(p.arxiv_id) if p.arxiv_id else None
            if month is None or k >= len(row.spans):
                continue
            d = date_from_text(row.cells[k])
            if d is not None:
                out.append((row, k, d, month))
    return out


def _column_agrees(d: str, month: str) -> bool:
    # a year column may give the publication year, often the year after the preprint; a month
    # may be a day or so either side of arXiv's monthly id boundary
    if len(d) == 4:
        return 0 <= int(d) - int(month[:4]) <= 1
    return abs(_months(d) - _months(month)) <= 1


def _column_wrong(d: str, month: str) -> bool:
    # Reported: a date before the paper's first arXiv month, or a whole year or more after it
    # (a year slip). A date 2-11 months later may be a later version's, which some rows give.
    if len(d) == 4:
        diff = int(d) - int(month[:4])
        return diff < 0 or diff > 1
    diff = _months(d) - _months(month)
    return diff < -1 or diff >= 12


def column_contradictions(ctx: Context) -> list[tuple[Row, int, str, str]]:
    """(row, date column index, column date, arXiv month) for each date/year column value that
    contradicts the row's arXiv id, in files whose date column otherwise follows the ids."""
    rows = _column_dates(ctx)
    agree = sum(_column_agrees(d, m) for _, _, d, m in rows)
    if len(rows) < COLUMN_MIN_ROWS or agree < COLUMN_MIN_AGREE * len(rows):
        return []
    return [(row, k, d, month) for row, k, d, month in rows if _column_wrong(d, month)]


def contradicted_lines(ctx: Context) -> set[int]:
    """1-based lines of rows whose date (badge or column) MS201 reports against their arXiv id."""
    out = {row.line for row, _, _, _ in column_contradictions(ctx)}
    for t in ctx.facts.paper_tables:
        out.update(row.line for row in t.rows if badge_contradiction(row) is not None)
    return out
