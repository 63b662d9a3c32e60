"""MS3xx: links and anchors: in-page fragments, relative files, fragments in other files."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote

from mdsurvey.lint.context import Context
from mdsurvey.lint.findings import Finding
from mdsurvey.lint.rules import rule
from mdsurvey.lint.rules.structure import _plural
from mdsurvey.syntax.inline import code_spans
from mdsurvey.syntax.slugs import Slugger, anchor_candidates

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
        spans = code_spans(t) if "`" in t else []
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
            from mdsurvey.files.source import InputError
            from mdsurvey.survey.parse import load

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


def _closest(fragment: str, anchors: set[str], text: str = "") -> str:
    """A "did you mean" hint, only when an anchor is close: one named by the link text
    (`[Year 2024](#human-year-2023)` -> #human-year-2024) or one spelled almost alike."""
    import difflib

    from mdsurvey.syntax.slugs import slug

    frag = unquote(fragment).lower().replace("\ufe0f", "")
    names = sorted(a for a in anchors if a)
    said = slug(text).strip("-") if text else ""
    if said:
        # the anchors the link text names; of those, the one spelled most like the fragment
        named = [a for a in names if a == said or a.endswith("-" + said)]
        if named:
            best = max(named, key=lambda a: difflib.SequenceMatcher(None, frag, a).ratio())
            return f"; did you mean #{best}?"
    close = difflib.get_close_matches(frag, names, n=1, cutoff=0.8)
    return f"; did you mean #{close[0]}?" if close else ""


def _link_text(line: str, col: int) -> str:
    """The text of the `[text](…)` whose destination starts at `col` ("" for an href)."""
    close = line.rfind("](", 0, col)
    if close < 0 or line[close + 2 : col].strip(" <"):
        return ""
    depth = 0
    for k in range(close - 1, -1, -1):
        if line[k] == "]":
            depth += 1
        elif line[k] == "[":
            if depth == 0:
                return line[k + 1 : close]
            depth -= 1
    return ""


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
                + _closest(target[1:], anchors.here, _link_text(ctx.texts[i], col)),
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
    """Finds relative links (no scheme, not starting with / or #) whose file is missing: one
    finding per missing file or missing folder, at its first link, counting the other links to
    it. A target that is a web address without https:// is MS304's."""
    base = Path(os.path.normpath(ctx.file.parent))
    first: dict[Path, tuple[int, int, str, bool]] = {}
    more: dict[Path, list[int]] = {}
    for i, col, target in _links(ctx):
        rel = _relative(ctx, target)
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
            also = f" ({_plural(len(others), 'more link')} {into} it: line{s} {shown})"
        path = target.split("#")[0]
        if is_folder:
            folder = os.path.relpath(key, base).replace(os.sep, "/")
            what = f"link to {path}: folder {folder}/ does not exist next to {ctx.file.name}"
        else:
            what = f"link to {path}: no such file next to {ctx.file.name}"
        yield ctx.finding("MS302", i + 1, col + 1, what + also, end_column=col + len(target) + 1)


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


# a first path segment that is a host name: `openreview.net/forum?id=…`, `www.example.org`
_HOSTLIKE = re.compile(
    r"\A(?:www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+|(?:[a-z0-9-]+\.)+(?:com|org|net|io|ai|edu|gov|dev|app|"
    r"me|cn|co|uk|de|jp|fr|ca|info|xyz|site|page|tech|science))(?::\d+)?(?:[/?#]|\Z)",
    re.IGNORECASE,
)


def looks_like_host(target: str) -> bool:
    """Whether a relative link target is really a web address missing its scheme."""
    return bool(_HOSTLIKE.match(target))


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


# any destination, absolute ones included (MS304 looks at the shape of web addresses)
_ANY_DEST = re.compile(r"\]\(\s*<?([^()\[\]\s>]+)")
_DOUBLED_SCHEME = re.compile(r"\Ahttps?:/*https?(?::/*|/+)", re.IGNORECASE)
_WELL_KNOWN_HOSTS = ("github.com", "arxiv.org", "huggingface.co", "openreview.net", "gitlab.com")
_REAL_LONGER_HOSTS = {"github.community"}
_HOST = re.compile(r"\Ahttps?://([^/?#]*)(/[^?#]*)?", re.IGNORECASE)


def malformed_url(target: str) -> str | None:
    """What is wrong with a link target's web address, or None when its shape is fine."""
    if _DOUBLED_SCHEME.match(target):
        return "the scheme is doubled: keep one https://"
    m = _HOST.match(target)
    if m:
        host = m.group(1).lower()
        path = m.group(2) or ""
        for known in _WELL_KNOWN_HOSTS:
            glued = host.startswith(known) and len(host) > len(known) and host[len(known)] not in ".:"
            if glued and host not in _REAL_LONGER_HOSTS:
                return f"the host {known} is glued to the path: insert / after {known}"
        if host in _WELL_KNOWN_HOSTS and re.search(r"/https?:/|/(?:www\.)?github\.com/", path, re.IGNORECASE):
            return "a URL inside a URL: keep only the inner address"
        return None
    if looks_like_host(target):
        return "missing https://: GitHub treats it as a file next to this page"
    return None


@rule(
    "MS304",
    "malformed-url",
    "error",
    "A link's web address is malformed: doubled scheme, URL in a URL, glued host, no scheme",
    why="`https://https://github.com/…`, `https://github.com/https://github.com/o/r`, "
    "`https://github.comowner/repo` lead nowhere, and `openreview.net/forum?id=…` without "
    "https:// is a relative link to a file that does not exist.",
    example="[Code](https://github.comowner/repo)   [Paper](openreview.net/forum?id=Ab12)",
)
def malformed_url_rule(ctx: Context) -> Iterator[Finding]:
    """Finds link destinations (Markdown links and href) whose web address has a doubled scheme,
    a repository URL inside a repository URL, a well-known host glued to its path, or no scheme
    at all while its first segment is a host name."""
    skip = ctx.code_lines
    for i, t in enumerate(ctx.texts):
        if i in skip or ("](" not in t and "href" not in t.lower()):
            continue
        spans = code_spans(t) if "`" in t else []
        found = [(m.start(1), m.group(1)) for m in _ANY_DEST.finditer(t)]
        for m in _HREF.finditer(t):
            g = 1 if m.group(1) is not None else 2
            found.append((m.start(g), m.group(g)))
        for col, target in sorted(found):
            if any(a <= col < b for a, b in spans):
                continue
            what = malformed_url(target)
            if what is not None:
                yield ctx.finding(
                    "MS304",
                    i + 1,
                    col + 1,
                    f"malformed link {target[:80]!r}: {what}",
                    end_column=col + len(target) + 1,
                )


# `[text]()` where the text may hold brackets: `[[pdf]]()`, `[[Paper]]()`
_EMPTY_DEST = re.compile(r"\]\(\s*\)")


def _opening_bracket(line: str, close: int) -> int | None:
    """Index of the `[` that the `]` at `close` closes, or None."""
    depth = 0
    for k in range(close - 1, -1, -1):
        if line[k] == "]":
            depth += 1
        elif line[k] == "[":
            if depth == 0:
                return k
            depth -= 1
    return None


@rule(
    "MS305",
    "empty-link-outside-rows",
    "warning",
    "A link points nowhere, `[[Paper]]()`, in a list, prose or with brackets in its text",
    why="An empty destination renders as a link that goes nowhere; MS211 reports plain "
    "`[GitHub]()` in paper rows, this rule the rest: list-style surveys and `[[pdf]]()`.",
    example="- Lantern Tokens [[Paper]]() [[Code]](https://github.com/lantern-lab/tokens)",
)
def empty_link_elsewhere(ctx: Context) -> Iterator[Finding]:
    """Finds text links with an empty destination outside paper table rows, and links whose
    text holds brackets (`[[pdf]]()`) anywhere. Badge images with empty links are the family's
    style and are not reported."""
    from mdsurvey.lint.rules.metadata import paper_tables

    rows = {r.line for t in paper_tables(ctx) for r in t.rows}
    skip = ctx.code_lines
    for i, t in enumerate(ctx.texts):
        if i in skip or ("]()" not in t and "]( " not in t):
            continue
        spans = code_spans(t) if "`" in t else []
        for m in _EMPTY_DEST.finditer(t):
            start = _opening_bracket(t, m.start())
            if start is None or any(a <= start < b for a, b in spans):
                continue
            text = t[start + 1 : m.start()]
            if text.lstrip().startswith("![") or (start > 0 and t[start - 1] == "!"):
                continue
            if i + 1 in rows and "[" not in text:
                continue  # MS211's
            yield ctx.finding(
                "MS305",
                i + 1,
                start + 1,
                f"link [{text}] has no URL: fill it in or remove the link",
                end_column=m.end() + 1,
            )
