"""mdsurvey: a lossless parser, linter and fixer for paper-survey READMEs.

The package is layered; each layer imports only itself and the layers before it
(tests/test_layers.py enforces it):

files → syntax → survey → analysis → lint → fix → workflows, output → cli
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mdsurvey._version import __version__

if TYPE_CHECKING:
    from mdsurvey.api import dump, dumps, load, loads
    from mdsurvey.files.source import InputError
    from mdsurvey.survey.model import Row, Section, Survey, Table
    from mdsurvey.survey.paper import Badge, Link, Paper

# the façade's names are imported on first use (PEP 562): `python -m mdsurvey` imports this
# package first, and a run of the CLI should not pay for what it does not use
_LAZY = {
    "dump": "mdsurvey.api",
    "dumps": "mdsurvey.api",
    "load": "mdsurvey.api",
    "loads": "mdsurvey.api",
    "InputError": "mdsurvey.files.source",
    "Row": "mdsurvey.survey.model",
    "Section": "mdsurvey.survey.model",
    "Survey": "mdsurvey.survey.model",
    "Table": "mdsurvey.survey.model",
    "Badge": "mdsurvey.survey.paper",
    "Link": "mdsurvey.survey.paper",
    "Paper": "mdsurvey.survey.paper",
}

_SUBPACKAGES = frozenset(
    {"api", "files", "syntax", "survey", "analysis", "lint", "fix", "workflows", "output", "cli", "online"}
)

if not TYPE_CHECKING:  # type checkers see the imports above: a misspelt name stays an error

    def __getattr__(name: str) -> Any:
        """The façade's names, imported on first use."""
        import importlib

        if name in _SUBPACKAGES:  # `mdsurvey.api` and the like, as when this package imported them
            return importlib.import_module(f"mdsurvey.{name}")
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'mdsurvey' has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    """The package's public names, the lazy ones included."""
    return sorted((set(globals()) - {"Any", "TYPE_CHECKING"}) | set(__all__))


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
