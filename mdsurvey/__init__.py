"""mdsurvey: a lossless parser, linter and fixer for paper-survey READMEs."""

from __future__ import annotations

import os

from .model import Row, Section, Survey, Table
from .paper import Badge, Link, Paper
from .source import InputError, read_text

__version__ = "0.1.0"

__all__ = [
    "Badge",
    "InputError",
    "Link",
    "Paper",
    "Row",
    "Section",
    "Survey",
    "Table",
    "__version__",
    "dump",
    "dumps",
    "load",
    "loads",
]


def loads(text: str) -> Survey:
    """Parse survey Markdown; `dumps(loads(text)) == text` for every string."""
    return Survey(text)


def dumps(survey: Survey) -> str:
    return survey.dumps()


def load(path: str | os.PathLike[str]) -> Survey:
    """Read and parse a file (UTF-8, any line breaks); raises InputError with the path."""
    return Survey(read_text(path))


def dump(survey: Survey, path: str | os.PathLike[str]) -> None:
    """Write atomically: a temporary file in the same folder, fsync, rename."""
    from .write import atomic_write

    atomic_write(path, dumps(survey))
