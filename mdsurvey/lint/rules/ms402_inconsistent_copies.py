"""MS402 inconsistent-copies: copies of one paper in different sections disagree."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Edit, Finding, Fix
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.copies import profile, raw_titles, rows_in
from mdsurvey.survey.identity import norm_title
from mdsurvey.survey.model import Row, Section
from mdsurvey.survey.paper import Paper


def _shown(p: Paper, field: str) -> str:
    """A field as a reader would quote it in a message."""
    if field == "authors":
        return ", ".join(p.authors)
    if field == "tags":
        return profile(p)["tags"]
    if field == "title":
        return max(raw_titles(p), key=lambda t: len(t.split()), default="")
    return str(getattr(p, field) or "")


_NICKNAME_WORDS = 3


def _same_title(a: Paper, b: Paper) -> bool:
    """Some name of one copy equals or contains some name of the other, or one copy only gives
    a short name (a per-topic nickname such as 'GVLQA' beside the full title of the paper)."""
    ta, tb = raw_titles(a), raw_titles(b)
    if any(norm_title(x) in norm_title(y) or norm_title(y) in norm_title(x) for x in ta for y in tb):
        return True
    longest = [max(len(t.split()) for t in ts) for ts in (ta, tb) if ts]
    return len(longest) == 2 and min(longest) <= _NICKNAME_WORDS < max(longest)


def inconsistent_copies(ctx: Context) -> Iterator[Finding]:
    """Finds rows in different sections that are the same paper (arXiv id, DOI or URL) but
    differ in title, authors, stated date (badge or date column) or tags. Agreeing copies are
    fine; so is a short name or nickname beside the full title, a `Name | Paper` row whose
    paper link carries the title, and a digest cell that summarises rather than titles."""
    tables = {id(t) for t in ctx.facts.paper_tables}
    first: dict[str, tuple[Row, Section]] = {}
    for section in ctx.survey.sections:
        for row in rows_in(section, tables):
            keys = [k for k in ctx.facts.paper_keys(row) if not k.startswith("title:")]
            other = next((first[k] for k in keys if k in first), None)
            if other is None:
                for k in keys:
                    first.setdefault(k, (row, section))
                continue
            orow, osec = other
            if osec is section:
                continue
            a, b = profile(orow.paper), profile(row.paper)
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


RULE = rule(
    "MS402",
    "inconsistent-copies",
    "error",
    "Copies of one paper in different sections disagree",
    why="A paper listed in a 'Recent' view and in its venue section must say the same thing in "
    "both; differing copies mean one was edited and the other forgotten.",
    example="line 40 (Recent): arXiv-2026.03 … line 90 (CVPR 2026): arXiv-2026.02, same arXiv id",
    fix="unsafe: with [tool.mdsurvey] canonical-section, copy that section's row over the other copy "
    "(tables with the same header only)",
    applicability=(Applicability.UNSAFE,),
    check=inconsistent_copies,
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
        applicability=Applicability.UNSAFE,
        removes=[(bad.paper.title, bad.paper.url)],
        adds=[(good.paper.title, good.paper.url)],
    )
