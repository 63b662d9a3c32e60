"""MS211 empty-link: a link in a row points nowhere: `[GitHub]()`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.rows import in_spans
from mdsurvey.syntax.inline import code_spans

# the `[` first, then the look back: a pattern that starts with a literal is searched for
# quickly, one that starts with a look-behind is tried at every offset of the row
_EMPTY_LINK = re.compile(r"\[(?<!!\[)([^\[\]]+)\]\(\s*\)")


# `[Coming soon]()`: a deliberate "not released yet" marker, not a link someone forgot to fill
_MARKER = re.compile(r"\b(?:coming|soon|tbd|todo|to be released|wip)\b", re.IGNORECASE)


def empty_link(ctx: Context) -> Iterator[Finding]:
    """Finds text links with an empty destination in paper rows. Badge links like
    `[![Area](…)]()` are the family's style, `[Coming soon]()` is a deliberate marker, and
    text inside a code span is no link: none of them is reported."""
    for t in ctx.facts.paper_tables:
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
                if text.lstrip().startswith("![") or _MARKER.search(text) or in_spans(m.start(), spans):
                    continue
                yield ctx.finding(
                    "MS211",
                    row.line,
                    m.start() + 1,
                    f"link [{m.group(1)}] has no URL: fill it in or remove the link",
                    end_column=m.end() + 1,
                )


RULE = rule(
    "MS211",
    "empty-link",
    "warning",
    "A link in a row points nowhere: `[GitHub]()`",
    why="A link with an empty destination renders as a link that goes nowhere; usually the URL "
    "was never filled in.",
    example="| … | [Paper](https://arxiv.org/abs/2601.00001) [GitHub]() |",
    check=empty_link,
)
