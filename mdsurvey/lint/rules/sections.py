"""MS407-MS408: rows that do not belong to the section they sit in.

Surveys are often started from a template: one set of example rows pasted
into every section, each with the template's area badge. Both leave readers
with sections that list papers about something else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.rules import rule
from mdsurvey.lint.rules.metadata import paper_tables
from mdsurvey.survey.legend import badge_role
from mdsurvey.survey.model import Row, Section
from mdsurvey.survey.paper import Badge

# a block of this many identical rows in this many sections is a pasted template, not cross-listing
_MIN_ROWS = 2
_MIN_SECTIONS = 3

# the data kinds a multimodal survey's sections and area badges are named after; one word each,
# with the spellings seen in section titles and badge messages
_MODALITY = {
    "image": "image",
    "images": "image",
    "img": "image",
    "video": "video",
    "videos": "video",
    "audio": "audio",
    "audios": "audio",
    "speech": "audio",
    "3d": "3d",
    "4d": "4d",
    "text": "text",
    "language": "text",
}
_WORD = re.compile(r"[a-z0-9]+")


def _modalities(text: str) -> set[str]:
    return {_MODALITY[w] for w in _WORD.findall(text.lower().replace("2d", " ")) if w in _MODALITY}


def _sections_rows(ctx: Context) -> list[tuple[Section, list[Row]]]:
    out: dict[int, tuple[Section, list[Row]]] = {}
    for t in paper_tables(ctx):
        if t.section is None:
            continue
        out.setdefault(id(t.section), (t.section, []))[1].extend(t.rows)
    return list(out.values())


def _pasted_blocks(ctx: Context) -> list[list[tuple[Section, list[Row]]]]:
    """Blocks of 2+ rows repeated line for line as the whole table of 3+ sections, each block as
    its copies; computed once per file (MS404 and MS408 leave these rows to MS407)."""
    cached = ctx.cache.get("pasted-blocks")
    if cached is not None:
        return cached  # type: ignore[return-value]
    by_block: dict[tuple[str, ...], list[tuple[Section, list[Row]]]] = {}
    for section, rows in _sections_rows(ctx):
        if len(rows) >= _MIN_ROWS:
            block = tuple(r.source.strip() for r in rows)
            by_block.setdefault(block, []).append((section, rows))
    out = [copies for copies in by_block.values() if len(copies) >= _MIN_SECTIONS]
    ctx.cache["pasted-blocks"] = out
    return out


def pasted_lines(ctx: Context) -> set[int]:
    """1-based lines of rows that MS407 reports as a pasted template: other rules about the
    same rows (stale, wrong area) would only repeat it with advice that does not apply."""
    return {r.line for copies in _pasted_blocks(ctx) for _, rows in copies for r in rows}


@rule(
    "MS407",
    "pasted-rows",
    "warning",
    "The same block of rows is pasted into several sections",
    why="A survey started from a template often keeps the template's example rows in every "
    "section; readers then see the same papers under every heading, most of them in the wrong place.",
    example="<summary>Video</summary> … <summary>Audio</summary> … <summary>3D</summary>: each table "
    "holds the same two rows, line for line",
)
def pasted_rows(ctx: Context) -> Iterator[Finding]:
    """Finds blocks of two or more rows repeated, line for line, as the whole table of three or
    more sections."""
    for copies in _pasted_blocks(ctx):
        block = copies[0][1]
        # one finding per pasted block, at its first copy, naming every other copy
        section, rows = copies[0]
        others = ", ".join(f"{s.title!r} (line {r[0].line})" for s, r in copies[1:6])
        if len(copies) > 6:
            others += ", …"
        yield ctx.finding(
            "MS407",
            rows[0].line,
            1,
            f"the {len(block)} rows of section {section.title!r} are pasted, line for line, into "
            f"{len(copies) - 1} other sections: {others}; template rows? replace each copy with "
            "its section's own papers or delete it",
            end_line=rows[-1].line,
        )


@rule(
    "MS408",
    "area-contradicts-section",
    "warning",
    "A row's area badge names another kind of data than its section",
    why="A paper under 'Video' whose only area badge says 'Image-LLM' is either in the wrong "
    "section or carries a copied badge; readers who filter by either trust the wrong one.",
    example="<summary>Video</summary> … [![Area](https://img.shields.io/badge/Image--LLM-purple)]()",
)
def area_contradicts_section(ctx: Context) -> Iterator[Finding]:
    """Finds rows whose area badges all name a data kind (image, video, audio, 3D …) other than
    the one their section's title names."""
    pasted = pasted_lines(ctx)
    for section, all_rows in _sections_rows(ctx):
        rows = [r for r in all_rows if r.line not in pasted]
        want = _modalities(section.title)
        if len(want) != 1:
            continue  # no kind, or a cross-modal section ("Image-to-Video"): nothing to contradict
        (kind,) = want
        off: list[tuple[Row, Badge]] = []
        for row in rows:
            named = [(b, _modalities(b.message)) for b in row.paper.badges if badge_role(b) == "area"]
            if named and not any(kind in m or not m for _, m in named):
                off.append((row, named[0][0]))
        if not off:
            continue
        # one finding per section: a copied badge is usually copied into every row
        row, b = off[0]
        names = sorted({x.message for _, x in off})
        n = len(off) - 1
        lines = ", ".join(str(r.line) for r, _ in off[1:6]) + (", …" if n > 5 else "")
        more = f" (and {n} more row{'s' * (n != 1)}: line{'s' * (n != 1)} {lines})" if n else ""
        yield ctx.finding(
            "MS408",
            row.line,
            b.start + 1 if b.start >= 0 else 1,
            f"area badge {', '.join(repr(n) for n in names)} does not match section {section.title!r}"
            f"{more}: move the rows to their section or correct the badges",
        )
