"""The `check`, `fix`, `rules` and `rule` commands."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mdsurvey.cli.exitcodes import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
)
from mdsurvey.lint.findings import Finding
from mdsurvey.survey.parse import parse


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _codes(value: str) -> list[str]:
    from mdsurvey.lint.rules import unknown_codes

    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    bad = unknown_codes(codes)
    if bad:
        raise argparse.ArgumentTypeError(
            f"unknown rule code or prefix {', '.join(bad)} (`mdsurvey rules` lists them)"
        )
    return codes


def _common(p: argparse.ArgumentParser) -> None:
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


def _out(text: str) -> None:
    # a file name that is not UTF-8 arrives as surrogates: show its bytes escaped, never crash
    sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace"))


def _err(text: str) -> None:
    sys.stderr.buffer.write(text.encode("utf-8", "backslashreplace"))
    sys.stderr.flush()


def format_findings(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2) + "\n"
    if fmt == "github":
        from mdsurvey.output.report import github

        return github(findings)
    if fmt == "sarif":
        from mdsurvey.output.report import sarif

        return sarif(findings)
    return "".join(
        f"{f.path}:{f.line}:{f.column}: {f.code}{' [*]' if f.fix and f.fix.safe else ''} {f.message}\n"
        for f in findings
    )


def _summary(findings: list[Finding]) -> str:
    if not findings:
        return "All checks passed!\n"
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    safe = sum(1 for f in findings if f.fix is not None and f.fix.safe)
    unsafe = sum(1 for f in findings if f.fix is not None and not f.fix.safe)
    parts = [f"Found {errors} error{'s' * (errors != 1)} and {warnings} warning{'s' * (warnings != 1)}."]
    if safe:
        parts.append(f"[*] {safe} fixable with `mdsurvey fix`.")
    if unsafe:
        parts.append(f"{unsafe} more fixable with `mdsurvey fix --unsafe-fixes`.")
    return " ".join(parts) + "\n"


def _options(args: argparse.Namespace) -> Any:
    from mdsurvey.lint.config import load_config_file
    from mdsurvey.lint.engine import Options

    config = load_config_file(args.config) if args.config is not None else None
    return Options(select=args.select, ignore=args.ignore, today=args.today, config=config)


def _findings_status(failing: bool, args: argparse.Namespace) -> int:
    """Exit 1 for findings (or a would-be change), unless --exit-zero."""
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK


def _files(args: argparse.Namespace) -> list[Path]:
    from mdsurvey.lint.engine import expand

    return expand(args.files)


STDIN_LIMIT = 64 * 1024 * 1024  # far above any survey (GitHub renders 512 KB); stops `yes |` and /dev/zero


def _read_stdin(name: str) -> bytes:
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


def _check_stdin(args: argparse.Namespace, opts: Any) -> Any:
    """`check -`: the text from standard input, named (for messages and config) by --stdin-filename."""
    from mdsurvey.files.source import decode
    from mdsurvey.lint.config import load_config
    from mdsurvey.lint.engine import Checked, check_survey

    name = args.stdin_filename or "-"
    data = _read_stdin(name)
    survey = parse(decode(data, name))
    config = opts.config if opts.config is not None else load_config(Path(name).absolute())
    return Checked(name, survey, data, check_survey(survey, name, config, opts, len(data)), config)


def cmd_check(args: argparse.Namespace) -> int:
    from mdsurvey.files.source import InputError
    from mdsurvey.lint.engine import check_file, check_readme_for, survey_readmes

    opts = _options(args)
    findings: list[Finding] = []
    texts: dict[str, list[str]] = {}  # each file's lines, for the baseline's line hashes
    unreadable = False
    # `-` is standard input only as written, alone: `./-` is a file named "-"
    stdin = args.files == ["-"]
    if "-" in args.files and not stdin:
        _err("mdsurvey: error: '-' (standard input) cannot be combined with other files\n")
        return EXIT_USAGE
    paths = [Path("-")] if stdin else _files(args)
    for path in paths:
        try:
            checked = _check_stdin(args, opts) if stdin else check_file(path, opts)
        except InputError as e:
            _err(f"mdsurvey: error: {e}\n")
            unreadable = True
            continue
        findings.extend(checked.findings)
        texts[checked.path] = [x.text for x in checked.survey.lines]
    # an area page given alone (a pre-commit run with it staged) is checked against its README's copies
    for readme, pages in ({} if stdin else survey_readmes(paths)).items():
        try:
            checked = check_readme_for(readme, pages, opts)
        except InputError:
            continue  # a file the user did not name: its read errors are not this run's
        findings.extend(checked.findings)
        texts[checked.path] = [x.text for x in checked.survey.lines]
    if args.write_baseline:
        from mdsurvey.lint import baseline

        if unreadable:
            _err("mdsurvey: error: not writing a baseline while a file could not be read\n")
            return EXIT_USAGE
        why = baseline.refuse_target(args.write_baseline, list(texts))
        if why:
            _err(f"mdsurvey: error: {why}\n")
            return EXIT_USAGE
        n = baseline.write(args.write_baseline, findings, texts)
        _err(f"wrote {n} finding{'s' * (n != 1)} to {args.write_baseline}: `check --baseline` accepts them\n")
        return EXIT_OK
    if args.baseline:
        from mdsurvey.lint import baseline

        accepted = baseline.load(args.baseline)
        total = len(findings)
        findings = accepted.new_findings(findings, texts)
        if total != len(findings) and not args.quiet:
            _err(f"{total - len(findings)} findings accepted by the baseline {args.baseline}\n")
    if args.statistics:
        from mdsurvey.output.report import statistics

        _out(statistics(findings))
    else:
        _out(format_findings(findings, args.output_format))
    if args.output_format == "text" and not args.quiet and (findings or not unreadable):
        _out(_summary(findings))
    if unreadable:
        return EXIT_USAGE
    failing = [f for f in findings if f.severity == "error" or args.strict]
    return _findings_status(bool(failing), args)


def cmd_fix(args: argparse.Namespace) -> int:
    from mdsurvey.files.source import InputError, decode, read_bytes
    from mdsurvey.files.write import WriteError, atomic_write
    from mdsurvey.fix.fixer import FixVerificationError, fix_text
    from mdsurvey.lint.config import load_config

    opts = _options(args)
    status = EXIT_OK
    would_change = False
    remaining_errors = False
    for path in _files(args):
        try:
            data = read_bytes(path)
            config = opts.config if opts.config is not None else load_config(path)
            result = fix_text(decode(data, str(path)), str(path), config, opts, unsafe=args.unsafe_fixes)
        except InputError as e:
            _err(f"mdsurvey: error: {e}\n")
            status = max(status, EXIT_USAGE)
            continue
        except FixVerificationError as e:
            _err(
                f"mdsurvey: internal error: {path}: {e}; nothing was written. "
                "This is a bug: please report it with the file.\n"
            )
            status = EXIT_INTERNAL
            continue
        if result.changed:
            would_change = True
            if args.diff:
                # lines cut as Markdown cuts them (not str.splitlines): the patch `git apply` takes
                _out(_patch(str(path), result.original, result.text))
            elif not args.check:
                try:
                    atomic_write(path, result.text, expect=data)
                except WriteError as e:
                    _err(f"mdsurvey: error: {e}\n")
                    status = max(status, EXIT_USAGE)
                    continue
            # reported only now: "fixed" is a promise that the file on disk has it
            verb = "would fix" if args.diff or args.check else "fixed"
            for fx in result.applied:
                line = fx.edits[0].start + 1 if fx.edits else 0
                _err(f"{path}:{line}: {fx.code} {verb}: {fx.description}\n")
        left = result.remaining
        if left and not args.quiet:
            # with --diff stdout is the patch alone (`fix --diff > x.patch` must apply)
            (_err if args.diff else _out)(format_findings(left, "text"))
        if any(f.severity == "error" for f in left):
            remaining_errors = True
    if status:
        return status
    # ruff's way: errors left after fixing fail every mode; --check/--diff also fail on a change
    return _findings_status(remaining_errors or ((args.check or args.diff) and would_change), args)


def cmd_rules(args: argparse.Namespace) -> int:
    from mdsurvey.lint.rules import all_rules

    rules = all_rules()
    if args.format == "json":
        _out(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity,
                        "summary": r.summary,
                        "fix": r.fix,
                        "module": r.module,
                    }
                    for r in rules
                ],
                indent=2,
            )
            + "\n"
        )
        return EXIT_OK
    if args.format == "markdown":
        _out(rules_markdown(rules))
        return EXIT_OK
    for r in rules:
        fix = (
            " [*]"
            if r.fix and r.fix.startswith("safe")
            else (" [unsafe]" if r.fix and r.fix.startswith("unsafe") else "")
        )
        _out(f"{r.code}  {r.name:<28} {r.severity:<8}{r.summary}{fix}\n")
    return EXIT_OK


def _md_cell(text: str) -> str:
    """Text safe inside a Markdown table cell: tags shown, not rendered; pipes escaped."""
    text = text.replace("<", "&lt;")
    return re.sub(r"(?<!\\)\|", r"\\|", text)


def rules_markdown(rules: Iterable[Any]) -> str:
    lines = ["| code | name | severity | what it checks | fix |", "| --- | --- | --- | --- | --- |"]
    for r in rules:
        lines.append(
            f"| {r.code} | {r.name} | {r.severity} | {_md_cell(r.summary)} | {_md_cell(r.fix or 'none')} |"
        )
    return "\n".join(lines) + "\n"


def cmd_rule(args: argparse.Namespace) -> int:
    from mdsurvey.lint.rules import REGISTRY, all_rules

    all_rules()
    code = args.code.upper()
    r = REGISTRY.get(code) or next((x for x in REGISTRY.values() if x.name == args.code), None)
    if r is None:
        _err(f"mdsurvey: error: unknown rule {args.code!r}; `mdsurvey rules` lists them\n")
        return EXIT_USAGE
    _out(r.doc() + "\n")
    return EXIT_OK


def _read_arg(value: str) -> str:
    """A BibTeX/JSON input: a file, or `-` for standard input (bounded, UTF-8, no NUL, as `check -`)."""
    from mdsurvey.files.source import decode, read_text

    return decode(_read_stdin("<stdin>"), "<stdin>") if value == "-" else read_text(value)


def _write_or_diff(path: Path, before: str, after: str, data: bytes, dry_run: bool) -> None:
    """Write `after` over `path` (atomically, if it is still `data`), or with `dry_run` print the patch."""
    from mdsurvey.files.write import atomic_write

    if dry_run:
        _out(_patch(str(path), before, after))
    else:
        atomic_write(path, after, expect=data)


def cmd_add(args: argparse.Namespace) -> int:
    from mdsurvey.fix.fixer import FixVerificationError
    from mdsurvey.lint.config import load_config
    from mdsurvey.lint.engine import read_survey
    from mdsurvey.workflows.maintain import MaintainError, add_paper
    from mdsurvey.workflows.newpaper import NewPaper, PaperInputError, from_bibtex, from_json, split_authors
    from mdsurvey.workflows.rowgen import StyleError

    path = Path(args.file)
    data, survey = read_survey(path)
    config = load_config(path)
    try:
        if args.bibtex:
            paper = from_bibtex(_read_arg(args.bibtex), _input_name(args.bibtex))
        elif args.json:
            paper = from_json(_read_arg(args.json), _input_name(args.json))
        else:
            if not args.title:
                raise PaperInputError("give the paper with --title/--url/…, --bibtex FILE or --json FILE")
            paper = NewPaper(title=args.title)
        # flags refine what a BibTeX entry or JSON object gave
        for name in ("title", "url", "date", "venue", "cost", "code"):
            if getattr(args, name):
                setattr(paper, name, getattr(args, name))
        if args.authors:
            paper.authors = split_authors(args.authors)
        if args.area:
            paper.areas = args.area
        if args.tag:
            paper.tags = args.tag
        paper.complete()
        text = survey.dumps()
        new, line = add_paper(text, config, args.section, paper, new_tag=args.new_tag)
    except PaperInputError as e:
        _err(f"mdsurvey: error: {e.where or path}: {e}\n")
        return EXIT_USAGE
    except FixVerificationError as e:
        _err(f"mdsurvey: error: {path}: internal error: {e}; nothing was written\n")
        return EXIT_INTERNAL
    except (MaintainError, StyleError) as e:
        _err(f"mdsurvey: error: {path}: {e}\n")
        return EXIT_INTERNAL if str(e).startswith("internal error") else EXIT_USAGE
    _write_or_diff(path, text, new, data, args.dry_run)
    _err(f"{path}:{line}: added {paper.title!r} to section {args.section!r}\n")
    return EXIT_OK


def _shown_path(path: Path, readme: Path) -> str:
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


def _patch(name: str, before: str | None, after: str) -> str:
    """A unified diff `git apply` accepts: /dev/null for a new file, a marker for a missing last newline."""
    from mdsurvey.files.source import split_lines

    old = [str(x) for x in split_lines(before)] if before is not None else []
    new = [str(x) for x in split_lines(after)]
    out = []
    for line in difflib.unified_diff(
        old, new, f"a/{name}" if before is not None else "/dev/null", f"b/{name}", lineterm="\n"
    ):
        if line.startswith(("---", "+++", "@@")):
            out.append(line if line.endswith("\n") else line + "\n")
        elif line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _create(path: Path, text: str) -> None:
    """Write a file that must not exist yet: written beside it, then linked into place (never replaces)."""
    import os
    import tempfile

    from mdsurvey.files.write import WriteError

    umask = os.umask(0)
    os.umask(umask)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".mdsurvey-tmp", dir=path.parent)
    except OSError as e:
        raise WriteError(f"{path}: cannot write in {path.parent}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~umask)
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            # no hard links here: claim the name exclusively, then move the full text over it
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666 & ~umask))
            os.replace(tmp, path)
    except FileExistsError:
        raise WriteError(f"{path}: appeared on disk since rotate planned to create it; not written") from None
    except OSError as e:
        raise WriteError(f"{path}: not written: {e.strerror or e}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _input_name(value: str) -> str:
    return "<stdin>" if value == "-" else value


def cmd_rotate(args: argparse.Namespace) -> int:
    from mdsurvey.files.source import decode, read_bytes
    from mdsurvey.files.write import WriteError, atomic_write
    from mdsurvey.fix.fixer import FixVerificationError
    from mdsurvey.lint.config import load_config
    from mdsurvey.lint.engine import read_survey
    from mdsurvey.workflows.maintain import MaintainError, plan_rotate

    path = Path(args.file)
    data, survey = read_survey(path)
    config = load_config(path)
    today = args.today or dt.date.today()
    try:
        plan = plan_rotate(path, survey.dumps(), config, today)
    except MaintainError as e:
        _err(f"mdsurvey: error: {path}: {e}\n")
        return EXIT_INTERNAL if "internal error" in str(e) else EXIT_USAGE
    except (FixVerificationError, ValueError) as e:
        # ValueError: overlapping edits from apply_fixes, a bug like a failed verification
        _err(
            f"mdsurvey: internal error: {path}: rotate: {e}; nothing was written. "
            "This is a bug: please report it with the files.\n"
        )
        return EXIT_INTERNAL
    dry = args.dry_run
    for m in plan.moves:
        if m.already_there:
            done = "would remove" if dry else "removed"
            where = f"already in {m.target.name}; {done} the README row"
        else:
            where = ("would move to " if dry else "moved to ") + m.target.name
        _err(f"{path}:{m.row.line}: {m.row.paper.title!r} ({m.row.paper.date}) {where}\n")
    for p in plan.created:
        if p in plan.listed:
            what = "would add" if dry else "added"
            tail = f"{what} it to the README's contents at {path}:{plan.listed[p]}"
        else:
            tail = "link it from the README's contents"
        _err(f"{'would create' if dry else 'created'} {p.name}: {tail}\n")
    for row, why in plan.left:
        _err(f"{path}:{row.line}: not moved: {why}\n")
    for line_msg in plan.warnings:
        _err(f"{path}:{line_msg}\n")
    # pages first, the README last: a write that fails part-way leaves a paper twice, never nowhere
    order = [t for t in plan.texts if t != path] + [t for t in plan.texts if t == path]
    expected = {t: data if t == path else plan.before[t] for t in order}
    if not dry:
        for target in order:
            # every file as it was read, before the first write: a refusal then writes nothing at all
            now = read_bytes(target) if target.exists() else None
            if now != expected[target]:
                what = "appeared on disk" if expected[target] is None else "changed on disk"
                _err(f"mdsurvey: error: {target}: {what} since it was read; nothing written, run again\n")
                return EXIT_USAGE
    written: list[str] = []
    for target in order:
        new = plan.texts[target]
        expect = expected[target]
        if dry:
            before = None if expect is None else decode(expect, str(target))
            _out(_patch(_shown_path(target, path), before, new))
            continue
        try:
            if expect is None:
                _create(target, new)
            else:
                atomic_write(target, new, expect=expect)
        except WriteError as e:
            done = f"; already written: {', '.join(written)}; run rotate again" if written else ""
            _err(f"mdsurvey: error: {e}{done}\n")
            return EXIT_USAGE
        written.append(str(target))
    if not plan.moves:
        _err("nothing to rotate\n")
    return EXIT_FINDINGS if plan.left else EXIT_OK


def register(sub: Any) -> None:
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
    ck.set_defaults(func=cmd_check)

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
    fx.set_defaults(func=cmd_fix)

    ad = sub.add_parser("add", help="add a paper to a section, in the table's style, at its sorted place")
    ad.add_argument("file", nargs="?", default="README.md", help="survey file (default README.md)")
    ad.add_argument("--section", required=True, help="section title, or 'Heading/Section' when titles repeat")
    src = ad.add_mutually_exclusive_group()
    src.add_argument("--bibtex", metavar="PATH", help="take the paper from a BibTeX entry ('-' for stdin)")
    src.add_argument("--json", metavar="PATH", help="take the paper from a JSON object ('-' for stdin)")
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
    ad.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    ad.set_defaults(func=cmd_add)

    ro = sub.add_parser("rotate", help="move rows older than a 'Recent (Last N Months)' window to area pages")
    ro.add_argument("file", nargs="?", default="README.md", help="survey file (default README.md)")
    ro.add_argument("--today", type=_date, help="pin today's date (YYYY-MM-DD)")
    ro.add_argument("--dry-run", action="store_true", help="print the diffs, write nothing")
    ro.set_defaults(func=cmd_rotate)

    rl = sub.add_parser("rules", help="list every rule")
    rl.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rl.set_defaults(func=cmd_rules)

    r1 = sub.add_parser("rule", help="explain one rule: what, why, example, fix")
    r1.add_argument("code", help="a rule code like MS101, or its name")
    r1.set_defaults(func=cmd_rule)
