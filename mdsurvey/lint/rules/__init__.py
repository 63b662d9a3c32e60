"""The rule registry: every rule has a code, a name, a severity, a doc and one home module.

Rules are plain functions registered with `@rule(...)`; each yields Findings
for one Context (one file). Importing `mdsurvey.lint.rules.all` loads them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding

Check = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str  # "error" or "warning"
    summary: str
    why: str
    example: str
    fix: str | None  # how `fix` repairs it ("safe: ..." / "unsafe: ..."), None if it cannot
    module: str
    check: Check
    what: str = ""
    default: bool = True  # False: opt-in, runs only when selected by its full code

    def doc(self) -> str:
        parts = [
            f"{self.code} {self.name} ({self.severity})",
            "",
            f"What it does: {self.what or self.summary}",
            f"Why it matters: {self.why}",
            "Example:",
            *("    " + x for x in self.example.strip("\n").split("\n")),
            f"Fix: {self.fix or 'none; fix it by hand as the message says'}",
            *(
                []
                if self.default
                else [f'Default: off; select it by its full code (select = ["MS", "{self.code}"])']
            ),
            f"Lives in: {self.module}",
        ]
        return "\n".join(parts)


REGISTRY: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: str,
    summary: str,
    *,
    why: str,
    example: str,
    fix: str | None = None,
    default: bool = True,
) -> Callable[[Check], Check]:
    """Register a rule. `default=False` makes it opt-in (like ruff's non-default rules): a
    style preference that runs only when `--select`/`select` names its full code."""

    def register(fn: Check) -> Check:
        if code in REGISTRY:
            raise RuntimeError(f"rule code {code} registered twice")
        what = " ".join((fn.__doc__ or summary).split())
        shown = summary if default else f"{summary} (opt-in: select {code})"
        REGISTRY[code] = Rule(
            code, name, severity, shown, why, example, fix, fn.__module__, fn, what, default
        )
        return fn

    return register


def all_rules() -> list[Rule]:
    from mdsurvey.lint.rules import links, metadata, multifile, order, sections, structure, text, views  # noqa: F401  (registration)

    return [REGISTRY[k] for k in sorted(REGISTRY)]


class UnknownCodeError(ValueError):
    """A --select/--ignore code or prefix that names no rule."""


def unknown_codes(prefixes: Iterable[str], codes: Iterable[str] | None = None) -> list[str]:
    """The prefixes (case-insensitive) that match none of `codes` (default: every rule's code)."""
    known = [r.code for r in all_rules()] if codes is None else list(codes)
    return [p for p in prefixes if not any(c.startswith(p.upper()) for c in known)]


def selected(codes: Iterable[str], select: list[str], ignore: list[str]) -> list[str]:
    """Codes chosen by prefix: `MS4` selects every MS4xx rule; longer prefixes win. An opt-in
    rule (default=False) is chosen only when `select` names its full code.

    A prefix that matches no code raises UnknownCodeError: a typo must not select nothing."""
    codes = list(codes)
    bad = unknown_codes([*select, *ignore], codes)
    if bad:
        raise UnknownCodeError(f"unknown rule code or prefix {', '.join(bad)} (`mdsurvey rules` lists them)")

    def match(code: str, prefixes: list[str]) -> int:
        return max((len(p) for p in prefixes if code.startswith(p.upper())), default=-1)

    out = []
    for code in codes:
        s = match(code, select) if select else 0
        i = match(code, ignore)
        rule_ = REGISTRY.get(code)
        if rule_ is not None and not rule_.default and s != len(code):
            continue
        if s >= 0 and s > i:
            out.append(code)
    return out
