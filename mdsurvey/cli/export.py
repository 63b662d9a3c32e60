"""`mdsurvey export`: every table row as JSON, CSV or YAML, or every distinct paper as BibTeX."""

from __future__ import annotations

import argparse
import sys

from mdsurvey.cli.exitcodes import EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run `export`: the survey's records in `--format` on standard output."""
    from mdsurvey.output.export import export
    from mdsurvey.survey.parse import load

    sys.stdout.buffer.write(export(load(args.file), args.format).encode("utf-8"))
    sys.stdout.flush()
    return EXIT_OK
