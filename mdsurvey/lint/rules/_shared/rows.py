"""Paper-row helpers the MS2xx rules share: date badges, title columns, badge rewrites."""

from __future__ import annotations

import re
from bisect import bisect_right

from mdsurvey.lint.findings import Edit
from mdsurvey.survey.model import Row
from mdsurvey.survey.paper import (
    Badge,
    column_roles,
)
from mdsurvey.syntax.shields import build_static_url, parse_badge_url

DATE_LIKE = re.compile(r"\A\d{1,4}[.\-/]\d{1,2}\Z")
VALID_DATE = re.compile(r"\A(?:19|20)\d{2}[.\-/](?:0[1-9]|1[0-2])\Z")


def date_badge(row: Row) -> Badge | None:
    """The row's arXiv badge whose message looks like a date (`2024.05`), or None."""
    for b in row.paper.badges:
        if (b.label or "").lower() == "arxiv" and DATE_LIKE.match(b.message):
            return b
    return None


def replace_badge(
    row: Row, badge: Badge, *, message: str | None = None, color: str | None = None
) -> str | None:
    """The row's source with one static badge rebuilt in its own URL style, or None."""
    if badge.url_start < 0 or badge.kind != "static":
        return None
    raw = row.source[badge.url_start : badge.url_end]
    spec = parse_badge_url(raw)
    if spec is None:
        return None
    if "label" in spec.query or (color is not None and "color" in spec.query):
        return None  # query overrides win over the path; leave such badges to a human
    url = build_static_url(
        raw,
        label=spec.label,
        message=message if message is not None else spec.message,
        color=color if color is not None else spec.color,
    )
    check = parse_badge_url(url)
    if check is None or (message is not None and check.message != message):
        return None
    return row.source[: badge.url_start] + url + row.source[badge.url_end :]


def row_edit(row: Row, new_source: str) -> Edit:
    """The edit replacing the row's line with `new_source`."""
    return Edit(row.line - 1, row.line, (new_source,))


ARXIV_ID_OK = re.compile(
    r"(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?/?\Z", re.IGNORECASE
)


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """`pos` lies inside one of `spans` (sorted, disjoint, as code_spans returns them)."""
    k = bisect_right(spans, (pos, 1 << 62)) - 1  # the last span starting at or before pos
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def title_column(row: Row) -> int:
    """The 1-based column where the row's title cell starts (the first cell without one)."""
    roles = column_roles(row.table.header)
    k = roles.index("title") if "title" in roles else 0
    return row.spans[k].start + 1 if k < len(row.spans) else 1
