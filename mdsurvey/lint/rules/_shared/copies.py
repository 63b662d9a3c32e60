"""Comparing two copies of a paper, for MS401, MS402 and MS406."""

from __future__ import annotations

from mdsurvey.survey.identity import norm_title
from mdsurvey.survey.legend import badge_role
from mdsurvey.survey.model import Row, Section
from mdsurvey.survey.paper import Paper


def rows_in(section: Section, tables: set[int]) -> list[Row]:
    """The section's rows in the tables whose id() is in `tables` (its paper tables)."""
    return [r for t in section.tables if id(t) in tables for r in t.rows]


def profile(p: Paper) -> dict[str, str]:
    """The fields two copies of a paper are compared by: title, authors, stated date, tags."""
    tags = sorted(b.message for b in p.badges if badge_role(b) in ("area", "category", "cost") and b.message)
    title = p.title or ""
    return {
        # a cell of more than SUMMARY_WORDS words is a summary (weekly digests), not a title
        "title": norm_title(title) if len(title.split()) <= SUMMARY_WORDS else "",
        "authors": ", ".join(a.casefold() for a in p.authors),
        # only a date the row states (badge or date column); one read off the arXiv id is the
        # first version's month, which a stated date may rightly differ from (MS201's business)
        "date": (p.date or "") if p.date_source in ("badge", "column") else "",
        "tags": ", ".join(tags),
    }


SUMMARY_WORDS = 30
GENERIC_LINK_TEXT = {"paper", "pdf", "arxiv", "link", "project", "code", "github", "website", "page"}


def raw_titles(p: Paper) -> list[str]:
    """Every name the row gives its paper: the title cell and the text of links to the same
    paper (`Name | Paper` tables put a short name first and the paper's title in a link)."""
    out = [p.title or ""]
    for x in p.links:
        text = x.text.strip().strip("[]*").strip()
        if x.url == p.url and text.casefold() not in GENERIC_LINK_TEXT:
            out.append(text)
    return [t for t in out if norm_title(t)]
