"""MS408 area-contradicts-section: a row's area badge names another kind of data than its section."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.pasted import pasted_lines
from mdsurvey.survey.legend import badge_role
from mdsurvey.survey.model import Row
from mdsurvey.survey.paper import Badge

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


def area_contradicts_section(ctx: Context) -> Iterator[Finding]:
    """Finds rows whose area badges all name a data kind (image, video, audio, 3D …) other than
    the one their section's title names."""
    pasted = pasted_lines(ctx)
    for section, all_rows in ctx.facts.section_rows:
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


RULE = rule(
    "MS408",
    "area-contradicts-section",
    "warning",
    "A row's area badge names another kind of data than its section",
    why="A paper under 'Video' whose only area badge says 'Image-LLM' is either in the wrong "
    "section or carries a copied badge; readers who filter by either trust the wrong one.",
    example="<summary>Video</summary> … [![Area](https://img.shields.io/badge/Image--LLM-purple)]()",
    check=area_contradicts_section,
)
