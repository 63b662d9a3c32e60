"""dumps(loads(t)) == t, on real files, on awkward strings and on generated Markdown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS_MISSING, FIXTURES, REQUIRE_CORPUS, corpus_present, read_exact, shared_files
from hypothesis import given
from hypothesis import strategies as st

import mdsurvey


@pytest.mark.parametrize("path", shared_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shared_corpus_round_trips(path: Path) -> None:
    text = read_exact(path)
    assert mdsurvey.dumps(mdsurvey.loads(text)) == text


def test_shared_corpus_is_there() -> None:
    # the parametrized corpus tests vanish without the corpus: skip loudly, or fail in CI
    if not corpus_present():
        if REQUIRE_CORPUS:
            pytest.fail(f"MDSURVEY_REQUIRE_CORPUS is set but {CORPUS_MISSING}")
        pytest.skip(CORPUS_MISSING)
    assert len(shared_files()) >= 30


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.md")), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixtures_round_trip(path: Path) -> None:
    text = read_exact(path)
    assert mdsurvey.dumps(mdsurvey.loads(text)) == text


AWKWARD = [
    "",
    "\n",
    "\r\n",
    "\r",
    "\ufeff",
    "\ufeff| a | b |\n|---|---|\n| 1 | 2 |",
    "| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n",
    "| a | b |\r|---|---|\r| 1 | 2 |\r",
    "| a | b |\n|---|---|\r\n| 1 | 2 |\r| 3 | 4 |",
    "| a | b |\n|---|---|\n| 1 | 2 |   ",
    "\t| a | b |\n|---|---|\n\t| 1 |\t2 |\n",
    "| a | b |\n|---|---|---|\n| 1 | 2 |\n",
    "```\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "<!--\n| a | b |\n|---|---|\n-->\n",
    "    | a | b |\n    |---|---|\n",
    "<details>\n<summary>S</summary>\n| a | b |\n|---|---|\n| 1 | 2 |\n</details>\n",
    "line\u2028with separator\fform feed\x85nel\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "> | a | b |\n> |---|---|\n> | 1 | 2 |\n",
    "no tables here, just prose\nand more",
    "| a |\n|---|\n| \\| escaped | more | cells |\n",
    "\x00 nul | a |\n|---|---|\n",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_strings_round_trip(text: str) -> None:
    assert mdsurvey.dumps(mdsurvey.loads(text)) == text


ROW = st.builds(
    lambda cells, lead, trail, ws: (
        ("|" if lead else "") + "|".join(ws + c + ws for c in cells) + ("|" if trail else "")
    ),
    st.lists(
        st.sampled_from(
            [
                "a",
                "[T](https://x.org/1)",
                "![b](https://img.shields.io/badge/A-B-red)",
                "x\\|y",
                "`c|d`",
                "<br>",
                " ",
                "",
            ]
        ),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["", " ", "  ", "\t"]),
)
BLOCK = st.one_of(
    ROW,
    st.sampled_from(
        [
            "| h1 | h2 |",
            "|---|---|",
            "| --- | :---: |",
            "---|---",
            "",
            "   ",
            "# Heading",
            "## Sub *x*",
            "<details open>",
            "<details>",
            "</details>",
            "<summary><strong>S</strong></summary>",
            "```",
            "```python",
            "~~~",
            "<!--",
            "-->",
            "    indented | code |",
            "> | q | r |",
            "> |---|---|",
            "- item",
            "[//]: #03/14",
            "\ufeff",
            "text with | pipe",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20),
)
EOL = st.sampled_from(["\n", "\r\n", "\r"])


@given(st.lists(st.tuples(BLOCK, EOL), max_size=40), st.booleans(), st.booleans())
def test_generated_markdown_round_trips(parts: list[tuple[str, str]], bom: bool, final: bool) -> None:
    text = "".join(b + e for b, e in parts)
    if not final and parts:
        text = text[: -len(parts[-1][1])]
    if bom:
        text = "\ufeff" + text
    assert mdsurvey.dumps(mdsurvey.loads(text)) == text


@given(st.text())
def test_any_text_round_trips(text: str) -> None:
    assert mdsurvey.dumps(mdsurvey.loads(text)) == text


def _corpus_suite(env_extra: dict[str, str], tmp: Path) -> subprocess.CompletedProcess[str]:
    """The corpus tests run in a child pytest that sees no shared folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("MDSURVEY_SHARED", "MDSURVEY_REQUIRE_CORPUS")}
    env.update({"MDSURVEY_SHARED": str(tmp / "no-shared"), **env_extra})
    tests = Path(__file__).parent
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         f"{tests / 'test_roundtrip.py'}::test_shared_corpus_is_there",
         f"{tests / 'test_cli.py'}::test_export_cokeshao"],
        capture_output=True, text=True, env=env, cwd=tmp, timeout=300,
    )  # fmt: skip


def test_bare_clone_skips_the_corpus_tests_with_a_reason(tmp_path: Path) -> None:
    r = _corpus_suite({}, tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "2 skipped" in r.stdout and "no-shared/corpus not present" in r.stdout, r.stdout


def test_ci_requires_the_corpus(tmp_path: Path) -> None:
    r = _corpus_suite({"MDSURVEY_REQUIRE_CORPUS": "1"}, tmp_path)
    assert r.returncode == 1 and "2 failed" in r.stdout, r.stdout
    assert "MDSURVEY_REQUIRE_CORPUS is set" in r.stdout
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "export MDSURVEY_REQUIRE_CORPUS=1" in ci.splitlines()
