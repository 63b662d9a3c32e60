"""Findings for people (and `--output-format json`): one line each, and the summary line."""

from __future__ import annotations

from mdsurvey.lint.findings import Applicability, Finding


def format_findings(findings: list[Finding], fmt: str) -> str:
    """The findings in an `--output-format`: text, json, github or sarif."""
    if fmt == "json":
        import json

        return json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2) + "\n"
    if fmt == "github":
        from mdsurvey.output.report import github

        return github(findings)
    if fmt == "sarif":
        from mdsurvey.output.report import sarif

        return sarif(findings)
    return "".join(
        f"{f.path}:{f.line}:{f.column}: {f.code}{' [*]' if f.fix and f.fix.safe else ''} {f.message}\n"
        for f in findings
    )


def summary(findings: list[Finding]) -> str:
    """The closing line of `check`: counts of errors and warnings, and how many `fix` repairs."""
    if not findings:
        return "All checks passed!\n"
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    safe = sum(1 for f in findings if f.fix is not None and f.fix.safe)
    # a display-only fix is a suggestion: neither flag applies it, so it is counted in neither
    unsafe = sum(1 for f in findings if f.fix is not None and f.fix.applicability is Applicability.UNSAFE)
    parts = [f"Found {errors} error{'s' * (errors != 1)} and {warnings} warning{'s' * (warnings != 1)}."]
    # the online rules' fixes come from the network: only `fix --online` has them (imported
    # here: `lint.onlinefacts` needs the lint package imported first)
    from mdsurvey.lint.onlinefacts import ONLINE_CODES

    online = " --online" if any(f.fix is not None and f.code in ONLINE_CODES for f in findings) else ""
    if safe:
        parts.append(f"[*] {safe} fixable with `mdsurvey fix{online}`.")
    if unsafe:
        parts.append(f"{unsafe} more fixable with `mdsurvey fix{online} --unsafe-fixes`.")
    return " ".join(parts) + "\n"
