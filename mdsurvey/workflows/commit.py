"""Writing the files of a plan (`add`'s AddPlan, `rotate`'s RotatePlan) as one change.

Every file is read again and compared with its bytes as planned before the first write
(so a refusal writes nothing at all); then the area pages are written, the README last,
each atomically: a write that fails part-way leaves a paper on two files, never on none.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from mdsurvey.files.source import InputError, read_bytes
from mdsurvey.files.write import WriteError, atomic_write


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
                create_file(target, texts[target])
            else:
                atomic_write(target, texts[target], expect=expect)
        except WriteError as e:
            done = f"; already written: {', '.join(map(str, written))}" if written else ""
            raise PlanWriteError(f"{e}{done}", written) from None
        written.append(target)
    return written


def create_file(path: Path, text: str) -> None:
    """Write a file that must not exist yet: written beside it, then linked into place (never replaces)."""
    umask = os.umask(0)
    os.umask(umask)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".mdsurvey-tmp", dir=path.parent)
    except OSError as e:
        raise WriteError(f"{path}: cannot write in {path.parent}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~umask)
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            # no hard links here: claim the name exclusively, then move the full text over it
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666 & ~umask))
            os.replace(tmp, path)
    except FileExistsError:
        raise WriteError(f"{path}: appeared on disk since it was planned; not written") from None
    except OSError as e:
        raise WriteError(f"{path}: not written: {e.strerror or e}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
