"""MS212 non-canonical-arxiv-link: a title link to arXiv is not the canonical abs/ URL."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Finding, Fix
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.rows import ARXIV_ID_OK, row_edit
from mdsurvey.survey.paper import (
    ARXIV_URL,
)

_CANONICAL = re.compile(r"\Ahttps://arxiv\.org/abs/(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})\Z")


# a link whose text says it is the pdf must point at the pdf: not a style slip
_PDF_TEXT = re.compile(r"\A\W*pdf\W*\Z", re.IGNORECASE)
_HOST = re.compile(r"\Ahttps?://(?:www\.)?arxiv\.org/", re.IGNORECASE)
_ID_PART = re.compile(r"(abs|pdf)/([^#?]+?)(v\d+)?(\.pdf)?/?(?:[#?].*)?\Z", re.IGNORECASE)


def _canonical(url: str) -> tuple[str, bool] | None:
    """The canonical abs/ URL for an arXiv link, and whether going there keeps the page the
    reader lands on (scheme, host, fragment only) or changes it (pdf -> abs, a version dropped)."""
    h = _HOST.match(url)
    if h is None:
        return None
    m = _ID_PART.match(url, h.end())
    if m is None or not ARXIV_ID_OK.match(m.group(2)):
        return None
    want = f"https://arxiv.org/abs/{m.group(2)}"
    same_page = m.group(1).lower() == "abs" and not m.group(3) and not m.group(4)
    return want, same_page


def non_canonical_arxiv(ctx: Context) -> Iterator[Finding]:
    """Finds a row's title link when it points at arXiv in another form than
    https://arxiv.org/abs/ID. A link labelled pdf (`[pdf]`, `PDF`) is meant to be the pdf and is
    not reported; malformed ids are MS203's."""
    for t in ctx.facts.paper_tables:
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
                    applicability=Applicability.SAFE if same_page else Applicability.UNSAFE,
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


RULE = rule(
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
    applicability=(Applicability.SAFE, Applicability.UNSAFE),
    check=non_canonical_arxiv,
)
