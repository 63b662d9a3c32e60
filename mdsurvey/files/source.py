"""Reading files without losing a byte: refused kinds of file, UTF-8 decoding with a line to blame.

Cutting text into lines and editing them is `files.lines`; its names are importable here too.
"""

from __future__ import annotations

import os
import stat

from mdsurvey.files.lines import Line as Line
from mdsurvey.files.lines import dominant_eol as dominant_eol
from mdsurvey.files.lines import split_lines as split_lines

BOM = "\ufeff"


class InputError(Exception):
    """Input that cannot be read as a Markdown file; the message names the path."""


def decode(data: bytes, path: str) -> str:
    """Bytes of a Markdown file to text, or an InputError that says what is wrong."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: file is UTF-16 encoded; mdsurvey reads UTF-8 only")
    # anywhere, not only near the start: a NUL inside a link text would export as garbage
    nul = data.find(0)
    if nul != -1:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(f"{path}:{line}: NUL byte at byte offset {nul}; a binary file, not Markdown")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(
            f"{path}:{line}: invalid UTF-8 at byte offset {e.start} "
            f"(byte 0x{data[e.start]:02x}); save the file as UTF-8"
        ) from None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "is not a regular file"


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A regular file's bytes, or an InputError that names the path and the reason.

    Every command reads through here. Anything but a regular file (a device such as
    /dev/zero, a FIFO, a directory) is refused before it is opened, so nothing reads
    forever or blocks; O_NONBLOCK and a second look at the opened file cover a FIFO
    swapped in between the two.
    """
    name = str(path)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{name}: {_kind(st.st_mode)}")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise InputError(f"{name}: {_kind(st.st_mode)}")
            with os.fdopen(fd, "rb", closefd=False) as f:
                return f.read()
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as e:
        raise InputError(f"{name}: cannot read: {e.strerror or e}") from None


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a Markdown file as text, newlines and BOM untouched."""
    return decode(read_bytes(path), str(path))
