"""Writing a file so that a crash or a full disk never leaves it half-written."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class WriteError(Exception):
    """The file could not be written; the original is untouched."""


def atomic_write(path: str | os.PathLike[str], text: str, *, expect: bytes | None = None) -> None:
    """Replace `path` with `text` (UTF-8): temporary file beside it, fsync, rename.

    `expect` is the content read earlier: if the file changed on disk since,
    nothing is written. The file's mode is kept.
    """
    target = Path(path)
    data = text.encode("utf-8")
    mode: int | None = None
    try:
        st = target.stat()
        mode = stat.S_IMODE(st.st_mode)
    except FileNotFoundError:
        pass
    if expect is not None:
        try:
            current = target.read_bytes()
        except OSError as e:
            raise WriteError(f"{path}: cannot re-read before writing: {e.strerror or e}") from None
        if current != expect:
            raise WriteError(f"{path}: changed on disk since it was read; not written, run again")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".mdsurvey-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise WriteError(f"{path}: not written: {e.strerror or e}") from None
        raise
