"""MS203 malformed-arxiv-link: an arXiv link names no valid arXiv id."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.rows import ARXIV_ID_OK, in_spans
from mdsurvey.syntax.inline import code_spans

_ARXIV_ANY = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s)\]|>\"'#?]*)", re.IGNORECASE)
# what comes before `arxiv.org` in the same URL: a scheme and subdomains (`https://www.`)
_URL_HEAD = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?(?:[a-z0-9-]+\.)*\Z", re.IGNORECASE)


def _url_start(source: str, at: int) -> int:
    """Where the URL holding `arxiv.org` at `at` starts: columns point at the URL, as MS209/MS212's do."""
    lo = max(0, at - 64)
    m = _URL_HEAD.search(source, lo, at)
    return m.start() if m is not None else at


def malformed_arxiv(ctx: Context) -> Iterator[Finding]:
    """Finds arXiv abs/pdf links in paper rows whose id is malformed (`abs/203.05527`): neither
    the new form (four digits, a dot, four or five digits) nor the old archive/seven digits. A
    fragment or query (`#`, `?`) is not part of the id; `pdf/`, `http://`, `www.` and `vN`
    work and are left to the opt-in MS212. One finding per link."""
    for t in ctx.facts.paper_tables:
        for row in t.rows:
            spans = code_spans(row.source) if "`" in row.source else []
            for m in _ARXIV_ANY.finditer(row.source):
                if ARXIV_ID_OK.match(m.group(1)) or in_spans(m.start(), spans):
                    continue
                yield ctx.finding(
                    "MS203",
                    row.line,
                    _url_start(row.source, m.start()) + 1,
                    f"arXiv link with a malformed id {m.group(1)!r}: an arXiv id is YYMM.NNNNN "
                    "(or archive/YYMMNNN); check the link",
                    end_column=m.end() + 1,
                )


RULE = rule(
    "MS203",
    "malformed-arxiv-link",
    "warning",
    "An arXiv link names no valid arXiv id",
    why="A link to arxiv.org/abs/ with a mistyped id (a digit lost, a stray character) leads to "
    "an error page or to another paper, and its row cannot be deduplicated.",
    example="[Title](https://arxiv.org/abs/203.05527)",
    check=malformed_arxiv,
)
