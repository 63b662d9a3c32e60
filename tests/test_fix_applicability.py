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
    # MS406's fix needs an area page that disagrees with the README (test_rules.py covers it); the
    # online rules' fixes need the network's answers (test_online_cli.py, and the test below)
    online = {(c, a) for c in ("MS702", "MS706") for a in Applicability}
    assert declared - emitted - online <= {("MS406", Applicability.UNSAFE)}



def test_display_only_fixes_are_never_applied_and_safe_follows_applicability() -> None:
    edit = [Edit(0, 1, ("x",))]
    safe, unsafe, shown = (Fix("MS000", "", edit, applicability=a) for a in Applicability)
    assert safe.safe and not unsafe.safe and not shown.safe
    assert safe.applies(False) and safe.applies(True)
    assert not unsafe.applies(False) and unsafe.applies(True)
    assert not shown.applies(False) and not shown.applies(True)
    assert Fix("MS000", "", edit).applicability is Applicability.SAFE  # the default, as `add` builds it


def test_the_online_rules_emit_the_fixes_they_declare(tmp_path: Path) -> None:
    """MS702 and MS706 on answers made here (no network): a move of scheme only is safe, any other
    redirect unsafe, a https -> http move never safe, a renamed repository safe in link and badge."""
    from mdsurvey.lint.context import Context
    from mdsurvey.lint.onlinefacts import FileResults, Spot
    from mdsurvey.lint.rules import ms702_moved_link, ms706_repository_renamed
    from mdsurvey.online import LinkResult, RepoResult

    row = (
        "| [![Star](https://img.shields.io/github/stars/moth/lamps.svg)](https://github.com/moth/lamps)"
        "<br>[Invented Lamps](http://lamps.example/p) | "
        "[Old](https://a.example/x) [Safe](http://b.example/y) |"
    )
    survey = mdsurvey.loads(f"| Title | Links |\n| --- | --- |\n{row}\n")
    ctx = Context(survey, "README.md", Config(), TODAY, None, {r.code: r.severity for r in all_rules()})

    def spot(url: str) -> Spot:
        at = row.index(url)
        return Spot("README.md", 3, at + 1, at + len(url) + 1)

    res = FileResults()
    for url, new in (
        ("https://a.example/x", "https://elsewhere.example/login"),
        ("http://b.example/y", "https://b.example/y/"),
        ("http://lamps.example/p", "https://lamps.example/p"),
    ):
        res.links.append((spot(url), LinkResult(url, "web", "moved", [spot(url)], 301, new)))
    moved = RepoResult("moth/lamps", "moved", new_repo="wren-okafor/moth-lamps")
    for url in ("https://img.shields.io/github/stars/moth/lamps.svg", "https://github.com/moth/lamps"):
        new = url.replace("moth/lamps", "wren-okafor/moth-lamps")
        found = LinkResult(url, "github", "moved", [spot(url)], new_url=new, repo=moved)
        res.links.append((spot(url), found))
    got = {f.message.split()[0]: f.fix for f in ms702_moved_link.online_findings(ctx, res)}
    assert {u: f.applicability for u, f in got.items() if f} == {
        "https://a.example/x": Applicability.UNSAFE,
        "http://b.example/y": Applicability.SAFE,
        "http://lamps.example/p": Applicability.SAFE,
    }
    # the paper's own link moved: the fix declares the paper's new link for the safety net
    lamps = got["http://lamps.example/p"]
    assert lamps is not None and lamps.removes == [("Invented Lamps", "http://lamps.example/p")]
    assert lamps.adds == [("Invented Lamps", "https://lamps.example/p")]
    [renamed] = list(ms706_repository_renamed.online_findings(ctx, res))
    assert renamed.fix is not None and renamed.fix.applicability is Applicability.SAFE
    assert renamed.fix.edits == [Edit(2, 3, (row.replace("moth/lamps", "wren-okafor/moth-lamps"),))]
    # https -> http is a downgrade, never applied without a person
    down = LinkResult("https://a.example/x", "web", "moved", [], 301, "http://a.example/x")
    res.links[0] = (spot("https://a.example/x"), down)
    first = next(iter(ms702_moved_link.online_findings(ctx, res)))
    assert first.fix is not None and first.fix.applicability is Applicability.UNSAFE
