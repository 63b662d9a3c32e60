"""Running the rules on files: selection, suppression, ordering of findings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from mdsurvey.files.source import InputError, read_bytes
from mdsurvey.lint.config import Config, load_config
from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.reading import read_survey
from mdsurvey.lint.rules import UnknownCodeError, all_rules, selected
from mdsurvey.lint.suppress import read_suppressions
from mdsurvey.survey.model import Survey


@dataclass
class Options:
    """How to run a check: rule selection and today's date; a fixed config for tests."""

    select: list[str] | None = None  # command line: overrides the config
    ignore: list[str] | None = None
    today: dt.date | None = None
    config: Config | None = None  # fixed config (tests); else read per file


@dataclass
class Checked:
    """One checked file: its bytes, parse, findings and the config it was checked with."""

    path: str
    survey: Survey
    data: bytes
    findings: list[Finding] = field(default_factory=list)
    config: Config = field(default_factory=Config)


def codes_for(config: Config, opts: Options) -> list[str]:
    """The rules to run: the command line's select/ignore, else the config's."""
    select = opts.select if opts.select is not None else config.select
    ignore = opts.ignore if opts.ignore is not None else config.ignore
    try:
        return selected([r.code for r in all_rules()], select, ignore)
    except UnknownCodeError as e:
        # the CLI rejects unknown flags while parsing and config.py rejects the file's: name the source
        origin = "options" if opts.select is not None or opts.ignore is not None else str(config.source)
        raise InputError(f"{origin}: {e}") from None


def check_survey(
    survey: Survey, path: str, config: Config, opts: Options, size: int | None = None
) -> list[Finding]:
    """The selected rules' findings on one parsed file, less suppressed ones, in file order."""
    rules = all_rules()
    ctx = Context(survey, path, config, opts.today, size, {r.code: r.severity for r in rules})
    codes = set(codes_for(config, opts))
    # directives are HTML comments, so only code (not comment blocks) is skipped
    sup = read_suppressions(ctx.texts, ctx.verbatim_lines)
    out: list[Finding] = []
    for r in rules:
        if r.code not in codes:
            continue
        for f in r.check(ctx):
            if not sup.covers(f.line, f.code):
                out.append(f)
    out.sort(key=Finding.sort_key)
    return out


def check_file(path: Path, opts: Options) -> Checked:
    """Read, parse and check one file with the configuration that applies to it."""
    data, survey = read_survey(path)
    config = opts.config if opts.config is not None else load_config(path)
    found = check_survey(survey, str(path), config, opts, len(data))
    return Checked(str(path), survey, data, found, config)


DEFAULT_FILE = "README.md"

# the README's findings that concern one of its pages: the rules that compare README and pages
SURVEY_CODES = frozenset({"MS405", "MS406"})


def _display(path: Path) -> Path:
    """The path relative to the working directory when it lies below it (as pre-commit names files)."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


# the target of a Markdown link, loosely: every page link `linked_pages` finds is inside one
_LINK_TARGET = re.compile(r"\]\(\s*<?([^()\[\]\s>]+)")


def _may_link(text: str, page: Path) -> bool:
    """Whether `text` has a link whose target (%-escapes decoded, case aside) names `page`'s
    file: a link resolves to a page only through its file name, so a README without one links
    no such page. (A symlink of another name is the one way around this; a README linking a
    page only so is not read for it.)"""
    name = page.name.casefold()
    return any(name in unquote(m.group(1)).casefold() for m in _LINK_TARGET.finditer(text))


def _linked(readme: Path, page: Path) -> set[Path]:
    """The pages `readme` links, parsing it only when it may link `page` at all."""
    from mdsurvey.analysis.pages import linked_pages

    try:
        if not _may_link(read_bytes(readme).decode("utf-8", "replace"), page):
            return set()
        return set(linked_pages(readme, read_survey(readme)[1]))
    except (InputError, OSError, RuntimeError):
        return set()  # not a file the user named: its errors are not ours


def survey_readmes(paths: list[Path]) -> dict[Path, list[Path]]:
    """For the given files, each README.md (in a file's folder or a parent, up to the git root)
    that links one of them as an area page, with the pages it links; READMEs among the paths
    themselves are left out, as they are checked whole anyway."""
    resolved: dict[Path, Path] = {}
    for p in paths:
        try:
            if p.is_file():
                resolved[p] = p.resolve()
        except (OSError, RuntimeError):
            continue  # a symlink loop or the like: check_file reports it, in one line
    given = set(resolved.values())
    links: dict[Path, set[Path]] = {}  # README (resolved) -> the pages it links, each read once
    out: dict[Path, list[Path]] = {}
    for path, page in resolved.items():
        for folder in page.parents:
            readme = folder / DEFAULT_FILE
            if readme != page and readme.is_file():
                if readme not in links:
                    links[readme] = _linked(readme, page)
                if page in links[readme]:
                    if readme not in given:
                        out.setdefault(_display(readme), []).append(path)
                    break
            # a survey does not reach beyond its repository
            if (folder / ".git").exists():
                break
    return out


def check_readme_for(readme: Path, pages: list[Path], opts: Options) -> Checked:
    """The README checked whole, keeping only its MS405/MS406 findings that name one of the pages."""
    checked = check_file(readme, opts)
    names = [re.compile(rf"(?<![\w.-]){re.escape(p.name)}(?![\w-])") for p in pages]
    checked.findings = [
        f for f in checked.findings if f.code in SURVEY_CODES and any(n.search(f.message) for n in names)
    ]
    return checked


# folders of other people's Markdown that a directory search never enters (ruff skips the same)
SKIPPED_DIRS = frozenset({"node_modules", "site-packages", "venv", "__pycache__", "build", "dist"})


def _skipped(dirs: tuple[str, ...], root: Path) -> bool:
    """A file under a hidden folder, a vendored one (SKIPPED_DIRS) or a virtualenv (pyvenv.cfg)."""
    here = root
    for part in dirs:
        here = here / part
        if part.startswith(".") or part in SKIPPED_DIRS or (here / "pyvenv.cfg").is_file():
            return True
    return False


def expand(paths: list[str]) -> list[Path]:
    """Files to check: files as given, directories searched for *.md (sorted; hidden,
    vendored and virtualenv folders skipped).

    No paths means the default README.md, which is never searched as a directory: a
    folder of that name is an InputError, as is a named directory without *.md files.
    """
    if not paths:
        default = Path(DEFAULT_FILE)
        if default.is_dir():
            raise InputError(
                f"{DEFAULT_FILE}: is a directory, not a file; "
                "name it on the command line to search it for *.md files"
            )
        return [default]
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(
                f
                for f in path.rglob("*.md")
                if f.is_file() and not _skipped(f.relative_to(path).parts[:-1], path)
            )
            if not found:
                raise InputError(f"{p}: no Markdown files (*.md) in this directory")
            out.extend(found)
        else:
            out.append(path)
    return out


__all__ = [
    "Checked",
    "Options",
    "check_file",
    "check_readme_for",
    "check_survey",
    "codes_for",
    "expand",
    "read_survey",
    "survey_readmes",
]
