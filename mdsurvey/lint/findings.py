"""A finding: what is wrong, exactly where, and the edit that repairs it if there is one."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


@dataclass(frozen=True)
class Edit:
    """Replace lines [start, end) (0-based) of the file with `lines` (texts without breaks).

    Whole-line edits keep fixes easy to verify: every line outside an edit
    must come out byte-identical.
    """

    start: int
    end: int
    lines: tuple[str, ...]


class Applicability(Enum):
    """When `fix` may apply a fix (ruff's terms): SAFE by default, UNSAFE only with
    --unsafe-fixes, DISPLAY_ONLY never (a suggestion shown to the reader)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@dataclass
class Fix:
    """How to repair a finding: whole-line edits, and what they do to papers and tables."""

    code: str
    description: str
    edits: list[Edit] = field(default_factory=list)
    applicability: Applicability = Applicability.SAFE
    # papers this fix removes on purpose (title, url), so the safety net expects it
    removes: list[tuple[str | None, str | None]] = field(default_factory=list)
    # papers this edit adds on purpose (`add`, `rotate` into an area page)
    adds: list[tuple[str | None, str | None]] = field(default_factory=list)
    # tables this edit creates (a new year section in an area page)
    new_tables: int = 0
    # a fix that makes a hidden table render (closing a fence, a blank line after </summary>)
    reveals_tables: bool = False
    # a fix that lets papers be told apart (a repaired header turns a Title column back on):
    # papers may come out named that had no name, none may be lost
    reveals_papers: bool = False

    @property
    def safe(self) -> bool:
        """Whether `fix` applies it without --unsafe-fixes (kept for readers of the old bool)."""
        return self.applicability is Applicability.SAFE

    def applies(self, unsafe: bool) -> bool:
        """Whether a `fix` run applies it: safe ones always, unsafe ones with --unsafe-fixes,
        display-only ones never."""
        if self.applicability is Applicability.DISPLAY_ONLY:
            return False
        return unsafe or self.applicability is Applicability.SAFE


@dataclass
class Finding:
    """One problem a rule found, where it is, and the fix that repairs it if there is one."""

    path: str
    line: int  # 1-based
    column: int  # 1-based
    code: str
    message: str
    severity: str = "error"
    end_line: int | None = None
    end_column: int | None = None
    fix: Fix | None = None

    @property
    def fixable(self) -> bool:
        """Whether the finding carries a fix (of any applicability)."""
        return self.fix is not None

    def sort_key(self) -> tuple[str, int, int, str]:
        """Findings sort by path, line, column, then code."""
        return (self.path, self.line, self.column, self.code)

    def to_json(self) -> dict[str, Any]:
        """The finding as `check --output-format json` prints it."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line if self.end_line is not None else self.line,
            "end_column": self.end_column if self.end_column is not None else self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "fixable": self.fixable,
            "fix_safety": None if self.fix is None else self.fix.applicability.value,
        }
