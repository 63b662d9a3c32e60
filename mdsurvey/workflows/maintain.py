"""Maintainer workflows, as the command line imports them: `add` (workflows/add.py) and
`rotate` (workflows/rotate.py), with what they share (workflows/common.py)."""

from __future__ import annotations

from mdsurvey.workflows.add import add_paper
from mdsurvey.workflows.common import MaintainError, find_section
from mdsurvey.workflows.rotate import Move, RotatePlan, _verify_rotation, plan_rotate
from mdsurvey.workflows.rowgen import StyleError

__all__ = [
    "MaintainError",
    "Move",
    "RotatePlan",
    "StyleError",
    "_verify_rotation",
    "add_paper",
    "find_section",
    "plan_rotate",
]
