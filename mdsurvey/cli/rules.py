"""`mdsurvey rules` (list every rule) and `mdsurvey rule CODE` (explain one)."""

from __future__ import annotations

import argparse

from mdsurvey.cli.common import err, out
from mdsurvey.cli.exitcodes import EXIT_OK, EXIT_USAGE


def run_rules(args: argparse.Namespace) -> int:
    """Run `rules`: every rule as text, JSON or the README's Markdown table."""
    from mdsurvey.lint.rules import all_rules
    from mdsurvey.output.ruledocs import rules_json, rules_markdown, rules_text

    rules = all_rules()
    formats = {"json": rules_json, "markdown": rules_markdown, "text": rules_text}
    out(formats[args.format](rules))
    return EXIT_OK


def run_rule(args: argparse.Namespace) -> int:
    """Run `rule CODE`: one rule's documentation, found by code or by name."""
    from mdsurvey.lint.rules import all_rules

    rules = all_rules()
    code = args.code.upper()
    r = next((x for x in rules if x.code == code), None) or next(
        (x for x in rules if x.name == args.code), None
    )
    if r is None:
        err(f"mdsurvey: error: unknown rule {args.code!r}; `mdsurvey rules` lists them\n")
        return EXIT_USAGE
    out(r.doc() + "\n")
    return EXIT_OK
