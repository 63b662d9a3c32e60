"""Hand-edit fuzzer: `fix` on surveys damaged the way contributors damage them.

Inputs: the real corpus files (../shared/corpus/**/*.md and the seed, via
`shared_files()`; skipped with a reason when absent) and the fixtures. Each case
applies 1-3 mutations (tests/fuzzedits.py, `MUTATIONS`): a row loses or gains a
cell; a row loses its leading, trailing or a middle pipe; a row is duplicated; a
row is moved or copied into another table; a few lines get CRLF in an LF file (or
LF in a CRLF one); a `</details>` is deleted; the blank line after `</summary>`
is deleted; a tab replaces a space by a pipe (or indents a line); trailing blanks.
Case 0 of every document is the unmutated text, so a failure on a plain file is
told apart from one a hand edit causes. Every case is seeded from its id
(`SEED`, document, case number): the same cases on every run and machine.

Profiles, chosen by the number of cases, never by time:
- CI (default): 3 mutated cases per corpus file, each on a section-aligned excerpt
  of at most ~160 lines (`excerpt`: from a table's section over the following
  tables that fit), and 6 per fixture, whole. About 180 cases, 360 fix runs.
- deep (`MDSURVEY_FUZZ=deep`): 40 cases per corpus file and 60 per fixture, on
  whole files (an hour or so on two cores). `MDSURVEY_FUZZ_CASES=N` sets the
  cases per document (2N per fixture) in either profile.
`python tests/fuzzedits.py` runs the same profile outside pytest and tallies
failures per assertion and the mutations behind every verification error.

Each case runs `fix_text` safe and with `unsafe=True`, and asserts:
1. no exception but `FixVerificationError` (the "exit 3, file untouched" path; it is
   allowed, and counted: a pytest warning names the case and its mutations);
2. idempotent: fixing the result again changes nothing;
3. papers (by URL, else by the ASCII of the title) after >= papers before minus
   the fixes' declared removals (`Fix.removes`), as multisets;
4. every changed line lies in an edit some applied fix declared: the before and
   after lines (text and line break) are aligned (common head and tail, then
   difflib without autojunk); a deleted or inserted line must lie within D lines
   of an applied edit, where D is the total net line count change of all edits
   (later rounds' edits are in their round's coordinates, which differ from the
   original's by at most D), and an inserted line's text must be an edit's line
   (or a deleted line's: a line whose break changed);
5. cmark-gfm renders the same outside the changed lines, except declared reveals
   (`Fix.reveals_tables`). Method: render both texts with sourcepos; cut the HTML
   into top-level units (each element that carries `data-sourcepos`, plus the raw
   HTML blocks after it, which carry no position, so a unit spans up to the line
   before the next unit). A unit whose lines are all unchanged must map to a unit
   with the same (shifted) line range and the same HTML (positions stripped) on
   the other side, in both directions; it may instead lie inside a bigger unit
   there only if that unit's extra lines are all changed lines (a changed row at
   the end of an otherwise untouched table). Within tables, every unchanged row
   under an unchanged header must render the same cells on the other side. With
   a reveal declared, a unit or row that is a newly rendered table is allowed.

`test_cli_fix_end_to_end` runs `python -m mdsurvey fix FILE` on a few mutated
fixtures in a tmp dir: exit 0 or 1 with the in-process result written, or 3 with
the file byte-identical. Known failures: /work/notes/fuzz-findings.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import fuzzedits as fz
import pytest
from conftest import FIXTURES, ROOT, read_exact, shared_files

from mdsurvey.fix.fixer import FixVerificationError, fix_text
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options
from mdsurvey.lint.findings import Edit, Fix


class FuzzVerificationWarning(UserWarning):
    """A fuzz case where `fix` refused to write (verification error): a bug to look at."""


# case id -> reason; strict, so a fix elsewhere flips it and the mark must go
KNOWN: dict[str, str] = {}


def _doc_id(p: Path) -> str:
    return f"{p.parent.name}/{p.name}"


def _params() -> list[Any]:
    out: list[Any] = []
    corpus = shared_files()
    if not corpus:
        out.append(pytest.param(None, 0, True, marks=pytest.mark.skip(reason="../shared/corpus not present")))
    docs = [(p, True) for p in corpus] + [(p, False) for p in sorted(FIXTURES.glob("*.md"))]
    for p, is_corpus in docs:
        n = fz.PROFILE.corpus_cases if is_corpus else fz.PROFILE.fixture_cases
        for k in range(n + 1):
            cid = f"{_doc_id(p)}#{k}"
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN[cid])] if cid in KNOWN else []
            out.append(pytest.param(p, k, is_corpus, id=cid, marks=marks))
    return out


@pytest.mark.parametrize(("path", "k", "is_corpus"), _params())
def test_fuzz_case(path: Path, k: int, is_corpus: bool) -> None:
    case = fz.make_case(_doc_id(path), path, read_exact(path), k, is_corpus)
    report = []
    for mode, o in fz.run_case(case).items():
        if o.verify_error:
            warnings.warn(
                f"{case.case_id} {mode} {case.mutations}: {o.verify_error[:200]}",
                FuzzVerificationWarning,
                stacklevel=1,
            )
        for kind, details in o.failures.items():
            report.append(f"{mode} {kind} (applied {o.applied}): {details[0][:500]}")
    assert not report, f"{case.case_id} mutations {case.mutations}:\n" + "\n".join(report)


# ---------------------------------------------------------------- the checks can fail


def test_undeclared_change_is_caught() -> None:
    before = "# T\n\nalpha\n\nbeta\n"
    after = "# T\n\nALPHA\n\nBETA\n"
    fix = Fix("X", "", [Edit(2, 3, ("ALPHA",))])
    assert fz.undeclared_changes(before, after, [fix]) == [
        "original line 5 changed outside every edit",
        "result line 5 'BETA' is in no edit",
    ]
    assert fz.undeclared_changes(before, "# T\n\nALPHA\n\nbeta\n", [fix]) == []


def test_changed_line_break_outside_edits_is_caught() -> None:
    before = "a\nb\nc\nd\n"
    fix = Fix("X", "", [Edit(0, 1, ("A",))])
    assert fz.undeclared_changes(before, "A\nb\nc\r\nd\n", [fix]) != []


def test_render_change_outside_edits_is_caught() -> None:
    # a fence opened at the top turns every untouched line below into code
    before = "Intro\n\n| Title | Links |\n| --- | --- |\n| Alpha Net | [P](https://example.org/a) |\n\nEnd.\n"
    after = "```\n" + before
    problems = fz.render_changes(before, after, reveals=False)
    assert any("row at line 5" in p for p in problems)
    assert any("lines 7-7" in p for p in problems)
    assert fz.render_changes(before, before, reveals=False) == []


def test_reveal_is_allowed_only_where_declared() -> None:
    before = (
        "<details>\n<summary>S</summary>\n| Title | Links |\n| --- | --- |\n| Alpha | x |\n\n</details>\n"
    )
    after = (
        "<details>\n<summary>S</summary>\n\n| Title | Links |\n| --- | --- |\n| Alpha | x |\n\n</details>\n"
    )
    assert fz.render_changes(before, after, reveals=True) == []
    assert fz.render_changes(before, after, reveals=False) != []


def test_paper_keys_survive_mojibake_repair_but_not_loss() -> None:
    row = "| Title | Links |\n| --- | --- |\n| [{}](https://example.org/{}) | x |\n"
    a = fz.papers(row.format("Caf\u00c3\u00a9 Net", "p1"))
    assert a == fz.papers(row.format("Caf\u00e9 Net", "p1"))
    assert a - fz.papers(row.format("Caf\u00e9 Net", "p2"))


SMALL = (
    "# Survey\n\n<details open>\n<summary>Vision</summary>\n\n"
    "| Title | Venue | Links |\n| --- | --- | --- |\n"
    "| [Alpha Net](https://arxiv.org/abs/2401.00001) | CVPR | [Paper](https://arxiv.org/abs/2401.00001) |\n"
    "| [Beta Net](https://arxiv.org/abs/2401.00002) | ICCV | [Paper](https://arxiv.org/abs/2401.00002) |\n"
    "\n</details>\n\n<details>\n<summary>Language</summary>\n\n"
    "| Title | Venue | Links |\n| --- | --- | --- |\n"
    "| [Gamma LM](https://arxiv.org/abs/2402.00003) | ACL | [Paper](https://arxiv.org/abs/2402.00003) |\n"
    "\n</details>\n"
)


@pytest.mark.parametrize("mutation", fz.MUTATIONS, ids=lambda m: m.__name__)
def test_each_mutation_edits_the_survey(mutation: fz.Mutation) -> None:
    import random

    from mdsurvey.files.source import split_lines

    lines = split_lines(SMALL)
    changed = 0
    for seed in range(10):
        out = mutation(random.Random(seed), lines)
        assert out is not None
        changed += out != lines
    assert changed == 10


def test_mutations_are_seeded() -> None:
    import random

    a = fz.mutate(SMALL, random.Random("x"))
    assert a == fz.mutate(SMALL, random.Random("x"))
    assert 1 <= len(a[1]) <= 3 and a[0] != SMALL


# ---------------------------------------------------------------- the command line


CLI_CASES = [
    ("broken.md", 1, False),
    ("survey.md", 2, False),
    ("crlf.md", 3, True),
    ("unsorted.md", 4, True),
    ("styles.md", 5, False),
    ("bom.md", 6, True),
]


@pytest.mark.parametrize(("name", "k", "unsafe"), CLI_CASES, ids=[f"{n}#{k}" for n, k, _ in CLI_CASES])
def test_cli_fix_end_to_end(tmp_path: Path, name: str, k: int, unsafe: bool) -> None:
    src = FIXTURES / name
    case = fz.make_case(_doc_id(src), src, read_exact(src), k, False)
    target = tmp_path / "README.md"
    target.write_bytes(case.text.encode("utf-8"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "mdsurvey", "fix", str(target), *(["--unsafe-fixes"] if unsafe else [])]
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, timeout=120)
    written = target.read_bytes()
    try:
        expected = fix_text(case.text, str(target), Config(), Options(), unsafe=unsafe)
    except FixVerificationError:
        assert proc.returncode == 3, proc.stderr
        assert written == case.text.encode("utf-8")
        return
    assert proc.returncode in (0, 1), proc.stderr
    assert written == expected.text.encode("utf-8")
    errors = any(f.severity == "error" for f in expected.remaining)
    assert proc.returncode == (1 if errors else 0)


def test_closing_a_fence_reveals_what_it_hid() -> None:
    before = "# T\n\n```\ncode\n\n## Later\n\nText.\n"
    after = "# T\n\n```\ncode\n```\n\n## Later\n\nText.\n"
    assert fz.render_changes(before, after, reveals=True) == []
    assert fz.render_changes(before, after, reveals=False) != []


def test_lost_paper_is_caught_unless_declared() -> None:
    table = "| Title | Links |\n| --- | --- |\n"
    a = "| [Alpha](https://example.org/a) | x |\n"
    b = "| [Beta](https://example.org/b) | x |\n"
    drop = Fix("X", "", [Edit(3, 4, ())])
    assert fz.lost_papers(table + a + b, table + a, [drop]) == {"url:https://example.org/b": 1}
    drop.removes = [("Beta", "https://example.org/b")]
    assert not fz.lost_papers(table + a + b, table + a, [drop])
    assert fz.lost_papers(table + a + a, table + a, []) == {"url:https://example.org/a": 1}
