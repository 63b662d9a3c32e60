"""`mdsurvey check`: report what is wrong, never write (except `--write-baseline`'s file)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mdsurvey.cli.common import err, files, findings_status, options, out, read_stdin
from mdsurvey.cli.exitcodes import EXIT_OK, EXIT_USAGE
from mdsurvey.lint.findings import Finding


@dataclass
class _Run:
    """What checking the files gave: findings, each file's lines (for the baseline), read errors."""

    findings: list[Finding] = field(default_factory=list)
    texts: dict[str, list[str]] = field(default_factory=dict)
    unreadable: bool = False
    unchecked: str | None = None  # --online: what the network could not tell, in one line

    def take(self, checked: Any) -> None:
        """Keep one checked file's findings and lines."""
        self.findings.extend(checked.findings)
        self.texts[checked.path] = [x.text for x in checked.survey.lines]


def _check_stdin(args: argparse.Namespace, opts: Any) -> Any:
    """`check -`: the text from standard input, named (for messages and config) by --stdin-filename."""
    from mdsurvey.files.source import decode
    from mdsurvey.lint.config import load_config
    from mdsurvey.lint.engine import Checked, check_survey
    from mdsurvey.survey.parse import parse

    name = args.stdin_filename or "-"
    data = read_stdin(name)
    survey = parse(decode(data, name))
    config = opts.config if opts.config is not None else load_config(Path(name).absolute())
    return Checked(name, survey, data, check_survey(survey, name, config, opts, len(data)), config)


def _check_all(args: argparse.Namespace, opts: Any, stdin: bool) -> _Run:
    """Check every file named (or stdin), then the README of any area page given without it."""
    from mdsurvey.files.source import InputError
    from mdsurvey.lint.engine import check_file, check_readme_for, survey_readmes

    run = _Run()
    paths = [Path("-")] if stdin else files(args)
    named: list[Any] = []
    for path in paths:
        try:
            named.append(_check_stdin(args, opts) if stdin else check_file(path, opts))
        except InputError as e:
            err(f"mdsurvey: error: {e}\n")
            run.unreadable = True
    if args.online:
        run.unchecked = _add_online(args, opts, named)
    for checked in named:
        run.take(checked)
    # an area page given alone (a pre-commit run with it staged) is checked against its README's copies
    for readme, pages in ({} if stdin else survey_readmes(paths)).items():
        try:
            checked = check_readme_for(readme, pages, opts)
        except InputError:
            continue  # a file the user did not name: its read errors are not this run's
        run.take(checked)
    return run


def _add_online(args: argparse.Namespace, opts: Any, named: list[Any]) -> str | None:
    """`--online`: the online rules' findings merged into each file's, in file order; returns the
    one line saying what could not be checked (printed as one warning, never as findings)."""
    from mdsurvey.lint.online import check_online

    got = check_online(named, opts, refresh=args.refresh, quiet=args.quiet)
    for checked in named:
        extra = got.findings.get(checked.path)
        if extra:
            checked.findings = sorted([*checked.findings, *extra], key=Finding.sort_key)
    if got.unchecked:
        err(f"mdsurvey: warning: {got.unchecked}\n")
    return got.unchecked


def _write_baseline(args: argparse.Namespace, run: _Run) -> int:
    """`--write-baseline FILE`: accept every current finding (refused while a file was unreadable)."""
    from mdsurvey.lint import baseline

    if run.unreadable:
        err("mdsurvey: error: not writing a baseline while a file could not be read\n")
        return EXIT_USAGE
    why = baseline.refuse_target(args.write_baseline, list(run.texts))
    if why:
        err(f"mdsurvey: error: {why}\n")
        return EXIT_USAGE
    n = baseline.write(args.write_baseline, run.findings, run.texts)
    err(f"wrote {n} finding{'s' * (n != 1)} to {args.write_baseline}: `check --baseline` accepts them\n")
    return EXIT_OK


def _new_findings(args: argparse.Namespace, run: _Run) -> list[Finding]:
    """The findings `--baseline FILE` does not accept (all of them without the flag)."""
    if not args.baseline:
        return run.findings
    from mdsurvey.lint import baseline

    accepted = baseline.load(args.baseline)
    found = accepted.new_findings(run.findings, run.texts)
    if len(run.findings) != len(found) and not args.quiet:
        err(f"{len(run.findings) - len(found)} findings accepted by the baseline {args.baseline}\n")
    return found


def _report(args: argparse.Namespace, findings: list[Finding], unreadable: bool) -> None:
    """Print the findings in the chosen format (or per-rule counts), then the summary line."""
    if args.statistics:
        from mdsurvey.output.report import statistics

        out(statistics(findings))
    else:
        from mdsurvey.output.text import format_findings

        out(format_findings(findings, args.output_format))
    if args.output_format == "text" and not args.quiet and (findings or not unreadable):
        from mdsurvey.output.text import summary

        out(summary(findings))


def run(args: argparse.Namespace) -> int:
    """Run `check`: exit 1 for errors (warnings too with --strict), 2 for an unreadable file."""
    opts = options(args)
    # `-` is standard input only as written, alone: `./-` is a file named "-"
    stdin = args.files == ["-"]
    if "-" in args.files and not stdin:
        err("mdsurvey: error: '-' (standard input) cannot be combined with other files\n")
        return EXIT_USAGE
    checked = _check_all(args, opts, stdin)
    if args.write_baseline:
        return _write_baseline(args, checked)
    findings = _new_findings(args, checked)
    _report(args, findings, checked.unreadable)
    if checked.unreadable:
        return EXIT_USAGE
    failing = [f for f in findings if f.severity == "error" or args.strict]
    # a network that could not answer fails the run only when asked to (--strict)
    return findings_status(bool(failing) or bool(args.strict and checked.unchecked), args)
