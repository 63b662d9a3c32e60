"""MS503 escaped-utf8-bytes: literal UTF-8 byte escapes in text: `Rold\xc3\xa3o` for Roldão."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Edit, Finding, Fix
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.rows import in_spans
from mdsurvey.syntax.inline import code_spans

# two or more \xNN escapes in a row whose bytes are UTF-8 for non-ASCII text: `Rold\xc3\xa3o`
_BYTE_ESCAPES = re.compile(r"(?:\\x[89a-fA-F][0-9a-fA-F])+")


def escaped_bytes(ctx: Context) -> Iterator[Finding]:
    """Finds runs of `\\xNN` escapes (outside code blocks and inline code spans: a bytes repr
    in code is meant) that decode as UTF-8 to non-ASCII characters."""
    skip = ctx.unread_lines
    for i, t in enumerate(ctx.texts):
        if i in skip or "\\x" not in t:
            continue
        found = []
        spans = code_spans(t) if "`" in t else []
        for m in _BYTE_ESCAPES.finditer(t):
            if spans and in_spans(m.start(), spans):
                continue
            raw = bytes(int(m.group()[k + 2 : k + 4], 16) for k in range(0, len(m.group()), 4))
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            found.append((m, text))
        if not found:
            continue
        fixed = t
        for m, text in reversed(found):
            fixed = fixed[: m.start()] + text + fixed[m.end() :]
        fix = Fix("MS503", f"line {i + 1}: decode UTF-8 byte escapes", [Edit(i, i + 1, (fixed,))])
        for m, text in found:
            yield ctx.finding(
                "MS503",
                i + 1,
                m.start() + 1,
                f"literal UTF-8 byte escapes {m.group()!r}: it reads {text!r}",
                end_column=m.end() + 1,
                fix=fix,
            )


RULE = rule(
    "MS503",
    "escaped-utf8-bytes",
    "error",
    "Literal UTF-8 byte escapes in text: `Rold\\xc3\\xa3o` for Roldão",
    why="A script printed a Python bytes repr instead of text: readers see backslash escapes "
    "in author names and titles.",
    example="| [Lantern Tokens](…)<br>Ana Rold\\xc3\\xa3o | … |",
    fix="safe: replace the escapes with the characters they encode",
    applicability=(Applicability.SAFE,),
    check=escaped_bytes,
)
