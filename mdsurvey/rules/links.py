"""MS3xx: links and anchors: in-page fragments, relative files, fragments in other files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote

from ..findings import Finding
from ..slugs import Slugger, anchor_candidates
from . import rule
from .context import Context
from .structure import _code_spans

# a destination stops at brackets: each `](` then scans only up to the next one (linear time)
# absolute web links are not checked, so they are not captured either (most links in a survey)
_MD_LINK = re.compile(r"\]\(\s*<?(?!https?:)([^()\[\]\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_HTML_ID = re.compile(
    r"""<[a-z][^<>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE
)
_SCHEME = re.compile(r"\A[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_LINE_ANCHOR = re.compile(r"\AL\d+(?:-L\d+)?\Z")


def anchors_of(texts: list[str], headings: list[str], skip: set[int]) -> set[str]:
    """Every fragment a page answers to: heading slugs (both U+FE0F forms), HTML ids and names."""
    slugger = Slugger()
    out: set[str] = {"top", ""}
    for h in headings:
        out |= anchor_candidates(slugger.add(h))
    for i, t in enumerate(texts):
        if i in skip or "<" not in t:
            continue
        for m in _HTML_ID.finditer(t):
            out.add(next(g for g in m.groups() if g is not None))
    return out


def _links(ctx: Context) -> list[tuple[int, int, str]]:
    """(0-based line, 0-based column, target) of every link outside code; found once per file."""
    cached = ctx.cache.get("links")
    if not isinstance(cached, list):
        cached = ctx.cache["links"] = list(_scan_links(ctx))
    return cached


def _scan_links(ctx: Context) -> Iterator[tuple[int, int, str]]:
    skip = ctx.code_lines
    for i, t in enumerate(ctx.texts):
        if i in skip or ("](" not in t and "href" not in t.lower()):
            continue
        # a `[text](target)` inside a code span is shown as code, not a link
        spans = _code_spans(t) if "`" in t else []
        for m in _MD_LINK.finditer(t):
            if not any(a <= m.start() < b for a, b in spans):
                yield i, m.start(1), m.group(1)
        for m in _HREF.finditer(t):
            g = 1 if m.group(1) is not None else 2
            if not any(a <= m.start() < b for a, b in spans):
                yield i, m.start(g), m.group(g)


class _Anchors:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.files: dict[Path, set[str] | None] = {}

    @cached_property
    def here(self) -> set[str]:
        s = self.ctx.survey
        return anchors_of(self.ctx.texts, [h.text for h in s.headings], self.ctx.code_lines)

    def of_file(self, path: Path) -> set[str] | None:
        if path not in self.files:
            from .. import load
            from ..source import InputError

            try:
                other = load(path)
            except InputError:
                self.files[path] = None
            else:
                texts = [x.text for x in other.lines]
                self.files[path] = anchors_of(
                    texts, [h.text for h in other.headings], other.blocks.hidden_lines()
                )
        return self.files[path]


def _matches(fragment: str, anchors: set[str]) -> bool:
    frag = unquote(fragment)
    return frag in anchors or frag.lower() in anchors or bool(_LINE_ANCHOR.match(frag))


def _closest(fragment: str, anchors: set[str]) -> str:
    import difflib

    best = difflib.get_close_matches(
        unquote(fragment).lower(), sorted(a for a in anchors if a), n=1, cutoff=0.6
    )
    return f"; did you mean #{best[0]}?" if best else ""


@rule(
    "MS301",
    "broken-anchor",
    "error",
    "An in-page #fragment matches no heading or anchor",
    why="A contents entry or cross-reference whose fragment matches nothing silently goes nowhere on GitHub.",
    example="[Recent Papers](#recent-papers)  (the heading is 'Recent Papers (Last 6 Months)': "
    "#recent-papers-last-6-months)",
)
def broken_anchor(ctx: Context) -> Iterator[Finding]:
    """Finds `#fragment` links that match no heading slug (GitHub's rules: lowercase, punctuation
    and emoji removed, spaces to dashes, -1/-2 for repeats) and no `<a id/name>`."""
    anchors = _Anchors(ctx)
    for i, col, target in _links(ctx):
        if not target.startswith("#"):
            continue
        if not _matches(target[1:], anchors.here):
            yield ctx.finding(
                "MS301",
                i + 1,
                col + 1,
                f"link to {target} matches no heading or anchor in this file"
                + _closest(target[1:], anchors.here),
                end_column=col + len(target) + 1,
            )


def _relative(ctx: Context, target: str) -> tuple[Path, str] | None:
    if not target or target.startswith(("#", "/", "//")) or _SCHEME.match(target):
        return None
    path_part, _, fragment = target.partition("#")
    path_part = path_part.split("?", 1)[0]
    if not path_part:
        return None
    return (ctx.file.parent / unquote(path_part)), fragment


@rule(
    "MS302",
    "missing-file",
    "error",
    "A relative link points to a file that does not exist",
    why="Relative links to moved or renamed pages 404 on GitHub.",
    example="[Image LLM](image-llms.md)  (the file is image-llm.md)",
)
def missing_file(ctx: Context) -> Iterator[Finding]:
    """Finds relative links (no scheme, not starting with / or #) whose file is missing."""
    for i, col, target in _links(ctx):
        rel = _relative(ctx, target)
        if rel is None:
            continue
        if not rel[0].exists():
            yield ctx.finding(
                "MS302",
                i + 1,
                col + 1,
                f"link to {target.split('#')[0]}: no such file next to {ctx.file.name}",
                end_column=col + len(target) + 1,
            )


@rule(
    "MS303",
    "broken-file-anchor",
    "error",
    "A link's #fragment matches no heading in the linked file",
    why="`page.md#section` lands at the top of the page when the heading was renamed.",
    example="[2025 Image](image-llm.md#2025-images)  (the heading is '2025 Image')",
)
def broken_file_anchor(ctx: Context) -> Iterator[Finding]:
    """Finds `file.md#fragment` links to existing Markdown files without that heading or anchor."""
    anchors = _Anchors(ctx)
    for i, col, target in _links(ctx):
        rel = _relative(ctx, target)
        if (
            rel is None
            or not rel[1]
            or not rel[0].is_file()
            or rel[0].suffix.lower() not in (".md", ".markdown")
        ):
            continue
        found = anchors.of_file(rel[0])
        if found is not None and not _matches(rel[1], found):
            yield ctx.finding(
                "MS303",
                i + 1,
                col + 1,
                f"{rel[0].name} has no heading or anchor #{rel[1]}{_closest(rel[1], found)}",
                end_column=col + len(target) + 1,
            )
