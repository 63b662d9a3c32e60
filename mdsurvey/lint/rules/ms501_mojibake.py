"""MS501 mojibake: uTF-8 text garbled by a wrong decoding (mojibake)."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Edit, Finding, Fix
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.rows import in_spans
from mdsurvey.survey.paper import extract
from mdsurvey.syntax.cells import split_cells
from mdsurvey.syntax.inline import code_spans
from mdsurvey.syntax.textcheck import find_mojibake


def mojibake(ctx: Context) -> Iterator[Finding]:
    """Finds runs of characters that are UTF-8 bytes decoded with the wrong code page, outside
    code blocks and inline code spans (code quotes text on purpose)."""
    skip = ctx.unread_lines
    rows = {r.line: r for r in ctx.survey.rows}
    headers = {t.header_line for t in ctx.survey.tables}
    for i, t in enumerate(ctx.texts):
        if i in skip or t.isascii():
            continue
        found = find_mojibake(t)
        if found and "`" in t:
            spans = code_spans(t)
            found = [m for m in found if not in_spans(m.start, spans)]
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


RULE = rule(
    "MS501",
    "mojibake",
    "error",
    "UTF-8 text garbled by a wrong decoding (mojibake)",
    why="Text saved as UTF-8, read as Mac Roman, cp1252 or Latin-1 and saved again shows as "
    "'üìö' instead of '📚' and 'Ã©' instead of 'é'; anchors built from it break too.",
    example="## üìö Contents   (was: ## 📚 Contents)",
    fix="safe where the repair is exact: re-encode and decode the garbled run",
    applicability=(Applicability.SAFE,),
    check=mojibake,
)
