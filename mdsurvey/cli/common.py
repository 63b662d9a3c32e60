"""What several commands share: output streams, options from flags, the file list, stdin, patches."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mdsurvey.cli.exitcodes import EXIT_FINDINGS, EXIT_OK

STDIN_LIMIT = 64 * 1024 * 1024  # far above any survey (GitHub renders 512 KB); stops `yes |` and /dev/zero


def out(text: str) -> None:
    """Write to standard output; a file name that is not UTF-8 shows its bytes escaped."""
    # such a name arrives as surrogates: escape them, never crash
    sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace"))


def err(text: str) -> None:
    """Write to standard error at once (escaped as `out` does)."""
    sys.stderr.buffer.write(text.encode("utf-8", "backslashreplace"))
    sys.stderr.flush()


def options(args: argparse.Namespace) -> Any:
    """The engine's Options from --select/--ignore/--today/--config."""
    from mdsurvey.lint.config import load_config_file
    from mdsurvey.lint.engine import Options

    config = load_config_file(args.config) if args.config is not None else None
    return Options(select=args.select, ignore=args.ignore, today=args.today, config=config)


def findings_status(failing: bool, args: argparse.Namespace) -> int:
    """Exit 1 for findings (or a would-be change), unless --exit-zero."""
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK


def files(args: argparse.Namespace) -> list[Path]:
    """The Markdown files the FILE arguments name (directories searched; default README.md)."""
    from mdsurvey.lint.engine import expand

    return expand(args.files)


def read_stdin(name: str) -> bytes:
    """Standard input's bytes, refusing a device or an endless stream instead of reading forever."""
    import os
    import stat

    from mdsurvey.files.source import InputError

    if sys.stdin is None:
        raise InputError(f"{name}: standard input is closed")
    try:
        st = os.fstat(sys.stdin.fileno())
    except (OSError, ValueError):
        raise InputError(f"{name}: standard input is closed") from None
    if stat.S_ISCHR(st.st_mode) and not os.isatty(sys.stdin.fileno()):
        raise InputError(f"{name}: standard input is a device, not Markdown")
    data = sys.stdin.buffer.read(STDIN_LIMIT + 1)
    if len(data) > STDIN_LIMIT:
        raise InputError(
            f"{name}: more than {STDIN_LIMIT // (1024 * 1024)} MiB on standard input; not a survey"
        )
    return data


def patch(name: str, before: str | None, after: str) -> str:
    """A unified diff `git apply` accepts: /dev/null for a new file, a marker for a missing last newline."""
    import difflib

    from mdsurvey.files.source import split_lines

    old = [str(x) for x in split_lines(before)] if before is not None else []
    new = [str(x) for x in split_lines(after)]
    lines = []
    for line in difflib.unified_diff(
        old, new, f"a/{name}" if before is not None else "/dev/null", f"b/{name}", lineterm="\n"
    ):
        if line.startswith(("---", "+++", "@@")):
            lines.append(line if line.endswith("\n") else line + "\n")
        elif line.endswith(("\n", "\r")):
            lines.append(line)
        else:
            lines.append(line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def shown_path(path: Path, readme: Path) -> str:
    """A path as `git apply` takes it in a diff header: relative to the current directory, else
    as the README was given (a page beside it: the README's directory as given, then its name)."""
    full = path.resolve()
    try:
        return full.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        pass
    if full == readme.resolve():
        return readme.as_posix()
    try:
        return (readme.parent / full.relative_to(readme.resolve().parent)).as_posix()
    except ValueError:
        return str(path)
