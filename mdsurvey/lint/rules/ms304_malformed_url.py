"""MS304 malformed-url: a web address is malformed (doubled scheme, URL in a URL, glued host)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.facts import HREF
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.urls import malformed_url
from mdsurvey.syntax.inline import code_spans

# any destination, absolute ones included (MS304 looks at the shape of web addresses)
_ANY_DEST = re.compile(r"\]\(\s*<?([^()\[\]\s>]+)")


def malformed_url_rule(ctx: Context) -> Iterator[Finding]:
    """Finds link destinations (Markdown links and href) whose web address has a doubled scheme,
    a repository URL inside a repository URL, a well-known host glued to its path, or no scheme
    at all while its first segment is a host name."""
    skip = ctx.code_lines
    for i, t in enumerate(ctx.texts):
        if i in skip:
            continue
        found = [(m.start(1), m.group(1)) for m in _ANY_DEST.finditer(t)] if "](" in t else []
        if "=" in t and "href" in t.lower():
            for m in HREF.finditer(t):
                g = 1 if m.group(1) is not None else 2
                found.append((m.start(g), m.group(g)))
            found.sort()
        if not found:
            continue
        spans = code_spans(t) if "`" in t else None
        for col, target in found:
            # most targets are fine and repeat (badge sources): the cached test comes first
            what = malformed_url(target)
            if what is None or (spans and any(a <= col < b for a, b in spans)):
                continue
            yield ctx.finding(
                "MS304",
                i + 1,
                col + 1,
                f"malformed link {target[:80]!r}: {what}",
                end_column=col + len(target) + 1,
            )

RULE = rule(
    "MS304",
    "malformed-url",
    "error",
    "A link's web address is malformed: doubled scheme, URL in a URL, glued host, no scheme",
    why="`https://https://github.com/…`, `https://github.com/https://github.com/o/r`, "
    "`https://github.comowner/repo` lead nowhere, and `openreview.net/forum?id=…` without "
    "https:// is a relative link to a file that does not exist.",
    example="[Code](https://github.comowner/repo)   [Paper](openreview.net/forum?id=Ab12)",
    check=malformed_url_rule,
)
