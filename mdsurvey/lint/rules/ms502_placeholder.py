"""MS502 placeholder: placeholder text left in the survey."""

from __future__ import annotations

from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.rows import in_spans
from mdsurvey.syntax.inline import code_spans
from mdsurvey.syntax.textcheck import Placeholder, find_placeholders


def _maybe_placeholder(t: str) -> bool:
    """A cheap test that rules a line out before the exact scanner runs: substring tests (an
    alternation with no common literal prefix makes the regex engine try every position)."""
    return (
        "[?" in t
        or "§" in t
        or "TODO" in t
        or "TBD" in t
        or "FIXME" in t
        or "XXX" in t
        or "9999" in t
        or "0000" in t
        or "¬ß" in t
    )


def placeholder(ctx: Context) -> Iterator[Finding]:
    """Finds `[?]`, `§??`, TODO/TBD/FIXME and fake arXiv ids (99999, 00000) outside code blocks
    and inline code spans; the same placeholder repeated on one line (title link and [Paper]
    link) is one finding."""
    skip = ctx.unread_lines
    for i, t in enumerate(ctx.texts):
        if i in skip or not _maybe_placeholder(t):
            continue
        # one finding per placeholder per line: a fake id in the title link and the [Paper] link
        # of one row is one thing to fill in
        found: dict[str, list[int]] = {}
        first: dict[str, Placeholder] = {}
        spans = code_spans(t) if "`" in t else []
        for p in find_placeholders(t):
            if spans and in_spans(p.start, spans):
                continue  # `make TODO` in code is a command, not a note to self
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


RULE = rule(
    "MS502",
    "placeholder",
    "warning",
    "Placeholder text left in the survey",
    why="'[?]', '§??', TODO/TBD and arXiv ids like 2512.99999 are notes to self that readers see "
    "as broken content.",
    example="| [Title](https://arxiv.org/abs/2512.99999)<br>TODO | … |",
    check=placeholder,
)
