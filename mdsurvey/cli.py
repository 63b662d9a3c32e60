"""Command line: `python -m mdsurvey COMMAND`.

Exit codes: 0 success / nothing found; 1 findings (check), errors left after
fixing (fix), or changes needed (fix --check/--diff); 2 usage error, unreadable input (not a regular file, not
UTF-8, a NUL byte) or a refused write (read-only, hard-linked, changed on
disk, no temporary file possible); 3 internal error (a fix failed its own
verification: nothing was written); 130 interrupted. README.md has the table per command.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _export(args: argparse.Namespace) -> int:
    from . import load
    from .export import export

    survey = load(args.file)
    out = export(survey, args.format)
    sys.stdout.buffer.write(out.encode("utf-8"))
    sys.stdout.flush()
    return EXIT_OK


def _stats(args: argparse.Namespace) -> int:
    from . import load
    from .stats import compute, format_json, format_text

    survey = load(args.file)
    st = compute(survey)
    out = format_json(st, args.file) if args.format == "json" else format_text(st, args.file)
    sys.stdout.buffer.write(out.encode("utf-8"))
    sys.stdout.flush()
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mdsurvey",
        description="Parse, check and fix paper-survey READMEs without losing a byte.",
    )
    p.add_argument("--version", action="version", version=f"mdsurvey {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser(
        "export", help="print every table row as JSON, CSV or YAML, or every distinct paper as BibTeX"
    )
    ex.add_argument("file", nargs="?", default="README.md", help="survey file (default README.md)")
    ex.add_argument("--format", choices=("json", "csv", "bibtex", "yaml"), default="json")
    ex.set_defaults(func=_export)

    st = sub.add_parser("stats", help="count papers per section, year, venue and tag")
    st.add_argument("file", nargs="?", default="README.md", help="survey file (default README.md)")
    st.add_argument("--format", choices=("text", "json"), default="text")
    st.set_defaults(func=_stats)

    from .commands import register

    register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    from .source import InputError
    from .write import WriteError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = args.func(args)
    except InputError as e:
        print(f"mdsurvey: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except WriteError as e:
        print(f"mdsurvey: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        # writes are atomic: an interrupted run leaves every file as it was or as fixed, never half
        print("mdsurvey: interrupted", file=sys.stderr)
        return 130
    return code
