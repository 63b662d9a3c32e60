"""export --format bibtex|yaml: BibTeX keys, fields, escaping and dedupe; YAML equal to the JSON export.

Every survey here is invented: the papers, authors and ids do not exist.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from hypothesis import given
from hypothesis import strategies as st

import mdsurvey
from mdsurvey.analysis.records import records
from mdsurvey.output.export import (
    bibtex_entries,
    bibtex_escape,
    bibtex_key,
    export,
    to_bibtex,
    to_json,
    to_yaml,
    venue_kind,
    yaml_dumps,
)

yaml = pytest.importorskip("yaml")

SURVEY = """\
# Awesome Invented Things

## Recent

| Title | Authors | Venue | Date |
| --- | --- | --- | --- |
| [Ünïcode Ångström: 100% of {Tokens} & #Hashtags_under $cost$](https://arxiv.org/abs/2603.01234) \
| Zoë Ørsted-Łukasz, Bo Chenwick | CVPR 2026 | 2026-03 |
| [Ünïcode Again: Another Paper](https://arxiv.org/abs/2603.05555) | Zoe Orsted-Lukasz | ICCV 2025 | 2025-10 |
| [The Ünïcode Trick: a {half open brace](https://example.org/trick) | Zoë Ørsted-Łukasz et al. \
| IEEE TPAMI | 2026-01 |
| [Back\\\\slash ~tilde^caret](https://example.org/back) | Ana Ruiz Jr. \
| Nature Machine Intelligence 2024 | 2024 |
| [Quiet Notes on Lanterns](https://example.org/notes) | Kai Lindgren | Lantern Blog | 2023-05 |
| [Pure Preprint of Nothing](https://arxiv.org/abs/2401.00009) | Kai Lindgren | arXiv | |
| [Plain Old Paper](https://example.org/plain) | | | |
| | Nobody Atall | | 2020 |

## By Venue

| Title | Authors | Venue | Date |
| --- | --- | --- | --- |
| [Ünïcode Ångström: 100% of {Tokens} & #Hashtags_under $cost$](https://arxiv.org/abs/2603.01234v2) \
| Zoë Ørsted-Łukasz | CVPR 2026 | 2026-03 |
| [Quiet notes on lanterns](https://example.org/notes/) | Kai Lindgren | Lantern Blog | 2023-05 |
"""


def entries_of(bib: str) -> list[tuple[str, str, dict[str, str]]]:
    """(type, key, fields) of each entry; values as written between the outer braces."""
    out = []
    for m in re.finditer(r"^@(\w+)\{([^,\n]+),\n(.*?)\n\}\n", bib, re.DOTALL | re.MULTILINE):
        fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", m.group(3), re.MULTILINE))
        out.append((m.group(1), m.group(2), fields))
    return out


def test_keys_are_surname_year_first_word_ascii_and_deduped_in_document_order() -> None:
    entries = entries_of(to_bibtex(mdsurvey.loads(SURVEY)))
    assert [k for _, k, _ in entries] == [
        "orstedlukasz2026unicode",  # Ø -> o, Ł -> l, hyphen dropped; Ü -> u
        "orstedlukasz2025unicode",
        "orstedlukasz2026unicodea",  # "The" skipped: collides with the first, gets "a"
        "ruiz2024back",  # "Jr." is not a surname
        "lindgren2023quiet",
        "lindgren2024pure",  # no date column value: the year comes from the arXiv id
        "plain",  # no author, no year
    ]
    for _, key, _ in entries:
        assert re.fullmatch(r"[a-z0-9]+", key)


def test_collisions_get_a_b_c_in_document_order() -> None:
    rows = "\n".join(
        f"| [Same Start {n}](https://example.org/{n}) | Mira Okonkwo | 2026-0{n} |" for n in range(1, 5)
    )
    text = f"## P\n\n| Title | Authors | Date |\n| --- | --- | --- |\n{rows}\n"
    keys = [e.key for e in bibtex_entries(mdsurvey.loads(text))]
    assert keys == ["okonkwo2026same", "okonkwo2026samea", "okonkwo2026sameb", "okonkwo2026samec"]
    assert bibtex_key(["Zoë Ørsted"], "2026", "The Ärger") == "orsted2026arger"
    assert bibtex_key([], None, "") == "paper"


def test_fields_types_and_venues() -> None:
    by_key = {k: (t, f) for t, k, f in entries_of(to_bibtex(mdsurvey.loads(SURVEY)))}
    kind, f = by_key["orstedlukasz2026unicode"]
    assert kind == "inproceedings"
    assert f == {
        "author": "Zoë Ørsted-Łukasz and Bo Chenwick",
        "title": r"Ünïcode Ångström: 100\% of \{Tokens\} \& \#Hashtags\_under \$cost\$",
        "booktitle": "CVPR",
        "year": "2026",
        "url": "https://arxiv.org/abs/2603.01234",
        "eprint": "2603.01234",
        "archivePrefix": "arXiv",
    }
    kind, f = by_key["orstedlukasz2026unicodea"]
    assert kind == "article" and f["journal"] == "IEEE TPAMI"
    assert f["author"] == "Zoë Ørsted-Łukasz and others"
    assert f["title"] == r"The Ünïcode Trick: a \textbraceleft{}half open brace"
    assert "eprint" not in f
    kind, f = by_key["ruiz2024back"]
    assert kind == "article" and f["journal"] == "Nature Machine Intelligence" and f["year"] == "2024"
    assert f["author"] == "Ruiz, Jr, Ana"
    assert f["title"] == r"Back\textbackslash{}slash \textasciitilde{}tilde\textasciicircum{}caret"
    kind, f = by_key["lindgren2023quiet"]
    assert kind == "misc" and f["howpublished"] == "Lantern Blog"
    kind, f = by_key["lindgren2024pure"]
    assert kind == "misc" and f["howpublished"] == "arXiv preprint arXiv:2401.00009"
    assert (f["eprint"], f["archivePrefix"], f["year"]) == ("2401.00009", "arXiv", "2024")
    kind, f = by_key["plain"]
    assert kind == "misc" and set(f) == {"title", "url"}


def test_same_paper_in_two_sections_is_one_entry() -> None:
    survey = mdsurvey.loads(SURVEY)
    bib = to_bibtex(survey)
    # by arXiv id (abs/2603.01234 and abs/2603.01234v2) and by url + normalised title (notes)
    assert bib.count("eprint = {2603.01234}") == 1
    assert sum(1 for e in bibtex_entries(survey) if "Lanterns" in dict(e.fields)["title"]) == 1
    titled = [r for r in records(survey) if r["title"]]
    assert len(titled) == 9 and len(bibtex_entries(survey)) == 7


def test_rows_without_a_title_are_skipped() -> None:
    assert "Nobody" not in to_bibtex(mdsurvey.loads(SURVEY))


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("R&D 50% #1 a_b $5", r"R\&D 50\% \#1 a\_b \$5"),
        ("{Balanced {nested}}", r"\{Balanced \{nested\}\}"),
        ("a } b { c", r"a \textbraceright{} b \textbraceleft{} c"),
        ("x  \t y", "x y"),
    ],
)
def test_escape(raw: str, escaped: str) -> None:
    out = bibtex_escape(raw)
    assert out == escaped
    assert out.count("{") == out.count("}")


@pytest.mark.parametrize(
    ("venue", "kind"),
    [
        ("CVPR 2026", "conference"),
        ("NeurIPS 2025", "conference"),
        ("ICLR", "conference"),
        ("Findings of EMNLP 2025", "conference"),
        ("ACM MM 2024", "conference"),
        ("Some Workshop on Lanterns", "conference"),
        ("TPAMI", "journal"),
        ("IJCV 2025", "journal"),
        ("TMLR", "journal"),
        ("JMLR", "journal"),
        ("TACL", "journal"),
        ("Nature", "journal"),
        ("IEEE Transactions on Lantern Processing", "journal"),
        ("arXiv", "preprint"),
        ("Lantern Blog", "other"),
        (None, "other"),
    ],
)
def test_venue_kind(venue: str | None, kind: str) -> None:
    assert venue_kind(venue) == kind


def test_fixture_survey_bibtex() -> None:
    survey = mdsurvey.load(FIXTURES / "survey.md")
    entries = bibtex_entries(survey)
    # 16 rows, Lantern Merge and Clip Sieve listed twice: 14 papers
    assert len(entries) == 14
    echo = next(e for e in entries if e.key == "tesfaye2026echo")
    # a 2025-12 preprint accepted at CVPR 2026 is cited with the venue's year
    assert echo.dumps() == (
        "@inproceedings{tesfaye2026echo,\n"
        "  author = {Amara Tesfaye and Haruto Feldspar},\n"
        "  title = {Echo Pools: Audio-Guided Token Pooling for Omni Models},\n"
        "  booktitle = {CVPR},\n"
        "  year = {2026},\n"
        "  url = {https://arxiv.org/abs/2512.09034},\n"
        "  eprint = {2512.09034},\n"
        "  archivePrefix = {arXiv}\n"
        "}\n"
    )
    glimpse = next(e for e in entries if e.key == "okonkwo2026glimpse")
    assert glimpse.kind == "misc"


def test_bibtexparser_reads_every_entry() -> None:
    bibtexparser = pytest.importorskip("bibtexparser")
    for text in (SURVEY, (FIXTURES / "survey.md").read_text(encoding="utf-8")):
        survey = mdsurvey.loads(text)
        bib = to_bibtex(survey)
        db = bibtexparser.loads(bib)
        ours = bibtex_entries(survey)
        assert len(db.entries) == len(ours)
        for parsed, entry in zip(db.entries, ours, strict=True):
            assert parsed["ID"] == entry.key and parsed["ENTRYTYPE"] == entry.kind
            assert parsed["title"] == dict(entry.fields)["title"]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.md")))
def test_yaml_equals_json_records(name: str) -> None:
    survey = mdsurvey.load(FIXTURES / name)
    assert yaml.safe_load(to_yaml(survey)) == json.loads(to_json(survey))


def test_yaml_equals_json_on_awkward_text() -> None:
    survey = mdsurvey.loads(SURVEY)
    assert yaml.safe_load(to_yaml(survey)) == json.loads(to_json(survey))
    assert to_yaml(mdsurvey.loads("no tables\n")) == "[]\n"


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text())
_data = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4)),
    max_leaves=12,
)


@given(_data)
def test_yaml_writer_round_trips_any_json_like_data(value: object) -> None:
    assert yaml.safe_load(yaml_dumps(value)) == value


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mdsurvey", *args], capture_output=True, cwd=ROOT, check=False
    )


@pytest.mark.parametrize("fmt", ["json", "csv", "bibtex", "yaml"])
def test_cli_export_formats_are_stable_utf8(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / "s.md"
    path.write_text(SURVEY, encoding="utf-8")
    a, b = run("export", "--format", fmt, str(path)), run("export", "--format", fmt, str(path))
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    assert a.stdout.decode("utf-8") == export(mdsurvey.loads(SURVEY), fmt)
    assert "Ørsted" in a.stdout.decode("utf-8")
