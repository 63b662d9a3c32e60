"""The one-regex row tokenizer (syntax/tokens.py) against the exact scanner it stands in for.

`inline.scan_cells` reads a row with one compiled pattern where the row allows and falls
back to `inline.scan_cell` (bracket pairing plus a hand-written scanner) otherwise. The
two must give the same items, cell by cell, and the same bracket pairs (MS107 reads
them): on every real row, every fixture row and generated rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, needs_shared, read_exact, shared_files
from hypothesis import example, given
from hypothesis import strategies as st

import mdsurvey
from mdsurvey.lint.engine import Options, check_survey
from mdsurvey.lint.settings import Config
from mdsurvey.syntax import inline
from mdsurvey.syntax.cells import split_cells
from mdsurvey.syntax.inline import Partners, scan_cell, scan_cells
from mdsurvey.syntax.tokens import cells_items, tokenize


def _exact(line: str, spans: list[tuple[int, int]]) -> tuple[list[list[inline.Item]], dict[int, int]]:
    p = Partners(line)
    cells = [scan_cell(line, a, b, p) for a, b in spans]
    pairs = inline._partners(line, 0, len(line))[0] if "[" in line else {}
    return cells, pairs


def _compare(line: str, quoted: bool = False) -> bool:
    """Asserts fast == exact for one row; True when the row took the fast path."""
    spans = [(s.start, s.end) for s in split_cells(line, quoted)]
    cells, pairs = _exact(line, spans)
    assert scan_cells(line, spans) == cells, line
    assert Partners(line).brackets == pairs, line
    got = tokenize(line)
    if got is None:
        return False
    return got.items is not None and cells_items(line, spans, got.items) is not None


def _rows(path: Path) -> list[tuple[str, bool]]:
    survey = mdsurvey.loads(read_exact(path))
    return [(r.source, r.table.quoted) for r in survey.rows]


def _fixture_files() -> list[Path]:
    return sorted(FIXTURES.rglob("*.md"))


@pytest.mark.parametrize("path", _fixture_files(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fast_path_gives_the_exact_scanners_items_on_fixtures(path: Path) -> None:
    for line, quoted in _rows(path):
        _compare(line, quoted)


@needs_shared
def test_fast_path_gives_the_exact_scanners_items_on_the_corpus() -> None:
    """Every real row, and the fast path reads nearly all of them (else it buys nothing)."""
    files = shared_files()
    assert files
    fast = total = 0
    for path in files:
        for line, quoted in _rows(path):
            fast += _compare(line, quoted)
            total += 1
    assert total > 1000
    assert fast / total > 0.97


# fragments real rows are made of, and the ones that must send a row to the exact scanner
_FRAGMENTS = [
    "Plain words",
    " ",
    "|",
    "\\|",
    "\\\\|",
    "\\",
    "\\[",
    "\\]",
    "\\.",
    "(",
    ")",
    "[",
    "]",
    "](",
    "!",
    "<",
    ">",
    "`code`",
    "[![Arxiv](https://img.shields.io/badge/arXiv-2026\\.10-red)]()",
    "[![Star](https://img.shields.io/github/stars/a/b.svg?style=social)](https://github.com/a/b)",
    "![alt](https://example.org/x.png)",
    "![a \\] b](u)",
    "[Invented Title](https://arxiv.org/abs/2601.00001)",
    "[[pdf]](https://arxiv.org/pdf/2601.00001)",
    "[a [b] c](u)",
    "[x](a[1])",
    "[x](u \"title\")",
    "[x](<u>)",
    "[x](wiki/A_(b))",
    "[Benchmark]",
    "[**Tag**]",
    "[//]: # note",
    "[//]: # (a [b] note)",
    "<br>",
    "<br/>",
    "<BR >",
    '<img src="https://img.shields.io/badge/ICLR-2026-blue" alt="ICLR">',
    "<sub>",
    "</sub>",
    '<a href="https://github.com/a/b"><img src="x.png"></a>',
    "<a href=x>link</a>",
    "[<img src=x>](u)",
    "[ ![a](b) ](c)",
    "[![a](b) text](c)",
    "&amp;",
    "中文",
]


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=14), st.booleans())
@example(["|", "[", "Plain words", "|", "]", "(", "x", ")"], False)
@example(["[//]: # note", " ", "|", "<br>"], False)
@example(["> ", "|", "[Benchmark]", "|"], True)
def test_fast_path_gives_the_exact_scanners_items_on_generated_rows(parts: list[str], quoted: bool) -> None:
    _compare("".join(parts), quoted)


@given(st.text(alphabet="[]()!<>|\\ a/#:br", max_size=30))
def test_fast_path_gives_the_exact_scanners_items_on_bracket_soup(line: str) -> None:
    _compare(line)


def test_html_table_spans_are_read_exactly() -> None:
    """Spans that are not cut at pipes (rows of HTML tables are joined with " | ", a cell may
    hold an unescaped pipe): a token must not cross a span edge."""
    line = "[a](u) \\\\| [b](v) | <br>x"
    spans = [(0, 17), (20, 25)]
    assert scan_cells(line, spans) == _exact(line, spans)[0]
    spans = [(0, 3), (3, 25)]  # an edge inside the first link
    assert scan_cells(line, spans) == _exact(line, spans)[0]


class _Counter:
    def __init__(self) -> None:
        self.calls = 0

    def wrap(self, fn):  # type: ignore[no-untyped-def]
        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.calls += 1
            return fn(*args, **kwargs)

        return counted


def test_extraction_of_a_badge_table_pairs_no_brackets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Papers of the seed-style fixture come from one regex pass per row: the exact scanner's
    bracket pairing (most of extraction's time before) runs for none of them, nor for a whole
    check (MS107 needs pairs only on rows with a code span); a caller that asks for a row's
    pairs gets the exact scanner's, once per row."""
    text = read_exact(FIXTURES / "survey.md")
    survey = mdsurvey.loads(text)
    pairing = _Counter()
    monkeypatch.setattr(inline, "_partners", pairing.wrap(inline._partners))
    rows = list(survey.rows)
    assert len(rows) > 10
    titles = [r.paper.title for r in rows]
    assert all(titles)
    assert pairing.calls == 0
    assert check_survey(mdsurvey.loads(text), "survey.md", Config(), Options()) == []
    assert pairing.calls == 0
    # asked for, a row's pairs come from the exact pairing, once per row: every `[` of a badge
    # or link paired with the `]` before its `(`
    for r in rows:
        pairs = r.partners.brackets
        assert all(r.source[a] == "[" and r.source[b] == "]" for a, b in pairs.items())
        assert all(r.source.startswith("](", pairs[b.start]) for b in r.paper.badges if b.link is not None)
    assert pairing.calls == len(rows)


def test_a_row_outside_the_fast_grammar_uses_the_exact_scanner(monkeypatch: pytest.MonkeyPatch) -> None:
    survey = mdsurvey.loads(
        "| Title | Code |\n| --- | --- |\n"
        '| [Invented Paper](https://arxiv.org/abs/2601.00001) | <a href="https://github.com/x/y">'
        '<img src="https://img.shields.io/github/stars/x/y"></a> |\n'
    )
    pairing = _Counter()
    monkeypatch.setattr(inline, "_partners", pairing.wrap(inline._partners))
    paper = next(iter(survey.rows)).paper
    assert pairing.calls == 1
    assert paper.title == "Invented Paper"
    assert paper.code == "https://github.com/x/y"
    assert [b.kind for b in paper.badges] == ["github-stars"]


def test_a_row_is_tokenized_once_whatever_reads_it_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the papers first (a library caller, `stats`, or a rule before MS107) and then
    running MS107 tokenizes each row once: the row keeps whether the fast path reads it."""
    survey = mdsurvey.loads(read_exact(FIXTURES / "survey.md"))
    calls = _Counter()
    monkeypatch.setattr(inline, "tokenize", calls.wrap(inline.tokenize))
    rows = list(survey.rows)
    assert all(r.paper.title for r in rows)
    assert calls.calls == len(rows)
    assert check_survey(survey, "survey.md", Config(), Options(select=["MS107"])) == []
    assert calls.calls == len(rows)
