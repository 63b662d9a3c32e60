"""The library façade: read, parse and write surveys (`loads`, `load`, `dumps`, `dump`)."""

from __future__ import annotations

import os

from mdsurvey.files.write import atomic_write
from mdsurvey.survey import parse as _parse
from mdsurvey.survey.model import Survey


def loads(text: str) -> Survey:
    """Parse survey Markdown; `dumps(loads(text)) == text` for every string."""
    return _parse.parse(text)


def dumps(survey: Survey) -> str:
    """Return the survey's Markdown, byte for byte what was parsed plus any edits made to rows."""
    return survey.dumps()


def load(path: str | os.PathLike[str]) -> Survey:
    """Read and parse a file (UTF-8, any line breaks); raises InputError with the path."""
    return _parse.load(path)


def dump(survey: Survey, path: str | os.PathLike[str]) -> None:
    """Write atomically: a temporary file in the same folder, fsync, rename."""
    atomic_write(path, dumps(survey))
