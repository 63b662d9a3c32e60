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


@dataclass
class _Online:
    """`fix --online`: what the network said of one file, for the bytes it was said of."""

    data: bytes
    survey: Any  # the parse the network was asked about, which fixing reads again
    findings: list[Any]


def _ask_online(paths: list[Path], args: argparse.Namespace, opts: Any) -> dict[str, _Online]:
    """The online rules' findings of every readable file named, asked in one run (a file that
    cannot be read is left for `_fixed` to report)."""
    from mdsurvey.files.source import InputError
    from mdsurvey.lint.config import load_config
    from mdsurvey.lint.engine import Checked
    from mdsurvey.lint.online import check_online
    from mdsurvey.lint.reading import read_survey

    named = []
    seen: set[str] = set()
    for path in paths:
        if str(path) in seen:
            continue  # `a.md ./a.md`: one file, asked about once
        seen.add(str(path))
        try:
            data, survey = read_survey(path)
            config = opts.config if opts.config is not None else load_config(path)
        except InputError:
            continue
        named.append(Checked(str(path), survey, data, [], config))
    got = check_online(named, opts, refresh=args.refresh, quiet=args.quiet)
    if got.unchecked:
        err(f"mdsurvey: warning: {got.unchecked}\n")
    return {c.path: _Online(c.data, c.survey, got.findings.get(c.path, [])) for c in named}


def _online_left(
    path: Path, data: bytes, result: Any, asked: _Online, args: argparse.Namespace, opts: Any
) -> list[Any]:
    """The online findings of the fixed text: the first answers where they describe it, else the
    text asked about again (from the cache, but for links the fixes introduced)."""
    if not result.changed and asked.data == data:
        return asked.findings
    from mdsurvey.lint.config import load_config
    from mdsurvey.lint.engine import Checked
    from mdsurvey.lint.online import check_online
    from mdsurvey.survey.parse import parse

    config = opts.config if opts.config is not None else load_config(path)
    data = result.text.encode("utf-8")
    survey = result.survey if result.survey is not None else parse(result.text)
    got = check_online([Checked(str(path), survey, data, [], config)], opts, quiet=args.quiet)
    return got.findings.get(str(path), [])


def _fixed(
    path: Path, args: argparse.Namespace, opts: Any, asked: _Online | None = None
) -> tuple[bytes, Any] | int:
    """The file's bytes and its fix result, or the exit status of a read or verification failure."""
    from mdsurvey.files.source import InputError, decode, read_bytes
    from mdsurvey.fix.fixer import FixVerificationError, fix_text
    from mdsurvey.lint.config import load_config

    try:
        data = read_bytes(path)
        config = opts.config if opts.config is not None else load_config(path)
        # the network's fixes describe the bytes it was asked about: a file changed since gets none
        same = asked is not None and asked.data == data
        extra = asked.findings if asked is not None and same else []
        parsed = asked.survey if asked is not None and same else None
        text = decode(data, str(path))
        unsafe = args.unsafe_fixes
        return data, fix_text(text, str(path), config, opts, unsafe=unsafe, extra=extra, parsed=parsed)
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


def _fix_one(path: Path, args: argparse.Namespace, opts: Any, asked: _Online | None = None) -> _Outcome:
    """Fix one file and list the findings left in it."""
    got = _fixed(path, args, opts, asked)
    if isinstance(got, int):
        return _Outcome(status=got)
    data, result = got
    if result.changed and not _apply(path, args, data, result):
        return _Outcome(status=EXIT_USAGE, changed=True)
    left = result.remaining
    if asked is not None:
        from mdsurvey.lint.findings import Finding

        found = _online_left(path, data, result, asked, args, opts)
        left = sorted([*left, *found], key=Finding.sort_key)
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
    paths = files(args)
    online = _ask_online(paths, args, opts) if args.online else {}
    for path in paths:
        one = _fix_one(path, args, opts, online.get(str(path)))
        status = max(status, one.status)  # an internal error (3) outranks a usage error (2)
        would_change = would_change or one.changed
        remaining_errors = remaining_errors or one.errors_left
    if status:
        return status
    # ruff's way: errors left after fixing fail every mode; --check/--diff also fail on a change
    return findings_status(remaining_errors or ((args.check or args.diff) and would_change), args)
