"""LaTeX in a title or name as a reader sees it, and whitespace folded: the one normaliser for
text that comes from outside the survey (BibTeX fields, arXiv and DOI metadata).

It sits in the syntax layer so that every layer that takes such text (workflows.newpaper for
BibTeX, online for arXiv) normalises it the same way.
"""

from __future__ import annotations

import functools
import re
from typing import Any


class LatexError(ValueError):
    """The text's LaTeX cannot be read (pylatexenc refused it)."""


def fold(text: str) -> str:
    """Every run of whitespace (line breaks, tabs, U+2028, NBSP, ...) as one space, stripped."""
    # str.split() knows all of Unicode's whitespace; a line break in a cell would end the row
    return " ".join(text.split())


# citations, notes and labels say nothing a reader of the table needs
_DROPPED_MACROS = (
    "cite",
    "citep",
    "citet",
    "citealp",
    "citeauthor",
    "citeyear",
    "nocite",
    "footnote",
    "thanks",
    "label",
    "ref",
)
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)((?:\\\\)*)%")


@functools.lru_cache(maxsize=1)
def _latex_converter() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()
    db.add_context_category(
        "mdsurvey",
        # \url{x} is the address itself, not pylatexenc's <x>
        macros=[MacroTextSpec("url", simplify_repl="%s")]
        + [MacroTextSpec(m, simplify_repl="") for m in _DROPPED_MACROS],
        prepend=True,
    )
    # math stays as written ($\log n$): GitHub renders it, and text would be a guess
    return LatexNodes2Text(latex_context=db, math_mode="verbatim", strict_latex_spaces=False)


def latex_text(value: str) -> str:
    """Text as a reader sees it: accents and text macros decoded, math kept, whitespace folded."""
    # a raw % would start a LaTeX comment and eat the rest of the field: keep it as text
    value = _UNESCAPED_PERCENT.sub(r"\1\\%", value)
    try:
        return fold(str(_latex_converter().latex_to_text(value)))
    except Exception as err:  # pylatexenc raises its own parse errors on malformed input
        raise LatexError(f"cannot read the LaTeX in {value!r}: {err}") from None
