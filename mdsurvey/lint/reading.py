"""Reading survey files for the rules: each distinct file content is parsed once per run.

A check reads some files more than once: the README of an area page given alone (to find its
links, then to check it), the pages a README links (as pages, and as files on the command
line). Parsing is a pure function of the bytes, so within one run (`one_run()`, which the
command line opens around every command) the same bytes give back the same Survey. Outside a
run every read parses afresh: a library caller may edit the Survey it was given, and a shared
parse would then describe text that is not on disk.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mdsurvey.analysis.pages import YEAR_SECTION, Page
from mdsurvey.files.source import decode, read_bytes
from mdsurvey.survey.model import Survey
from mdsurvey.survey.parse import parse

# the most recent parses kept: a README, its pages and the file being checked fit easily
_KEEP = 16
_PARSED: OrderedDict[bytes, Survey] | None = None  # None: no run open, nothing kept


@contextmanager
def one_run() -> Iterator[None]:
    """Keep parses by content while the block runs (one command); forget them after."""
    global _PARSED
    outer = _PARSED
    _PARSED = OrderedDict()
    try:
        yield
    finally:
        _PARSED = outer


def read_survey(path: Path) -> tuple[bytes, Survey]:
    """A survey file's bytes and parse (an InputError, with the path, when it cannot be read)."""
    data = read_bytes(path)
    kept = _PARSED
    survey = kept.get(data) if kept is not None else None
    if survey is None:
        survey = parse(decode(data, str(path)))
        if kept is not None:
            kept[data] = survey
            if len(kept) > _KEEP:
                kept.popitem(last=False)
    elif kept is not None:
        kept.move_to_end(data)
    return data, survey


def forget_parses() -> None:
    """Drop the kept parses of the open run (tests that count parses start from nothing)."""
    if _PARSED is not None:
        _PARSED.clear()


def load_page(path: Path) -> Page:
    """One area page read from disk, as `analysis.pages.load_page` reads it, through read_survey."""
    data, survey = read_survey(path)
    topics = {m.group(2) for m in (YEAR_SECTION.match(x.title) for x in survey.sections) if m}
    return Page(path, decode(data, str(path)), survey, topics, data)
