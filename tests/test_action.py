"""The composite GitHub Action (action.yml), its steps run here as GitHub would run them:
bash, inputs in environment variables, this checkout's mdsurvey on PATH. The install step is
the one step not run (it installs from PyPI; the test environment already has mdsurvey)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = {s.get("id"): s for s in ACTION["runs"]["steps"]}


def defaults() -> dict[str, str]:
    return {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}


def run_step(step_id: str, cwd: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    """Run one `run:` step: its env block with `${{ inputs.X }}` filled in, then its script."""
    step: dict[str, Any] = STEPS[step_id]
    assert step["shell"] == "bash"
    values = defaults() | inputs
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    for key, value in step.get("env", {}).items():
        expr = str(value).removeprefix("${{").removesuffix("}}").strip()
        assert expr.startswith("inputs."), f"{step_id}: {key} is not an input"
        env[key] = values[expr.removeprefix("inputs.")]
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_action_has_its_inputs_and_steps() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"paths", "args", "fix-args", "fix-check", "python-version"}
    assert [s.get("id") for s in ACTION["runs"]["steps"]][1:] == ["install", "check", "fix-check"]
    assert STEPS["fix-check"]["if"] == "${{ inputs.fix-check == 'true' }}"
    # no input is pasted into a script: a path cannot inject a command
    for s in ACTION["runs"]["steps"]:
        assert "${{" not in s.get("run", "")


def test_clean_survey_passes_both_steps(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "survey.md", tmp_path / "README.md")
    check = run_step("check", tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "::error" not in check.stdout
    fix = run_step("fix-check", tmp_path)
    assert fix.returncode == 0, fix.stdout + fix.stderr


def test_broken_survey_fails_with_annotations(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "broken.md", tmp_path / "my survey.md")
    # a space inside a path is written "\\ ", as in a shell
    r = run_step("check", tmp_path, paths="my\\ survey.md", args="--select MS1")
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert lines and all(
        x.startswith(("::error file=my survey.md,", "::warning file=my survey.md,")) for x in lines
    )
    assert lines[0].startswith("::error ")
    assert {x.split("title=")[1][:5] for x in lines} <= {"MS101", "MS102", "MS103", "MS104", "MS105", "MS106"}


@pytest.mark.parametrize("value", ["--strict", ""])
def test_extra_args_reach_check(tmp_path: Path, value: str) -> None:
    # the unsorted fixture's MS4 findings are warnings: they fail only with --strict
    shutil.copy(FIXTURES / "unsorted.md", tmp_path / "README.md")
    r = run_step("check", tmp_path, args=f"--select MS4 {value}")
    assert "::warning" in r.stdout
    assert r.returncode == (1 if value else 0), r.stdout + r.stderr


def test_fix_args_reach_fix_check(tmp_path: Path) -> None:
    # unsorted.md: fix --check fails on its changes; ignoring every rule leaves nothing to change
    shutil.copy(FIXTURES / "unsorted.md", tmp_path / "README.md")
    assert run_step("fix-check", tmp_path).returncode == 1
    r = run_step("fix-check", tmp_path, **{"fix-args": "--ignore MS --today 2026-11-25"})
    assert r.returncode == 0, r.stdout + r.stderr
