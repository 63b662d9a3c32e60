"""The settings a check runs with (`Config`); reading and validating them is config.py's job.

Kept apart from config.py so that rules and Context, which read settings, do not import the
rule list that config.py validates codes against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Config:
    """The settings for one file: rule selection and per-rule options."""

    select: list[str] = field(default_factory=list)  # empty: every rule
    ignore: list[str] = field(default_factory=list)
    # per-rule options
    recent_months: int | None = None  # overrides "Last N Months" read from a title
    order: str | None = None  # "newest-first", "oldest-first", "none"; None: read from the file
    section_order: dict[str, str] = field(default_factory=dict)  # section title -> order
    legend: dict[str, str] = field(default_factory=dict)  # badge role -> color
    vocabulary: dict[str, list[str]] = field(default_factory=dict)  # column -> allowed values
    canonical_section: str | None = None
    pages: dict[str, str] = field(default_factory=dict)  # section title -> area page (rotate)
    add_keys: dict[str, str] = field(default_factory=dict)  # add's input key or label -> paper field
    source: Path | None = None

    def order_for(self, title: str) -> str | None:
        """The row order configured for a section title, else the file-wide one."""
        return self.section_order.get(title, self.order)
