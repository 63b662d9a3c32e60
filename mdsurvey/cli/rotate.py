"""`mdsurvey rotate`: move rows older than a "Recent (Last N Months)" window to area pages."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from mdsurvey.cli.common import err, out, patch, shown_path
from mdsurvey.cli.exitcodes import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE


def _plan(path: Path, text: str, config: Any, today: dt.date) -> Any:
    """The rotation plan, or the exit status of a refusal (2) or a bug (3), already reported."""
    from mdsurvey.fix.fixer import FixVerificationError
    from mdsurvey.workflows.maintain import MaintainError, plan_rotate

    try:
        return plan_rotate(path, text, config, today)
    except MaintainError as e:
        err(f"mdsurvey: error: {path}: {e}\n")
        return EXIT_INTERNAL if "internal error" in str(e) else EXIT_USAGE
    except (FixVerificationError, ValueError) as e:
        # ValueError: overlapping edits from apply_fixes, a bug like a failed verification
        err(
            f"mdsurvey: internal error: {path}: rotate: {e}; nothing was written. "
            "This is a bug: please report it with the files.\n"
        )
        return EXIT_INTERNAL


def _say_plan(path: Path, plan: Any, dry: bool) -> None:
    """Tell what moves (or would), which pages are created, what stays and why."""
    for m in plan.moves:
        if m.already_there:
            done = "would remove" if dry else "removed"
            where = f"already in {m.target.name}; {done} the README row"
        else:
            where = ("would move to " if dry else "moved to ") + m.target.name
        err(f"{path}:{m.row.line}: {m.row.paper.title!r} ({m.row.paper.date}) {where}\n")
    for p in plan.created:
        if p in plan.listed:
            what = "would add" if dry else "added"
            tail = f"{what} it to the README's contents at {path}:{plan.listed[p]}"
        else:
            tail = "link it from the README's contents"
        err(f"{'would create' if dry else 'created'} {p.name}: {tail}\n")
    for row, why in plan.left:
        err(f"{path}:{row.line}: not moved: {why}\n")
    for line_msg in plan.warnings:
        err(f"{path}:{line_msg}\n")


def _changed_on_disk(order: list[Path], expected: dict[Path, bytes | None]) -> bool:
    """True (and said) when a file is no longer as it was read: then nothing at all is written."""
    from mdsurvey.files.source import read_bytes

    for target in order:
        now = read_bytes(target) if target.exists() else None
        if now != expected[target]:
            what = "appeared on disk" if expected[target] is None else "changed on disk"
            err(f"mdsurvey: error: {target}: {what} since it was read; nothing written, run again\n")
            return True
    return False


def _write_all(order: list[Path], expected: dict[Path, bytes | None], plan: Any) -> bool:
    """Write each file in order; False (and said, with what was already written) on a refusal."""
    from mdsurvey.files.write import WriteError, atomic_write, create_exclusive

    written: list[str] = []
    for target in order:
        new = plan.texts[target]
        expect = expected[target]
        try:
            if expect is None:
                create_exclusive(target, new)
            else:
                atomic_write(target, new, expect=expect)
        except WriteError as e:
            done = f"; already written: {', '.join(written)}; run rotate again" if written else ""
            err(f"mdsurvey: error: {e}{done}\n")
            return False
        written.append(str(target))
    return True


def _print_patches(path: Path, order: list[Path], expected: dict[Path, bytes | None], plan: Any) -> None:
    """`--dry-run`: each file's patch, with paths `git apply` accepts."""
    from mdsurvey.files.source import decode

    for target in order:
        expect = expected[target]
        before = None if expect is None else decode(expect, str(target))
        out(patch(shown_path(target, path), before, plan.texts[target]))


def run(args: argparse.Namespace) -> int:
    """Run `rotate`: exit 1 when rows that are due could not be moved."""
    from mdsurvey.lint.config import load_config
    from mdsurvey.lint.engine import read_survey

    path = Path(args.file)
    data, survey = read_survey(path)
    plan = _plan(path, survey.dumps(), load_config(path), args.today or dt.date.today())
    if isinstance(plan, int):
        return plan
    _say_plan(path, plan, args.dry_run)
    # pages first, the README last: a write that fails part-way leaves a paper twice, never nowhere
    order = [t for t in plan.texts if t != path] + [t for t in plan.texts if t == path]
    expected = {t: data if t == path else plan.before[t] for t in order}
    if args.dry_run:
        _print_patches(path, order, expected, plan)
    elif _changed_on_disk(order, expected) or not _write_all(order, expected, plan):
        return EXIT_USAGE
    if not plan.moves:
        err("nothing to rotate\n")
    return EXIT_FINDINGS if plan.left else EXIT_OK
