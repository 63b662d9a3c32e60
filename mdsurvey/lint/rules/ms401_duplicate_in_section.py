"""MS401 duplicate-in-section: the same paper appears twice in one section."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Edit, Finding, Fix
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.copies import raw_titles, rows_in
from mdsurvey.survey.identity import norm_title
from mdsurvey.survey.model import Row
from mdsurvey.survey.paper import column_roles


def duplicate_in_section(ctx: Context) -> Iterator[Finding]:
    """Finds a row whose arXiv id, DOI, URL or normalised title matches an earlier row of the
    same section. Rows that share a paper but are different items (two datasets of a
    `Name | Paper` table, videos whose title cells say different things) are not reported; one
    link under two unrelated titles is reported as a wrong link, not as a duplicate."""
    tables = {id(t) for t in ctx.facts.paper_tables}
    for section in ctx.survey.sections:
        seen: dict[str, Row] = {}
        for row in rows_in(section, tables):
            keys = ctx.facts.paper_keys(row)
            # any shared identity key, not identity.same_paper: a shared title with two arXiv ids
            # is still reported (the checks below tell a copy-pasted link from a second copy)
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
                    applicability=Applicability.UNSAFE,
                    removes=[(row.paper.title, row.paper.url)],
                )
            # several rows may share one paper: datasets it introduced, videos about it
            if _two_names(first, row):
                continue
            a, b = norm_title(first.paper.title or ""), norm_title(row.paper.title or "")
            from difflib import SequenceMatcher  # only a duplicate needs it: not imported by every check

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


RULE = rule(
    "MS401",
    "duplicate-in-section",
    "error",
    "The same paper appears twice in one section",
    why="A duplicate inflates counts and the two copies drift apart as one gets edited.",
    example="two rows with https://arxiv.org/abs/2603.01234 under <summary>Video</summary>",
    fix="unsafe: delete the later row when both rows are byte-identical (with --unsafe-fixes)",
    applicability=(Applicability.UNSAFE,),
    check=duplicate_in_section,
)


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
    ta, tb = raw_titles(a.paper), raw_titles(b.paper)
    return len(ta) > 1 and len(tb) > 1 and norm_title(ta[0]) != norm_title(tb[0])


def _own_words_differ(a: Row, b: Row) -> bool:
    """Title cells whose own words differ: two items about one paper, not two copies of one
    entry (a series of videos on one paper: '… (part 1)', '… (part 2)')."""
    wa, wb = _cell_words(a), _cell_words(b)
    if not wa and not wb:
        return False
    numbers = {w for w in wa ^ wb if w.isdigit()}  # 'part 1' / 'part 2'
    return bool(numbers) or len(wa & wb) < 0.5 * len(wa | wb)
