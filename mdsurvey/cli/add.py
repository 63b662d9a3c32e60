"""`mdsurvey add`: add a paper to a section, in the table's style, at its sorted place."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from mdsurvey.cli.common import err, out, patch, read_stdin, shown_path
from mdsurvey.cli.exitcodes import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE


def _input_name(value: str) -> str:
    """How messages name a BibTeX, JSON or issue-form input: its path, or <stdin> for `-`."""
    return "<stdin>" if value == "-" else value


def _read_arg(value: str) -> str:
    """An input file, or `-` for standard input (bounded, UTF-8, no NUL, as `check -` reads it)."""
    from mdsurvey.files.source import decode, read_text

    return decode(read_stdin("<stdin>"), "<stdin>") if value == "-" else read_text(value)


def _input_keys(config: Any) -> dict[str, str]:
    """The config's `add-keys`, checked (a bad field is refused naming the config file)."""
    from mdsurvey.workflows.newpaper import key_map

    if not config.add_keys:
        return {}
    where = (
        f"{config.source}: [tool.mdsurvey]" if config.source.name == "pyproject.toml" else str(config.source)
    )
    return key_map(config.add_keys, where)


class FetchFailed(Exception):
    """An --arxiv or --doi look-up that gave no paper: the one line to print."""


def _fetched_paper(args: argparse.Namespace) -> Any:
    """The NewPaper the one --arxiv id or --doi gives, fetched now (the only network use of `add`)."""
    from mdsurvey.online import Online
    from mdsurvey.workflows.newpaper import PaperInputError, from_arxiv, from_doi

    flag, queries, service = (
        ("--arxiv", args.arxiv, "arXiv") if args.arxiv else ("--doi", args.doi, "doi.org")
    )
    if len(queries) > 1:
        # as with several BibTeX entries: flags like --title could not say which paper they refine
        raise PaperInputError(
            f"{len(queries)} {'ids' if args.arxiv else 'DOIs'} given; add one at a time", flag
        )
    online = Online(refresh=args.refresh)
    got = online.arxiv(queries)[0] if args.arxiv else online.doi(queries)[0]
    if got.state == "found" and got.record is not None:
        return from_arxiv(got.record) if args.arxiv else from_doi(got.record)  # type: ignore[arg-type]
    why = got.error or got.state
    if got.state == "unchecked" and (online.client.offline or not online.client.stats.responses):
        raise FetchFailed(f"could not reach {service}: {online.client.offline or why}")
    raise FetchFailed(f"{flag} {got.query}: {why}")


def _given_paper(args: argparse.Namespace, config: Any) -> Any:
    """The NewPaper that --bibtex, --json, --issue-form, --arxiv, --doi or --title gives, before
    the other flags."""
    from mdsurvey.workflows.newpaper import NewPaper, PaperInputError, from_bibtex, from_issue_form, from_json

    if args.arxiv or args.doi:
        return _fetched_paper(args)
    if args.bibtex:
        return from_bibtex(_read_arg(args.bibtex), _input_name(args.bibtex))
    if args.json:
        return from_json(_read_arg(args.json), _input_name(args.json), _input_keys(config))
    if args.issue_form:
        return from_issue_form(_read_arg(args.issue_form), _input_name(args.issue_form), _input_keys(config))
    if not args.title:
        raise PaperInputError(
            "give the paper with --title/--url/…, --bibtex FILE, --json FILE or --issue-form FILE"
        )
    return NewPaper(title=args.title)


def _paper(args: argparse.Namespace, config: Any) -> Any:
    """The NewPaper from the input or --title, refined by the other flags and completed."""
    from mdsurvey.workflows.newpaper import PaperInputError, split_authors

    paper = _given_paper(args, config)
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
    if args.section:
        paper.section = args.section
    paper.complete()
    if not paper.section:
        raise PaperInputError("give --section (or a section field in the JSON object or issue form)")
    return paper


def _write_or_diff(path: Path, text: str, data: bytes, plan: Any, dry_run: bool) -> None:
    """Write every file of the plan (pages first, each only if still as read), or with `dry_run`
    print one patch per file; PlanWriteError when a file changed on disk or a write failed."""
    from mdsurvey.files.source import decode
    from mdsurvey.workflows.commit import write_order, write_plan

    if dry_run:
        for target in write_order(path, plan.texts):
            if target == path:
                before: str | None = text
            else:
                raw = plan.before.get(target)
                before = decode(raw, str(target)) if raw is not None else None
            out(patch(shown_path(target, path), before, plan.texts[target]))
    else:
        write_plan(path, plan.texts, {**plan.before, path: data})


def run(args: argparse.Namespace) -> int:
    """Run `add`: exit 2 for a bad input or a refusal, 3 when the new row fails its verification."""
    from mdsurvey.fix.fixer import FixVerificationError
    from mdsurvey.lint.config import load_config
    from mdsurvey.lint.engine import read_survey
    from mdsurvey.workflows.commit import PlanWriteError
    from mdsurvey.workflows.maintain import MaintainError, plan_add
    from mdsurvey.workflows.newpaper import PaperInputError
    from mdsurvey.workflows.rowgen import StyleError

    path = Path(args.file)
    data, survey = read_survey(path)
    config = load_config(path)
    try:
        paper = _paper(args, config)
        text = survey.dumps()
        page = Path(args.page) if args.page else None
        plan = plan_add(
            path,
            text,
            config,
            paper.section,
            paper,
            page=page,
            new_tag=args.new_tag,
            survey=survey,
            strict=args.strict,
        )
    except PaperInputError as e:
        err(f"mdsurvey: error: {e.where or path}: {e}\n")
        return EXIT_USAGE
    except FetchFailed as e:
        err(f"mdsurvey: error: {e}\n")
        return EXIT_USAGE
    except FixVerificationError as e:
        err(f"mdsurvey: error: {path}: internal error: {e}; nothing was written\n")
        return EXIT_INTERNAL
    except (MaintainError, StyleError) as e:
        err(f"mdsurvey: error: {path}: {e}\n")
        return EXIT_INTERNAL if str(e).startswith("internal error") else EXIT_USAGE
    for warning in plan.warnings:
        err(f"{path}:{warning}\n")
    try:
        _write_or_diff(path, text, data, plan, args.dry_run)
    except PlanWriteError as e:
        err(f"mdsurvey: error: {e}\n")
        return EXIT_USAGE
    err(f"{path}:{plan.line}: added {paper.title!r} to section {paper.section!r}\n")
    for target, copy_line in plan.copies.items():
        err(f"{shown_path(target, path)}:{copy_line}: added its canonical copy\n")
    return EXIT_OK
