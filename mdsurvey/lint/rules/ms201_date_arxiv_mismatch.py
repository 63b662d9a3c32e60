"""MS201 date-arxiv-mismatch: the date badge disagrees with the arXiv id."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Finding, Fix
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.rows import VALID_DATE, date_badge, replace_badge, row_edit
from mdsurvey.survey.model import Row
from mdsurvey.survey.paper import (
    arxiv_month,
    column_roles,
    date_from_text,
)


def date_arxiv_mismatch(ctx: Context) -> Iterator[Finding]:
    """Finds a `arXiv-YYYY.MM` date badge whose month differs from the row's arXiv id."""
    for t in ctx.facts.paper_tables:
        for row in t.rows:
            p = row.paper
            b = date_badge(row)
            if b is None or p.arxiv_id is None or not VALID_DATE.match(b.message):
                continue
            month = arxiv_month(p.arxiv_id)
            if month is None:
                continue
            badge_month = b.message[:4] + "-" + b.message[5:7]
            if badge_month == month:
                continue
            want = month.replace("-", b.message[4])
            new = replace_badge(row, b, message=want)
            fix = Fix("MS201", f"date badge {b.message} -> {want}", [row_edit(row, new)]) if new else None
            yield ctx.finding(
                "MS201",
                row.line,
                b.start + 1,
                f"date badge says {b.message} but arXiv id {p.arxiv_id} is from {want}: "
                f"set the badge to {want}",
                end_column=b.end + 1,
                fix=fix,
            )
    yield from _date_column_mismatch(ctx)


RULE = rule(
    "MS201",
    "date-arxiv-mismatch",
    "error",
    "The date badge disagrees with the arXiv id",
    why="The arXiv id encodes the month the paper first appeared (2603.01234 is March 2026); a "
    "badge that says otherwise misdates the paper and breaks newest-first order.",
    example="[![Arxiv](https://img.shields.io/badge/arXiv-2025\\.09-red)]() "
    "<br>[Title](https://arxiv.org/abs/2603.01234)",
    fix="safe: rebuild the badge's date from the arXiv id",
    applicability=(Applicability.SAFE,),
    check=date_arxiv_mismatch,
)


# A date column is checked only where the survey itself dates papers by their arXiv id: in the
# corpus such files agree on 95-99% of rows, while a column meaning something else (the day a
# paper was read, mli/paper-reading) agrees on under 10%.
_COLUMN_MIN_ROWS = 5
_COLUMN_MIN_AGREE = 0.8


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


def _date_column_mismatch(ctx: Context) -> Iterator[Finding]:
    """Finds a date/year column value that disagrees with the row's arXiv id."""
    rows = _column_dates(ctx)
    agree = sum(_column_agrees(d, m) for _, _, d, m in rows)
    if len(rows) < _COLUMN_MIN_ROWS or agree < _COLUMN_MIN_AGREE * len(rows):
        return
    for row, k, d, month in rows:
        if not _column_wrong(d, month):
            continue
        span = row.spans[k]
        yield ctx.finding(
            "MS201",
            row.line,
            span.start + 1,
            f"date column says {row.cells[k]!r} but arXiv id {row.paper.arxiv_id} is from "
            f"{month}: correct the date, or the link if it is another paper's",
            end_column=span.end + 1,
        )
