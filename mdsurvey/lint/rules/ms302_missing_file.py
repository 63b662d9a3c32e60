"""MS302 missing-file: a relative link points to a file that does not exist."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.registry import rule
from mdsurvey.lint.rules._shared.links import looks_like_host, relative_target
from mdsurvey.lint.rules._shared.markdown import plural


def missing_file(ctx: Context) -> Iterator[Finding]:
    """Finds relative links (no scheme, not starting with / or #) whose file is missing: one
    finding per missing file or missing folder, at its first link, counting the other links to
    it. A target that is a web address without https:// is MS304's."""
    base = Path(os.path.normpath(ctx.file.parent))
    first: dict[Path, tuple[int, int, str, bool]] = {}
    more: dict[Path, list[int]] = {}
    for i, col, target in ctx.facts.links:
        rel = relative_target(ctx, target)
        if rel is None or looks_like_host(target) or rel[0].exists():
            continue
        # a missing folder is one missing thing, however many files are linked inside it
        file = Path(os.path.normpath(rel[0]))
        key = _missing_root(base, file)
        if key in first:
            more[key].append(i + 1)
        else:
            first[key] = (i, col, target, key != file)
            more[key] = []
    for key, (i, col, target, is_folder) in first.items():
        others = more[key]
        also = ""
        if others:
            shown = ", ".join(str(n) for n in others[:5]) + (", …" if len(others) > 5 else "")
            s = "s" if len(others) > 1 else ""
            into = "into" if is_folder else "to"
            also = f" ({plural(len(others), 'more link')} {into} it: line{s} {shown})"
        path = target.split("#")[0]
        if is_folder:
            folder = os.path.relpath(key, base).replace(os.sep, "/")
            what = f"link to {path}: folder {folder}/ does not exist next to {ctx.file.name}"
        else:
            what = f"link to {path}: no such file next to {ctx.file.name}"
        yield ctx.finding("MS302", i + 1, col + 1, what + also, end_column=col + len(target) + 1)


RULE = rule(
    "MS302",
    "missing-file",
    "error",
    "A relative link points to a file that does not exist",
    why="Relative links to moved or renamed pages 404 on GitHub.",
    example="[Image LLM](image-llms.md)  (the file is image-llm.md)",
    check=missing_file,
)


def _missing_root(base: Path, target: Path) -> Path:
    """The first missing folder on the way from `base` to `target`, or `target` itself."""
    try:
        parts = target.relative_to(base).parts
    except ValueError:
        return target
    here = base
    for part in parts[:-1]:
        here = here / part
        if not here.exists():
            return here
    return target
