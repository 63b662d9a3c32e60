"""MS403 row-order: rows are out of the section's order."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import pairwise

from mdsurvey.analysis.dated import file_order, order_evidence, sorted_keys, table_keys
from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Edit, Finding, Fix
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.dates import contradicted_lines
from mdsurvey.survey.model import Table

# An inferred order is sorted by a safe fix only on overwhelming evidence: at least this many
# neighbouring dated pairs in the file, this share of them already in the order, and at most
# this many misplaced rows in the table.  Anything weaker is a guess: the fix is unsafe.
SAFE_MIN_PAIRS = 20
SAFE_SHARE = 0.95
SAFE_MAX_MISPLACED = 2
# A table that shows no dates (they are read off its arXiv ids) is held to an order only when
# its own rows keep it nearly always: but for one row, or on this share of neighbouring pairs.
# Readers cannot see such a row is misplaced, and a table with several rows out of arXiv order
# is ordered by something else (the day a row was added, a curated block on top).
ARXIV_ONLY_SHARE = 0.9


def _in_order(a: tuple[int, int], b: tuple[int, int], order: str) -> bool:
    return a >= b if order == "newest-first" else a <= b


def misplaced(keys: list[tuple[int, int]], order: str) -> int:
    """How many rows must move to put `keys` in order: all but a longest ordered subsequence."""
    sign = -1 if order == "newest-first" else 1
    tails: list[tuple[int, int]] = []
    for k in keys:
        v = (sign * k[0], sign * k[1])
        j = bisect_right(tails, v)  # non-strict: equal keys may stay neighbours
        if j == len(tails):
            tails.append(v)
        else:
            tails[j] = v
    return len(keys) - len(tails)


def _pinned_first(dated: list[tuple[int, tuple[int, int]]], order: str) -> bool:
    """The table's first row is the only one out of order (a featured or highlighted row the
    maintainers keep on top on purpose): the rest, at least two dated rows, is in order."""
    rest = dated[1:]
    return (
        dated[0][0] == 0
        and len(rest) >= 2
        and all(_in_order(ka, kb, order) for (_, ka), (_, kb) in pairwise(rest))
    )


def row_order(ctx: Context) -> Iterator[Finding]:
    """Finds tables whose rows are not in order by the row's date (date badge, date column,
    arXiv id or venue year). The order is [tool.mdsurvey] order / section-order if set; else
    the one the file keeps; with too few dated rows to tell, the family's convention, newest
    first; a file whose tables disagree keeps no order and is left alone. A table without a date
    column or date badges (dates only from arXiv ids) is checked only when its own rows keep the
    order but for one row, or on at least 90% of neighbouring pairs. A first row that alone
    breaks an otherwise ordered table is pinned on purpose. A row whose date contradicts its own
    arXiv id (MS201) has no date to order by: the date is wrong, and the row stays where it is."""
    tables = ctx.facts.paper_tables
    misdated: set[int] | None = None  # read once, when a table is checked
    papers = {id(t) for t in tables}
    inferred: tuple[str, tuple[int, int]] | None = None  # read from the file once, when needed
    for table in ctx.survey.tables:
        if id(table) not in papers or len(table.rows) < 2:
            continue
        section = table.section
        order = ctx.config.order_for(section.title if section else "")
        configured = order is not None
        evidence = (0, 0)
        if order is None:
            if inferred is None:
                inferred = _inferred_order(tables)
            order, evidence = inferred
        if order == "none":
            continue
        if misdated is None:
            misdated = contradicted_lines(ctx)
        keys = [
            None if r.line in misdated else k for r, k in zip(table.rows, table_keys(table.rows), strict=True)
        ]
        dated = [(i, k) for i, k in enumerate(keys) if k is not None]
        if not configured and not _keeps_the_order(table, dated, order, evidence):
            continue
        # report only dated rows out of order among themselves; where undated rows sit is the
        # maintainers' choice (the fix leaves them in place)
        wrong = next(
            ((a, b) for (a, ka), (b, kb) in pairwise(dated) if not _in_order(ka, kb, order)),
            None,
        )
        if wrong is None or _pinned_first(dated, order):
            continue
        want = sorted_keys(keys, order)
        safe = configured or _safe_to_sort(evidence, order, dated, want)
        row, moved = table.rows[wrong[0]], table.rows[wrong[1]]
        how = "" if configured else " (order inferred from the file)"
        fix = Fix(
            "MS403",
            f"sort {len(table.rows)} rows of table at line {table.header_line} {order}{how}",
            [Edit(table.body_start, table.body_end, tuple(table.rows[i].source for i in want))],
            applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
        )
        yield ctx.finding(
            "MS403",
            row.line,
            1,
            f"rows are not {order.replace('-', ' ')}: line {moved.line} "
            f"({moved.paper.date}) belongs before line {row.line} ({row.paper.date or 'no date'})",
            fix=fix,
        )


def _inferred_order(tables: list[Table]) -> tuple[str, tuple[int, int]]:
    """The order the file keeps and its evidence (pairs descending, ascending); with too
    little to read an order, the family's convention, newest first."""
    evidence = order_evidence(tables)
    if sum(evidence) < 3:
        return "newest-first", evidence
    return file_order(tables), evidence


def _keeps_the_order(
    table: Table, dated: list[tuple[int, tuple[int, int]]], order: str, evidence: tuple[int, int]
) -> bool:
    """Whether a table is held to an inferred order: not for a single pair of rows, nor for a
    table whose dates are only read off arXiv ids and that shows no such order of its own."""
    if sum(evidence) < 3 and len(dated) < 3:
        return False  # a single pair of rows is no order, neither the file's nor convention's
    if any(r.paper.date_source in ("badge", "column") for r in table.rows):
        return True
    # dates only read off arXiv ids (a datasets table): only a table that keeps the order on its
    # own, nearly without exception, has an order to enforce
    if file_order([table]) != order:
        return False
    down, up = order_evidence([table])
    agree = down if order == "newest-first" else up
    return agree >= ARXIV_ONLY_SHARE * (down + up) or misplaced([k for _, k in dated], order) <= 1


def _safe_to_sort(
    evidence: tuple[int, int], order: str, dated: list[tuple[int, tuple[int, int]]], want: list[int]
) -> bool:
    """Whether sorting a table by an inferred order is safe: overwhelming evidence, few rows
    misplaced, and the first row not moved (it may be pinned there)."""
    down, up = evidence
    agree = down if order == "newest-first" else up
    return (
        down + up >= SAFE_MIN_PAIRS
        and agree >= SAFE_SHARE * (down + up)
        and misplaced([k for _, k in dated], order) <= SAFE_MAX_MISPLACED
        and want[0] == 0
    )


RULE = rule(
    "MS403",
    "row-order",
    "warning",
    "Rows are out of the section's order",
    why="Readers expect a survey's tables newest first (or the order the maintainers chose); a "
    "misplaced row hides a new paper among old ones.",
    example="| arXiv-2026.01 … |\n| arXiv-2026.05 … |   (newer below older)",
    fix="safe when [tool.mdsurvey] order / section-order is set, or the file's own order is "
    f"overwhelming (>= {SAFE_MIN_PAIRS} dated neighbours, {SAFE_SHARE:.0%} of them in order, at most "
    f"{SAFE_MAX_MISPLACED} rows misplaced in the table, the first row not moved); else unsafe: "
    "sort the dated rows (stable; rows without a date stay in place)",
    applicability=(Applicability.SAFE, Applicability.UNSAFE),
    check=row_order,
)
