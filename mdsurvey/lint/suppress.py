"""Inline suppression comments, in the manner of markdownlint:

    <!-- mdsurvey-disable-next-line MS201 MS204 -->
    | … a table row … | [Paper](…) <!-- mdsurvey-disable-line MS201 --> |
    <!-- mdsurvey-disable MS4 -->  …  <!-- mdsurvey-enable -->

A comment line between table rows would end the table on GitHub, so a single
row is silenced by a comment inside one of its own cells (`disable-line`).

Codes are prefixes (MS4 is every MS4xx rule); no codes means every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DIRECTIVE = re.compile(
    r"<!--\s*mdsurvey-(disable-next-line|disable-line|disable|enable)((?:[\s,]+[A-Za-z]+\d*)*)\s*-->"
)


@dataclass
class Suppressions:
    """The `mdsurvey-disable` directives of one file: single-line ones and ranges."""

    next_line: dict[int, list[str]] = field(default_factory=dict)  # 1-based line -> prefixes
    ranges: list[tuple[int, int, list[str]]] = field(default_factory=list)  # [start, end] lines

    def covers(self, line: int, code: str) -> bool:
        """Whether a finding of `code` on 1-based `line` is suppressed."""

        def hit(prefixes: list[str]) -> bool:
            return not prefixes or any(code.startswith(p) for p in prefixes)

        if line in self.next_line and hit(self.next_line[line]):
            return True
        return any(a <= line <= b and hit(p) for a, b, p in self.ranges)


def read_suppressions(texts: list[str], code_lines: set[int]) -> Suppressions:
    """The suppression directives in HTML comments outside code."""
    out = Suppressions()
    open_ranges: list[tuple[int, list[str]]] = []
    for i, t in enumerate(texts):
        if "mdsurvey-" not in t or i in code_lines:
            continue
        for m in _DIRECTIVE.finditer(t):
            kind = m.group(1)
            codes = [c.upper() for c in re.findall(r"[A-Za-z]+\d*", m.group(2))]
            if kind in ("disable-next-line", "disable-line"):
                j = i
                if kind == "disable-next-line":
                    # the next line that is not blank
                    j = i + 1
                    while j < len(texts) and not texts[j].strip():
                        j += 1
                prev = out.next_line.get(j + 1)
                # an empty list means every rule, so it absorbs any codes
                out.next_line[j + 1] = [] if not codes or prev == [] else [*(prev or []), *codes]
            elif kind == "disable":
                open_ranges.append((i + 1, codes))
            else:
                still = []
                for start, pref in open_ranges:
                    if codes and not any(p.startswith(c) or c.startswith(p) for p in pref for c in codes):
                        still.append((start, pref))
                    else:
                        out.ranges.append((start, i + 1, pref))
                open_ranges = still
    for start, pref in open_ranges:
        out.ranges.append((start, len(texts), pref))
    return out
