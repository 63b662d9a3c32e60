"""`mdsurvey stats`: counts of papers per section, year, venue and tag."""

from __future__ import annotations

import argparse
import sys

from mdsurvey.cli.exitcodes import EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run `stats`: the counts as text or JSON on standard output."""
    from mdsurvey.analysis.stats import compute
    from mdsurvey.output.statsreport import format_json, format_text
    from mdsurvey.survey.parse import load

    st = compute(load(args.file))
    text = format_json(st, args.file) if args.format == "json" else format_text(st, args.file)
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()
    return EXIT_OK
