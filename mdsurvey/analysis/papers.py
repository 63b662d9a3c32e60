"""Which tables list papers, and the keys that identify a paper across tables and files."""

from __future__ import annotations

from mdsurvey.survey.identity import keys_of
from mdsurvey.survey.model import Survey, Table
from mdsurvey.survey.paper import (
    column_roles,
)


def paper_tables(survey: Survey) -> list[Table]:
    """Tables whose header names a title column: the ones that list papers."""
    return [t for t in survey.tables if "title" in column_roles(t.header)]


# the one paper identity, under the name the rules use
paper_keys = keys_of
