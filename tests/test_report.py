"""Output for machines: GitHub annotations (errors first, a notice for what GitHub hides),
SARIF 2.1.0 for code scanning, and `--statistics` counts, each checked against `--output-format json`."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from conftest import FIXTURES

from mdsurvey.lint.findings import Finding
from mdsurvey.lint.rules import REGISTRY, all_rules
from mdsurvey.output.report import GITHUB_SHOWN, github, sarif, statistics

BROKEN = FIXTURES / "broken.md"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mdsurvey", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=120,
    )


def as_json(path: Path) -> list[dict[str, object]]:
    r = run("check", "--today", "2026-11-25", "--output-format", "json", str(path))
    assert r.returncode == 1, r.stderr
    found: list[dict[str, object]] = json.loads(r.stdout)
    assert found
    return found


def finding(line: int, code: str, severity: str) -> Finding:
    return Finding("README.md", line, 1, code, f"message {line}", severity)


def test_github_puts_errors_first_and_says_what_it_cannot_show() -> None:
    found = [finding(i, "MS502", "warning") for i in range(1, 14)] + [finding(20, "MS301", "error")]
    out = github(found).splitlines()
    assert out[0].startswith("::error file=README.md,line=20,")
    assert all(x.startswith("::warning ") for x in out[1:14])
    assert [x.split("line=")[1].split(",")[0] for x in out[1:14]] == [str(i) for i in range(1, 14)]
    notice = out[14]
    assert notice.startswith("::notice ")
    assert "1 errors and 13 warnings in all" in notice
    assert f"{13 - GITHUB_SHOWN} more warnings are only in this log" in notice
    assert len(out) == 15


def test_github_adds_no_notice_when_everything_is_shown() -> None:
    out = github([finding(i, "MS502", "warning") for i in range(1, GITHUB_SHOWN + 1)])
    assert "::notice" not in out
    assert out.count("::warning ") == GITHUB_SHOWN


def test_sarif_has_every_rule_and_every_finding_where_json_puts_it() -> None:
    expected = as_json(BROKEN)
    r = run("check", "--today", "2026-11-25", "--output-format", "sarif", "broken.md", cwd=FIXTURES)
    assert r.returncode == 1, r.stderr
    log = json.loads(r.stdout)
    assert log["version"] == "2.1.0"
    (only,) = log["runs"]
    rules = only["tool"]["driver"]["rules"]
    assert [x["id"] for x in rules] == [x.code for x in all_rules()]
    results = only["results"]
    assert len(results) == len(expected)
    for res, want in zip(results, expected, strict=True):
        assert res["ruleId"] == want["code"]
        assert rules[res["ruleIndex"]]["id"] == want["code"]
        assert res["level"] == want["severity"]
        assert res["message"]["text"] == want["message"]
        (loc,) = res["locations"]
        phys = loc["physicalLocation"]
        assert phys["artifactLocation"]["uri"] == "broken.md"  # relative to the working directory
        assert phys["region"]["startLine"] == want["line"]
        assert phys["region"]["startColumn"] == want["column"]


def test_sarif_levels_come_from_the_rule_severity() -> None:
    log = json.loads(sarif([finding(3, "MS101", "error")]))
    driver = log["runs"][0]["tool"]["driver"]
    levels = {x["id"]: x["defaultConfiguration"]["level"] for x in driver["rules"]}
    assert levels == {code: r.severity for code, r in REGISTRY.items()}


def test_statistics_counts_each_rule_as_the_json_output_does() -> None:
    expected = Counter(str(f["code"]) for f in as_json(BROKEN))
    r = run("check", "--today", "2026-11-25", "--statistics", str(BROKEN))
    assert r.returncode == 1, r.stderr
    rows = [x.split("\t") for x in r.stdout.splitlines() if "\t" in x]
    got = {code: int(n) for n, code, _ in rows}
    assert got == dict(expected)
    counts = [int(n) for n, _, _ in rows]
    assert counts == sorted(counts, reverse=True)
    assert r.stdout.splitlines()[-1].startswith("Found ")


def test_statistics_marks_rules_whose_findings_are_all_fixable() -> None:
    fixable = Finding("README.md", 1, 1, "MS102", "m", "error")
    from mdsurvey.lint.findings import Fix

    fixable.fix = Fix("MS102", "d")
    lines = statistics([fixable, finding(2, "MS301", "error"), finding(3, "MS301", "error")]).splitlines()
    assert lines[0].split("\t")[:2] == ["2", "MS301"] and "[*]" not in lines[0]
    assert lines[1].split("\t")[:2] == ["1", "MS102"] and "[*]" in lines[1]
