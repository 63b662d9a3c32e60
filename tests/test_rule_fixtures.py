"""Rule fixtures: one invented survey per rule in tests/rules/, its findings and fixes pinned.

For every rule code there is `tests/rules/CODE.md` (or, for rules that compare files, a folder
`tests/rules/CODE/` holding README.md and its pages) that shows the defect at least twice beside
near-misses the rule must leave alone; its first line is an HTML comment saying what it shows.
Beside it:

- `CODE.expected`: the exact stdout of
  `mdsurvey check --select CODE --today 2026-12-01 --output-format text tests/rules/CODE.md`
  run from the repository root (for a folder: the folder, i.e. all its *.md files);
- `CODE.fixed.md`: the file after `mdsurvey fix --select CODE --today 2026-12-01`, present exactly
  when the safe fixes change the file (for a folder: its README.md);
- `CODE.unsafe-fixed.md`: the same with `--unsafe-fixes`, present exactly when that differs from
  the safe result.

A folder may hold its own mdsurvey.toml for rules whose fix needs configuration (MS402, MS403).

The online rules (MS7xx, `check --online`) find nothing offline, so they have no fixture here:
tests/test_online_cli.py runs `check --online` on tests/online/planted.md against a local server,
each code firing on its planted defect and not on its near-miss (pinned in planted.expected).

Run with MDSURVEY_UPDATE_RULE_FIXTURES=1 to rewrite the expected files from the current output:

    MDSURVEY_UPDATE_RULE_FIXTURES=1 python -m pytest tests/test_rule_fixtures.py

then read every changed file: an expected file must only ever hold findings that are true.
Everything runs in-process (the CLI's `main` for the exact text output).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

import mdsurvey
from mdsurvey.cli.app import main as cli_main
from mdsurvey.fix.fixer import fix_text
from mdsurvey.lint.config import load_config
from mdsurvey.lint.engine import Options, check_file, check_survey, expand
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.onlinefacts import ONLINE_CODES
from mdsurvey.lint.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = Path(__file__).resolve().parent / "rules"
TODAY = "2026-12-01"
UPDATE = os.environ.get("MDSURVEY_UPDATE_RULE_FIXTURES") == "1"
# the online rules are run end to end in tests/test_online_cli.py (see the docstring)
ONLINE = set(ONLINE_CODES)
CODES = [r.code for r in all_rules() if r.code not in ONLINE]
FIX_DOCS = {r.code: r.fix or "" for r in all_rules()}
# rules that can fire only once per file: an unclosed fence runs to the end, a file is too big once
ONCE_PER_FILE = {"MS101": 1, "MS108": 1}
FINDING_LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<code>MS\d{3})(?: \[\*\])? ")


def fixture(code: str) -> Path:
    """The fixture of `code`: a folder tests/rules/CODE/ if there is one, else tests/rules/CODE.md."""
    folder = RULES / code
    return folder if folder.is_dir() else RULES / f"{code}.md"


def fixed_target(code: str) -> Path:
    """The file `fix` is run on: the fixture itself, or a folder fixture's README.md."""
    path = fixture(code)
    return path / "README.md" if path.is_dir() else path


def options(code: str) -> Options:
    """Only `code`, with the pinned date."""
    return Options(select=[code], today=dt.date.fromisoformat(TODAY))


def fixture_files() -> list[Path]:
    """Every Markdown file in tests/rules/, fixtures, pages and fixed outputs alike."""
    return sorted(RULES.rglob("*.md"))


def compare(path: Path, actual: str) -> None:
    """`actual` equals the file at `path`; with UPDATE, the file is rewritten instead."""
    if UPDATE:
        if not path.is_file() or path.read_text(encoding="utf-8") != actual:
            path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing (MDSURVEY_UPDATE_RULE_FIXTURES=1 writes it)"
    assert actual == path.read_text(encoding="utf-8")


def absent(path: Path, why: str) -> None:
    """No file at `path` (the fix it would pin changes nothing); with UPDATE, a stale one is removed."""
    if UPDATE and path.exists():
        path.unlink()
    assert not path.exists(), f"{path.relative_to(ROOT)}: {why}"


def read(path: Path) -> str:
    """A fixture's text exactly as stored (no newline translation)."""
    return path.read_bytes().decode("utf-8")


def findings(code: str) -> list[Finding]:
    """`check --select CODE` on the fixture, through the engine (every file of a folder)."""
    out: list[Finding] = []
    for path in expand([str(fixture(code))]):
        out.extend(check_file(path, options(code)).findings)
    return out


@pytest.mark.parametrize("code", CODES)
def test_every_rule_has_a_fixture(code: str) -> None:
    path = fixture(code)
    assert path.exists(), (
        f"rule {code} has no fixture: add tests/rules/{code}.md (see this module's docstring)"
    )
    first = read(fixed_target(code)).splitlines()[0]
    assert first.startswith("<!--") and code in first, (
        f"{path.name}: first line must be a comment naming {code}"
    )


@pytest.mark.parametrize("code", CODES)
def test_check_output_is_pinned(
    code: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    rel = fixture(code).relative_to(ROOT).as_posix()
    status = cli_main(["check", "--select", code, "--today", TODAY, "--output-format", "text", rel])
    assert status in (0, 1)  # findings, not a usage or internal error
    out = capsys.readouterr().out
    compare(RULES / f"{code}.expected", out)


@pytest.mark.parametrize("code", CODES)
def test_fixture_shows_only_its_rule(code: str) -> None:
    found = findings(code)
    assert len(found) >= ONCE_PER_FILE.get(code, 2), (
        f"{code}: the fixture should show the defect at least twice"
    )
    assert {f.code for f in found} == {code}
    expected = read(RULES / f"{code}.expected")
    pinned = [m for m in map(FINDING_LINE.match, expected.splitlines()) if m]
    assert [m["code"] for m in pinned] == [code] * len(found)
    assert [(m["path"], int(m["line"])) for m in pinned] == [
        (Path(f.path).resolve().relative_to(ROOT).as_posix(), f.line) for f in found
    ]


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fix_output_is_pinned(code: str, unsafe: bool) -> None:
    target = fixed_target(code)
    text = read(target)
    config = load_config(target)
    safe = fix_text(text, str(target), config, options(code), unsafe=False)
    result = safe if not unsafe else fix_text(text, str(target), config, options(code), unsafe=True)
    name = f"{code}.unsafe-fixed.md" if unsafe else f"{code}.fixed.md"
    baseline = safe.text if unsafe else text
    doc = FIX_DOCS[code]
    if result.text == baseline:
        absent(RULES / name, "the fix changes nothing here: remove the file")
        # a rule that documents this kind of fix must show it working on its fixture
        documented = "unsafe" in doc if unsafe else doc.startswith("safe")
        assert not documented, f"{code} documents a fix ({doc!r}) but its fixture gives it nothing to fix"
        return
    compare(RULES / name, result.text)
    assert all(f.code == code for f in result.applied)
    # re-checked, the fixed text has nothing left that this fix mode would fix
    again = check_survey(mdsurvey.loads(result.text), str(target), config, options(code))
    fixable = [f for f in again if f.fix is not None and (f.fix.safe or unsafe)]
    assert fixable == []
    assert [(f.line, f.message) for f in again] == [(f.line, f.message) for f in result.remaining]


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.relative_to(RULES).as_posix())
def test_fixture_round_trips(path: Path) -> None:
    text = read(path)
    assert mdsurvey.dumps(mdsurvey.loads(text)) == text


def test_online_rules_are_listed_and_pinned_end_to_end() -> None:
    """Exactly the MS7xx rules are online; each is pinned by the online fixture, and offline
    (every file here, every rule selected) none finds anything."""
    assert ONLINE == {r.code for r in all_rules() if r.code.startswith("MS7")}
    pinned = (ROOT / "tests" / "online" / "planted.expected").read_text(encoding="utf-8")
    assert {m["code"] for m in map(FINDING_LINE.match, pinned.splitlines()) if m} == ONLINE
    opts = Options(select=sorted(ONLINE), today=dt.date.fromisoformat(TODAY))
    planted = ROOT / "tests" / "online" / "planted.md"
    assert [f for p in [planted, *fixture_files()] for f in check_file(p, opts).findings] == []


def test_no_orphan_fixture_files() -> None:
    """Every file in tests/rules/ belongs to a rule that exists (a removed rule leaves no fixture behind)."""
    orphans = [p.name for p in RULES.iterdir() if p.name.split(".")[0] not in CODES]
    assert orphans == []
