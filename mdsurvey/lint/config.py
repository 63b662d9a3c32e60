"""Configuration: `--config FILE`, else the nearest mdsurvey.toml, .mdsurvey.toml or
pyproject.toml with a `[tool.mdsurvey]` table, walking up from the file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mdsurvey.files.source import InputError
from mdsurvey.lint.settings import Config

# the files a directory may configure mdsurvey with: the keys at top level, or under [tool.mdsurvey]
CONFIG_FILES = ("mdsurvey.toml", ".mdsurvey.toml", "pyproject.toml")


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
    "add-keys",
}


def _read_toml(path: Path) -> dict[str, Any]:
    # imported here: most runs find no configuration file to parse
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise InputError(f"{path}: cannot read configuration: {e}") from None
    return data


def _table(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    """The mdsurvey settings in a parsed file: pyproject.toml's [tool.mdsurvey], else the top level."""
    if path.name != "pyproject.toml":
        return data
    table = data.get("tool", {}).get("mdsurvey")
    return table if isinstance(table, dict) else None


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above `start`; two in one directory are a usage error."""
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for d in (here, *here.parents):
        found = []
        for name in CONFIG_FILES:
            candidate = d / name
            if not candidate.is_file():
                continue
            # a pyproject.toml without [tool.mdsurvey] configures other tools: keep walking
            if name == "pyproject.toml" and _table(candidate, _read_toml(candidate)) is None:
                continue
            found.append(candidate)
        if len(found) > 1:
            names = " and ".join(
                "pyproject.toml [tool.mdsurvey]" if f.name == "pyproject.toml" else f.name for f in found
            )
            raise InputError(f"{d}: two mdsurvey configurations, {names}: keep one")
        if found:
            return found[0]
    return None


def load_config(for_path: Path) -> Config:
    """The configuration that applies to `for_path` (defaults when no file configures it)."""
    found = find_config(for_path)
    return Config() if found is None else load_config_file(found)


def load_config_file(path: Path) -> Config:
    """One file, as `--config` gives it: pyproject.toml's [tool.mdsurvey], else the top-level keys."""
    if not path.is_file():
        raise InputError(f"{path}: no such configuration file")
    table = _table(path, _read_toml(path))
    if table is None:
        raise InputError(f"{path}: no [tool.mdsurvey] table")
    return parse_config(table, path)


def _where(pp: Path) -> str:
    return f"{pp}: [tool.mdsurvey]" if pp.name == "pyproject.toml" else f"{pp}:"


def _str_list(value: Any, key: str, pp: Path) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{_where(pp)} {key} must be a list of strings")
    return list(value)


def _codes(value: Any, key: str, pp: Path) -> list[str]:
    # lazy: reading a config must not load every rule module unless it names codes
    from mdsurvey.lint.rules import unknown_codes

    codes = _str_list(value, key, pp)
    bad = unknown_codes(codes)
    if bad:
        raise InputError(
            f"{_where(pp)} {key}: unknown rule code or prefix {', '.join(bad)} (`mdsurvey rules` lists them)"
        )
    return codes


def parse_config(table: dict[str, Any], pp: Path) -> Config:
    """Validate the settings read from `pp`; every complaint names the file and the key."""
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        where = "[tool.mdsurvey]" if pp.name == "pyproject.toml" else pp.name
        raise InputError(
            f"{pp}: unknown key(s) in {where}: {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))})"
        )
    cfg = Config(source=pp)
    if "select" in table:
        cfg.select = _codes(table["select"], "select", pp)
    if "ignore" in table:
        cfg.ignore = _codes(table["ignore"], "ignore", pp)
    if "recent-months" in table:
        if not isinstance(table["recent-months"], int) or table["recent-months"] < 1:
            raise InputError(f"{_where(pp)} recent-months must be a positive integer")
        cfg.recent_months = table["recent-months"]
    orders = ("newest-first", "oldest-first", "none")
    if "order" in table:
        if table["order"] not in orders:
            raise InputError(f"{_where(pp)} order must be one of {', '.join(orders)}")
        cfg.order = table["order"]
    if "section-order" in table:
        so = table["section-order"]
        if not isinstance(so, dict) or not all(v in orders for v in so.values()):
            raise InputError(f"{_where(pp)} section-order maps section titles to one of {', '.join(orders)}")
        cfg.section_order = dict(so)
    if "legend" in table:
        lg = table["legend"]
        if not isinstance(lg, dict) or not all(isinstance(v, str) for v in lg.values()):
            raise InputError(f"{_where(pp)} legend maps a role to a color")
        cfg.legend = {k.lower(): v for k, v in lg.items()}
    if "vocabulary" in table:
        voc = table["vocabulary"]
        if not isinstance(voc, dict):
            raise InputError(f"{_where(pp)} vocabulary maps a column to a list of values")
        cfg.vocabulary = {k.lower(): _str_list(v, f"vocabulary.{k}", pp) for k, v in voc.items()}
    if "pages" in table:
        pg = table["pages"]
        if not isinstance(pg, dict) or not all(isinstance(v, str) for v in pg.values()):
            raise InputError(f"{_where(pp)} pages maps a section title to a page file")
        cfg.pages = dict(pg)
    if "add-keys" in table:
        ak = table["add-keys"]
        if not isinstance(ak, dict) or not all(isinstance(v, str) for v in ak.values()):
            raise InputError(f"{_where(pp)} add-keys maps an input key or issue-form label to a paper field")
        cfg.add_keys = dict(ak)
    if "canonical-section" in table:
        cfg.canonical_section = str(table["canonical-section"])
    return cfg


__all__ = ["CONFIG_FILES", "Config", "find_config", "load_config", "load_config_file", "parse_config"]
