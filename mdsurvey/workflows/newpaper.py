"""A paper to add, from command-line flags, a pasted JSON object, a GitHub issue-form body or a
BibTeX entry; a survey's own input names map to fields through the config's `add-keys`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mdsurvey.survey.paper import ARXIV_URL, arxiv_month
from mdsurvey.survey.venues import VENUES
from mdsurvey.syntax import latex as _latex
from mdsurvey.syntax.latex import fold

if TYPE_CHECKING:
    from mdsurvey.online.arxiv import ArxivRecord
    from mdsurvey.online.doi import DoiRecord


class PaperInputError(Exception):
    """The paper given to `add` is incomplete or unreadable; the message says what to pass.

    `where` names the input it is about (a JSON or BibTeX file) when that is not the survey.
    """

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.where = where





def _fold_list(values: list[str]) -> list[str]:
    return [f for f in (fold(v) for v in values) if f]


@dataclass
class NewPaper:
    """The fields of one paper to add; `complete()` folds and derives the rest."""

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
    section: str | None = None  # where the input says the paper goes; --section overrides it

    def complete(self) -> NewPaper:
        """Fold whitespace in every field, then derive what follows: arXiv id from the URL, date
        from the id."""
        self.title = fold(self.title)
        for name in ("url", "date", "venue", "arxiv_id", "cost", "code"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, fold(value) or None)
        self.authors = _fold_list(self.authors)
        self.areas = _fold_list(self.areas)
        self.tags = _fold_list(self.tags)
        if not self.title:
            raise PaperInputError("the paper needs a title (--title)")
        if self.url:
            m = _ARXIV_LINK.search(self.url)
            if m:
                # the whole token after abs/: ARXIV_URL alone would read 2611.000123 as 2611.00012
                token = re.sub(r"(?:v\d+)?(?:\.pdf)?/?\Z", "", m.group(1), flags=re.IGNORECASE)
                _check_arxiv_id(token)
                if self.arxiv_id is None:
                    self.arxiv_id = token
        if self.arxiv_id is not None:
            self.arxiv_id = re.sub(r"v\d+\Z", "", self.arxiv_id)
            _check_arxiv_id(self.arxiv_id)
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


_ARXIV_LINK = re.compile(r"arxiv\.org/(?:abs|pdf|html)/([^\s?#]+)", re.IGNORECASE)
_NEW_STYLE_ID = re.compile(r"\A(\d{2})(\d{2})\.(\d+)\Z")
_OLD_STYLE_ID = re.compile(r"\A[a-z-]+(?:\.[A-Z]{2})?/\d{2}(\d{2})\d{3}\Z")


def _check_arxiv_id(arxiv_id: str) -> None:
    """Refuses what is not an arXiv id: YYMM.NNNNN (4 digits before 2015), or old-style cs/YYMMNNN."""
    old = _OLD_STYLE_ID.match(arxiv_id)
    if old:
        if not 1 <= int(old.group(1)) <= 12:
            raise PaperInputError(f"arXiv id {arxiv_id!r}: month {old.group(1)} is not 01-12")
        return
    m = _NEW_STYLE_ID.match(arxiv_id)
    if not m:
        raise PaperInputError(f"{arxiv_id!r} is not an arXiv id (YYMM.NNNNN, or old-style like cs/0112017)")
    yymm, digits = int(m.group(1) + m.group(2)), len(m.group(3))
    if not 1 <= int(m.group(2)) <= 12:
        raise PaperInputError(f"arXiv id {arxiv_id!r}: month {m.group(2)} is not 01-12")
    if yymm < 704:
        raise PaperInputError(f"arXiv id {arxiv_id!r}: ids of this form start in April 2007 (0704)")
    if yymm >= 1501 and digits != 5:
        raise PaperInputError(f"arXiv id {arxiv_id!r}: arXiv ids since 2015 have 5 digits after the dot")
    if yymm < 1501 and digits != 4:
        raise PaperInputError(f"arXiv id {arxiv_id!r}: arXiv ids before 2015 have 4 digits after the dot")


def split_authors(value: str | list[str] | None) -> list[str]:
    """Author names from a list, or from one string separated by `and`, commas or semicolons."""
    if value is None:
        return []
    if isinstance(value, list):
        return [a.strip() for a in value if a.strip()]
    parts = re.split(r"\s+and\s+|\s*[,;]\s*", value.strip())
    return [p.strip() for p in parts if p.strip()]


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"


class _Fields:
    """The input's fields, looked up by any of their accepted names (or the config's mapping),
    type-checked; `noun` names an input key in messages ("JSON key", "issue-form field")."""

    def __init__(
        self,
        data: dict[str, Any],
        where: str,
        aliases: dict[str, tuple[str, ...]],
        mapping: dict[str, str] | None = None,
        noun: str = "JSON key",
        norm: Callable[[str], str] = str.lower,
    ) -> None:
        self.data = data
        self.where = where
        self.aliases = aliases  # field -> its accepted names, normalized, in lookup order
        self.mapping = mapping or {}  # normalized input key -> field ("" drops the key)
        self.noun = noun
        self.norm = norm
        self.known: list[str] = []  # every name asked for
        self.used: set[str] = set()  # the keys whose values were taken

    def _first(self, name: str) -> tuple[str, Any] | None:
        keys = self.aliases[name]
        self.known.extend(keys)
        mapped = [dk for dk in self.data if self.mapping.get(self.norm(dk)) == name]
        # a mapped key means what the mapping says, even when it is also a default name
        named = [dk for k in keys for dk in self.data if self.norm(dk) == k not in self.mapping]
        for dk in mapped + named:
            v = self.data[dk]
            if v not in (None, "", []):
                self.used.add(dk)
                return dk, v
        return None

    def refuse_unused(self) -> None:
        """Refuses keys whose values would be dropped: unknown names, or a second name for a field."""
        known = set(self.known) | set(self.mapping)
        unused = [
            k
            for k in self.data
            if k not in self.used
            and self.mapping.get(self.norm(k)) != ""
            and (self.norm(k) not in known or self.data[k] not in (None, "", []))
        ]
        if unused:
            names = ", ".join(repr(k) for k in unused)
            raise PaperInputError(
                f"{self.noun}{'s' if len(unused) > 1 else ''} {names} not used (unknown, or a second name "
                f"for a field already given); known keys: {', '.join(self.known)}",
                self.where,
            )

    def _refuse(self, key: str, want: str, value: object) -> PaperInputError:
        return PaperInputError(f"field {key!r} must be {want}, not {_json_kind(value)}", self.where)

    def text(self, name: str) -> str | None:
        """A string field (None when absent or empty)."""
        found = self._first(name)
        if found is None:
            return None
        key, value = found
        if not isinstance(value, str):
            raise self._refuse(key, "a string", value)
        return value

    def strings(self, name: str) -> str | list[str] | None:
        """A field that is a string or a list of strings."""
        found = self._first(name)
        if found is None:
            return None
        key, value = found
        if isinstance(value, str):
            return value
        want = "a string or a list of strings"
        if isinstance(value, list):
            if all(isinstance(v, str) for v in value):
                return list(value)
            bad = next(v for v in value if not isinstance(v, str))
            raise PaperInputError(f"field {key!r} must be {want}; it lists {_json_kind(bad)}", self.where)
        raise self._refuse(key, want, value)


def _list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [v.strip() for v in value if v.strip()]
    return [v.strip() for v in re.split(r"\s*[,;]\s*", value) if v.strip()]


# the names a JSON object may give each field, in lookup order ("known keys" in messages)
JSON_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "name", "paper"),
    "url": ("url", "link", "arxiv", "paper_url", "pdf"),
    "authors": ("authors", "author"),
    "date": ("date",),
    "venue": ("venue", "conference", "journal", "publication"),
    "areas": ("area", "areas", "domain"),
    "tags": ("category", "categories", "tags", "tag", "type"),
    "cost": ("cost", "training"),
    "code": ("code", "github", "repo", "repository"),
    "section": ("section",),
}

# an issue form's labels are written for people: the JSON names plus the usual wordings
FORM_LABELS: dict[str, tuple[str, ...]] = {
    "title": JSON_KEYS["title"] + ("paper title", "paper name", "title of the paper"),
    "url": JSON_KEYS["url"]
    + ("paper link", "paper url", "arxiv id", "arxiv link", "arxiv url", "arxiv id or link", "pdf link"),
    "authors": JSON_KEYS["authors"] + ("author list", "author(s)", "paper authors"),
    "date": JSON_KEYS["date"] + ("publication date", "published", "month"),
    "venue": JSON_KEYS["venue"]
    + ("conference/journal", "venue/conference", "published in", "publication venue"),
    "areas": JSON_KEYS["areas"],
    "tags": JSON_KEYS["tags"] + ("keywords", "keyword"),
    "cost": JSON_KEYS["cost"],
    "code": JSON_KEYS["code"]
    + ("code link", "code url", "github link", "github repo", "github repository", "code repository"),
    "section": JSON_KEYS["section"],
}


def key_map(raw: dict[str, str], where: str) -> dict[str, str]:
    """The config's `add-keys` (input key -> field, "" to drop the key) checked: each key
    normalized, each field one of NewPaper's (or a name JSON accepts for it)."""
    field_of = {name: f for f, names in JSON_KEYS.items() for name in names} | {f: f for f in JSON_KEYS}
    out: dict[str, str] = {}
    for key, target in raw.items():
        want = target.strip().lower()
        if want and want not in field_of:
            raise PaperInputError(
                f"add-keys: {key!r} maps to {target!r}, which is not a field "
                f'(fields: {", ".join(JSON_KEYS)}; "" drops the key)',
                where,
            )
        out[_label_key(key)] = field_of[want] if want else ""
    return out


def _label_key(label: str) -> str:
    """A key or label as it is compared: case-folded, whitespace folded, no trailing colon."""
    return fold(label).rstrip(":").rstrip().casefold()


def _paper_from(f: _Fields, what: str) -> NewPaper:
    """The NewPaper the looked-up fields give (unused keys refused, then completed)."""
    title = f.text("title")
    url = f.text("url")
    arxiv_id = None
    bare = _BARE_ARXIV.match(url.strip()) if url else None
    if bare:  # an "arxiv" key or "arXiv ID" label holds the id, not a link: never write it as one
        arxiv_id, url = bare.group(1), None
    paper = NewPaper(
        title=title or "",
        url=url,
        authors=split_authors(f.strings("authors")),
        date=f.text("date"),
        venue=f.text("venue"),
        arxiv_id=arxiv_id,
        areas=_list(f.strings("areas")),
        tags=_list(f.strings("tags")),
        cost=f.text("cost"),
        code=f.text("code"),
        section=f.text("section"),
    )
    # unused keys first: a template's own name for the title is then named, not "no title"
    f.refuse_unused()
    if not fold(paper.title):
        raise PaperInputError(f"the {what} has no title", f.where)
    try:
        return paper.complete()
    except PaperInputError as err:
        raise PaperInputError(str(err), err.where or f.where) from None


_BARE_ARXIV = re.compile(r"\A(?:arxiv:\s*)?(\d{4}\.\d{4,5}(?:v\d+)?)\Z", re.IGNORECASE)


def from_json(text: str, where: str = "--json", keys: dict[str, str] | None = None) -> NewPaper:
    """A JSON object like contributors paste into issues: title, url, venue, category, code.

    Every field is type-checked (a number, array or object where text belongs is refused,
    naming the field); `keys` (from `key_map`) maps a survey's own key names to fields;
    `where` names the input in messages.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise PaperInputError(f"line {e.lineno} column {e.colno}: not valid JSON: {e.msg}", where) from None
    except (ValueError, RecursionError) as e:  # a 5000-digit number, arrays nested 10^5 deep
        raise PaperInputError(f"not valid JSON: {fold(str(e))[:200]}", where) from None
    if not isinstance(data, dict):
        kind = _json_kind(data)
        raise PaperInputError(f"expected one JSON object with at least a title, not {kind}", where)
    mapping = {k.lower(): v for k, v in (keys or {}).items()}
    return _paper_from(_Fields(data, where, JSON_KEYS, mapping), "JSON object")


_FORM_HEADING = re.compile(r"\A###[ \t]+(.*?)[ \t]*\Z")
_FENCE = re.compile(r"\A[ \t]{0,3}(`{3,}|~{3,})")
_CHECKBOX = re.compile(r"\A[-*][ \t]+\[([ xX])\][ \t]+(.*)\Z")
NO_RESPONSE = "_No response_"  # what GitHub writes for an optional field left empty


def issue_form_fields(text: str, where: str = "--issue-form") -> list[tuple[str, str | list[str], int]]:
    """The (label, value, line) of each `### Label` block of a GitHub issue-form body, in order.

    "_No response_" is an empty value; a checkbox list gives the ticked options; a value that is
    one fenced block (a form's `render:` field) is the block's text.
    """
    blocks: list[tuple[str, list[str], int]] = []
    fence: str | None = None
    for n, line in enumerate(text.splitlines(), 1):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
        elif opening:
            fence = opening.group(1)
        else:
            heading = _FORM_HEADING.match(line)
            if heading:
                blocks.append((heading.group(1), [], n))
                continue
        if blocks:
            blocks[-1][1].append(line)
        elif line.strip():
            raise PaperInputError(
                f"line {n}: text before the first '### Label' heading; an issue form's body starts with one",
                where,
            )
    if not blocks:
        raise PaperInputError("no '### Label' headings: not a GitHub issue-form body", where)
    return [(label, _form_value(lines), n) for label, lines, n in blocks]


def _form_value(lines: list[str]) -> str | list[str]:
    """One block's value: stripped, "_No response_" as empty, ticked checkboxes as a list."""
    body = "\n".join(lines).strip()
    if body == NO_RESPONSE:
        return ""
    rows = [x.strip() for x in body.splitlines() if x.strip()]
    boxes = [_CHECKBOX.match(x) for x in rows]
    if rows and all(boxes):
        return [m.group(2) for m in boxes if m and m.group(1) != " "]
    fenced = re.fullmatch(r"(`{3,}|~{3,})[^\n]*\n(.*?)\n?\1", body, re.DOTALL)
    return fenced.group(2).strip() if fenced else body


_LIST_FIELDS = ("authors", "areas", "tags")


def from_issue_form(text: str, where: str = "--issue-form", keys: dict[str, str] | None = None) -> NewPaper:
    """The paper a GitHub issue-form body describes (`### Title`, then its value, and so on).

    Labels match fields case-insensitively, with the usual wordings (Paper title, arXiv ID,
    Code/GitHub, Conference, Keywords, ...); `keys` (from `key_map`) maps a survey's own labels;
    a label neither knows is refused by name, as is a label given twice.
    """
    data: dict[str, Any] = {}
    seen: dict[str, int] = {}
    for label, value, line in issue_form_fields(text, where):
        key = _label_key(label)
        if key in seen:
            first = seen[key]
            raise PaperInputError(
                f"line {line}: the label {label!r} is given twice (first at line {first})", where
            )
        seen[key] = line
        if isinstance(value, str) and "\n" in value and _label_field(key, keys) in _LIST_FIELDS:
            # one name or tag per line, as a form's textarea invites
            value = [x.strip().lstrip("-*").strip() for x in value.splitlines() if x.strip()]
        data[label] = value
    fields = _Fields(data, where, FORM_LABELS, keys, noun="issue-form field", norm=_label_key)
    return _paper_from(fields, "issue form")


def _label_field(key: str, keys: dict[str, str] | None) -> str | None:
    """The field a normalized label names: the config's mapping first, then the usual wordings."""
    if keys and key in keys:
        return keys[key]
    return next((f for f, names in FORM_LABELS.items() if key in names), None)


def _venue_from(text: str, year: str | None) -> str:
    for v in VENUES:
        if re.search(rf"(?<![A-Za-z]){re.escape(v)}(?![A-Za-z])", text):
            return f"{v} {year}" if year else v
    return f"{text} {year}".strip() if year and year not in text else text


def latex_text(value: str) -> str:
    """A BibTeX field's text as a reader sees it (syntax.latex.latex_text); bad LaTeX: PaperInputError."""
    try:
        return _latex.latex_text(value)
    except _latex.LatexError as err:
        raise PaperInputError(str(err)) from None


def _url_value(value: str) -> str:
    """A URL field: braces and LaTeX escapes of `_ % & #` removed, nothing else decoded."""
    return fold(re.sub(r"\\([_%&#$~])", r"\1", value.replace("{", "").replace("}", "")))


def _top_level_split(value: str, sep: re.Pattern[str]) -> list[str]:
    """`value` cut at matches of `sep` outside braces ({Barnes and Noble} is one author)."""
    depth = [0] * (len(value) + 1)
    d = 0
    for i, ch in enumerate(value):
        depth[i] = d
        if ch == "{":
            d += 1
        elif ch == "}" and d:
            d -= 1
    parts, pos = [], 0
    for m in sep.finditer(value):
        if depth[m.start()] == 0:
            parts.append(value[pos : m.start()])
            pos = m.end()
    parts.append(value[pos:])
    return parts


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_COMMA = re.compile(r",")


def _bib_author(raw: str) -> str:
    """One BibTeX name as "First Last": "Last, First" and "Last, Jr, First" turned around."""
    parts = [latex_text(p) for p in _top_level_split(raw, _COMMA)]
    if len(parts) == 2:
        return fold(f"{parts[1]} {parts[0]}")
    if len(parts) >= 3:
        return fold(f"{parts[2]} {parts[0]} {parts[1]}")
    return parts[0]


def from_bibtex(text: str, where: str = "--bibtex") -> NewPaper:
    """The one entry of a BibTeX file (more are refused); LaTeX accents and text macros decoded,
    math kept verbatim."""
    import bibtexparser
    from bibtexparser.bparser import BibTexParser

    # no customization: bibtexparser 1's convert_to_unicode mangles macros (\log -> łog), so
    # fields are read raw and decoded by pylatexenc
    parser = BibTexParser(common_strings=True)
    try:
        db = bibtexparser.loads(text, parser=parser)
    except Exception as err:  # bibtexparser raises several unrelated types on bad input
        raise PaperInputError(f"cannot parse BibTeX: {fold(str(err))}", where) from None
    if not db.entries:
        raise PaperInputError("no BibTeX entry found", where)
    if len(db.entries) > 1:
        # taking the first would silently drop the rest
        raise PaperInputError(f"{len(db.entries)} entries; add one at a time", where)
    e: dict[str, str] = db.entries[0]

    try:
        title = latex_text(e.get("title", ""))
        authors = [
            a for a in (_bib_author(x) for x in _top_level_split(fold(e.get("author", "")), _AND)) if a
        ]
        year = latex_text(e.get("year", "")) or None
        venue_text = latex_text(e.get("booktitle") or e.get("journal") or "")
    except PaperInputError as err:
        raise PaperInputError(str(err), where) from None
    venue = None
    if venue_text and "arxiv" not in venue_text.lower():
        venue = _venue_from(venue_text, year)
    arxiv_id = None
    if e.get("archiveprefix", "").lower() == "arxiv" and e.get("eprint"):
        arxiv_id = _url_value(e["eprint"]).split("v")[0]
    url = _url_value(e["url"]) if e.get("url") else None
    m = ARXIV_URL.search(venue_text + " " + (url or ""))
    if arxiv_id is None and m:
        arxiv_id = m.group(1)
    code_raw = e.get("code") or e.get("github")
    code = _url_value(code_raw) if code_raw else None
    if url and "github.com" in url:
        code, url = code or url, None
    try:
        return NewPaper(
            title=title, url=url, authors=authors, venue=venue, arxiv_id=arxiv_id, code=code
        ).complete()
    except PaperInputError as err:
        raise PaperInputError(str(err), err.where or where) from None


def from_arxiv(record: ArxivRecord, where: str = "--arxiv") -> NewPaper:
    """The NewPaper an arXiv record gives: its title, authors, first-version month, abs link,
    and the code repository and venue proposed from its comment and abstract."""
    try:
        return NewPaper(
            title=record.title,
            url=f"https://arxiv.org/abs/{record.arxiv_id}",
            authors=list(record.authors),
            date=record.month,
            venue=record.venue,
            arxiv_id=record.arxiv_id,
            code=record.code_url,
        ).complete()
    except PaperInputError as err:
        raise PaperInputError(str(err), err.where or where) from None


def from_doi(record: DoiRecord, where: str = "--doi") -> NewPaper:
    """The NewPaper a DOI record gives: title, authors, month (or year), the publisher's link
    (else the doi.org one) and the venue read from the container title as BibTeX's is."""
    year = record.date[:4] if record.date else None
    date = record.date[:7] if record.date else None
    venue = None
    container = fold(record.container or "")
    if container and "arxiv" not in container.lower():
        venue = _venue_from(container, year)
    url = record.url or f"https://doi.org/{record.doi}"
    code = None
    if "github.com" in url:
        code, url = url, f"https://doi.org/{record.doi}"
    try:
        return NewPaper(
            title=fold(record.title), url=url, authors=list(record.authors), date=date, venue=venue, code=code
        ).complete()
    except PaperInputError as err:
        raise PaperInputError(str(err), err.where or where) from None
