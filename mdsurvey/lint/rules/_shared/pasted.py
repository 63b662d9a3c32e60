"""Rows pasted from one section into others, which MS404 and MS408 leave to MS407."""

from __future__ import annotations

from mdsurvey.lint.context import Context


def pasted_lines(ctx: Context) -> set[int]:
    """1-based lines of rows that MS407 reports as a pasted template: other rules about the
    same rows (stale, wrong area) would only repeat it with advice that does not apply."""
    return {r.line for copies in ctx.facts.pasted_blocks for _, rows in copies for r in rows}
