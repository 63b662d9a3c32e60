"""Links and anchors of one file, for the MS3xx rules and MS405."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote

from mdsurvey.lint.context import Context
from mdsurvey.syntax.slugs import Slugger, anchor_candidates

HTML_ID = re.compile(r"""<[a-z][^<>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
SCHEME = re.compile(r"\A[a-z][a-z0-9+.-]*:", re.IGNORECASE)
LINE_ANCHOR = re.compile(r"\AL\d+(?:-L\d+)?\Z")


def anchors_of(texts: list[str], headings: list[str], skip: set[int]) -> set[str]:
    """Every fragment a page answers to: heading slugs (both U+FE0F forms), HTML ids and names."""
    slugger = Slugger()
    out: set[str] = {"top", ""}
    for h in headings:
        out |= anchor_candidates(slugger.add(h))
    for i, t in enumerate(texts):
        # an id or name needs both a tag and an `=`: most `<`s in a survey are `<br>`
        if i in skip or "<" not in t or "=" not in t:
            continue
        for m in HTML_ID.finditer(t):
            out.add(next(g for g in m.groups() if g is not None))
    return out


class Anchors:
    """The anchors of this file and of the files it links (each other file read once)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.files: dict[Path, set[str] | None] = {}

    @cached_property
    def here(self) -> set[str]:
        """The anchors GitHub makes in this file (headings, ids, names)."""
        s = self.ctx.survey
        return anchors_of(self.ctx.texts, [h.text for h in s.headings], self.ctx.code_lines)

    def of_file(self, path: Path) -> set[str] | None:
        """The anchors of another file, or None when it cannot be read."""
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


def anchor_matches(fragment: str, anchors: set[str]) -> bool:
    """Whether a link fragment names one of `anchors` (or a GitHub line anchor like #L10)."""
    frag = unquote(fragment)
    return frag in anchors or frag.lower() in anchors or bool(LINE_ANCHOR.match(frag))


def closest_anchor(fragment: str, anchors: set[str], text: str = "") -> str:
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


def relative_target(ctx: Context, target: str) -> tuple[Path, str] | None:
    """A relative link's file (next to the checked file) and fragment; None for other links."""
    if not target or target.startswith(("#", "/", "//")) or SCHEME.match(target):
        return None
    path_part, _, fragment = target.partition("#")
    path_part = path_part.split("?", 1)[0]
    if not path_part:
        return None
    return (ctx.file.parent / unquote(path_part)), fragment


# a first path segment that is a host name: `openreview.net/forum?id=…`, `www.example.org`
HOSTLIKE = re.compile(
    r"\A(?:www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+|(?:[a-z0-9-]+\.)+(?:com|org|net|io|ai|edu|gov|dev|app|"
    r"me|cn|co|uk|de|jp|fr|ca|info|xyz|site|page|tech|science))(?::\d+)?(?:[/?#]|\Z)",
    re.IGNORECASE,
)


def looks_like_host(target: str) -> bool:
    """Whether a relative link target is really a web address missing its scheme."""
    return bool(HOSTLIKE.match(target))
