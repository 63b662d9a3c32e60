"""Findings an independent judge labelled false on the corpus, as invented snippets."""

from __future__ import annotations

import mdsurvey
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options, check_survey

HEADER = "| Title | Code |\n| --- | --- |\n"


def ms211(row: str) -> list[int]:
    text = f"# Awesome\n\n{HEADER}{row}\n"
    found = check_survey(mdsurvey.loads(text), "README.md", Config(), Options(select=["MS211"]))
    return [f.column for f in found]


def test_an_empty_link_in_a_cell_github_drops_is_not_reported() -> None:
    # a third cell under a two-column header: GitHub drops it, no dead link ever shows
    assert (
        ms211("| [Lantern Tokens](https://arxiv.org/abs/2601.00001) | [code](https://x.org) | [github]() |")
        == []
    )
    assert ms211("| [Lantern Tokens](https://arxiv.org/abs/2601.00001) | [github]() |") != []
