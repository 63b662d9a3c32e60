"""`add`: a paper's row at its sorted place in a section, in the style of its table.

It goes through the one line-editing path with the fixer's verification
(`fix.fixer.apply_changes`): the new row is the only line that changes, and it is read back
(one row of its table, exporting what was given) before anything is written.
"""

from __future__ import annotations

from mdsurvey.analysis.dated import sort_key as _sort_key
from mdsurvey.analysis.papers import paper_keys
from mdsurvey.fix.fixer import Change, apply_changes
from mdsurvey.lint.config import Config
from mdsurvey.lint.findings import Edit
from mdsurvey.survey.legend import badge_role, survey_legend
from mdsurvey.survey.model import Row, Section, Survey, Table
from mdsurvey.survey.paper import Paper, column_roles
from mdsurvey.workflows.common import (
    MaintainError,
    find_section,
    insert_index,
    paper_table,
    parsed_survey,
    section_order,
)
from mdsurvey.workflows.newpaper import NewPaper
from mdsurvey.workflows.rowgen import escape_url, render_row

__all__ = ["add_paper"]


def _as_paper(p: NewPaper) -> Paper:
    """The new paper as the model's Paper, for identity and date keys."""
    return Paper(title=p.title, url=p.url, authors=p.authors, date=p.date, venue=p.venue, arxiv_id=p.arxiv_id)


def duplicate_of(section: Section, paper: Paper) -> Row | None:
    """The section's row that is already this paper (same identity key), if any."""
    keys = set(paper_keys(paper))
    for r in section.rows:
        if keys & set(paper_keys(r.paper)):
            return r
    return None


def _check_vocabulary(survey: Survey, config: Config, paper: NewPaper) -> None:
    """Refuses an area, tag or cost outside the survey's vocabulary: the values its badges of that
    role use plus the configured ones (a role no badge uses and no config names takes anything)."""
    import difflib

    from mdsurvey.analysis.vocabulary import badge_vocabulary

    tables = [t for t in survey.tables if "title" in column_roles(t.header)]
    counts = badge_vocabulary(tables)
    columns: dict[str, set[str]] = {}
    for t in tables:
        for row in t.rows:
            for b in row.paper.badges:
                columns.setdefault(badge_role(b) or "", set()).add(b.column)
    given = (("area", paper.areas), ("category", paper.tags), ("cost", [paper.cost] if paper.cost else []))
    for role, values in given:
        known = list(counts.get(role, {}))
        for key in (role, *sorted(columns.get(role, ()))):
            known += [v for v in config.vocabulary.get(key.lower(), []) if v not in known]
        if not known:
            continue
        for v in values:
            if v in known:
                continue
            close = difflib.get_close_matches(v, known, n=1, cutoff=0.6) or difflib.get_close_matches(
                v.lower(), [k.lower() for k in known], n=1, cutoff=0.6
            )
            if close:
                hint = f"did you mean {next(k for k in known if k.lower() == close[0].lower())!r}?"
            else:
                shown = ", ".join(repr(k) for k in sorted(known)[:12]) + (", …" if len(known) > 12 else "")
                hint = f"known: {shown}"
            raise MaintainError(
                f"{role} {v!r} is not in this survey's vocabulary; {hint} (--new-tag adds it anyway)"
            )


def _check_authors(table: Table, paper: NewPaper) -> None:
    """Refuses a paper without authors for a table whose rows list them."""
    if paper.authors or not table.rows:
        return
    with_authors = sum(1 for r in table.rows if r.paper.authors)
    # most, not all: one row with a lost author list should not switch the check off
    if with_authors * 2 > len(table.rows):
        raise MaintainError(
            f"the paper has no authors, and {with_authors} of the {len(table.rows)} rows of the "
            f"table at line {table.header_line} list theirs; give --authors (or 'authors' in JSON, "
            "'author' in BibTeX)"
        )


def add_paper(
    text: str,
    config: Config,
    section_name: str,
    paper: NewPaper,
    *,
    new_tag: bool = False,
    survey: Survey | None = None,
) -> tuple[str, int]:
    """The file with the paper's row added at its sorted place, and the row's 1-based line
    (`survey`: the parse of `text`, if the caller has it).

    Refused (MaintainError) before anything is rendered: an area, tag or cost outside the
    survey's vocabulary (unless `new_tag`), or no authors where the table's rows have them."""
    survey = parsed_survey(text, survey)
    section = find_section(survey, section_name)
    table = paper_table(section)
    dup = duplicate_of(section, _as_paper(paper))
    if dup is not None:
        raise MaintainError(f"already in section {section.title!r} at line {dup.line}: {dup.paper.title!r}")
    if not new_tag:
        _check_vocabulary(survey, config, paper)
    _check_authors(table, paper)
    row = render_row(survey, survey_legend(survey, config.legend), table, paper)
    idx = insert_index(table.rows, _sort_key(_as_paper(paper)), section_order(survey, config, section))
    at = table.body_start + idx
    # verification counts papers by url (or title): declare exactly the one we add
    added = Row(row, 0, table).paper
    change = Change("add", [Edit(at, at, (row,))], adds=[(paper.title, added.url)])
    new = apply_changes(survey, [change])
    _verify_added(new, at + 1, table, paper)
    return new.parsed_text, at + 1


def _verify_added(new: Survey, line: int, table: Table, paper: NewPaper) -> None:
    """The written row, read back, is one row of its table with the header's cell count, and
    exports the title and url that were given."""
    from mdsurvey.analysis.records import record

    def refuse(why: str) -> MaintainError:
        return MaintainError(f"internal error: the new row (line {line}) {why}; nothing was written")

    row = next((r for r in new.rows if r.line == line), None)
    if row is None or [h.strip() for h in row.table.header] != [h.strip() for h in table.header]:
        raise refuse("is not read as a row of its table")
    if len(row.spans) != len(table.header):
        # GitHub drops cells past the header's count (a stray pipe would lose the last link)
        raise refuse(f"would have {len(row.spans)} cells, its table's header {len(table.header)}")
    rec = record(row)
    if rec["title"] != paper.title:
        raise refuse(f"would read title {rec['title']!r}, not {paper.title!r}")
    want_url = escape_url(paper.url) if paper.url else None
    if rec["url"] != want_url:
        raise refuse(f"would read url {rec['url']!r}, not {want_url!r}")
