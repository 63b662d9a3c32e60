"""MS5xx: text and encoding: mojibake and placeholder text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Edit, Finding, Fix
from mdsurvey.lint.rules import rule
from mdsurvey.survey.paper import extract
from mdsurvey.syntax.cells import split_cells
from mdsurvey.syntax.textcheck import Placeholder, find_mojibake, find_placeholders


@rule(
    "MS501",
    "mojibake",
    "error",
    "UTF-8 text garbled by a wrong decoding (mojibake)",
    why="Text saved as UTF-8, read as Mac Roman, cp1252 or Latin-1 and saved again shows as "
    "'üìö' instead of '📚' and 'Ã©' instead of 'é'; anchors built from it break too.",
    example="## üìö Contents   (was: ## 📚 Contents)",
    fix="safe where the repair is exact: re-encode and decode the garbled run",
)
def mojibake(ctx: Context) -> Iterator[Finding]:
    """Finds runs of characters that are UTF-8 bytes decoded with the wrong code page, outside code."""
    skip = ctx.unread_lines
    rows = {r.line: r for r in ctx.survey.rows}
    headers = {t.header_line for t in ctx.survey.tables}
    for i, t in enumerate(ctx.texts):
        if i in skip or t.isascii():
            continue
        found = find_mojibake(t)
        if not found:
            continue
        fixed = t
        exact = all(m.repair is not None for m in found)
        for m in sorted(found, key=lambda m: m.start, reverse=True):
            if m.repair is not None:
                fixed = fixed[: m.start] + m.repair + fixed[m.end :]
        fix = None
        if exact:
            fix = Fix("MS501", f"line {i + 1}: repair mojibake", [Edit(i, i + 1, (fixed,))])
            # a repaired header may name a column Title again: its rows' papers get names
            fix.reveals_papers = i + 1 in headers
            row = rows.get(i + 1)
            if row is not None:
                # a repaired row may name its paper differently (a url with mojibake): say so
                new = extract(
                    fixed, [(x.start, x.end) for x in split_cells(fixed, row.table.quoted)], row.table.header
                )
                fix.removes = [(row.paper.title, row.paper.url)]
                fix.adds = [(new.title, new.url)]
        for m in found:
            repair = f": it reads {m.repair!r}" if m.repair is not None else ""
            yield ctx.finding(
                "MS501",
                i + 1,
                m.start + 1,
                f"mojibake {m.text!r} (UTF-8 read as {m.encoding}){repair}",
                end_column=m.end + 1,
                fix=fix,
            )


# a cheap test that rules a line out before the exact scanner runs
_MAYBE_PLACEHOLDER = re.compile(r"\[\?|§|TODO|TBD|FIXME|XXX|(?:9999|0000)|¬ß|Â§")


@rule(
    "MS502",
    "placeholder",
    "warning",
    "Placeholder text left in the survey",
    why="'[?]', '§??', TODO/TBD and arXiv ids like 2512.99999 are notes to self that readers see "
    "as broken content.",
    example="| [Title](https://arxiv.org/abs/2512.99999)<br>TODO | … |",
)
def placeholder(ctx: Context) -> Iterator[Finding]:
    """Finds `[?]`, `§??`, TODO/TBD/FIXME and fake arXiv ids (99999, 00000) outside code; the
    same placeholder repeated on one line (title link and [Paper] link) is one finding."""
    skip = ctx.unread_lines
    for i, t in enumerate(ctx.texts):
        if i in skip or not _MAYBE_PLACEHOLDER.search(t):
            continue
        # one finding per placeholder per line: a fake id in the title link and the [Paper] link
        # of one row is one thing to fill in
        found: dict[str, list[int]] = {}
        first: dict[str, Placeholder] = {}
        for p in find_placeholders(t):
            found.setdefault(p.text, []).append(p.start + 1)
            first.setdefault(p.text, p)
        for text, cols in found.items():
            p = first[text]
            s = "s" if len(cols) > 2 else ""
            also = f" (also at column{s} {', '.join(map(str, cols[1:]))})" if len(cols) > 1 else ""
            yield ctx.finding(
                "MS502",
                i + 1,
                p.start + 1,
                f"placeholder {p.text!r} ({p.kind}){also}: replace it with the real content",
                end_column=p.end + 1,
            )


# two or more \xNN escapes in a row whose bytes are UTF-8 for non-ASCII text: `Rold\xc3\xa3o`
_BYTE_ESCAPES = re.compile(r"(?:\\x[89a-fA-F][0-9a-fA-F])+")


@rule(
    "MS503",
    "escaped-utf8-bytes",
    "error",
    "Literal UTF-8 byte escapes in text: `Rold\\xc3\\xa3o` for Roldão",
    why="A script printed a Python bytes repr instead of text: readers see backslash escapes "
    "in author names and titles.",
    example="| [Lantern Tokens](…)<br>Ana Rold\\xc3\\xa3o | … |",
    fix="safe: replace the escapes with the characters they encode",
)
def escaped_bytes(ctx: Context) -> Iterator[Finding]:
    """Finds runs of `\\xNN` escapes (outside code) that decode as UTF-8 to non-ASCII characters."""
    skip = ctx.unread_lines
    for i, t in enumerate(ctx.texts):
        if i in skip or "\\x" not in t:
            continue
        found = []
        for m in _BYTE_ESCAPES.finditer(t):
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
