"""Rows as data: JSON, CSV and YAML (one record per table row in document order), and papers as BibTeX."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from mdsurvey.analysis.records import records
from mdsurvey.analysis.stats import PaperGroup, analyse
from mdsurvey.survey.model import Survey


def to_json(survey: Survey) -> str:
    """Every table row's record as a JSON array, in document order."""
    return json.dumps(records(survey), ensure_ascii=False, indent=2) + "\n"


CSV_FIELDS = (
    "section",
    "line",
    "title",
    "url",
    "date",
    "venue",
    "arxiv_id",
    "authors",
    "code",
    "links",
    "badges",
    "cells",
)


def to_csv(survey: Survey) -> str:
    """Every table row's record as CSV with the CSV_FIELDS columns (lists and objects as JSON)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for rec in records(survey):
        w.writerow(
            [
                rec["section"],
                rec["line"],
                rec["title"] or "",
                rec["url"] or "",
                rec["date"] or "",
                rec["venue"] or "",
                rec["arxiv_id"] or "",
                "; ".join(rec["authors"]),
                rec["code"] or "",
                " ".join(f"[{x['text']}]({x['url']})" for x in rec["links"]),
                " ".join(
                    "-".join(p for p in (b["label"], b["message"]) if p) or b["alt"] for b in rec["badges"]
                ),
                " | ".join(rec["cells"]),
            ]
        )
    return buf.getvalue()


# --- YAML ------------------------------------------------------------------------------
#
# Written by hand, without a YAML library: block-style mappings and sequences, every
# string a JSON string. A JSON string is a YAML double-quoted scalar once the
# characters YAML reads differently are escaped too (C1 controls, NEL, U+2028/9 line
# separators, BOM, non-characters), so `yaml.safe_load(to_yaml(s)) == records(s)`.

_YAML_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_YAML_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_YAML_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _yaml_str(s: str) -> str:
    return _YAML_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(s, ensure_ascii=False))


def _yaml_key(key: object) -> str:
    k = str(key)
    return k if _YAML_PLAIN_KEY.match(k) and k.lower() not in _YAML_RESERVED else _yaml_str(k)


def _yaml_inline(value: object) -> str | None:
    """A scalar or an empty collection on one line; None for a collection that needs a block."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return json.dumps(value)
    if isinstance(value, str):
        return _yaml_str(value)
    if isinstance(value, (list, tuple)):
        return None if value else "[]"
    if isinstance(value, dict):
        return None if value else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def _yaml_block(value: object, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for k, x in value.items():
            s = _yaml_inline(x)
            if s is not None:
                lines.append(f"{pad}{_yaml_key(k)}: {s}")
            else:
                lines.append(f"{pad}{_yaml_key(k)}:")
                lines.extend(_yaml_block(x, indent + 2))
    else:
        assert isinstance(value, (list, tuple))
        for x in value:
            s = _yaml_inline(x)
            if s is not None:
                lines.append(f"{pad}- {s}")
            else:
                sub = _yaml_block(x, indent + 2)
                lines.append(f"{pad}- {sub[0][indent + 2 :]}")
                lines.extend(sub[1:])
    return lines


def yaml_dumps(value: object) -> str:
    """JSON-like data (dicts, lists, str, int, float, bool, None) as block-style YAML."""
    s = _yaml_inline(value)
    if s is not None:
        return s + "\n"
    return "\n".join(_yaml_block(value, 0)) + "\n"


def to_yaml(survey: Survey) -> str:
    """The JSON export's records as a YAML list of mappings."""
    return yaml_dumps(records(survey))


# --- BibTeX ----------------------------------------------------------------------------
#
# One entry per distinct paper (rows listing the same arXiv id, URL or normalised title
# are one paper; see stats.py), in order of first appearance; rows without a title are
# skipped. Keys: first author's surname + year + first title word (skipping a/an/the),
# lowercase ASCII; a key already taken gets a, b, c, … in document order.
# Venues known as conferences give @inproceedings/booktitle, journals @article/journal,
# anything else @misc/howpublished; arXiv papers carry eprint + archivePrefix. The year is
# the venue's year when it names one (a 2025-12 preprint at CVPR 2026 is cited as 2026),
# else the year of the paper's date.

_CONFERENCES = frozenset(
    """
    CVPR ICCV ECCV WACV BMVC ACCV 3DV ICPR ICIP ICME ICDAR MICCAI CVPRW ICCVW ECCVW
    NEURIPS NIPS ICLR ICML COLT UAI AISTATS ACML ECML PKDD IJCNN MLSYS COLM CORL RSS
    AAAI IJCAI ECAI KR AAMAS ACL EMNLP NAACL EACL AACL COLING CONLL LREC INTERSPEECH ICASSP
    KDD WWW SIGIR CIKM WSDM RECSYS ICDM SDM ECIR ICDE SIGMOD VLDB MM ACMMM ICRA IROS HRI
    CHI UIST CSCW SIGGRAPH EUROGRAPHICS OSDI SOSP NSDI ASPLOS ISCA MICRO HPCA DAC ICCAD
    USENIX CCS NDSS ICSE FSE ASE
    """.split()
)
_JOURNALS = frozenset(
    """
    TPAMI PAMI IJCV TMLR JMLR TIP TNNLS TCSVT TMM TOG TKDE TACL TOMM TIST TOIS TKDD CSUR
    PNAS AIJ JAIR RAL TRO IJRR TVCG TASLP TAI TCYB TII TGRS TITS TIFS TOSEM TSE TPDS
    NEUROCOMPUTING PR PRL CVIU IVC MLJ
    """.split()
)
_JOURNAL_STARTS = ("nature", "science", "cell", "communications of the acm", "proceedings of the ieee")
_JOURNAL_WORDS = frozenset({"TRANSACTIONS", "JOURNAL", "LETTERS", "MAGAZINE", "REVIEWS"})
_JOURNAL_PHRASES = ("pattern recognition", "neural networks", "information fusion", "machine learning")
_CONFERENCE_WORDS = frozenset({"CONFERENCE", "PROCEEDINGS", "SYMPOSIUM", "WORKSHOP", "WORKSHOPS", "FINDINGS"})
_PREPRINT_WORDS = frozenset({"ARXIV", "CORR", "PREPRINT", "PREPRINTS"})
_VENUE_YEAR = re.compile(r"'(\d{2})(?!\w)|(?<![\w'])((?:19|20)\d{2})(?!\w)")
_TRANSLIT = str.maketrans(
    {
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
        "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss",
        "ı": "i", "ŋ": "ng", "ħ": "h",
    }
)  # fmt: skip
_NOT_A_SURNAME = frozenset({"jr", "sr", "ii", "iii", "iv", "et", "al", "phd"})
_SKIP_WORDS = frozenset({"a", "an", "the"})
_ET_AL = re.compile(r"\s*\bet\.?\s*al\.?\s*\Z", re.IGNORECASE)
_BIB_SPECIAL = {
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def ascii_fold(text: str) -> str:
    """Accents dropped (NFKD, combining marks removed), a few letters spelled out (ø, ł, ß…)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def venue_kind(venue: str | None) -> str:
    """The kind of a venue: conference, journal, preprint, or other (also for no venue)."""
    if not venue or not venue.strip():
        return "other"
    folded = ascii_fold(venue)
    tokens = re.findall(r"[A-Za-z0-9]+", folded.upper())
    for t in tokens:
        if t in _PREPRINT_WORDS:
            return "preprint"
    for t in tokens:
        if t in _CONFERENCES:
            return "conference"
        if t in _JOURNALS:
            return "journal"
    low = " ".join(folded.lower().split())
    if low.startswith(_JOURNAL_STARTS):
        return "journal"
    if any(t in _CONFERENCE_WORDS for t in tokens):
        return "conference"
    if any(t in _JOURNAL_WORDS for t in tokens) or any(p in low for p in _JOURNAL_PHRASES):
        return "journal"
    return "other"


def venue_year(venue: str | None) -> str | None:
    """The four-digit year a venue names ("CVPR 2026", "NeurIPS'25"), or None."""
    m = _VENUE_YEAR.search(venue or "")
    if not m:
        return None
    return m.group(2) or "20" + m.group(1)


def venue_name(venue: str) -> str:
    """The venue without its year: "CVPR 2026" -> "CVPR" (the year has its own field)."""
    name = " ".join(_VENUE_YEAR.sub(" ", venue).split()).strip(" ,;:-–—")
    return name or venue.strip()


def bibtex_escape(text: str) -> str:
    """Text as a BibTeX field value: LaTeX specials escaped, braces balanced.

    A matched pair of braces becomes \\{ … \\} (literal braces; BibTeX still counts them as a
    pair); an unmatched brace becomes \\textbraceleft{} / \\textbraceright{}."""
    text = " ".join(text.split())
    matched: set[int] = set()
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "{":
            stack.append(i)
        elif ch == "}" and stack:
            matched.add(stack.pop())
            matched.add(i)
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch in "{}":
            if i in matched:
                out.append("\\" + ch)
            else:
                out.append(r"\textbraceleft{}" if ch == "{" else r"\textbraceright{}")
        else:
            out.append(_BIB_SPECIAL.get(ch, ch))
    return "".join(out)


def _bib_url(url: str) -> str:
    """URLs stay verbatim (biblatex reads them so) except what would break the entry."""
    return url.strip().replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _surname(name: str) -> str:
    words = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in ascii_fold(name).split()]
    words = [w for w in words if w and w not in _NOT_A_SURNAME]
    return words[-1] if words else ""


def _first_word(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", ascii_fold(title).lower())
    return next((w for w in words if w not in _SKIP_WORDS), "")


def bibtex_key(authors: list[str], year: str | None, title: str) -> str:
    """surname + year + first title word, lowercase ASCII: okonkwo2026glimpse."""
    key = (_surname(authors[0]) if authors else "") + (year or "") + _first_word(title)
    return key or "paper"


def _suffixes() -> Iterator[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    yield from letters
    for n in range(2, 6):
        for combo in itertools.product(letters, repeat=n):
            yield "".join(combo)


def _suffix_last(name: str) -> str:
    """ "Ana Ruiz Jr." -> "Ruiz, Jr., Ana": BibTeX's form for a name with a suffix."""
    words = name.split()
    if len(words) >= 3 and words[-1].rstrip(".").lower() in ("jr", "sr", "ii", "iii", "iv"):
        return f"{words[-2]}, {words[-1]}, {' '.join(words[:-2])}"
    return name


def _bib_authors(authors: list[str]) -> list[str]:
    out: list[str] = []
    for a in authors:
        a = " ".join(a.split())
        if _ET_AL.fullmatch(a) or a.lower() in ("others", "etc", "etc."):
            out.append("others")
            continue
        m = _ET_AL.search(a)
        if m:
            out += [a[: m.start()].strip(), "others"]
        else:
            out.append(_suffix_last(a))
    # "others" only ever last, once
    names = [x for x in out if x and x != "others"]
    return names + (["others"] if "others" in out and names else [])


@dataclass
class BibEntry:
    """One BibTeX entry: its key, entry type and fields in the order they are written."""

    key: str
    kind: str  # "inproceedings", "article" or "misc"
    fields: list[tuple[str, str]]  # (name, value as written between braces)

    def dumps(self) -> str:
        """The entry as BibTeX text, one field a line."""
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in self.fields)
        return f"@{self.kind}{{{self.key},\n{body}\n}}\n"


def bibtex_entries(survey: Survey) -> list[BibEntry]:
    """One entry per distinct paper with a title, keys made unique with a, b, ... suffixes."""
    entries: list[BibEntry] = []
    taken: set[str] = set()
    for paper in analyse(survey).papers:
        title = (paper.title or "").strip()
        if not title:
            continue
        vyear = venue_year(paper.venue)
        year = vyear or (paper.date[:4] if paper.date else None)
        key = bibtex_key(paper.authors, year, title)
        if key in taken:
            key = next(key + s for s in _suffixes() if key + s not in taken)
        taken.add(key)

        fields: list[tuple[str, str]] = []
        authors = _bib_authors(paper.authors)
        if authors:
            fields.append(("author", " and ".join(bibtex_escape(a) for a in authors)))
        fields.append(("title", bibtex_escape(title)))
        entry_type, where = _published_in(paper)
        fields.extend(where)
        if year:
            fields.append(("year", year))
        url = paper.url or (f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else None)
        if url:
            fields.append(("url", _bib_url(url)))
        if paper.arxiv_id:
            fields.append(("eprint", paper.arxiv_id))
            fields.append(("archivePrefix", "arXiv"))
        entries.append(BibEntry(key, entry_type, fields))
    return entries


def _published_in(paper: PaperGroup) -> tuple[str, list[tuple[str, str]]]:
    """The entry type a paper's venue makes, and the booktitle/journal/howpublished field."""
    kind = venue_kind(paper.venue)
    if kind == "conference" and paper.venue:
        return "inproceedings", [("booktitle", bibtex_escape(venue_name(paper.venue)))]
    if kind == "journal" and paper.venue:
        return "article", [("journal", bibtex_escape(venue_name(paper.venue)))]
    if kind == "other" and paper.venue:
        return "misc", [("howpublished", bibtex_escape(paper.venue))]
    if paper.arxiv_id:
        return "misc", [("howpublished", bibtex_escape(f"arXiv preprint arXiv:{paper.arxiv_id}"))]
    if paper.venue:
        return "misc", [("howpublished", bibtex_escape(paper.venue))]
    return "misc", []


def to_bibtex(survey: Survey) -> str:
    """Every distinct paper as a BibTeX entry, entries separated by a blank line."""
    return "\n".join(e.dumps() for e in bibtex_entries(survey))


FORMATS = ("json", "csv", "bibtex", "yaml")


def export(survey: Survey, fmt: str) -> str:
    """The survey in one of FORMATS."""
    writers = {"json": to_json, "csv": to_csv, "bibtex": to_bibtex, "yaml": to_yaml}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    return writers[fmt](survey)
