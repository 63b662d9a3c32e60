"""Synthetic paper surveys in the seed README's row style, for benchmarks and tests.

    python benchmarks/generate.py 10000 -o /tmp/survey-10k.md [--sections 100] [--seed 0]

or, as a module:

    from benchmarks.generate import survey
    text = survey(1000, sections=10, seed=0)

Everything is invented (titles and authors are random words) and deterministic
for a seed. Rows are newest first with arXiv ids matching their date badges,
every paper appears once, anchors in the contents list resolve and the badge
colors follow the legend, so `mdsurvey fix --check` has nothing to do (exit 0)
and `mdsurvey check` reports nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass

__all__ = ["LATEST", "OLDEST", "GenPaper", "papers", "row", "survey"]

# dates run from OLDEST to LATEST (inclusive), newest first in each table
LATEST = (2025, 10)
OLDEST = (2019, 1)

_SYLLABLES = (
    "ka lo mi ne ru sa ta vi zo pe da fe gu hi ja be co du el fo ga ir jo ku la "
    "ma no op qui ra se ti ul ve wa yo ze an bo ce di en go hu"
).split()
_WORDS = (
    "sparse token lattice budget glimpse merge prune tide ledger lantern pebble quiet patch "
    "frame query saliency fusion cascade router mixture anchor beacon harbor prism ripple "
    "vector kernel sketch shard stride window lens echo drift bloom ember quartz summit "
    "meadow orbit pulse relay signal canvas atlas compass"
).split()
_AREAS = ("Image--LLM", "Video--LLM", "Audio--LLM", "Omni--LLM", "Vision--Transformer")
_TYPES = ("Attention--Based", "Similarity--Based", "Query--Based", "Transformation--Based")
_COSTS = ("Training--Free", "Training--Based")
_VENUES = ("CVPR", "ICCV", "ECCV", "NeurIPS", "ICLR", "ICML", "AAAI", "ACL")


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _title(rng: random.Random) -> str:
    head = " ".join(rng.choice(_WORDS).capitalize() for _ in range(rng.randint(1, 3)))
    tail = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 9)))
    return f"{head}: {tail.capitalize()}"


@dataclass(frozen=True)
class GenPaper:
    title: str
    arxiv_id: str
    year: int
    month: int
    authors: str
    area: str
    types: tuple[str, ...]
    cost: str
    venue: str | None  # "CVPR" etc., or None for an arXiv date badge
    repo: str | None  # "owner/name" for a GitHub stars badge and link

    @property
    def url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv_id}"


def row(p: GenPaper) -> str:
    """One table row in the seed's style (trailing `| ` included, as in the seed)."""
    if p.venue:
        date = f"[![Publish](https://img.shields.io/badge/{p.venue}-{p.year}-blue)]()"
    else:
        date = f"[![Arxiv](https://img.shields.io/badge/arXiv-{p.year}\\.{p.month:02d}-red)]()"
    star = ""
    links = f"[Paper]({p.url})<br>"
    if p.repo:
        star = (
            f" [![Star](https://img.shields.io/github/stars/{p.repo}.svg?style=social&label=Star)]"
            f"(https://github.com/{p.repo})"
        )
        links += f" [GitHub](https://github.com/{p.repo})<br>"
    first = f"{date}{star} <br>[{p.title}]({p.url})<br>{p.authors}"
    area = f"[![Area](https://img.shields.io/badge/{p.area}-purple)]()"
    types = " ".join(f"[![Type](https://img.shields.io/badge/{t}-green)]()" for t in p.types)
    cost = f"[![Cost](https://img.shields.io/badge/{p.cost}-yellow)]()"
    return f"|  {first} |  {area} |  {types}<br> {cost} |  {links} | "


def papers(n: int, seed: int = 0) -> list[GenPaper]:
    """n distinct papers, newest first (by month; arXiv ids unique)."""
    rng = random.Random(seed)
    months: list[tuple[int, int]] = []
    y, m = LATEST
    while (y, m) >= OLDEST:
        months.append((y, m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    # a sorted list of month indexes: newest first overall
    picks = sorted(rng.randrange(len(months)) for _ in range(n))
    serial: dict[tuple[int, int], int] = {}
    out: list[GenPaper] = []
    for k in picks:
        year, month = months[k]
        s = serial.get((year, month), 10001)
        serial[(year, month)] = s + rng.randint(1, 7)
        arxiv_id = f"{year % 100:02d}{month:02d}.{s:05d}"
        authors = ", ".join(f"{_name(rng)} {_name(rng)}" for _ in range(rng.randint(1, 6)))
        venue = rng.choice(_VENUES) if rng.random() < 0.2 else None
        repo = f"{_name(rng).lower()}-lab/{_name(rng)}{len(out)}" if rng.random() < 0.3 else None
        types = tuple(rng.sample(_TYPES, rng.randint(1, 2)))
        out.append(
            GenPaper(
                _title(rng),
                arxiv_id,
                year,
                month,
                authors,
                rng.choice(_AREAS),
                types,
                rng.choice(_COSTS),
                venue,
                repo,
            )
        )
    return out


_HEADER = "| **Title & Authors** | **Areas** | **Tags** | **Links** | "
_DELIM = "| --- | --- | --- | :---: | "

_LEGEND = """### Badge Colors
- ![arXiv Badge](https://img.shields.io/badge/arXiv-red) `red` for arXiv papers
- ![PDF Badge](https://img.shields.io/badge/PDF-blue) `blue` for conference/journal papers
- ![GitHub Badge](https://img.shields.io/badge/GitHub-white) `white` for GitHub repositories
- ![Research Areas Badge](https://img.shields.io/badge/Areas-purple) `purple` for research areas
- ![Categories Badge](https://img.shields.io/badge/Categories-green) `green` for categories
- ![Cost Badge](https://img.shields.io/badge/Cost-yellow) `yellow` for training cost
"""


def _prose(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 14))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def survey(n_rows: int, sections: int | None = None, seed: int = 0, eol: str = "\n") -> str:
    """A clean survey with `n_rows` papers over `sections` `<details>` blocks
    (default: about 100 rows a section, at least 1)."""
    rng = random.Random(seed ^ 0x5EED)
    if sections is None:
        sections = max(1, min(1000, n_rows // 100))
    sections = max(1, sections)
    title_words = " ".join(rng.choice(_WORDS).capitalize() for _ in range(2))
    top = f"Awesome {title_words} Survey"
    top_anchor = top.lower().replace(" ", "-")
    names = [f"Area {k + 1} {rng.choice(_WORDS).capitalize()}" for k in range(sections)]
    # every section gets its own run of papers, each newest first
    all_papers = papers(n_rows, seed)
    rng.shuffle(all_papers)
    chunks: list[list[GenPaper]] = [[] for _ in range(sections)]
    for i, p in enumerate(all_papers):
        chunks[i % sections].append(p)
    for c in chunks:
        c.sort(key=lambda p: (p.year, p.month), reverse=True)

    out: list[str] = [
        "<div align=center>",
        "",
        f"# {top}",
        "",
        "</div>",
        "",
        f"> **{title_words}: {_prose(rng, 1)}**",
        f"> {_name(rng)} {_name(rng)}<sup>1</sup>, {_name(rng)} {_name(rng)}<sup>2</sup>",
        ">",
        f"> <sup>1</sup>{_name(rng)} Institute, <sup>2</sup>University of {_name(rng)}",
        "",
        "---",
        "",
        "## Contents",
        "",
        f"- [{top}](#{top_anchor})",
        "    - [Badge Colors](#badge-colors)",
        "    - [Papers](#papers)",
        "    - [Notes](#notes)",
        "",
        f"**{_prose(rng, 1)}**",
        "",
        "---",
        "",
        _prose(rng, 4),
        "",
        _LEGEND,
        "### Papers",
        "",
        _prose(rng, 3),
        "",
    ]
    for k, (name, chunk) in enumerate(zip(names, chunks, strict=True)):
        out += [
            "<details open>",
            f"<summary><strong>{name}</strong></summary>",
            "",
            _HEADER,
            _DELIM,
        ]
        out += [row(p) for p in chunk]
        out += ["</details>", ""]
        if k % 7 == 3:
            out += [_prose(rng, 2), ""]
    out += [
        "### Notes",
        "",
        _prose(rng, 3),
        "",
        "```bibtex",
        "@article{survey,",
        f"  title={{{title_words}}},",
        "  | not | a | table |",
        "  |---|---|---|",
        "}",
        "```",
        "",
        _prose(rng, 2),
        "",
    ]
    text = "\n".join(out)
    return text if eol == "\n" else text.replace("\n", eol)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("-o", "--output", help="file to write (default stdout)")
    ap.add_argument("--sections", type=int)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    text = survey(args.rows, args.sections, args.seed)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
