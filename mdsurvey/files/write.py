"""Writing a file so that a crash or a full disk never leaves it half-written."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path


class WriteError(Exception):
    """The file could not be written; the original is untouched."""


def _fingerprint(st: os.stat_result) -> tuple[int, int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _stat(path: Path, name: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise WriteError(f"{name}: cannot write: {e.strerror or e}") from None


def _new_file_mode() -> int:
    # what open() would give a new file; mkstemp's 0600 would hide a new page from the group
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _owner(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_uid, st.st_gid


def _read(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def _refusal(name: str, st: os.stat_result) -> str | None:
    """Why `st` must not be replaced by a rename, or None."""
    if not stat.S_ISREG(st.st_mode):
        return f"{name}: not a regular file; not written"
    mode = stat.S_IMODE(st.st_mode)
    # the write bits, not os.access: root may write anything, and a rename never asks the file
    if not mode & 0o222 or not os.access(name, os.W_OK):
        return f"{name}: file is read-only (mode {mode:04o}); not written"
    if st.st_nlink > 1:
        # a rename would split the links; rewriting the inode in place could leave it
        # half-written on a crash or full disk, which is the one thing this module promises not to do
        return (
            f"{name}: file has {st.st_nlink} hard links and a rewrite would split them; "
            "not written (copy it to break the link, or use a symlink)"
        )
    return None


def atomic_write(path: str | os.PathLike[str], text: str, *, expect: bytes | None = None) -> None:
    """Replace `path` with `text` (UTF-8): temporary file beside it, fsync, rename.

    A symlink is kept: the file it resolves to is replaced, from a temporary file
    beside that file. Refused (WriteError, nothing written): a read-only file (by
    its mode bits, even for root), a file with several hard links, anything that
    is not a regular file, a directory where no temporary file can be created.

    `expect` is the content read earlier: if the file changed on disk since,
    nothing is written. It is compared twice, before the temporary file is
    written and again, with the file's size, mtime, ctime and inode, after the
    temporary file is fsynced and right before the rename. The window left is the
    time between that last look and `os.replace` (microseconds): POSIX has no
    compare-and-swap rename, so a write landing there, or a program still holding
    the old file open and writing after the rename, is lost. A file that did not
    exist must still not exist at the last look. The file's mode, owner and group are
    kept (a file that cannot keep its owner is refused).
    """
    name = str(path)
    target = Path(os.path.realpath(path))
    data = text.encode("utf-8")
    before = _stat(target, name)
    if before is not None:
        why = _refusal(name, before)
        if why:
            raise WriteError(why)
    if expect is not None:
        try:
            current = _read(target)
        except OSError as e:
            raise WriteError(f"{name}: cannot re-read before writing: {e.strerror or e}") from None
        if current != expect:
            raise WriteError(f"{name}: changed on disk since it was read; not written, run again")
    tmp: str | None = None
    try:
        import tempfile  # only a write needs it (a check never does)

        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".mdsurvey-tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(before.st_mode) if before is not None else _new_file_mode())
        if before is not None and (before.st_uid, before.st_gid) != _owner(tmp):
            # a rename would hand the file to whoever runs mdsurvey: keep its owner and group, or refuse
            try:
                os.chown(tmp, before.st_uid, before.st_gid)
            except PermissionError:
                raise WriteError(
                    f"{name}: owned by another user (uid {before.st_uid}, gid {before.st_gid}); "
                    "a rewrite would take it over; not written"
                ) from None
        now = _stat(target, name)
        changed = (now is None) != (before is None) or (
            now is not None and before is not None and _fingerprint(now) != _fingerprint(before)
        )
        if not changed and expect is not None:
            changed = _read(target) != expect
        if changed:
            raise WriteError(f"{name}: changed on disk while it was being written; not written, run again")
        os.replace(tmp, target)
        tmp = None
    except BaseException as e:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(e, PermissionError) and tmp is None:
            raise WriteError(f"{name}: cannot write in {target.parent}: {e.strerror or e}") from None
        if isinstance(e, OSError):
            raise WriteError(f"{name}: not written: {e.strerror or e}") from None
        raise
    # the rename itself is durable only once the directory is synced (best effort: not everywhere possible)
    with contextlib.suppress(OSError):
        dfd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def create_exclusive(path: Path, text: str) -> None:
    """Write a file that must not exist yet: written beside it, then linked into place (never
    replaces one that appeared meanwhile: WriteError)."""
    umask = os.umask(0)
    os.umask(umask)
    try:
        import tempfile

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
