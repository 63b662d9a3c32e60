"""`[tool.mdsurvey]` from the nearest pyproject.toml above a file."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

from .source import InputError


@dataclass
class Config:
    select: list[str] = field(default_factory=list)  # empty: every rule
    ignore: list[str] = field(default_factory=list)
    # per-rule options
    recent_months: int | None = None  # overrides "Last N Months" read from a title
    order: str | None = None  # "newest-first", "oldest-first", "none"; None: read from the file
    section_order: dict[str, str] = field(default_factory=dict)  # section title -> order
    legend: dict[str, str] = field(default_factory=dict)  # badge role -> color
    vocabulary: dict[str, list[str]] = field(default_factory=dict)  # column -> allowed values
    canonical_section: str | None = None
    pages: dict[str, str] = field(default_factory=dict)  # section title -> area page (rotate)
    source: Path | None = None

    def order_for(self, title: str) -> str | None:
        return self.section_order.get(title, self.order)


_KEYS = {
    "select",
    "ignore",
    "recent-months",
    "order",
    "section-order",
    "legend",
    "vocabulary",
    "canonical-section",
    "pages",
}


def find_pyproject(start: Path) -> Path | None:
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for d in (here, *here.parents):
        candidate = d / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(for_path: Path) -> Config:
    pp = find_pyproject(for_path)
    if pp is None:
        return Config()
    try:
        data = tomllib.loads(pp.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise InputError(f"{pp}: cannot read configuration: {e}") from None
    table = data.get("tool", {}).get("mdsurvey")
    if table is None:
        return Config(source=pp)
    return parse_config(table, pp)


def _str_list(value: Any, key: str, pp: Path) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{pp}: [tool.mdsurvey] {key} must be a list of strings")
    return list(value)


def parse_config(table: dict[str, Any], pp: Path) -> Config:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise InputError(
            f"{pp}: unknown key(s) in [tool.mdsurvey]: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(_KEYS))})"
        )
    cfg = Config(source=pp)
    if "select" in table:
        cfg.select = _str_list(table["select"], "select", pp)
    if "ignore" in table:
        cfg.ignore = _str_list(table["ignore"], "ignore", pp)
    if "recent-months" in table:
        if not isinstance(table["recent-months"], int) or table["recent-months"] < 1:
            raise InputError(f"{pp}: [tool.mdsurvey] recent-months must be a positive integer")
        cfg.recent_months = table["recent-months"]
    orders = ("newest-first", "oldest-first", "none")
    if "order" in table:
        if table["order"] not in orders:
            raise InputError(f"{pp}: [tool.mdsurvey] order must be one of {', '.join(orders)}")
        cfg.order = table["order"]
    if "section-order" in table:
        so = table["section-order"]
        if not isinstance(so, dict) or not all(v in orders for v in so.values()):
            raise InputError(
                f"{pp}: [tool.mdsurvey] section-order maps section titles to one of {', '.join(orders)}"
            )
        cfg.section_order = dict(so)
    if "legend" in table:
        lg = table["legend"]
        if not isinstance(lg, dict) or not all(isinstance(v, str) for v in lg.values()):
            raise InputError(f"{pp}: [tool.mdsurvey] legend maps a role to a color")
        cfg.legend = {k.lower(): v for k, v in lg.items()}
    if "vocabulary" in table:
        voc = table["vocabulary"]
        if not isinstance(voc, dict):
            raise InputError(f"{pp}: [tool.mdsurvey] vocabulary maps a column to a list of values")
        cfg.vocabulary = {k.lower(): _str_list(v, f"vocabulary.{k}", pp) for k, v in voc.items()}
    if "pages" in table:
        pg = table["pages"]
        if not isinstance(pg, dict) or not all(isinstance(v, str) for v in pg.values()):
            raise InputError(f"{pp}: [tool.mdsurvey] pages maps a section title to a page file")
        cfg.pages = dict(pg)
    if "canonical-section" in table:
        cfg.canonical_section = str(table["canonical-section"])
    return cfg
