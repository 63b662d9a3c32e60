"""What every rule may ask about one file, computed once and shared."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path

from mdsurvey.lint.config import Config
from mdsurvey.lint.findings import Finding, Fix
from mdsurvey.survey.legend import Legend, read_legend
from mdsurvey.survey.model import Survey


class Context:
    def __init__(
        self,
        survey: Survey,
        path: str,
        config: Config | None = None,
        today: dt.date | None = None,
        size: int | None = None,
    ) -> None:
        self.survey = survey
        self.path = path
        self.config = config or Config()
        self.today = today or dt.date.today()
        self.texts = [x.text for x in survey.lines]
        self.size = size if size is not None else len(survey.dumps().encode("utf-8"))
        # results several rules share (links found once, not once per rule)
        self.cache: dict[str, object] = {}

    @property
    def file(self) -> Path:
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
        from mdsurvey.lint.rules import REGISTRY

        return Finding(
            self.path,
            line,
            column,
            code,
            message,
            severity or REGISTRY[code].severity,
            end_line,
            end_column,
            fix,
        )

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
        legend = read_legend(self.texts, self.code_lines)
        for role, color in self.config.legend.items():
            legend.colors[role] = color
        return legend
