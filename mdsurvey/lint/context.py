"""What every rule may ask about one file, computed once and shared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path

from mdsurvey.lint.facts import Facts
from mdsurvey.lint.findings import Finding, Fix
from mdsurvey.lint.settings import Config
from mdsurvey.survey.legend import Legend, survey_legend
from mdsurvey.survey.model import Survey


class Context:
    """One file being checked: its survey, path, settings and the facts rules share.

    `severities` maps each rule code to its severity (the engine passes the Rules' own), so
    that Context needs no rule list of its own.
    """

    def __init__(
        self,
        survey: Survey,
        path: str,
        config: Config | None = None,
        today: dt.date | None = None,
        size: int | None = None,
        severities: Mapping[str, str] | None = None,
    ) -> None:
        self.survey = survey
        self.path = path
        self.config = config or Config()
        self.today = today or dt.date.today()
        self.severities: Mapping[str, str] = severities or {}
        self.texts = [x.text for x in survey.lines]
        self.size = size if size is not None else len(survey.dumps().encode("utf-8"))

    @property
    def file(self) -> Path:
        """The checked file's path."""
        return Path(self.path)

    def finding(
        self,
        code: str,
        line: int,
        column: int,
        message: str,
        *,
        end_line: int | None = None,
        end_column: int | None = None,
        fix: Fix | None = None,
        severity: str | None = None,
    ) -> Finding:
        """A finding of rule `code` at 1-based (line, column), with the rule's severity."""
        return Finding(
            self.path,
            line,
            column,
            code,
            message,
            severity or self.severities[code],
            end_line,
            end_column,
            fix,
        )

    @cached_property
    def facts(self) -> Facts:
        """Derived facts several rules share (links, paper tables, area pages), each found once."""
        return Facts(self.survey, self.file, self.texts, self.code_lines)

    @cached_property
    def verbatim_lines(self) -> set[int]:
        """0-based lines inside fenced or indented code: shown as-is, never directives."""
        return self.survey.blocks.verbatim_lines()

    @cached_property
    def code_lines(self) -> set[int]:
        """0-based lines GitHub shows as code or hides (fences, indented code, comments)."""
        return self.survey.blocks.hidden_lines()

    @cached_property
    def unread_lines(self) -> set[int]:
        """Code lines readers do not read as text: `code_lines` less the bodies of mermaid
        fences, which GitHub draws as diagrams whose node labels readers do see."""
        out = set(self.code_lines)
        for f in self.survey.blocks.fences:
            if f.info.strip().split(" ")[0].lower() == "mermaid":
                out.difference_update(range(f.start + 1, f.end - 1 if f.closed else f.end))
        return out

    @cached_property
    def legend(self) -> Legend:
        """The file's badge legend (role -> color), with the configured colors over it."""
        return survey_legend(self.survey, self.config.legend)
