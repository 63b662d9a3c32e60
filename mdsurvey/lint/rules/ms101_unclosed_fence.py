"""MS101 unclosed-fence: a fenced code block is never closed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Edit, Finding, Fix
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.markdown import plural
from mdsurvey.survey.parse import parse

_STRUCTURE_START = re.compile(r"[ \t]{0,3}(?:#{1,6}[ \t]|<details\b|</details>)", re.IGNORECASE)


def unclosed_fence(ctx: Context) -> Iterator[Finding]:
    """Finds a fence (``` or ~~~) that runs to the end of the file, and says how many
    <details> blocks and tables it hides."""

    texts = ctx.texts
    for f in ctx.survey.blocks.fences:
        # markdown-it ends an unclosed fence before trailing blank lines; it still runs to the end
        if f.closed or any(t.strip() for t in texts[f.end :]):
            continue
        close_at = _plausible_close(texts, f.start)
        # what GitHub would show past the code if the fence were closed where it belongs
        rest = parse("\n".join(texts[close_at if close_at is not None else f.start + 1 :]))
        n_details = sum(1 for d in rest.details if d.start_line > 0)
        n_tables = len(rest.tables)
        n_rows = sum(len(t.rows) for t in rest.tables)
        inner = _wrapped_fence(texts, f.start, f.marker)
        fix = _close_fix(f.start, f.marker, close_at, inner) if close_at is not None else None
        hidden = (
            f"it hides {plural(n_details, '<details> block')}, {plural(n_tables, 'table')} "
            f"and {plural(n_rows, 'row')} (lines {f.start + 1}-{len(texts)})"
        )
        where = f"; close it with {f.marker} after line {close_at}" if close_at else ""
        if inner is not None:
            where = (
                f"; it wraps the {f.marker}{inner} fence on line {f.start + 2}, which shows as code: "
                f"delete line {f.start + 1} so the {inner} block renders"
                + (f", and close that with {f.marker} after line {close_at}" if close_at else "")
            )
        yield ctx.finding(
            "MS101",
            f.start + 1,
            texts[f.start].find(f.marker) + 1,
            f"code fence {texts[f.start].strip()!r} is never closed: {hidden}{where}",
            end_line=len(texts),
            fix=fix,
        )


RULE = rule(
    "MS101",
    "unclosed-fence",
    "error",
    "A fenced code block is never closed",
    why="Everything after an unclosed ``` fence renders as code: every later <details> "
    "block and table disappears from the page.",
    example="```mermaid\nflowchart TB\n    A --> B\n(no closing ```; the paper tables below vanish)",
    fix="unsafe: insert a closing fence after the last line before the next heading or "
    "<details> block (with --unsafe-fixes)",
    applicability=(Applicability.UNSAFE,),
    check=unclosed_fence,
)


def _close_fix(start: int, marker: str, close_at: int, inner: str | None) -> Fix:
    """Close the fence opened on 0-based line `start` after line `close_at`; a ```markdown
    line wrapping a ```mermaid fence is dropped and the diagram closed instead."""
    if inner is not None:
        return Fix(
            "MS101",
            f"delete the wrapper fence at line {start + 1}, close the {inner} fence after line {close_at}",
            [Edit(start, start + 1, ()), Edit(close_at, close_at, (marker,))],
            applicability=Applicability.UNSAFE,
            reveals_tables=True,
        )
    return Fix(
        "MS101",
        f"close the fence opened at line {start + 1} after line {close_at}",
        [Edit(close_at, close_at, (marker,))],
        applicability=Applicability.UNSAFE,
        reveals_tables=True,
    )


def _wrapped_fence(texts: list[str], start: int, marker: str) -> str | None:
    """The info string of a fence opened on the first non-blank line inside the fence at `start`
    (```markdown around ```mermaid), or None."""
    for k in range(start + 1, min(start + 4, len(texts))):
        t = texts[k].strip()
        if not t:
            continue
        if t.startswith(marker) and len(t) > len(marker) and t[len(marker)] not in "`~":
            return t[len(marker) :].strip().split()[0]
        return None
    return None


def _plausible_close(texts: list[str], start: int) -> int | None:
    """0-based line where a closing fence belongs: after the code, before the next
    heading or <details> block."""
    for k in range(start + 1, len(texts)):
        if _STRUCTURE_START.match(texts[k]):
            j = k
            while j - 1 > start and not texts[j - 1].strip():
                j -= 1
            return j
    return None
