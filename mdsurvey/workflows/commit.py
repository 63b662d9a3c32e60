"""Writing the files of a plan (`add`'s AddPlan, `rotate`'s RotatePlan) as one change.

Every file is read again and compared with its bytes as planned before the first write
(so a refusal writes nothing at all); then the area pages are written, the README last,
each atomically: a write that fails part-way leaves a paper on two files, never on none.
"""

from __future__ import annotations

from pathlib import Path

from mdsurvey.files.source import InputError, read_bytes
from mdsurvey.files.write import WriteError, atomic_write, create_exclusive


class PlanWriteError(Exception):
    """A plan's files could not all be written; `written` names those that were."""

    def __init__(self, message: str, written: list[Path]) -> None:
        super().__init__(message)
        self.written = written


def write_order(readme: Path, texts: dict[Path, str]) -> list[Path]:
    """The files of a plan in the order to write them: the pages, then the README."""
    return [t for t in texts if t != readme] + [t for t in texts if t == readme]


def write_plan(readme: Path, texts: dict[Path, str], expected: dict[Path, bytes | None]) -> list[Path]:
    """Write every file of `texts` (`expected`: each one's bytes as read, None for a file to
    create), pages before the README; the files written, in order.

    PlanWriteError: a file changed (or appeared) on disk since it was read, and nothing was
    written; or a write failed, and `written` says which files already were."""
    order = write_order(readme, texts)
    for target in order:
        try:
            now = read_bytes(target) if target.exists() else None
        except InputError as e:
            raise PlanWriteError(
                f"{target}: cannot read it again before writing: {e}; nothing written", []
            ) from None
        if now != expected[target]:
            what = "appeared on disk" if expected[target] is None else "changed on disk"
            raise PlanWriteError(f"{target}: {what} since it was read; nothing written, run again", [])
    written: list[Path] = []
    for target in order:
        expect = expected[target]
        try:
            if expect is None:
                create_exclusive(target, texts[target])
            else:
                atomic_write(target, texts[target], expect=expect)
        except WriteError as e:
            done = f"; already written: {', '.join(map(str, written))}" if written else ""
            raise PlanWriteError(f"{e}{done}", written) from None
        written.append(target)
    return written
