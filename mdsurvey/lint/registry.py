"""What a rule is: code, name, severity, doc, check function and fix applicability.

Imports no rule: the rule modules import this, and `mdsurvey.lint.rules` lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Applicability, Finding

Check = Callable[[Context], Iterable[Finding]]
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    """One rule: what it finds (`check`), how bad it is, and how `fix` repairs it."""

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
    # the applicabilities of the fixes it emits; empty: it emits none
    applicability: tuple[Applicability, ...] = ()

    def doc(self) -> str:
        """The text `mdsurvey rule CODE` prints."""
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


def rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    *,
    why: str,
    example: str,
    check: Check,
    fix: str | None = None,
    default: bool = True,
    applicability: tuple[Applicability, ...] = (),
) -> Rule:
    """The Rule whose findings `check` yields. `default=False` makes it opt-in (like ruff's
    non-default rules): a style preference that runs only when `--select`/`select` names its
    full code. "What it does" is the check function's docstring; `applicability` declares the
    kinds of Fix it emits (tests hold it to the fixes it does emit and to the `fix` text)."""
    what = " ".join((check.__doc__ or summary).split())
    shown = summary if default else f"{summary} (opt-in: select {code})"
    return Rule(
        code, name, severity, shown, why, example, fix, check.__module__, check, what, default, applicability
    )


class UnknownCodeError(ValueError):
    """A --select/--ignore code or prefix that names no rule."""


def unknown_codes(prefixes: Iterable[str], codes: Iterable[str]) -> list[str]:
    """The prefixes (case-insensitive) that match none of `codes`."""
    known = list(codes)
    return [p for p in prefixes if not any(c.startswith(p.upper()) for c in known)]


def select_codes(
    rules: Iterable[Rule], codes: Iterable[str], select: list[str], ignore: list[str]
) -> list[str]:
    """Of `codes`, those chosen by prefix: `MS4` selects every MS4xx rule; longer prefixes win.
    An opt-in rule (default=False among `rules`) is chosen only when `select` names its full code.

    A prefix that matches no code raises UnknownCodeError: a typo must not select nothing."""
    by_code = {r.code: r for r in rules}
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
        rule_ = by_code.get(code)
        if rule_ is not None and not rule_.default and s != len(code):
            continue
        if s >= 0 and s > i:
            out.append(code)
    return out
