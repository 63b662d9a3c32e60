"""Reading files and cutting text into lines without losing a byte.

Line breaks are the three CommonMark knows (LF, CRLF, lone CR); `str.splitlines`
also breaks on form feeds, U+2028 and friends, which would shift every line
number after them, so it is never used here.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass

BOM = "\ufeff"

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class InputError(Exception):
    """Input that cannot be read as a Markdown file; the message names the path."""


@dataclass
class Line:
    """One source line: its text and the line break that ended it ("" for the last)."""

    text: str
    eol: str

    def __str__(self) -> str:
        return self.text + self.eol


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    append = lines.append
    for m in _LINE.finditer(text):
        s = m.group()
        if s.endswith("\r\n"):
            append(Line(s[:-2], "\r\n"))
        elif s.endswith(("\n", "\r")):
            append(Line(s[:-1], s[-1]))
        else:
            append(Line(s, ""))
    return lines


def dominant_eol(lines: list[Line]) -> str:
    """The line break a new line should get: the file's most common one."""
    counts: dict[str, int] = {}
    for line in lines:
        if line.eol:
            counts[line.eol] = counts.get(line.eol, 0) + 1
    if not counts:
        return "\n"
    return max(counts, key=lambda k: counts[k])


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
