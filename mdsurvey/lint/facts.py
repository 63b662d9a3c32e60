"""Facts about one file that several rules share: typed, computed at most once per file.

`Context.facts` holds one `Facts`; a rule reads `ctx.facts.links`, `ctx.facts.paper_tables`
and so on instead of recomputing them (or caching them under string keys).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from mdsurvey.analysis.pages import Page, area_slugs, linked_pages
from mdsurvey.analysis.papers import paper_keys, paper_tables
from mdsurvey.files.source import InputError
from mdsurvey.lint.reading import load_page
from mdsurvey.survey.model import Row, Section, Survey, Table
from mdsurvey.syntax.inline import code_spans

if TYPE_CHECKING:  # stats are computed only for a file with generated views (MS601)
    from mdsurvey.analysis.stats import Analysis

# a relative Markdown link `[text](target)` and an HTML href: the links MS3xx and MS405 follow.
# A destination stops at brackets: each `](` then scans only up to the next one (linear time);
# absolute web links are not followed, so they are not captured either (most links in a survey).
# `](` then blanks and `)` is an empty destination (the `[![badge](…)]()` of most rows): no rule
# follows it, so the lookahead rejects it before the rest of the pattern runs
MD_LINK = re.compile(
    r"\]\((?!\s*\))\s*<?(?!https?:)([^()\[\]\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)", re.IGNORECASE
)
HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)

# a block of this many identical rows in this many sections is a pasted template, not cross-listing
MIN_ROWS = 2
MIN_SECTIONS = 3


class AreaPages:
    """The area pages a README links to (each read and parsed once), indexed by paper identity."""

    def __init__(
        self, readme: Path, survey: Survey, keys_of: Callable[[Row], list[str]] | None = None
    ) -> None:
        self.readme = readme
        self.survey = survey
        # the README rows' identity keys (Facts passes its per-row cache)
        self.keys_of: Callable[[Row], list[str]] = keys_of or (lambda row: paper_keys(row.paper))

    @cached_property
    def pages(self) -> list[Page]:
        """The readable linked pages that hold at least one table."""
        if not self.readme.is_file():
            return []
        pages = []
        for path in linked_pages(self.readme, self.survey):
            try:
                page = load_page(path)
            except InputError:
                continue
            if page.survey.tables:
                pages.append(page)
        return pages

    @cached_property
    def index(self) -> dict[str, list[tuple[Page, Row]]]:
        """Paper identity key (titles left out) -> the page rows with that key."""
        out: dict[str, list[tuple[Page, Row]]] = {}
        for p in self.pages:
            for r in p.survey.rows:
                for k in paper_keys(r.paper):
                    if not k.startswith("title:"):
                        out.setdefault(k, []).append((p, r))
        return out

    def copies_of(self, row: Row) -> list[tuple[Page, Row]]:
        """Copies on the pages, the page named after the row's area first."""
        found: list[tuple[Page, Row]] = []
        for k in self.keys_of(row):
            for c in self.index.get(k, []):
                if all(c[1] is not f[1] for f in found):
                    found.append(c)
        areas = set(area_slugs(row))
        found.sort(key=lambda c: c[0].path.stem.lower() not in areas)
        return found


class Facts:
    """What several rules derive from one file, each fact computed on first use."""

    def __init__(self, survey: Survey, path: Path, texts: list[str], code_lines: set[int]) -> None:
        self.survey = survey
        self.path = path
        self.texts = texts
        self.code_lines = code_lines
        self._keys: dict[int, list[str]] = {}  # id(row) -> its identity keys (rows outlive the check)

    @cached_property
    def paper_tables(self) -> list[Table]:
        """Tables whose header names a title column: the ones that list papers."""
        return paper_tables(self.survey)

    @cached_property
    def links(self) -> list[tuple[int, int, str]]:
        """(0-based line, 0-based column, target) of every link outside code with a relative
        or fragment target (absolute web links and empty destinations are left out: no rule
        follows them)."""
        return list(self._scan_links())

    def _scan_links(self) -> Iterator[tuple[int, int, str]]:
        skip = self.code_lines
        for i, t in enumerate(self.texts):
            if i in skip:
                continue
            has_md = "](" in t
            has_href = "=" in t and ("href" in t or "href" in t.lower())
            if not has_md and not has_href:
                continue
            # a `[text](target)` inside a code span is shown as code, not a link
            spans = code_spans(t) if "`" in t else []
            if has_md:
                for m in MD_LINK.finditer(t):
                    if m.group(1) and not any(a <= m.start() < b for a, b in spans):
                        yield i, m.start(1), m.group(1)
            if has_href:
                for m in HREF.finditer(t):
                    g = 1 if m.group(1) is not None else 2
                    if m.group(g) and not any(a <= m.start() < b for a, b in spans):
                        yield i, m.start(g), m.group(g)

    def paper_keys(self, row: Row) -> list[str]:
        """`analysis.papers.paper_keys` of a row of this file, computed once per row (MS401,
        MS402 and the area-page index all ask); the list is shared: do not change it."""
        cache = self._keys
        keys = cache.get(id(row))
        if keys is None:
            keys = cache[id(row)] = paper_keys(row.paper)
        return keys

    @cached_property
    def section_rows(self) -> list[tuple[Section, list[Row]]]:
        """Each section with the rows of its paper tables, in document order."""
        out: dict[int, tuple[Section, list[Row]]] = {}
        for t in self.paper_tables:
            if t.section is None:
                continue
            out.setdefault(id(t.section), (t.section, []))[1].extend(t.rows)
        return list(out.values())

    @cached_property
    def pasted_blocks(self) -> list[list[tuple[Section, list[Row]]]]:
        """Blocks of 2+ rows repeated line for line as the whole table of 3+ sections, each
        block as its copies (MS404 and MS408 leave these rows to MS407)."""
        by_block: dict[tuple[str, ...], list[tuple[Section, list[Row]]]] = {}
        for section, rows in self.section_rows:
            if len(rows) >= MIN_ROWS:
                block = tuple(r.source.strip() for r in rows)
                by_block.setdefault(block, []).append((section, rows))
        return [copies for copies in by_block.values() if len(copies) >= MIN_SECTIONS]

    @cached_property
    def analysis(self) -> Analysis:
        """Counts and views of the survey (`mdsurvey stats`), for MS601."""
        from mdsurvey.analysis.stats import analyse

        return analyse(self.survey)

    @cached_property
    def area_pages(self) -> AreaPages:
        """The README's linked area pages, shared by MS405 and MS406."""
        return AreaPages(self.path, self.survey, self.paper_keys)
