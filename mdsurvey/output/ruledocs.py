"""The rule list for `mdsurvey rules`: aligned text, JSON, or the README's Markdown table."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def rules_text(rules: Iterable[Any]) -> str:
    """One aligned line per rule, `[*]` when its fix is safe, `[unsafe]` when it is not."""
    lines = []
    for r in rules:
        fix = (
            " [*]"
            if r.fix and r.fix.startswith("safe")
            else (" [unsafe]" if r.fix and r.fix.startswith("unsafe") else "")
        )
        lines.append(f"{r.code}  {r.name:<28} {r.severity:<8}{r.summary}{fix}\n")
    return "".join(lines)


def rules_json(rules: Iterable[Any]) -> str:
    """Every rule's code, name, severity, summary, fix and module as a JSON array."""
    import json

    fields = [
        {
            "code": r.code,
            "name": r.name,
            "severity": r.severity,
            "summary": r.summary,
            "fix": r.fix,
            "module": r.module,
        }
        for r in rules
    ]
    return json.dumps(fields, indent=2) + "\n"


def _md_cell(text: str) -> str:
    """Text safe inside a Markdown table cell: tags shown, not rendered; pipes escaped."""
    text = text.replace("<", "&lt;")
    return re.sub(r"(?<!\\)\|", r"\\|", text)


def rules_markdown(rules: Iterable[Any]) -> str:
    """The rules as the Markdown table README.md carries between its rules markers."""
    lines = ["| code | name | severity | what it checks | fix |", "| --- | --- | --- | --- | --- |"]
    for r in rules:
        lines.append(
            f"| {r.code} | {r.name} | {r.severity} | {_md_cell(r.summary)} | {_md_cell(r.fix or 'none')} |"
        )
    return "\n".join(lines) + "\n"
