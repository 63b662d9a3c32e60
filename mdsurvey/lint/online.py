"""`check --online`: the links and arXiv claims of every checked file, asked once through
`mdsurvey.online`, and the answers handed to the online rules (MS7xx) as findings.

The online rules are registered like every other rule (`mdsurvey rules`, `--select`, `--ignore`,
suppression comments), but their offline check finds nothing: their findings come from here,
after the engine has checked the files, so that one `Online.check` serves every file of a run.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from mdsurvey.lint.context import Context
from mdsurvey.lint.engine import Checked, Options, codes_for
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.onlinefacts import ONLINE_CODES, FileResults, OnlineCheck, RowSpot, Spot, Where, collect
from mdsurvey.lint.rules import all_rules
from mdsurvey.lint.suppress import read_suppressions
from mdsurvey.online import Online, PaperClaim


def _rule_checks() -> dict[str, OnlineCheck]:
    """Each online rule's `online_findings`, found through its registered module."""
    out: dict[str, OnlineCheck] = {}
    for r in all_rules():
        if r.code in ONLINE_CODES:
            out[r.code] = importlib.import_module(r.module).online_findings
    return out


@dataclass
class OnlineRun:
    """What `check_online` gives: findings per checked file and the one line for what could
    not be checked (None when everything was)."""

    findings: dict[str, list[Finding]] = field(default_factory=dict)
    unchecked: str | None = None


def check_online(
    checked: list[Checked], opts: Options, *, refresh: bool = False, quiet: bool = False
) -> OnlineRun:
    """Ask the network once for every file's links and papers, then run the selected online
    rules on the answers (suppression comments honoured as for every rule)."""
    severities = {r.code: r.severity for r in all_rules()}
    jobs: list[tuple[Context, set[str]]] = []
    links: list[tuple[str, Where]] = []
    claims: list[PaperClaim[Where]] = []
    for c in checked:
        codes = set(codes_for(c.config, opts)) & set(ONLINE_CODES)
        if not codes:
            continue
        ctx = Context(c.survey, c.path, c.config, opts.today, len(c.data), severities)
        got_links, got_claims = collect(ctx)
        links += got_links
        claims += got_claims
        jobs.append((ctx, codes))
    out = OnlineRun()
    if not links and not claims:
        return out
    report = Online(refresh=refresh, quiet=quiet).check(links, claims)
    per_file: dict[str, FileResults] = {ctx.path: FileResults() for ctx, _ in jobs}
    for res in report.links:
        for w in res.wheres:
            if isinstance(w, Spot):
                per_file[w.path].links.append((w, res))
    for p in report.papers:
        w = p.claim.where
        if isinstance(w, RowSpot):
            per_file[w.path].papers.append((w, p))
    rules = _rule_checks()
    for ctx, codes in jobs:
        sup = read_suppressions(ctx.texts, ctx.verbatim_lines)
        found = [
            f
            for code in ONLINE_CODES
            if code in codes
            for f in rules[code](ctx, per_file[ctx.path])
            if not sup.covers(f.line, f.code)
        ]
        out.findings[ctx.path] = sorted(found, key=Finding.sort_key)
    out.unchecked = report.summary()
    return out


__all__ = ["OnlineRun", "check_online"]
