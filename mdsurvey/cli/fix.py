"""`mdsurvey fix`: repair what can be repaired and sort rows; write only on change."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mdsurvey.cli.common import err, files, findings_status, options, out, patch
from mdsurvey.cli.exitcodes import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE


@dataclass
class _Outcome:
    """One file's result: the exit status it asks for, whether it changed, whether errors remain."""

    status: int = EXIT_OK
    changed: bool = False
    errors_left: bool = False


def _fixed(path: Path, args: argparse.Namespace, opts: Any) -> tuple[bytes, Any] | int:
    """The file's bytes and its fix result, or the exit status of a read or verification failure."""
    from mdsurvey.files.source import InputError, decode, read_bytes
    from mdsurvey.fix.fixer import FixVerificationError, fix_text
    from mdsurvey.lint.config import load_config

    try:
        data = read_bytes(path)
        config = opts.config if opts.config is not None else load_config(path)
        return data, fix_text(decode(data, str(path)), str(path), config, opts, unsafe=args.unsafe_fixes)
    except InputError as e:
        err(f"mdsurvey: error: {e}\n")
        return EXIT_USAGE
    except FixVerificationError as e:
        err(
            f"mdsurvey: internal error: {path}: {e}; nothing was written. "
            "This is a bug: please report it with the file.\n"
        )
        return EXIT_INTERNAL


def _apply(path: Path, args: argparse.Namespace, data: bytes, result: Any) -> bool:
    """Print the patch (--diff), or write the file (not --check); False when the write was refused."""
    from mdsurvey.files.write import WriteError, atomic_write

    if args.diff:
        # lines cut as Markdown cuts them (not str.splitlines): the patch `git apply` takes
        out(patch(str(path), result.original, result.text))
    elif not args.check:
        try:
            atomic_write(path, result.text, expect=data)
        except WriteError as e:
            err(f"mdsurvey: error: {e}\n")
            return False
    # reported only now: "fixed" is a promise that the file on disk has it
    verb = "would fix" if args.diff or args.check else "fixed"
    for fx in result.applied:
        line = fx.edits[0].start + 1 if fx.edits else 0
        err(f"{path}:{line}: {fx.code} {verb}: {fx.description}\n")
    return True


def _fix_one(path: Path, args: argparse.Namespace, opts: Any) -> _Outcome:
    """Fix one file and list the findings left in it."""
    got = _fixed(path, args, opts)
    if isinstance(got, int):
        return _Outcome(status=got)
    data, result = got
    if result.changed and not _apply(path, args, data, result):
        return _Outcome(status=EXIT_USAGE, changed=True)
    left = result.remaining
    if left and not args.quiet:
        from mdsurvey.output.text import format_findings

        # with --diff stdout is the patch alone (`fix --diff > x.patch` must apply)
        (err if args.diff else out)(format_findings(left, "text"))
    return _Outcome(changed=result.changed, errors_left=any(f.severity == "error" for f in left))


def run(args: argparse.Namespace) -> int:
    """Run `fix`: exit 2/3 for a failed file, else 1 for errors left (or, checking, a change)."""
    opts = options(args)
    status = EXIT_OK
    would_change = remaining_errors = False
    for path in files(args):
        one = _fix_one(path, args, opts)
        status = max(status, one.status)  # an internal error (3) outranks a usage error (2)
        would_change = would_change or one.changed
        remaining_errors = remaining_errors or one.errors_left
    if status:
        return status
    # ruff's way: errors left after fixing fail every mode; --check/--diff also fail on a change
    return findings_status(remaining_errors or ((args.check or args.diff) and would_change), args)
