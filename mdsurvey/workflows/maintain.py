"""Maintainer workflows, as the command line imports them: `add` (workflows/add.py) and
`rotate` (workflows/rotate.py), with what they share (workflows/common.py)."""

from __future__ import annotations

from mdsurvey.workflows.add import AddPlan, add_paper, plan_add
from mdsurvey.workflows.common import MaintainError, find_section
from mdsurvey.workflows.rotate import Move, RotatePlan, plan_rotate
from mdsurvey.workflows.rowgen import StyleError

__all__ = [
    "AddPlan",
    "MaintainError",
    "Move",
    "RotatePlan",
    "StyleError",
    "add_paper",
    "find_section",
    "plan_add",
    "plan_rotate",
]
