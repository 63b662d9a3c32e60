"""Which tables list papers, and the keys that identify a paper across tables and files."""

from __future__ import annotations

from mdsurvey.survey.identity import identity_keys
from mdsurvey.survey.model import Survey, Table
from mdsurvey.survey.paper import (
    Paper,
    column_roles,
)


def paper_tables(survey: Survey) -> list[Table]:
    """Tables whose header names a title column: the ones that list papers."""
    return [t for t in survey.tables if "title" in column_roles(t.header)]


def paper_keys(p: Paper) -> list[str]:
    """Identities of a paper: arXiv id, DOI, URL, normalised title (`identity.same_paper` compares two)."""
    return identity_keys(p.arxiv_id, p.url, [x.url for x in p.links], p.title)
