"""Multi-file surveys: the per-area pages a README links to, and which page a row belongs on.

The cokeshao layout: README sections "Image", "Video", … show recent papers;
`image-llm.md`, `video-llm.md`, … hold every paper in year sections ("2025
Image"). A row's page is found by, in order: the `[tool.mdsurvey] pages`
mapping (section title -> file), an area badge whose slug names a page
(`Image-LLM` -> `image-llm.md`), a page with year sections named after the
row's section ("2025 Image" for "Image").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from mdsurvey.files.source import InputError, decode, read_bytes
from mdsurvey.survey.legend import badge_role
from mdsurvey.survey.model import Row, Section, Survey
from mdsurvey.survey.parse import parse

_LINK = re.compile(r"\]\(\s*<?([^()\[\]\s>]+\.md)(?:#[^()\[\]\s>]*)?>?\s*\)", re.IGNORECASE)
GITHUB_FILE = re.compile(r"\Ahttps?://github\.com/[^/]+/[^/]+/(?:tree|blob)/[^/]+/(.+\.md)\Z", re.IGNORECASE)
YEAR_SECTION = re.compile(r"\A((?:19|20)\d{2})\s+(.+)\Z")


@dataclass
class Page:
    """An area page: its path, text as read, parse, topics and bytes on disk."""

    path: Path
    text: str
    survey: Survey
    # "Image" for a page of "2025 Image", "2024 Image" sections
    topics: set[str] = field(default_factory=set)
    # the bytes read from disk (None: a page not written yet); a write expects them unchanged
    data: bytes | None = None

    def year_section(self, year: str, topic: str | None = None) -> Section | None:
        """The page's "YEAR Topic" section for `year` (and `topic`, if given)."""
        for s in self.survey.sections:
            m = YEAR_SECTION.match(s.title)
            if m and m.group(1) == year and (topic is None or m.group(2).casefold() == topic.casefold()):
                return s
        return None


def slugify(name: str) -> str:
    """A name as a file stem: lower case, runs of other characters as one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def linked_pages(readme: Path, survey: Survey) -> list[Path]:
    """Markdown files next to the README that it links to (relative or github.com/…/tree/…)."""
    base = readme.parent
    found: list[Path] = []
    for line in survey.lines:
        if ".md" not in line.text:
            continue
        for m in _LINK.finditer(line.text):
            target = m.group(1)
            g = GITHUB_FILE.match(target)
            rel = g.group(1) if g else (None if re.match(r"\A[a-z]+:", target, re.IGNORECASE) else target)
            if rel is None:
                continue
            p = (base / unquote(rel)).resolve()
            if p.is_file() and p != readme.resolve() and p not in found:
                found.append(p)
    return found


def load_page(path: Path) -> Page:
    """One area page read from disk (an InputError when it cannot be read as Markdown)."""
    data = read_bytes(path)
    text = decode(data, str(path))
    s = parse(text)
    topics = {m.group(2) for m in (YEAR_SECTION.match(x.title) for x in s.sections) if m}
    return Page(path, text, s, topics, data)


def load_pages(readme: Path, survey: Survey) -> list[Page]:
    """The readable area pages the README links to."""
    pages = []
    for p in linked_pages(readme, survey):
        try:
            pages.append(load_page(p))
        except InputError:
            continue
    return pages


def area_slugs(row: Row) -> list[str]:
    """The slugs of the row's area badges (`Image-LLM` -> `image-llm`)."""
    return [slugify(b.message) for b in row.paper.badges if badge_role(b) == "area" and b.message]


def page_for(
    row: Row, section: Section, pages: list[Page], mapping: dict[str, str], base: Path
) -> tuple[Path, Page | None] | None:
    """The page a row belongs on: (path, loaded page or None when the file does not exist yet)."""
    if section.title in mapping:
        target = (base / mapping[section.title]).resolve()
        return target, next((p for p in pages if p.path == target), None)
    by_stem = {p.path.stem.lower(): p for p in pages}
    for s in area_slugs(row):
        if s in by_stem:
            return by_stem[s].path, by_stem[s]
    for p in pages:
        if any(t.casefold() == section.title.casefold() for t in p.topics):
            return p.path, p
    # pages named after area badges (image-llm.md for Image-LLM): a new area gets a new page
    named = [p for p in pages if any(p.path.stem.lower() in area_slugs(r) for r in p.survey.rows)]
    slugs = area_slugs(row)
    if named and slugs:
        return (base / f"{slugs[0]}.md").resolve(), None
    return None
