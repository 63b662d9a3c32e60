"""MS2xx: what a row says about its paper: dates, arXiv links, badges, titles, authors."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Edit, Finding, Fix
from mdsurvey.lint.rules import rule
from mdsurvey.survey.legend import badge_role, same_color
from mdsurvey.survey.model import Row, Table
from mdsurvey.survey.paper import (
    ARXIV_URL,
    Badge,
    Paper,
    arxiv_month,
    column_roles,
    date_from_text,
    header_key,
)
from mdsurvey.syntax.inline import code_spans
from mdsurvey.syntax.shields import build_static_url, parse_badge_url

_DATE_LIKE = re.compile(r"\A\d{1,4}[.\-/]\d{1,2}\Z")
_VALID_DATE = re.compile(r"\A(?:19|20)\d{2}[.\-/](?:0[1-9]|1[0-2])\Z")


def paper_tables(ctx: Context) -> list[Table]:
    """Tables whose header names a title column: the ones that list papers."""
    return [t for t in ctx.survey.tables if "title" in column_roles(t.header)]


def _date_badge(row: Row) -> Badge | None:
    for b in row.paper.badges:
        if (b.label or "").lower() == "arxiv" and _DATE_LIKE.match(b.message):
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
    return Edit(row.line - 1, row.line, (new_source,))


@rule(
    "MS201",
    "date-arxiv-mismatch",
    "error",
    "The date badge disagrees with the arXiv id",
    why="The arXiv id encodes the month the paper first appeared (2603.01234 is March 2026); a "
    "badge that says otherwise misdates the paper and breaks newest-first order.",
    example="[![Arxiv](https://img.shields.io/badge/arXiv-2025\\.09-red)]() "
    "<br>[Title](https://arxiv.org/abs/2603.01234)",
    fix="safe: rebuild the badge's date from the arXiv id",
)
def date_arxiv_mismatch(ctx: Context) -> Iterator[Finding]:
    """Finds a `arXiv-YYYY.MM` date badge whose month differs from the row's arXiv id."""
    for t in paper_tables(ctx):
        for row in t.rows:
            p = row.paper
            b = _date_badge(row)
            if b is None or p.arxiv_id is None or not _VALID_DATE.match(b.message):
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
    for t in paper_tables(ctx):
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


@rule(
    "MS202",
    "malformed-date",
    "error",
    "A date badge or date cell is not a valid date",
    why="Dates sort the survey and drive the 'Recent' window; an impossible month or a two-digit "
    "year cannot be placed.",
    example="[![Arxiv](https://img.shields.io/badge/arXiv-2025\\.13-red)]()",
)
def malformed_date(ctx: Context) -> Iterator[Finding]:
    """Finds arXiv date badges whose message is not YYYY.MM with a month 01-12."""
    for t in paper_tables(ctx):
        for row in t.rows:
            b = _date_badge(row)
            if b is not None and not _VALID_DATE.match(b.message):
                hint = ""
                p = row.paper
                if p.arxiv_id and arxiv_month(p.arxiv_id):
                    hint = f" (the arXiv id says {arxiv_month(p.arxiv_id)})"
                yield ctx.finding(
                    "MS202",
                    row.line,
                    b.start + 1,
                    f"date badge {b.message!r} is not a valid YYYY.MM date{hint}",
                    end_column=b.end + 1,
                )


_CANONICAL = re.compile(r"\Ahttps://arxiv\.org/abs/(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})\Z")


_ARXIV_ANY = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s)\]|>\"'#?]*)", re.IGNORECASE)
_ARXIV_ID_OK = re.compile(
    r"(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?/?\Z", re.IGNORECASE
)
# a link whose text says it is the pdf must point at the pdf: not a style slip
_PDF_TEXT = re.compile(r"\A\W*pdf\W*\Z", re.IGNORECASE)


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """`pos` lies inside one of `spans` (sorted, disjoint, as code_spans returns them)."""
    k = bisect_right(spans, (pos, 1 << 62)) - 1  # the last span starting at or before pos
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


@rule(
    "MS203",
    "malformed-arxiv-link",
    "warning",
    "An arXiv link names no valid arXiv id",
    why="A link to arxiv.org/abs/ with a mistyped id (a digit lost, a stray character) leads to "
    "an error page or to another paper, and its row cannot be deduplicated.",
    example="[Title](https://arxiv.org/abs/203.05527)",
)
def malformed_arxiv(ctx: Context) -> Iterator[Finding]:
    """Finds arXiv abs/pdf links in paper rows whose id is malformed (`abs/203.05527`): neither
    the new form (four digits, a dot, four or five digits) nor the old archive/seven digits. A
    fragment or query (`#`, `?`) is not part of the id; `pdf/`, `http://`, `www.` and `vN`
    work and are left to the opt-in MS212. One finding per link."""
    for t in paper_tables(ctx):
        for row in t.rows:
            spans = code_spans(row.source) if "`" in row.source else []
            for m in _ARXIV_ANY.finditer(row.source):
                if _ARXIV_ID_OK.match(m.group(1)) or _in_spans(m.start(), spans):
                    continue
                yield ctx.finding(
                    "MS203",
                    row.line,
                    m.start() + 1,
                    f"arXiv link with a malformed id {m.group(1)!r}: an arXiv id is YYMM.NNNNN "
                    "(or archive/YYMMNNN); check the link",
                    end_column=m.end() + 1,
                )


_HOST = re.compile(r"\Ahttps?://(?:www\.)?arxiv\.org/", re.IGNORECASE)
_ID_PART = re.compile(r"(abs|pdf)/([^#?]+?)(v\d+)?(\.pdf)?/?(?:[#?].*)?\Z", re.IGNORECASE)


def _canonical(url: str) -> tuple[str, bool] | None:
    """The canonical abs/ URL for an arXiv link, and whether going there keeps the page the
    reader lands on (scheme, host, fragment only) or changes it (pdf -> abs, a version dropped)."""
    h = _HOST.match(url)
    if h is None:
        return None
    m = _ID_PART.match(url, h.end())
    if m is None or not _ARXIV_ID_OK.match(m.group(2)):
        return None
    want = f"https://arxiv.org/abs/{m.group(2)}"
    same_page = m.group(1).lower() == "abs" and not m.group(3) and not m.group(4)
    return want, same_page


@rule(
    "MS212",
    "non-canonical-arxiv-link",
    "warning",
    "A title link to arXiv is not the canonical abs/ URL",
    why="Some surveys want every title link as https://arxiv.org/abs/ID (the latest version, "
    "one spelling for duplicate detection). pdf/ links, http://, www. and vN all work, so this "
    "is a house-style choice, off by default.",
    example="[Title](http://arxiv.org/pdf/2603.01234v2.pdf)",
    fix="safe: http://, www., letter case or a fragment rewritten (same page); unsafe "
    "(--unsafe-fixes): pdf/ -> abs/ or a version dropped",
    default=False,
)
def non_canonical_arxiv(ctx: Context) -> Iterator[Finding]:
    """Finds a row's title link when it points at arXiv in another form than
    https://arxiv.org/abs/ID. A link labelled pdf (`[pdf]`, `PDF`) is meant to be the pdf and is
    not reported; malformed ids are MS203's."""
    for t in paper_tables(ctx):
        for row in t.rows:
            url = row.paper.url
            if not url or not ARXIV_URL.search(url) or _CANONICAL.match(url):
                continue
            target = f"]({url}"
            at = row.source.find(target)
            if at < 0:
                continue
            opening = row.source.rfind("[", 0, at)
            text = row.source[opening + 1 : at] if opening >= 0 else ""
            if _PDF_TEXT.match(text.strip("[]")):
                continue
            canon = _canonical(url)
            if canon is None:
                continue
            want, same_page = canon
            col = at + 2
            fix = None
            if row.source.count(target) == 1:
                new = row.source[:col] + want + row.source[col + len(url) :]
                title = row.paper.title
                fix = Fix(
                    "MS212",
                    f"{url} -> {want}",
                    [row_edit(row, new)],
                    safe=same_page,
                    removes=[(title, url)],
                    adds=[(title, want)],
                )
            yield ctx.finding(
                "MS212",
                row.line,
                col + 1,
                f"arXiv link {url} is not canonical: use {want}",
                end_column=col + len(url) + 1,
                fix=fix,
            )


@rule(
    "MS204",
    "badge-color",
    "warning",
    "A badge's color disagrees with the README's legend",
    why="The 'Badge Colors' legend tells readers what a color means; a purple area badge drawn "
    "green reads as a category.",
    example="- ![Research Areas Badge](https://img.shields.io/badge/Areas-purple) "
    "`purple` for research areas\n"
    "… [![Area](https://img.shields.io/badge/Image--LLM-green)]()",
    fix="safe: set the color the legend gives for the badge's role",
)
def badge_color(ctx: Context) -> Iterator[Finding]:
    """Finds static badges whose color differs from the legend's color for their role (arXiv,
    venue, area, category, cost). The legend is read from the file; [tool.mdsurvey] legend
    can supply or override it."""
    legend = ctx.legend
    if not legend.colors:
        return
    for t in paper_tables(ctx):
        for row in t.rows:
            for b in row.paper.badges:
                if b.kind != "static" or not b.color:
                    continue
                role = badge_role(b)
                want = legend.expected(role) if role else None
                if want is None or same_color(b.color, want):
                    continue
                new = replace_badge(row, b, color=want)
                fix = (
                    Fix("MS204", f"badge {b.message!r}: {b.color} -> {want}", [row_edit(row, new)])
                    if new
                    else None
                )
                where = f" (legend at line {legend.line})" if legend.line else ""
                yield ctx.finding(
                    "MS204",
                    row.line,
                    b.start + 1,
                    f"{role} badge {b.message!r} is {b.color}, the legend says {want}{where}",
                    end_column=b.end + 1,
                    fix=fix,
                )


def _norm(value: str) -> str:
    return re.sub(r"[^0-9a-z]", "", value.lower())


@lru_cache(maxsize=4096)
def _close(a: str, b: str) -> bool:
    """Near-identical spellings: same letters ignoring case and punctuation, or at most
    two edits apart for words long enough that two edits is a typo, not another word."""
    na, nb = _norm(a), _norm(b)
    if na == nb:
        return True
    if min(len(na), len(nb)) < 6 or abs(len(na) - len(nb)) > 2:
        return False
    # banded Levenshtein: only distances up to 2 matter
    prev = list(range(len(nb) + 1))
    for i, ca in enumerate(na, 1):
        cur = [i] + [0] * len(nb)
        for j, cb in enumerate(nb, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > 2:
            return False
        prev = cur
    return prev[-1] <= 2


def _vocab_key(b: Badge) -> str | None:
    role = badge_role(b)
    if role in ("area", "category", "cost"):
        return role
    if b.kind == "static" and b.label is None and b.column and role is None:
        return b.column
    return None


def badge_vocabulary(tables: list[Table]) -> dict[str, Counter[str]]:
    """The badge values these tables use, counted, keyed by role (area, category, cost) or, for
    an unlabeled badge, by its column."""
    counts: dict[str, Counter[str]] = {}
    for t in tables:
        for row in t.rows:
            for b in row.paper.badges:
                key = _vocab_key(b)
                if key and b.message:
                    counts.setdefault(key, Counter())[b.message] += 1
    return counts


@rule(
    "MS205",
    "vocabulary",
    "warning",
    "A badge value is outside the survey's vocabulary",
    why="Tags are how readers filter a survey; 'Training-Fre' once beside 'Training-Free' "
    "forty times splits one category in two.",
    example="[![Cost](https://img.shields.io/badge/Training--Fre-yellow)]()  (elsewhere: Training--Free)",
    fix="safe: when exactly one known value differs only in case, punctuation or spacing, or the "
    "vocabulary is configured; unsafe (--unsafe-fixes): a spelling guess a few letters apart",
)
def vocabulary(ctx: Context) -> Iterator[Finding]:
    """Finds area/category/cost badge values not in the vocabulary: the configured one
    ([tool.mdsurvey] vocabulary, keyed by role or column) or, without it, the file's own:
    a value used once beside a near-identical value used at least three times."""
    tables = paper_tables(ctx)
    counts = badge_vocabulary(tables)
    configured = ctx.config.vocabulary
    for t in tables:
        for row in t.rows:
            for b in row.paper.badges:
                key = _vocab_key(b)
                if not key or not b.message:
                    continue
                allowed = configured.get(key) or configured.get(b.column)
                if allowed is not None:
                    if b.message in allowed:
                        continue
                    candidates = [v for v in allowed if _close(b.message, v)]
                else:
                    c = counts[key]
                    if c[b.message] != 1:
                        continue
                    candidates = [
                        v for v, n in c.items() if v != b.message and n >= 3 and _close(b.message, v)
                    ]
                    if not candidates:
                        continue
                fix = None
                if len(candidates) == 1:
                    new = replace_badge(row, b, message=candidates[0])
                    if new:
                        # a spelling a few letters away may be a new tag ("Retention-Based" beside
                        # "Attention-Based"): only a configured vocabulary or a pure case /
                        # punctuation / spacing difference makes the rewrite safe
                        safe = allowed is not None or _norm(b.message) == _norm(candidates[0])
                        fix = Fix(
                            "MS205", f"{b.message!r} -> {candidates[0]!r}", [row_edit(row, new)], safe=safe
                        )
                hint = (
                    f"; did you mean {candidates[0]!r}?"
                    if len(candidates) == 1
                    else (f"; near: {', '.join(repr(c) for c in candidates)}" if candidates else "")
                )
                source = "configured" if allowed is not None else "this file's"
                yield ctx.finding(
                    "MS205",
                    row.line,
                    b.start + 1,
                    f"{key} {b.message!r} is not in {source} vocabulary{hint}",
                    end_column=b.end + 1,
                    fix=fix,
                )


def _title_col(row: Row) -> int:
    roles = column_roles(row.table.header)
    k = roles.index("title") if "title" in roles else 0
    return row.spans[k].start + 1 if k < len(row.spans) else 1


@rule(
    "MS206",
    "missing-title",
    "error",
    "A paper row has no title",
    why="A row without a title cannot be found, cited or deduplicated.",
    example="| [![Arxiv](https://img.shields.io/badge/arXiv-2026\\.03-red)]() <br><br>Ada Lovelace | … |",
)
def missing_title(ctx: Context) -> Iterator[Finding]:
    """Finds rows of paper tables whose title cell holds no title."""
    for t in paper_tables(ctx):
        for row in t.rows:
            if not (row.paper.title or "").strip():
                yield ctx.finding(
                    "MS206",
                    row.line,
                    _title_col(row),
                    "row has no paper title: add [Title](link) to the title cell",
                )


def _links_somewhere(p: Paper) -> bool:
    """The row links anywhere (an empty `[GitHub]()` goes nowhere: MS211's business)."""
    return bool(p.url or any(x.url.strip() for x in p.links) or any(b.link for b in p.badges))


@rule(
    "MS207",
    "missing-link",
    "error",
    "A paper row links nowhere",
    why="Readers come to a survey to reach the papers; a row without any link is a dead end.",
    example="| Sparse Tokens for Everyone<br>Ada Lovelace | … | |",
)
def missing_link(ctx: Context) -> Iterator[Finding]:
    """Finds rows with a title but neither a title link nor any other link, in tables where
    other rows do link: a table in which no row links anywhere (a rules or exit-code table
    with a Name column) lists no papers."""
    for t in paper_tables(ctx):
        unlinked = [r for r in t.rows if not _links_somewhere(r.paper)]
        if len(unlinked) == len(t.rows):
            continue
        for row in unlinked:
            p = row.paper
            if p.title:
                yield ctx.finding(
                    "MS207",
                    row.line,
                    _title_col(row),
                    f"{p.title[:60]!r} has no link: link the title to the paper",
                )


@rule(
    "MS208",
    "missing-authors",
    "warning",
    "A paper row in a table with authors names none",
    why='When a table\'s header promises authors ("Title & Authors"), a row without them is '
    "incomplete and harder to cite.",
    example="| [Title](https://arxiv.org/abs/2603.01234)<br> | … |",
)
def missing_authors(ctx: Context) -> Iterator[Finding]:
    """Finds rows with no authors in tables whose header mentions authors."""
    for t in paper_tables(ctx):
        if not any("author" in header_key(h) for h in t.header):
            continue
        for row in t.rows:
            p = row.paper
            if p.title and not p.authors:
                yield ctx.finding(
                    "MS208",
                    row.line,
                    _title_col(row),
                    f"{p.title[:60]!r} lists no authors: add them after the title",
                )


_PAPER_TEXT = {"paper", "pdf", "arxiv", "[pdf]", "[paper]", "[arxiv]"}


@rule(
    "MS209",
    "paper-link-mismatch",
    "warning",
    "The title link and the [Paper] link point to different papers",
    why="Two links for one paper that disagree mean one of them is a copy-paste slip.",
    example="[Title](https://arxiv.org/abs/2603.01234) … [Paper](https://arxiv.org/abs/2603.04321)",
)
def paper_link_mismatch(ctx: Context) -> Iterator[Finding]:
    """Finds rows whose title link and [Paper]/[PDF] link name different arXiv ids."""
    for t in paper_tables(ctx):
        for row in t.rows:
            p = row.paper
            if not p.url:
                continue
            m1 = ARXIV_URL.search(p.url)
            if not m1:
                continue
            for x in p.links:
                if x.text.strip().lower() not in _PAPER_TEXT:
                    continue
                m2 = ARXIV_URL.search(x.url)
                if m2 and m2.group(1) != m1.group(1):
                    col = row.source.find(x.url)
                    yield ctx.finding(
                        "MS209",
                        row.line,
                        col + 1 if col >= 0 else 1,
                        f"[{x.text}] links arXiv {m2.group(1)} but the title links {m1.group(1)}: "
                        "make them the same paper",
                    )
                    break


# GitHub user and organisation names: letters, digits and single inner hyphens, no dots
_GITHUB_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\Z")
_REPO = re.compile(r"\Ahttps?://(?:www\.)?github\.com/([^/\s?#]+)/([^/\s?#]+)", re.IGNORECASE)


@rule(
    "MS210",
    "stars-repo-mismatch",
    "warning",
    "A GitHub stars badge counts another repository",
    why="The stars badge should count the repository the row links; otherwise it shows another "
    "project's popularity.",
    example="[![Star](https://img.shields.io/github/stars/alice/a.svg)](https://github.com/alice/a) … "
    "[GitHub](https://github.com/bob/b)",
)
def stars_repo_mismatch(ctx: Context) -> Iterator[Finding]:
    """Finds a stars badge whose repository differs from the row's [GitHub]/[Code] link."""
    for t in paper_tables(ctx):
        for row in t.rows:
            p = row.paper
            yield from _stars_own_link(ctx, row)
            stars = [b for b in p.badges if b.kind == "github-stars" and b.repo]
            if not stars:
                continue
            owner = (stars[0].repo or "").split("/")[0]
            if not _GITHUB_OWNER.match(owner):
                yield ctx.finding(
                    "MS210",
                    row.line,
                    stars[0].start + 1,
                    f"stars badge names {stars[0].repo!r}, which is no GitHub repository "
                    f"({owner!r} cannot be a GitHub user): the badge shows an error",
                    end_column=stars[0].end + 1,
                )
                continue
            gh = [x for x in p.links if x.text.strip().lower() in ("github", "code", "[code]", "[github]")]
            for x in gh:
                m = _REPO.match(x.url)
                if not m:
                    continue
                repo = f"{m.group(1)}/{m.group(2)}".removesuffix(".git").lower()
                badge_repo = (stars[0].repo or "").removesuffix(".svg").lower()
                if repo != badge_repo:
                    yield ctx.finding(
                        "MS210",
                        row.line,
                        stars[0].start + 1,
                        f"stars badge counts {stars[0].repo} but the row links github.com/{repo}: "
                        "point both at the paper's repository",
                        end_column=stars[0].end + 1,
                    )
                break


_STARS_PATH = re.compile(r"/github/stars/", re.IGNORECASE)


def _stars_own_link(ctx: Context, row: Row) -> Iterator[Finding]:
    """A stars badge whose own URL names no repository, or whose link is no repository URL."""
    for b in row.paper.badges:
        if b.kind == "dynamic" and _STARS_PATH.search(b.image):
            yield ctx.finding(
                "MS210",
                row.line,
                b.start + 1,
                "stars badge URL names no repository (github/stars/OWNER/REPO): the badge shows an error",
                end_column=b.end + 1,
            )
            continue
        repo = (b.repo or "").removesuffix(".svg")
        if b.kind != "github-stars" or not b.link or not _GITHUB_OWNER.match(repo.split("/")[0]):
            continue  # no link to judge, or the badge's own repo is reported below
        m = _REPO.match(b.link)
        if m is None or not _GITHUB_OWNER.match(m.group(1)):
            yield ctx.finding(
                "MS210",
                row.line,
                b.start + 1,
                f"stars badge links {b.link!r}, which is no GitHub repository URL: "
                f"link https://github.com/{repo}",
                end_column=b.end + 1,
            )
        elif f"{m.group(1)}/{m.group(2)}".removesuffix(".git").lower() != repo.lower():
            yield ctx.finding(
                "MS210",
                row.line,
                b.start + 1,
                f"stars badge counts {repo} but links github.com/{m.group(1)}/{m.group(2)}: "
                "point both at the paper's repository",
                end_column=b.end + 1,
            )


_EMPTY_LINK = re.compile(r"(?<!!)\[([^\[\]]+)\]\(\s*\)")
# `[Coming soon]()`: a deliberate "not released yet" marker, not a link someone forgot to fill
_MARKER = re.compile(r"\b(?:coming|soon|tbd|todo|to be released|wip)\b", re.IGNORECASE)


@rule(
    "MS211",
    "empty-link",
    "warning",
    "A link in a row points nowhere: `[GitHub]()`",
    why="A link with an empty destination renders as a link that goes nowhere; usually the URL "
    "was never filled in.",
    example="| … | [Paper](https://arxiv.org/abs/2601.00001) [GitHub]() |",
)
def empty_link(ctx: Context) -> Iterator[Finding]:
    """Finds text links with an empty destination in paper rows. Badge links like
    `[![Area](…)]()` are the family's style, `[Coming soon]()` is a deliberate marker, and
    text inside a code span is no link: none of them is reported."""
    for t in paper_tables(ctx):
        for row in t.rows:
            if "]()" not in row.source and "]( )" not in row.source:
                continue
            spans = code_spans(row.source) if "`" in row.source else []
            # cells past the header's count are dropped by GitHub: their links never show
            shown_end = row.spans[len(t.header) - 1].end if len(row.spans) > len(t.header) else None
            for m in _EMPTY_LINK.finditer(row.source):
                if shown_end is not None and m.start() >= shown_end:
                    continue
                text = m.group(1)
                if text.lstrip().startswith("![") or _MARKER.search(text) or _in_spans(m.start(), spans):
                    continue
                yield ctx.finding(
                    "MS211",
                    row.line,
                    m.start() + 1,
                    f"link [{m.group(1)}] has no URL: fill it in or remove the link",
                    end_column=m.end() + 1,
                )
