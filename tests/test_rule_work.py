"""The rules' work on a clean survey in the seed README's style is bounded per row and per
badge (counted calls, never seconds): identity keys once per row, a badge's role read once per
distinct badge, no backward bracket scan for the empty-link badges of every row, MS107 does
not look into rows the row tokenizer read, and the links fact leaves out empty destinations."""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from conftest import ROOT

import mdsurvey
import mdsurvey.analysis.vocabulary as vocabulary_module
import mdsurvey.survey.identity as identity_module
import mdsurvey.survey.legend as legend_module
from mdsurvey.lint.config import Config
from mdsurvey.lint.context import Context
from mdsurvey.lint.engine import Options, check_survey
from mdsurvey.lint.rules import ms107_unescaped_pipe as ms107
from mdsurvey.lint.rules import ms204_badge_color as ms204
from mdsurvey.lint.rules import ms211_empty_link as ms211
from mdsurvey.lint.rules import ms305_empty_link_outside_rows as ms305
from mdsurvey.survey.model import Survey

ROWS = 300
TODAY = dt.date(2026, 12, 1)


def _load_generator() -> ModuleType:
    path = ROOT / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("mdsurvey_bench_generate_work", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def text() -> str:
    """A generated survey: ROWS rows in 3 sections, in the seed README's row style."""
    out: str = _load_generator().survey(ROWS, 3, 11)
    return out


class Calls:
    """Counts the calls of the functions it wraps."""

    def __init__(self) -> None:
        self.n = 0

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """`fn`, counting each call."""

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.n += 1
            return fn(*args, **kwargs)

        return counted


def _check(survey: Survey, *codes: str) -> list[str]:
    found = check_survey(survey, "survey.md", Config(), Options(select=list(codes), today=TODAY))
    return [f"{f.line}:{f.column} {f.code} {f.message}" for f in found]


def _badges(survey: Survey) -> int:
    return sum(len(r.paper.badges) for r in survey.rows)


def test_identity_keys_are_computed_once_per_row(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """MS401 and MS402 both compare rows by identity keys: one computation per row serves both."""
    survey = mdsurvey.loads(text)
    calls = Calls()
    monkeypatch.setattr(identity_module, "identity_keys", calls.wrap(identity_module.identity_keys))
    assert _check(survey, "MS401", "MS402") == []
    assert calls.n == ROWS


def test_badge_roles_are_read_once_per_distinct_badge(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """MS204, MS205 and MS402 ask every badge's role; its words are read once per distinct
    (kind, label, alt text, column), not once per badge and rule."""
    survey = mdsurvey.loads(text)
    cached = getattr(legend_module, "_cached_role", None)
    if cached is not None:
        cached.cache_clear()
    words = Calls()
    monkeypatch.setattr(legend_module, "role_of_words", words.wrap(legend_module.role_of_words))
    assert _check(survey, "MS204", "MS205", "MS402") == []
    distinct = {(b.kind, b.label, b.alt, b.column) for r in survey.rows for b in r.paper.badges}
    assert _badges(survey) > 10 * len(distinct)  # the style repeats a few badge shapes
    assert 0 < words.n <= 2 * len(distinct)  # role_of reads the alt text, then maybe the column


def test_vocabulary_keys_each_badge_once(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """MS205 counts the values and checks them from one pass over the badges."""
    survey = mdsurvey.loads(text)
    roles = Calls()
    monkeypatch.setattr(vocabulary_module, "badge_role", roles.wrap(vocabulary_module.badge_role))
    assert _check(survey, "MS205") == []
    assert 0 < roles.n <= _badges(survey)


def test_badge_colors_are_compared_once_per_color_pair(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    survey = mdsurvey.loads(text)
    calls = Calls()
    monkeypatch.setattr(ms204, "same_color", calls.wrap(ms204.same_color))
    assert _check(survey, "MS204") == []
    colors = {b.color for r in survey.rows for b in r.paper.badges if b.color}
    assert 0 < calls.n <= len(colors)


def test_empty_link_badges_need_no_bracket_scan(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`[![alt](src)]()` in every row is read whole by MS305's pattern: no backward scan."""
    survey = mdsurvey.loads(text)
    assert sum(r.source.count("]()") for r in survey.rows) > ROWS
    calls = Calls()
    monkeypatch.setattr(ms305, "_opening_bracket", calls.wrap(ms305._opening_bracket))
    assert _check(survey, "MS305") == []
    assert calls.n == 0


def test_unescaped_pipe_skips_rows_the_tokenizer_read(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row read by the fast grammar, without backticks, holds no pipe in a link text: MS107
    looks for none there."""
    survey = mdsurvey.loads(text)
    calls = Calls()
    monkeypatch.setattr(ms107, "_first_between", calls.wrap(ms107._first_between))
    assert _check(survey, "MS107") == []
    assert calls.n == 0


def test_unescaped_pipe_still_reports_rows_outside_the_fast_grammar() -> None:
    survey = mdsurvey.loads(
        "| Title | Code |\n| --- | --- |\n"
        "| [Prune | Merge](https://arxiv.org/abs/2601.00001) | x |\n"
        "| `a | b` [Lantern](https://arxiv.org/abs/2601.00002) | x |\n"
    )
    got = _check(survey, "MS107")
    assert [g.split(" ")[0] for g in got] == ["3:10", "4:6"]


def test_links_fact_leaves_out_empty_destinations() -> None:
    """No rule follows `[![x](…)]()` or `href=""`; relative and fragment links stay, in order."""
    one = "[![A](https://img.shields.io/badge/A-red)]() [x]( ) [y](<>) [z](#top)"
    two = '<a href="">e</a> <a href="page.md">p</a> [w](other.md "t")'
    survey = mdsurvey.loads(f"# Top\n\n{one}\n{two}\n")
    ctx = Context(survey, "survey.md")
    # Markdown links first, then hrefs, line by line
    want = [
        (2, one.index("#top"), "#top"),
        (3, two.index("other"), "other.md"),
        (3, two.index("page"), "page.md"),
    ]
    assert ctx.facts.links == want


def _reference_opening_bracket(line: str, close: int) -> int | None:
    """The character-by-character backward scan `_opening_bracket` replaces."""
    depth = 0
    for k in range(close - 1, -1, -1):
        if line[k] == "]":
            depth += 1
        elif line[k] == "[":
            if depth == 0:
                return k
            depth -= 1
    return None


def test_opening_bracket_agrees_with_the_character_scan() -> None:
    rng = random.Random(13)
    for _ in range(20000):
        line = "".join(rng.choice("[]a(\\!") for _ in range(rng.randint(0, 16)))
        for close in range(len(line) + 1):
            want = _reference_opening_bracket(line, close)
            assert ms305._opening_bracket(line, close) == want, (line, close)


_OLD_EMPTY_LINK = r"(?<!!)\[([^\[\]]+)\]\(\s*\)"


def test_ms211_pattern_matches_as_the_look_behind_first_one() -> None:
    """MS211's pattern starts with its literal `[` (fast to search) and finds what the pattern
    that started with the look-behind found, at the start of a line too."""
    import re

    old = re.compile(_OLD_EMPTY_LINK)
    rng = random.Random(5)
    cases = ["[a]()", "![a]()", "x![a]() [b]( )", "[![a](u)]()", "!![a]()"]
    cases += ["".join(rng.choice("[]a(!) ") for _ in range(rng.randint(0, 20))) for _ in range(20000)]
    for s in cases:
        want = [(m.start(), m.group(1)) for m in old.finditer(s)]
        assert [(m.start(), m.group(1)) for m in ms211._EMPTY_LINK.finditer(s)] == want, s


def test_html_ids_are_searched_only_on_lines_with_a_tag_and_an_equals_sign(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MS301 collects `<a id=…>` anchors; the `<br>` of every row needs no search."""
    import mdsurvey.lint.rules._shared.links as links_module

    survey = mdsurvey.loads(text)
    real = links_module.HTML_ID
    searched: list[str] = []

    class Counting:
        def finditer(self, line: str) -> Any:
            searched.append(line)
            return real.finditer(line)

    monkeypatch.setattr(links_module, "HTML_ID", Counting())
    assert _check(survey, "MS301") == []
    lines = [x.text for x in survey.lines]
    assert sum("<" in t for t in lines) > 2 * sum("<" in t and "=" in t for t in lines)
    assert 0 < len(searched) <= sum("<" in t and "=" in t for t in lines)


def test_url_shapes_are_judged_once_per_distinct_url(text: str) -> None:
    """MS304 (and MS210, which defers to it) judge each distinct link target once, not once per use."""
    from mdsurvey.lint.rules._shared import urls

    survey = mdsurvey.loads(text)
    urls.malformed_url.cache_clear()
    assert _check(survey, "MS304", "MS210") == []
    info = urls.malformed_url.cache_info()
    assert info.misses > 0 and info.hits > 2 * info.misses  # badge sources repeat across rows
