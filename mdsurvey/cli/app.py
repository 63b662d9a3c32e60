"""Command line: `python -m mdsurvey COMMAND`; builds the parser and runs the command's module.

Each command lives in its own module (mdsurvey.cli.check, .fix, .add, .rotate, .export, .stats,
.rules), imported only when that command runs: `check` does not pay for `add`'s imports.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mdsurvey._version import __version__
from mdsurvey.cli.exitcodes import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXIT_USAGE

_FILE_HELP = "survey file (default README.md)"


def _date(value: str) -> Any:
    """An argparse type: a YYYY-MM-DD date."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _codes(value: str) -> list[str]:
    """An argparse type: comma-separated rule codes or prefixes, each one that exists."""
    from mdsurvey.lint.rules import unknown_codes

    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    bad = unknown_codes(codes)
    if bad:
        raise argparse.ArgumentTypeError(
            f"unknown rule code or prefix {', '.join(bad)} (`mdsurvey rules` lists them)"
        )
    return codes


# each runs its command's module, imported only now
def _run_check(args: argparse.Namespace) -> int:
    from mdsurvey.cli.check import run

    return run(args)


def _run_fix(args: argparse.Namespace) -> int:
    from mdsurvey.cli.fix import run

    return run(args)


def _run_add(args: argparse.Namespace) -> int:
    from mdsurvey.cli.add import run

    return run(args)


def _run_rotate(args: argparse.Namespace) -> int:
    from mdsurvey.cli.rotate import run

    return run(args)


def _run_export(args: argparse.Namespace) -> int:
    from mdsurvey.cli.export import run

    return run(args)


def _run_stats(args: argparse.Namespace) -> int:
    from mdsurvey.cli.stats import run

    return run(args)


def _run_rules(args: argparse.Namespace) -> int:
    from mdsurvey.cli.rules import run_rules

    return run_rules(args)


def _run_rule(args: argparse.Namespace) -> int:
    from mdsurvey.cli.rules import run_rule

    return run_rule(args)


def _common(p: argparse.ArgumentParser) -> None:
    """The arguments `check` and `fix` share: files, rule selection, date and config."""
    p.add_argument(
        "files",
        nargs="*",
        default=[],  # empty: expand() takes README.md, which must be a file
        metavar="FILE",
        help="files or directories (searched for *.md); default README.md",
    )
    # repeated flags add up: `--select MS1 --select MS3` is `--select MS1,MS3`
    p.add_argument(
        "--select", type=_codes, action="extend", help="comma-separated rule codes or prefixes (MS4) to run"
    )
    p.add_argument(
        "--ignore", type=_codes, action="extend", help="comma-separated rule codes or prefixes to skip"
    )
    p.add_argument("--today", type=_date, help="pin today's date (YYYY-MM-DD) for date rules")
    p.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="use this mdsurvey.toml or pyproject.toml, not the nearest one above each file",
    )
    p.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when findings remain (2 and 3 still report)"
    )


def _add_export_stats(sub: Any) -> None:
    """The `export` and `stats` subcommands."""
    ex = sub.add_parser(
        "export", help="print every table row as JSON, CSV or YAML, or every distinct paper as BibTeX"
    )
    ex.add_argument("file", nargs="?", default="README.md", help=_FILE_HELP)
    ex.add_argument("--format", choices=("json", "csv", "bibtex", "yaml"), default="json")
    ex.set_defaults(func=_run_export)

    st = sub.add_parser("stats", help="count papers per section, year, venue and tag")
    st.add_argument("file", nargs="?", default="README.md", help=_FILE_HELP)
    st.add_argument("--format", choices=("text", "json"), default="text")
    st.set_defaults(func=_run_stats)


def _add_check(sub: Any) -> None:
    """The `check` subcommand."""
    ck = sub.add_parser("check", help="report what is wrong (never writes)")
    _common(ck)
    ck.add_argument("--output-format", choices=("text", "json", "github", "sarif"), default="text")
    ck.add_argument("--statistics", action="store_true", help="print counts per rule instead of each finding")
    ck.add_argument(
        "--stdin-filename", metavar="PATH", help="with FILE '-': the path the text on stdin comes from"
    )
    ck.add_argument("--baseline", metavar="FILE", help="report only findings that FILE does not accept")
    ck.add_argument(
        "--write-baseline", metavar="FILE", help="accept every current finding: write them to FILE, exit 0"
    )
    ck.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    ck.add_argument("--quiet", "-q", action="store_true", help="print the findings only: no summary line")
    ck.add_argument(
        "--online",
        action="store_true",
        help="also check links, arXiv ids and GitHub repositories over the network (rules MS7xx)",
    )
    ck.add_argument("--refresh", action="store_true", help="with --online: ask again, not the cache")
    ck.set_defaults(func=_run_check)


def _add_fix(sub: Any) -> None:
    """The `fix` subcommand."""
    fx = sub.add_parser("fix", help="repair what can be repaired, sort rows; write only on change")
    _common(fx)
    fx.add_argument("--diff", action="store_true", help="print a unified diff, write nothing")
    fx.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if fix would change a file or errors remain",
    )
    fx.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="also apply unsafe fixes (close an unclosed fence, drop identical duplicates)",
    )
    fx.add_argument("--quiet", "-q", action="store_true", help="do not list remaining findings")
    fx.add_argument(
        "--online",
        action="store_true",
        help="also apply the online rules' fixes: moved links, renamed repositories (needs the network)",
    )
    fx.add_argument("--refresh", action="store_true", help="with --online: ask again, not the cache")
    fx.set_defaults(func=_run_fix)


def _add_add(sub: Any) -> None:
    """The `add` subcommand."""
    ad = sub.add_parser("add", help="add a paper to a section, in the table's style, at its sorted place")
    ad.add_argument("file", nargs="?", default="README.md", help=_FILE_HELP)
    ad.add_argument(
        "--section",
        help="section title, or 'Heading/Section' when titles repeat (default: the JSON's or form's section)",
    )
    src = ad.add_mutually_exclusive_group()
    src.add_argument("--bibtex", metavar="PATH", help="take the paper from a BibTeX entry ('-' for stdin)")
    src.add_argument("--json", metavar="PATH", help="take the paper from a JSON object ('-' for stdin)")
    src.add_argument(
        "--issue-form",
        metavar="PATH",
        help="take the paper from a GitHub issue-form body: '### Title' blocks ('-' for stdin)",
    )
    src.add_argument(
        "--arxiv",
        nargs="+",
        metavar="ID",
        help="fetch the paper from the arXiv API: an id, versioned id or abs/pdf URL (needs the network)",
    )
    src.add_argument(
        "--doi", nargs="+", metavar="DOI", help="fetch the paper from doi.org (needs the network)"
    )
    ad.add_argument("--title")
    ad.add_argument("--url", help="paper link; an arXiv link gives the date badge")
    ad.add_argument("--authors", help="'A, B and C'")
    ad.add_argument("--date", help="YYYY-MM (default: from the arXiv id)")
    ad.add_argument("--venue", help="e.g. 'CVPR 2026'")
    ad.add_argument("--area", action="append", help="area badge (repeatable)")
    ad.add_argument("--tag", action="append", help="category badge (repeatable)")
    ad.add_argument("--cost", help="cost badge, e.g. Training-Free")
    ad.add_argument("--code", help="GitHub repository URL")
    ad.add_argument(
        "--new-tag", action="store_true", help="accept an area, tag or cost value the survey does not use yet"
    )
    ad.add_argument(
        "--page",
        metavar="FILE",
        help="area page for the canonical copy when the section is a README view (default: the linked page)",
    )
    ad.add_argument(
        "--strict",
        action="store_true",
        help="refuse a field the table has no column for (default: warn)",
    )
    ad.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    ad.add_argument("--refresh", action="store_true", help="with --arxiv/--doi: ask again, not the cache")
    ad.set_defaults(func=_run_add)


def _add_rotate_rules(sub: Any) -> None:
    """The `rotate`, `rules` and `rule` subcommands."""
    ro = sub.add_parser("rotate", help="move rows older than a 'Recent (Last N Months)' window to area pages")
    ro.add_argument("file", nargs="?", default="README.md", help=_FILE_HELP)
    ro.add_argument("--today", type=_date, help="pin today's date (YYYY-MM-DD)")
    ro.add_argument("--dry-run", action="store_true", help="print the diffs, write nothing")
    ro.set_defaults(func=_run_rotate)

    rl = sub.add_parser("rules", help="list every rule")
    rl.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rl.set_defaults(func=_run_rules)

    r1 = sub.add_parser("rule", help="explain one rule: what, why, example, fix")
    r1.add_argument("code", help="a rule code like MS101, or its name")
    r1.set_defaults(func=_run_rule)


def build_parser() -> argparse.ArgumentParser:
    """The `mdsurvey` argument parser with every subcommand (their modules are not imported)."""
    p = argparse.ArgumentParser(
        prog="mdsurvey",
        description="Parse, check and fix paper-survey READMEs without losing a byte.",
    )
    p.add_argument("--version", action="version", version=f"mdsurvey {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    _add_export_stats(sub)
    _add_check(sub)
    _add_fix(sub)
    _add_add(sub)
    _add_rotate_rules(sub)
    return p


def _run(argv: Sequence[str] | None) -> int:
    """Parse the arguments and run the command; input and write errors become exit 2."""
    from mdsurvey.files.source import InputError
    from mdsurvey.files.write import WriteError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit:
        # --help and usage errors: argparse ignores a closed pipe when it prints, and so does its
        # text still buffered here (flushed now, not as an "Exception ignored" at exit)
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _silence_closed_pipe()
        raise
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    # one parse per distinct file content for the whole command (see lint.reading)
    from mdsurvey.lint.reading import one_run

    try:
        with one_run():
            code: int = args.func(args)
    except (InputError, WriteError) as e:
        print(f"mdsurvey: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    return code


def _silence_closed_pipe() -> None:
    """After a broken pipe: point stdout and stderr at the null device so that the interpreter's
    final flush of what is still buffered fails neither loudly nor with another error."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            os.dup2(devnull, stream.fileno())
        except (OSError, ValueError):  # not a real file (a test's capture): nothing to flush at exit
            pass
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `mdsurvey` with these arguments (default sys.argv) and return its exit code."""
    try:
        code = _run(argv)
        # flushed here, not at exit: a reader gone before the last buffer is then seen
        sys.stdout.flush()
    except BrokenPipeError:
        # `mdsurvey check | head -1`: the reader stopped early; as a shell reports a process
        # SIGPIPE ended (128 + 13), so the cut output is neither a success nor a finding
        _silence_closed_pipe()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        # writes are atomic: an interrupted run leaves every file as it was or as fixed, never half
        print("mdsurvey: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return code
