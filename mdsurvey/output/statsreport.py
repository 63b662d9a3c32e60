"""The `stats` command's report: counts of papers per section, year, venue and tag, as text or JSON."""

from __future__ import annotations

import json
from typing import Any

from mdsurvey.analysis.stats import TAG_ROLES, Stats


def to_data(stats: Stats, path: str | None = None) -> dict[str, Any]:
    """The counts as plain data (the JSON report's object), with the file when given."""
    data: dict[str, Any] = {}
    if path is not None:
        data["file"] = path
    data.update(
        {
            "rows": stats.rows,
            "papers": stats.papers,
            "papers_in_several_sections": stats.repeated,
            "sections": [
                {
                    "title": s.place.title,
                    "heading_path": list(s.place.heading_path),
                    "line": s.place.line,
                    "rows": s.rows,
                    "papers": s.papers,
                }
                for s in stats.sections
            ],
            "years": [{"year": y, "papers": n} for y, n in stats.years],
            "venues": [{"venue": v, "papers": n} for v, n in stats.venues],
            "tags": {role: [{"tag": t, "papers": n} for t, n in items] for role, items in stats.tags.items()},
        }
    )
    return data


def format_json(stats: Stats, path: str | None = None) -> str:
    """The counts as a JSON object."""
    return json.dumps(to_data(stats, path), ensure_ascii=False, indent=2) + "\n"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def format_text(stats: Stats, path: str | None = None) -> str:
    """The counts as a short text report: totals, then sections, years, venues and tags."""
    head = f"{path}: " if path else ""
    out = [
        f"{head}{_plural(stats.papers, 'distinct paper')} in {_plural(stats.rows, 'table row')}"
        + (
            f" ({_plural(stats.repeated, 'paper')} listed in more than one section)" if stats.repeated else ""
        ),
        "",
        "Papers per section (distinct papers; rows when they differ):",
    ]
    width = max([len(str(stats.rows)), 3])

    def line(n: int, text: str, extra: str = "") -> str:
        return f"  {n:>{width}}  {text}{extra}"

    for s in stats.sections:
        extra = f"  ({_plural(s.rows, 'row')})" if s.rows != s.papers else ""
        out.append(line(s.papers, s.place.label(), extra))
    out += ["", "Papers per year:"]
    out += [line(n, y or "(no date)") for y, n in stats.years]
    out += ["", "Papers per venue:"]
    out += [line(n, v or "(no venue)") for v, n in stats.venues]
    out += ["", "Papers per tag:"]
    any_tag = False
    for role in TAG_ROLES:
        items = stats.tags.get(role) or []
        if not items:
            continue
        any_tag = True
        out.append(f"  {role}:")
        out += ["  " + line(n, t) for t, n in items]
    if not any_tag:
        out.append("  (no area, category or cost badges)")
    return "\n".join(out) + "\n"
