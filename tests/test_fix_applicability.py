"""Every rule declares the applicability of the fixes it emits (SAFE, UNSAFE, DISPLAY_ONLY), and
the declaration is held to the fixes it does emit and to its `fix` text."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import FIXTURES, shared_files
from test_rules import FIX_CASES

import mdsurvey
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options, check_file, check_survey
from mdsurvey.lint.findings import Applicability, Edit, Finding, Fix
from mdsurvey.lint.rules import REGISTRY, all_rules

TODAY = dt.date(2026, 12, 1)
EVERY_CODE = [r.code for r in all_rules()]  # full codes select the opt-in rules too


def _emitted() -> dict[str, set[Applicability]]:
    """Per code, the applicabilities of the fixes found on the fix cases, fixtures and corpus."""
    opts = Options(today=TODAY, select=EVERY_CODE)
    found: list[Finding] = []
    for case in FIX_CASES:
        found += check_survey(mdsurvey.loads(case.before), "README.md", Config(**case.config), opts)
    files: list[Path] = [*sorted(FIXTURES.glob("*.md")), FIXTURES / "multi" / "README.md", *shared_files()]
    for path in files:
        found += check_file(path, Options(today=TODAY, select=EVERY_CODE, config=Config())).findings
    out: dict[str, set[Applicability]] = defaultdict(set)
    for f in found:
        if f.fix is not None:
            out[f.code].add(f.fix.applicability)
    return out


EMITTED = _emitted()


@pytest.mark.parametrize("code", EVERY_CODE)
def test_a_rule_emits_only_the_fixes_it_declares(code: str) -> None:
    # a rule declaring no fix (fix=None or "none ...") emits none
    assert EMITTED.get(code, set()) <= set(REGISTRY[code].applicability)


@pytest.mark.parametrize("code", EVERY_CODE)
def test_the_declaration_matches_the_fix_text(code: str) -> None:
    r = REGISTRY[code]
    text = r.fix or ""
    want = set()
    if text.startswith("safe"):
        want.add(Applicability.SAFE)
    if "unsafe" in text:
        want.add(Applicability.UNSAFE)
    assert set(r.applicability) == want, f"{code}: fix text {text!r} declares {r.applicability}"


def test_every_declared_applicability_is_emitted_somewhere() -> None:
    declared = {(r.code, a) for r in all_rules() for a in r.applicability}
    emitted = {(c, a) for c, kinds in EMITTED.items() for a in kinds}
    # MS406's fix needs an area page that disagrees with the README (test_rules.py covers it)
    assert declared - emitted <= {("MS406", Applicability.UNSAFE)}


def test_display_only_fixes_are_never_applied_and_safe_follows_applicability() -> None:
    edit = [Edit(0, 1, ("x",))]
    safe, unsafe, shown = (Fix("MS000", "", edit, applicability=a) for a in Applicability)
    assert safe.safe and not unsafe.safe and not shown.safe
    assert safe.applies(False) and safe.applies(True)
    assert not unsafe.applies(False) and unsafe.applies(True)
    assert not shown.applies(False) and not shown.applies(True)
    assert Fix("MS000", "", edit).applicability is Applicability.SAFE  # the default, as `add` builds it
