"""`check` parses each file once: the rules share one parse (and the facts derived from it),
a README read to find an area page's copies is not parsed again to check it, a linked page is
parsed once however many rules read it, and a README that cannot link the page is not parsed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import FIXTURES

import mdsurvey.survey.parse as parse_module
from mdsurvey.cli import main

MULTI = FIXTURES / "multi"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts calls of survey.parse.build (every Survey is built through it)."""
    try:
        from mdsurvey.lint.reading import forget_parses
    except ImportError:  # a tree without the parse memo: nothing kept to forget
        pass
    else:
        forget_parses()
    calls: list[int] = []
    real = parse_module.build

    def counting(*args: object, **kwargs: object) -> None:
        calls.append(1)
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse_module, "build", counting)
    return calls


def _check(*paths: Path) -> None:
    main(["check", "--today", "2026-12-01", *map(str, paths)])


@pytest.mark.parametrize(
    ("paths", "want"),
    [
        # one file, whose folder's README and the repository's README mention it in prose only
        ((FIXTURES / "survey.md",), 1),
        ((FIXTURES / "broken.md",), 3),  # MS101 and MS102 still parse to predict their fixes
        # a README and its two area pages (MS405 and MS406 both read them)
        ((MULTI / "README.md",), 3),
        # an area page alone: itself, its README (read for the links, then checked), the other page
        ((MULTI / "image-llm.md",), 3),
        ((MULTI / "README.md", MULTI / "image-llm.md", MULTI / "video-llm.md"), 3),
    ],
    ids=["survey", "broken", "readme", "page", "all-three"],
)
def test_check_parses_each_file_once(
    parses: list[int], capsys: pytest.CaptureFixture[str], paths: tuple[Path, ...], want: int
) -> None:
    _check(*paths)
    capsys.readouterr()
    assert len(parses) == want


def test_a_library_caller_who_edits_a_checked_survey_gets_a_fresh_parse_next_time(tmp_path: Path) -> None:
    # the parse memo lives for one command: outside one, an edited Survey is never handed out again
    from mdsurvey.lint.engine import Options, check_file

    f = tmp_path / "s.md"
    f.write_bytes((FIXTURES / "survey.md").read_bytes())
    opts = Options(today=dt.date(2026, 12, 1))
    first = check_file(f, opts)
    row = next(iter(first.survey.rows))
    row.source += " extra | cell |"
    again = check_file(f, opts)
    assert again.survey is not first.survey
    assert again.survey.dumps() == f.read_text(encoding="utf-8")
    assert [x.code for x in again.findings] == [x.code for x in first.findings]
