"""MS4xx: duplicates and order: the same paper twice, copies that drift, rows out of order."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from difflib import SequenceMatcher
from itertools import pairwise

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Edit, Finding, Fix
from mdsurvey.lint.rules import rule
from mdsurvey.lint.rules.metadata import paper_tables
from mdsurvey.lint.rules.sections import pasted_lines
from mdsurvey.survey.identity import identity_keys, norm_title
from mdsurvey.survey.legend import badge_role
from mdsurvey.survey.model import Row, Section, Table
from mdsurvey.survey.paper import Paper, column_roles

_RECENT = re.compile(r"recent\b.*?\blast\s+(\d+)\s+months?", re.IGNORECASE)


def paper_keys(p: Paper) -> list[str]:
    """Identities of a paper: arXiv id, DOI, URL, normalised title (`paper.same_paper` compares two)."""
    return identity_keys(p.arxiv_id, p.url, [x.url for x in p.links], p.title)


def _rows_in(section: Section, tables: set[int]) -> list[Row]:
    return [r for t in section.tables if id(t) in tables for r in t.rows]


@rule(
    "MS401",
    "duplicate-in-section",
    "error",
    "The same paper appears twice in one section",
    why="A duplicate inflates counts and the two copies drift apart as one gets edited.",
    example="two rows with https://arxiv.org/abs/2603.01234 under <summary>Video</summary>",
    fix="unsafe: delete the later row when both rows are byte-identical (with --unsafe-fixes)",
)
def duplicate_in_section(ctx: Context) -> Iterator[Finding]:
    """Finds a row whose arXiv id, DOI, URL or normalised title matches an earlier row of the
    same section. Rows that share a paper but are different items (two datasets of a
    `Name | Paper` table, videos whose title cells say different things) are not reported; one
    link under two unrelated titles is reported as a wrong link, not as a duplicate."""
    tables = {id(t) for t in paper_tables(ctx)}
    for section in ctx.survey.sections:
        seen: dict[str, Row] = {}
        for row in _rows_in(section, tables):
            keys = paper_keys(row.paper)
            first = next((seen[k] for k in keys if k in seen), None)
            if first is None:
                for k in keys:
                    seen[k] = row
                continue
            fix = None
            if first.source.strip() == row.source.strip():
                fix = Fix(
                    "MS401",
                    f"delete duplicate row at line {row.line}",
                    [Edit(row.line - 1, row.line, ())],
                    safe=False,
                    removes=[(row.paper.title, row.paper.url)],
                )
            # several rows may share one paper: datasets it introduced, videos about it
            if _two_names(first, row):
                continue
            a, b = norm_title(first.paper.title or ""), norm_title(row.paper.title or "")
            unrelated = a and b and a not in b and b not in a and SequenceMatcher(None, a, b).ratio() < 0.5
            if not unrelated and _own_words_differ(first, row):
                continue
            if unrelated:
                # one identity, two titles: a copy-pasted link, not a second copy of the paper
                shown = first.paper.title or ""
                shown = shown if len(shown) <= 80 else shown[:77] + "..."
                message = (
                    f"same link as line {first.line} ({shown!r}) but another title: "
                    "one of the two links is wrong"
                )
            else:
                what = "an identical copy" if fix else "the same paper"
                message = f"{what} as line {first.line} in section {section.title!r}: delete one of them"
            yield ctx.finding("MS401", row.line, 1, message, fix=fix)


_MARKUP = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\([^()]*\)|<[^>]*>")


def _cell_words(row: Row) -> set[str]:
    """Words of the row's title cell besides its links, badges, tags and authors: what tells two
    items about one paper apart ('(part 1)' / '(part 2)', a video's own caption)."""
    roles = column_roles(row.table.header)
    k = roles.index("title") if "title" in roles else 0
    if k >= len(row.spans):
        return set()
    text = _MARKUP.sub(" ", row.source[row.spans[k].start : row.spans[k].end])
    for a in row.paper.authors:
        text = text.replace(a, " ")
    return set(re.findall(r"\w+", text.casefold()))


def _two_names(a: Row, b: Row) -> bool:
    """A `Name | Paper` table naming two things (two datasets) from one paper: different
    names, the paper's title in another column."""
    ta, tb = _raw_titles(a.paper), _raw_titles(b.paper)
    return len(ta) > 1 and len(tb) > 1 and norm_title(ta[0]) != norm_title(tb[0])


def _own_words_differ(a: Row, b: Row) -> bool:
    """Title cells whose own words differ: two items about one paper, not two copies of one
    entry (a series of videos on one paper: '… (part 1)', '… (part 2)')."""
    wa, wb = _cell_words(a), _cell_words(b)
    if not wa and not wb:
        return False
    numbers = {w for w in wa ^ wb if w.isdigit()}  # 'part 1' / 'part 2'
    return bool(numbers) or len(wa & wb) < 0.5 * len(wa | wb)


def _shown(p: Paper, field: str) -> str:
    """A field as a reader would quote it in a message."""
    if field == "authors":
        return ", ".join(p.authors)
    if field == "tags":
        return _profile(p)["tags"]
    if field == "title":
        return max(_raw_titles(p), key=lambda t: len(t.split()), default="")
    return str(getattr(p, field) or "")


def _profile(p: Paper) -> dict[str, str]:
    tags = sorted(b.message for b in p.badges if badge_role(b) in ("area", "category", "cost") and b.message)
    title = p.title or ""
    return {
        # a cell of more than _SUMMARY_WORDS words is a summary (weekly digests), not a title
        "title": norm_title(title) if len(title.split()) <= _SUMMARY_WORDS else "",
        "authors": ", ".join(a.casefold() for a in p.authors),
        # only a date the row states (badge or date column); one read off the arXiv id is the
        # first version's month, which a stated date may rightly differ from (MS201's business)
        "date": (p.date or "") if p.date_source in ("badge", "column") else "",
        "tags": ", ".join(tags),
    }


_SUMMARY_WORDS = 30
_GENERIC_LINK_TEXT = {"paper", "pdf", "arxiv", "link", "project", "code", "github", "website", "page"}


_NICKNAME_WORDS = 3


def _raw_titles(p: Paper) -> list[str]:
    """Every name the row gives its paper: the title cell and the text of links to the same
    paper (`Name | Paper` tables put a short name first and the paper's title in a link)."""
    out = [p.title or ""]
    for x in p.links:
        text = x.text.strip().strip("[]*").strip()
        if x.url == p.url and text.casefold() not in _GENERIC_LINK_TEXT:
            out.append(text)
    return [t for t in out if norm_title(t)]


def _same_title(a: Paper, b: Paper) -> bool:
    """Some name of one copy equals or contains some name of the other, or one copy only gives
    a short name (a per-topic nickname such as 'GVLQA' beside the full title of the paper)."""
    ta, tb = _raw_titles(a), _raw_titles(b)
    if any(norm_title(x) in norm_title(y) or norm_title(y) in norm_title(x) for x in ta for y in tb):
        return True
    longest = [max(len(t.split()) for t in ts) for ts in (ta, tb) if ts]
    return len(longest) == 2 and min(longest) <= _NICKNAME_WORDS < max(longest)


@rule(
    "MS402",
    "inconsistent-copies",
    "error",
    "Copies of one paper in different sections disagree",
    why="A paper listed in a 'Recent' view and in its venue section must say the same thing in "
    "both; differing copies mean one was edited and the other forgotten.",
    example="line 40 (Recent): arXiv-2026.03 … line 90 (CVPR 2026): arXiv-2026.02, same arXiv id",
    fix="unsafe: with [tool.mdsurvey] canonical-section, copy that section's row over the other copy "
    "(tables with the same header only)",
)
def inconsistent_copies(ctx: Context) -> Iterator[Finding]:
    """Finds rows in different sections that are the same paper (arXiv id, DOI or URL) but
    differ in title, authors, stated date (badge or date column) or tags. Agreeing copies are
    fine; so is a short name or nickname beside the full title, a `Name | Paper` row whose
    paper link carries the title, and a digest cell that summarises rather than titles."""
    tables = {id(t) for t in paper_tables(ctx)}
    first: dict[str, tuple[Row, Section]] = {}
    for section in ctx.survey.sections:
        for row in _rows_in(section, tables):
            keys = [k for k in paper_keys(row.paper) if not k.startswith("title:")]
            other = next((first[k] for k in keys if k in first), None)
            if other is None:
                for k in keys:
                    first.setdefault(k, (row, section))
                continue
            orow, osec = other
            if osec is section:
                continue
            a, b = _profile(orow.paper), _profile(row.paper)
            # a field the copy leaves blank is not a disagreement (views often show less)
            diffs = [k for k in a if a[k] and b[k] and a[k] != b[k]]
            if "title" in diffs and _same_title(orow.paper, row.paper):
                # a short name beside the full title ("ShareGPT4V" / "ShareGPT4V: Improving …")
                diffs.remove("title")
            if diffs:
                detail = "; ".join(
                    f"{k}: {_shown(row.paper, k)!r} vs {_shown(orow.paper, k)!r}" for k in diffs
                )
                yield ctx.finding(
                    "MS402",
                    row.line,
                    1,
                    f"this copy differs from line {orow.line} (section {osec.title!r}) in {detail}: "
                    "make the copies agree",
                    fix=_sync_fix(ctx, (row, section), (orow, osec)),
                )


def _sync_fix(ctx: Context, a: tuple[Row, Section], b: tuple[Row, Section]) -> Fix | None:
    """Copy the canonical section's row over the other copy, when the config names one and both
    tables have the same columns (a row is only ever copied into its own table style)."""
    canon = ctx.config.canonical_section
    if canon is None:
        return None
    pair = [x for x in (a, b) if x[1].title.casefold() == canon.casefold()]
    if len(pair) != 1:
        return None
    (good, _), (bad, _) = pair[0], next(x for x in (a, b) if x is not pair[0])
    if [h.strip() for h in good.table.header] != [h.strip() for h in bad.table.header]:
        return None
    return Fix(
        "MS402",
        f"line {bad.line}: copy the row of section {canon!r} (line {good.line})",
        [Edit(bad.line - 1, bad.line, (good.source,))],
        safe=False,
        removes=[(bad.paper.title, bad.paper.url)],
        adds=[(good.paper.title, good.paper.url)],
    )


def _sort_key(p: Paper) -> tuple[int, int] | None:
    if not p.date:
        return None
    year = int(p.date[:4])
    month = int(p.date[5:7]) if len(p.date) >= 7 else 0
    return (year, month)


def table_keys(rows: list[Row]) -> list[tuple[int, int] | None]:
    """Sort keys of a table's rows. A year alone says nothing about the month, so where any row
    is dated by year only (a venue year), the whole table compares years only."""
    keys = [_sort_key(r.paper) for r in rows]
    if any(k is not None and k[1] == 0 for k in keys):
        keys = [(k[0], 0) if k is not None else None for k in keys]
    return keys


def sorted_order(rows: list[Row], order: str) -> list[int]:
    """Row indexes in the wanted order: stable; rows without a date keep their places (a pinned
    or undated row is where the maintainers put it) and the dated rows are sorted around them."""
    keys = table_keys(rows)
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


# An inferred order is sorted by a safe fix only on overwhelming evidence: at least this many
# neighbouring dated pairs in the file, this share of them already in the order, and at most
# this many misplaced rows in the table.  Anything weaker is a guess: the fix is unsafe.
SAFE_MIN_PAIRS = 20
SAFE_SHARE = 0.95
SAFE_MAX_MISPLACED = 2


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


@rule(
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
)
def row_order(ctx: Context) -> Iterator[Finding]:
    """Finds tables whose rows are not in order by the row's date (date badge, date column,
    arXiv id or venue year). The order is [tool.mdsurvey] order / section-order if set; else
    the one the file keeps; with too few dated rows to tell, the family's convention, newest
    first; a file whose tables disagree keeps no order and is left alone. A table without a date
    column or date badges (dates only from arXiv ids) is checked only when its own rows show the
    order. A first row that alone breaks an otherwise ordered table is pinned on purpose."""
    tables = paper_tables(ctx)
    papers = {id(t) for t in tables}
    inferred: str | None = None
    evidence: tuple[int, int] = (0, 0)
    for table in ctx.survey.tables:
        if id(table) not in papers or len(table.rows) < 2:
            continue
        section = table.section
        order = ctx.config.order_for(section.title if section else "")
        configured = order is not None
        if order is None:
            if inferred is None:
                inferred = file_order(tables)
                evidence = order_evidence(tables)
                if sum(evidence) < 3:
                    inferred = "newest-first"  # too little to read an order: the family's convention
            order = inferred
        if order == "none":
            continue
        keys = table_keys(table.rows)
        dated = [(i, k) for i, k in enumerate(keys) if k is not None]
        if not configured:
            if sum(evidence) < 3 and len(dated) < 3:
                continue  # a single pair of rows is no order, neither the file's nor convention's
            stated = any(r.paper.date_source in ("badge", "column") for r in table.rows)
            if not stated and file_order([table]) != order:
                # dates only read off arXiv ids (a datasets table): no date column and no
                # date order of its own, so there is no order to enforce
                continue
        # report only dated rows out of order among themselves; where undated rows sit is the
        # maintainers' choice (the fix leaves them in place)
        wrong = next(
            ((a, b) for (a, ka), (b, kb) in pairwise(dated) if not _in_order(ka, kb, order)),
            None,
        )
        if wrong is None or _pinned_first(dated, order):
            continue
        safe = configured
        if not safe:
            down, up = evidence
            agree = down if order == "newest-first" else up
            safe = (
                down + up >= SAFE_MIN_PAIRS
                and agree >= SAFE_SHARE * (down + up)
                and misplaced([k for _, k in dated], order) <= SAFE_MAX_MISPLACED
            )
        want = sorted_order(table.rows, order)
        # a sort on an inferred order never safely moves the first row: it may be pinned there
        safe = safe and (configured or want[0] == 0)
        row, moved = table.rows[wrong[0]], table.rows[wrong[1]]
        how = "" if configured else " (order inferred from the file)"
        fix = Fix(
            "MS403",
            f"sort {len(table.rows)} rows of table at line {table.header_line} {order}{how}",
            [Edit(table.body_start, table.body_end, tuple(table.rows[i].source for i in want))],
            safe=safe,
        )
        yield ctx.finding(
            "MS403",
            row.line,
            1,
            f"rows are not {order.replace('-', ' ')}: line {moved.line} "
            f"({moved.paper.date}) belongs before line {row.line} ({row.paper.date or 'no date'})",
            fix=fix,
        )


def _window(section: Section, months_override: int | None) -> int | None:
    for text in [section.title, *reversed(section.heading_path)]:
        m = _RECENT.search(text)
        if m:
            return months_override or int(m.group(1))
    return None


def months_old(date: str, today_year: int, today_month: int) -> int | None:
    if len(date) < 7:
        return None
    return (today_year * 12 + today_month) - (int(date[:4]) * 12 + int(date[5:7]))


@rule(
    "MS404",
    "stale-recent",
    "warning",
    "A 'Recent (Last N Months)' section holds older rows",
    why="A section that promises the last N months should not show older papers; they belong in "
    "the per-area or per-year lists.",
    example="### Recent Papers (Last 6 Months)\n… a row dated arXiv-2025.01 in November 2026",
    fix="none in `fix`; `mdsurvey rotate` moves old rows to their area pages",
)
def stale_recent(ctx: Context) -> Iterator[Finding]:
    """Finds rows older than N months in sections whose title or heading says
    'Recent … (Last N Months)'; `--today` pins the date."""
    pasted = pasted_lines(ctx)
    for section in ctx.survey.sections:
        n = _window(section, ctx.config.recent_months)
        if n is None:
            continue
        for table in section.tables:
            for row in table.rows:
                if row.line in pasted:
                    continue  # a pasted template row: MS407 says to delete it, not to move it
                d = row.paper.date
                age = months_old(d, ctx.today.year, ctx.today.month) if d else None
                if age is not None and age > n:
                    yield ctx.finding(
                        "MS404",
                        row.line,
                        1,
                        f"paper from {d} is {age} months old, older than this section's "
                        f"{n}-month window (today {ctx.today.isoformat()}): move it out",
                    )
