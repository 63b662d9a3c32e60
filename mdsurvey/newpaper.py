"""A paper to add, from command-line flags, a pasted JSON object or a BibTeX entry."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .paper import ARXIV_URL, arxiv_month

VENUES = (
    "CVPR",
    "ICCV",
    "ECCV",
    "NeurIPS",
    "NIPS",
    "ICLR",
    "ICML",
    "AAAI",
    "IJCAI",
    "ACL",
    "EMNLP",
    "NAACL",
    "COLING",
    "KDD",
    "WWW",
    "SIGGRAPH",
    "MICCAI",
    "WACV",
    "BMVC",
    "ACM MM",
    "MM",
    "TPAMI",
    "IJCV",
    "TMLR",
    "JMLR",
    "TIP",
    "TCSVT",
    "TOG",
    "3DV",
    "CoRL",
    "RSS",
    "ICRA",
    "IROS",
    "UAI",
    "AISTATS",
    "COLM",
)


class PaperInputError(Exception):
    """The paper given to `add` is incomplete or unreadable; the message says what to pass."""


@dataclass
class NewPaper:
    title: str
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None  # YYYY-MM
    venue: str | None = None  # "CVPR 2026"
    arxiv_id: str | None = None
    areas: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    cost: str | None = None
    code: str | None = None

    def complete(self) -> NewPaper:
        """Derive what follows from what was given: arXiv id from the URL, date from the id."""
        if not self.title.strip():
            raise PaperInputError("the paper needs a title (--title)")
        if self.arxiv_id is None and self.url:
            m = ARXIV_URL.search(self.url)
            if m:
                self.arxiv_id = m.group(1)
        if self.arxiv_id and (self.url is None or "arxiv.org" in self.url):
            self.url = f"https://arxiv.org/abs/{self.arxiv_id}"
        if self.date is None and self.arxiv_id:
            self.date = arxiv_month(self.arxiv_id)
        if self.date is not None and not re.fullmatch(r"(?:19|20)\d{2}(?:-(?:0[1-9]|1[0-2]))?", self.date):
            raise PaperInputError(f"date {self.date!r} is not YYYY-MM")
        if self.date is None and self.venue:
            m = re.search(r"(?:19|20)\d{2}", self.venue)
            self.date = m.group() if m else None
        if self.code:
            self.code = self.code.rstrip("/").removesuffix(".git")
        return self


def split_authors(value: str | list[Any] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(a).strip() for a in value if str(a).strip()]
    parts = re.split(r"\s+and\s+|\s*[,;]\s*", value.strip())
    return [p.strip() for p in parts if p.strip()]


def _first(d: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        for dk, v in d.items():
            if dk.lower() == k and v not in (None, "", []):
                return v
    return None


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in re.split(r"\s*[,;]\s*", str(value)) if v.strip()]


def from_json(text: str) -> NewPaper:
    """A JSON object like contributors paste into issues: title, url, venue, category, code."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise PaperInputError(f"not valid JSON: {e}") from None
    if not isinstance(data, dict):
        raise PaperInputError("expected one JSON object with at least a title")
    title = _first(data, "title", "name", "paper")
    if not isinstance(title, str):
        raise PaperInputError("the JSON object has no title")
    url = _first(data, "url", "link", "arxiv", "paper_url", "pdf")
    return NewPaper(
        title=title.strip(),
        url=str(url) if url else None,
        authors=split_authors(_first(data, "authors", "author")),
        date=_first(data, "date"),
        venue=_first(data, "venue", "conference", "journal", "publication"),
        areas=_list(_first(data, "area", "areas", "domain")),
        tags=_list(_first(data, "category", "categories", "tags", "tag", "type")),
        cost=_first(data, "cost", "training"),
        code=_first(data, "code", "github", "repo", "repository"),
    ).complete()


def _venue_from(text: str, year: str | None) -> str:
    for v in VENUES:
        if re.search(rf"(?<![A-Za-z]){re.escape(v)}(?![A-Za-z])", text):
            return f"{v} {year}" if year else v
    return f"{text} {year}".strip() if year and year not in text else text


def from_bibtex(text: str) -> NewPaper:
    """The first entry of a BibTeX file, LaTeX accents decoded."""
    import bibtexparser
    from bibtexparser.bparser import BibTexParser
    from bibtexparser.customization import convert_to_unicode

    parser = BibTexParser(common_strings=True)
    parser.customization = convert_to_unicode
    try:
        db = bibtexparser.loads(text, parser=parser)
    except Exception as err:  # bibtexparser raises several unrelated types on bad input
        raise PaperInputError(f"cannot parse BibTeX: {err}") from None
    if not db.entries:
        raise PaperInputError("no BibTeX entry found")
    e = db.entries[0]

    def clean(s: str) -> str:
        return re.sub(r"\s+", " ", s.replace("{", "").replace("}", "")).strip()

    title = clean(e.get("title", ""))
    authors = []
    for a in re.split(r"\s+and\s+", e.get("author", "")):
        a = clean(a)
        if "," in a:
            last, first = a.split(",", 1)
            a = f"{first.strip()} {last.strip()}"
        if a:
            authors.append(a)
    year = e.get("year")
    venue_text = clean(e.get("booktitle") or e.get("journal") or "")
    venue = None
    if venue_text and "arxiv" not in venue_text.lower():
        venue = _venue_from(venue_text, year)
    arxiv_id = None
    if e.get("archiveprefix", "").lower() == "arxiv" and e.get("eprint"):
        arxiv_id = clean(e["eprint"]).split("v")[0]
    m = ARXIV_URL.search(venue_text + " " + e.get("url", ""))
    if arxiv_id is None and m:
        arxiv_id = m.group(1)
    url = e.get("url")
    code = e.get("code") or e.get("github")
    if url and "github.com" in url:
        code, url = code or url, None
    return NewPaper(
        title=title, url=url, authors=authors, venue=venue, arxiv_id=arxiv_id, code=code
    ).complete()
