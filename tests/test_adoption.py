"""Adopting mdsurvey on a real survey: exit codes, clean patches, rule codes, config files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

TODAY = ("--today", "2026-11-25")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mdsurvey", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def _survey(tmp_path: Path, fixture: str = "survey.md", extra: str = "") -> Path:
    target = tmp_path / "README.md"
    target.write_bytes((FIXTURES / fixture).read_bytes() + extra.encode("utf-8"))
    return target


# --------------------------------------------------------------------------- fix exit codes

# an error no fix repairs (MS301), in a file fix would not change
UNFIXABLE = "\nSee [the old list](#papers-2019) for older papers.\n"


@pytest.mark.parametrize("mode", [[], ["--check"], ["--diff"]], ids=["write", "check", "diff"])
def test_fix_exits_1_in_every_mode_while_errors_remain(tmp_path: Path, mode: list[str]) -> None:
    target = _survey(tmp_path, extra=UNFIXABLE)
    before = target.read_bytes()
    assert run("check", "README.md", *TODAY, cwd=tmp_path).returncode == 1
    r = run("fix", "README.md", *mode, *TODAY, cwd=tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "MS301" in r.stdout + r.stderr
    assert target.read_bytes() == before
    assert run("fix", "README.md", *mode, *TODAY, "--exit-zero", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("mode", [["--check"], ["--diff"]], ids=["check", "diff"])
def test_fix_check_and_diff_exit_1_on_a_change_and_write_nothing(tmp_path: Path, mode: list[str]) -> None:
    target = _survey(tmp_path, "unsorted.md")
    before = target.read_bytes()
    r = run("fix", "README.md", *mode, *TODAY, cwd=tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    assert target.read_bytes() == before
    assert run("fix", "README.md", *mode, *TODAY, "--exit-zero", cwd=tmp_path).returncode == 0
    # fixing leaves warnings only: plain fix passes, and afterwards --check passes too
    assert run("fix", "README.md", *TODAY, cwd=tmp_path).returncode == 0
    assert target.read_bytes() != before
    assert run("fix", "README.md", *mode, *TODAY, cwd=tmp_path).returncode == 0


def test_check_exit_zero(tmp_path: Path) -> None:
    _survey(tmp_path, "broken.md")
    r = run("check", "README.md", *TODAY, "--exit-zero", cwd=tmp_path)
    assert r.returncode == 0 and "MS301" in r.stdout
    assert run("check", "missing.md", "--exit-zero", cwd=tmp_path).returncode == 2


def test_fix_diff_stdout_is_a_clean_patch(tmp_path: Path) -> None:
    """Remaining findings go to stderr, so `fix --diff > x.patch` applies."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    target = _survey(tmp_path, "broken.md")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    r = run("fix", "README.md", "--diff", *TODAY, cwd=tmp_path)
    assert r.returncode == 1  # errors remain (MS105, MS106, MS301)
    assert r.stdout.startswith("--- a/README.md\n+++ b/README.md\n")
    assert "MS301" in r.stderr and "MS301" not in r.stdout
    (tmp_path / "x.patch").write_text(r.stdout, encoding="utf-8")
    check = subprocess.run(
        ["git", "apply", "--check", "x.patch"], cwd=tmp_path, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    subprocess.run(["git", "apply", "x.patch"], cwd=tmp_path, check=True)
    assert run("fix", "README.md", "--check", "--exit-zero", *TODAY, cwd=tmp_path).stderr.count("fixed:") == 0
    assert target.read_bytes() != (FIXTURES / "broken.md").read_bytes()


# --------------------------------------------------------------------------- rule codes


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
@pytest.mark.parametrize("command", ["check", "fix"])
def test_unknown_code_on_the_command_line_is_a_usage_error(tmp_path: Path, flag: str, command: str) -> None:
    target = _survey(tmp_path, "broken.md")
    before = target.read_bytes()
    r = run(command, "README.md", flag, "MS4,MS999", cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "All checks passed" not in r.stdout
    assert f"argument {flag}: unknown rule code or prefix MS999" in r.stderr
    assert target.read_bytes() == before
    assert run(command, "README.md", flag, "XY", cwd=tmp_path).returncode == 2  # not a prefix of any rule


def _codes(out: str) -> set[str]:
    return {line.split()[1] for line in out.splitlines() if line.startswith("README.md:")}


def test_repeated_select_and_ignore_add_up(tmp_path: Path) -> None:
    _survey(tmp_path, "broken.md")
    r = run("check", "README.md", *TODAY, "--select", "MS1", "--select", "MS3,MS501", cwd=tmp_path)
    assert _codes(r.stdout) == {"MS101", "MS102", "MS105", "MS106", "MS301", "MS501"}
    r = run(
        "check",
        "README.md",
        *TODAY,
        "--select",
        "MS1",
        "--ignore",
        "MS105",
        "--ignore",
        "MS106",
        cwd=tmp_path,
    )
    assert _codes(r.stdout) == {"MS101", "MS102"}


@pytest.mark.parametrize("key", ["select", "ignore"])
def test_unknown_code_in_the_config_names_file_and_key(tmp_path: Path, key: str) -> None:
    _survey(tmp_path, "broken.md")
    (tmp_path / "mdsurvey.toml").write_text(f'{key} = ["MS1", "ms42"]\n', encoding="utf-8")
    r = run("check", "README.md", cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"mdsurvey.toml: {key}: unknown rule code or prefix ms42" in r.stderr
    assert str(tmp_path / "mdsurvey.toml") in r.stderr
    (tmp_path / "mdsurvey.toml").unlink()
    (tmp_path / "pyproject.toml").write_text(f'[tool.mdsurvey]\n{key} = ["MS999"]\n', encoding="utf-8")
    r = run("fix", "README.md", "--check", cwd=tmp_path)
    assert r.returncode == 2 and "pyproject.toml: [tool.mdsurvey] " + key + ": unknown rule code" in r.stderr


# --------------------------------------------------------------------------- configuration files


def _selected(tmp_path: Path, *args: str, cwd: Path | None = None) -> set[str]:
    r = run("check", "README.md", *TODAY, *args, cwd=cwd or tmp_path)
    assert r.returncode in (0, 1), r.stderr
    return _codes(r.stdout)


@pytest.mark.parametrize("name", ["mdsurvey.toml", ".mdsurvey.toml"])
def test_mdsurvey_toml_at_top_level(tmp_path: Path, name: str) -> None:
    _survey(tmp_path, "broken.md")
    (tmp_path / name).write_text('select = ["MS5"]\n', encoding="utf-8")
    assert _selected(tmp_path) == {"MS501", "MS502"}


def test_nearest_config_wins_and_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    sub = tmp_path / "docs"
    sub.mkdir()
    _survey(sub, "broken.md")
    (tmp_path / "mdsurvey.toml").write_text('select = ["MS5"]\n', encoding="utf-8")
    (sub / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")  # not ours
    assert _selected(sub, cwd=sub) == {"MS501", "MS502"}
    (sub / "pyproject.toml").write_text('[tool.mdsurvey]\nselect = ["MS3"]\n', encoding="utf-8")
    assert _selected(sub, cwd=sub) == {"MS301"}
    # --config beats every file found by walking up; the flags beat --config
    (tmp_path / "other.toml").write_text('select = ["MS10"]\n', encoding="utf-8")
    assert _selected(sub, "--config", "../other.toml", cwd=sub) == {"MS101", "MS102", "MS105", "MS106"}
    assert _selected(sub, "--config", "../other.toml", "--select", "MS501", cwd=sub) == {"MS501"}


def test_two_configs_in_one_directory_are_refused(tmp_path: Path) -> None:
    _survey(tmp_path, "broken.md")
    (tmp_path / "mdsurvey.toml").write_text('select = ["MS5"]\n', encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.mdsurvey]\nselect = ["MS3"]\n', encoding="utf-8")
    r = run("check", "README.md", cwd=tmp_path)
    assert r.returncode == 2
    assert "two mdsurvey configurations, mdsurvey.toml and pyproject.toml [tool.mdsurvey]" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    # --config settles it
    assert _selected(tmp_path, "--config", "mdsurvey.toml") == {"MS501", "MS502"}


def test_config_file_that_is_missing_is_a_usage_error(tmp_path: Path) -> None:
    _survey(tmp_path)
    r = run("check", "README.md", "--config", "nope.toml", cwd=tmp_path)
    assert r.returncode == 2 and "nope.toml: no such configuration file" in r.stderr


def test_selected_refuses_a_prefix_that_matches_nothing() -> None:
    from mdsurvey.lint.rules import UnknownCodeError, all_rules, selected

    codes = [r.code for r in all_rules()]
    with pytest.raises(UnknownCodeError, match="MS999"):
        selected(codes, ["MS999"], [])
    with pytest.raises(UnknownCodeError, match="MS77"):
        selected(codes, [], ["ms1", "MS77"])
    assert selected(codes, ["ms4"], []) == [c for c in codes if c.startswith("MS4")]
