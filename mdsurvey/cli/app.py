"""Command line: `python -m mdsurvey COMMAND`; the `export` and `stats` commands and the dispatcher."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from mdsurvey._version import __version__
from mdsurvey.cli.exitcodes import EXIT_OK, EXIT_USAGE


def _export(args: argparse.Namespace) -> int:
    from mdsurvey.output.export import export
    from mdsurvey.survey.parse import load

    survey = load(args.file)
    out = export(survey, args.format)
    sys.stdout.buffer.write(out.encode("utf-8"))
    sys.stdout.flush()
    return EXIT_OK


def _stats(args: argparse.Namespace) -> int:
    from mdsurvey.analysis.stats import compute
    from mdsurvey.output.statsreport import format_json, format_text
    from mdsurvey.survey.parse import load

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

    from mdsurvey.cli.commands import register

    register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    from mdsurvey.files.source import InputError
    from mdsurvey.files.write import WriteError

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
