"""Findings for machines: GitHub workflow annotations, SARIF for code scanning, per-rule counts."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from mdsurvey._version import __version__
from mdsurvey.lint.findings import Finding

# GitHub shows at most this many annotations of each level per step; the rest only in the log
GITHUB_SHOWN = 10
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return s.replace(":", "%3A").replace(",", "%2C") if prop else s


def _rule_names() -> dict[str, str]:
    from mdsurvey.lint.rules import REGISTRY, all_rules

    all_rules()
    return {code: r.name for code, r in REGISTRY.items()}


def github(findings: list[Finding]) -> str:
    """`::error file=…::message` lines, errors first, and a notice when GitHub would hide some."""
    names = _rule_names()
    ordered = sorted(findings, key=lambda f: (f.severity != "error", f.sort_key()))
    out = []
    for f in ordered:
        level = "error" if f.severity == "error" else "warning"
        title = f"{f.code} {names[f.code]}" if f.code in names else f.code
        props = [f"file={_gh_escape(f.path, True)}", f"line={f.line}", f"col={f.column}"]
        if f.end_line:
            props.append(f"endLine={f.end_line}")
        if f.end_column and (f.end_line in (None, f.line)):
            props.append(f"endColumn={f.end_column}")
        props.append(f"title={_gh_escape(title, True)}")
        out.append(f"::{level} {','.join(props)}::{_gh_escape(f.message)}\n")
    counts = Counter("error" if f.severity == "error" else "warning" for f in findings)
    hidden = {level: n - GITHUB_SHOWN for level, n in counts.items() if n > GITHUB_SHOWN}
    if hidden:
        parts = [f"{n} more {level}{'s' * (n != 1)}" for level, n in sorted(hidden.items())]
        out.append(
            f"::notice title=mdsurvey::{counts['error']} errors and {counts['warning']} warnings in all; "
            f"GitHub shows {GITHUB_SHOWN} of each kind, so {' and '.join(parts)} are only in this log "
            "(run `mdsurvey check` locally for the full list)\n"
        )
    return "".join(out)


def _uri(path: str) -> str:
    """A repository-relative URI where the file is under the working directory, else as given."""
    p = Path(path)
    try:
        rel = p.resolve().relative_to(Path(os.getcwd()).resolve())
    except (ValueError, OSError):
        return p.as_posix()
    return rel.as_posix()


def sarif(findings: list[Finding]) -> str:
    """A SARIF 2.1.0 log (GitHub code scanning's format) with every rule and every finding."""
    from mdsurvey.lint.rules import all_rules

    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    driver: dict[str, Any] = {
        "name": "mdsurvey",
        "version": __version__,
        "rules": [
            {
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.what or r.summary},
                "help": {"text": r.doc()},
                "defaultConfiguration": {"level": "error" if r.severity == "error" else "warning"},
            }
            for r in rules
        ],
    }
    results = []
    for f in findings:
        region: dict[str, int] = {"startLine": f.line, "startColumn": f.column}
        if f.end_line:
            region["endLine"] = f.end_line
        if f.end_column and f.end_line in (None, f.line):
            region["endColumn"] = f.end_column
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": "error" if f.severity == "error" else "warning",
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.path), "uriBaseId": "%SRCROOT%"},
                        "region": region,
                    }
                }
            ],
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def statistics(findings: list[Finding]) -> str:
    """Counts per rule, most frequent first, as ruff's `--statistics` prints them."""
    names = _rule_names()
    counts = Counter(f.code for f in findings)
    fixable = Counter(f.code for f in findings if f.fix is not None and f.fix.safe)
    width = max((len(str(n)) for n in counts.values()), default=1)
    lines = []
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        mark = "[*]" if fixable[code] == n else ("[-]" if fixable[code] else "   ")
        lines.append(f"{n:>{width}}\t{code}\t{mark} {names.get(code, '')}\n")
    return "".join(lines)
