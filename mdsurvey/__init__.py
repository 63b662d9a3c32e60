"""mdsurvey: a lossless parser, linter and fixer for paper-survey READMEs.

The package is layered; each layer imports only itself and the layers before it
(tests/test_layers.py enforces it):

files → syntax → survey → analysis → lint → fix → workflows, output → cli
"""

from __future__ import annotations

from mdsurvey._version import __version__
from mdsurvey.api import dump, dumps, load, loads
from mdsurvey.files.source import InputError
from mdsurvey.survey.model import Row, Section, Survey, Table
from mdsurvey.survey.paper import Badge, Link, Paper

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
