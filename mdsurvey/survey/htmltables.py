"""Hand-written HTML `<table>`s: some surveys list papers in them instead of GFM tables.

These are parsed with beautifulsoup4 (html.parser), one table at a time, and
only when asked for: bs4 costs more to import than a whole check of a small
README, and most surveys have no HTML tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mdsurvey.survey.paper import Paper, extract

if TYPE_CHECKING:
    from mdsurvey.survey.model import Survey

_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


@dataclass
class HtmlRow:
    """A `<tr>` of a hand-written HTML table: its line, its cells' inner HTML, the header."""

    line: int  # 1-based line of the <tr>
    cells: list[str]  # inner HTML of each <td>, whitespace collapsed
    header: list[str]
    _paper: Paper | None = field(default=None, repr=False)

    @property
    def paper(self) -> Paper:
        """The paper the row's cells describe, read on first use."""
        if self._paper is None:
            # cells joined as one pipe-separated line so the row parser reads them like a GFM row
            parts = [c.replace("|", "\\|") for c in self.cells]
            line, spans, pos = "", [], 0
            for k, part in enumerate(parts):
                if k:
                    line += " | "
                    pos += 3
                spans.append((pos, pos + len(part)))
                line += part
                pos += len(part)
            self._paper = extract(line, spans, self.header)
        return self._paper


@dataclass
class HtmlTable:
    """A hand-written HTML `<table>`: its lines, header cells and rows."""

    start_line: int  # 1-based line of <table>
    end_line: int  # 1-based line of </table>
    header: list[str]
    rows: list[HtmlRow]


def _inner(tag: Any) -> str:
    return _SPACE.sub(" ", tag.decode_contents()).strip()


def find_html_tables(survey: Survey) -> list[HtmlTable]:
    """HTML tables outside code and comments, with their rows; nested tables are left to their parent."""
    texts = [x.text for x in survey.lines]
    skip = survey.blocks.hidden_lines()
    gfm_rows = {r.line - 1 for r in survey.rows}
    out: list[HtmlTable] = []
    i = 0
    while i < len(texts):
        if i in skip or i in gfm_rows or not _TABLE_OPEN.search(texts[i]):
            i += 1
            continue
        depth, j = 0, i
        while j < len(texts):
            depth += len(_TABLE_OPEN.findall(texts[j])) - len(_TABLE_CLOSE.findall(texts[j]))
            if depth <= 0:
                break
            j += 1
        if j >= len(texts):
            break  # never closed: GitHub shows no table either
        table = _parse("\n".join(texts[i : j + 1]), i)
        if table is not None:
            out.append(table)
        i = j + 1
    return out


def _parse(snippet: str, offset: int) -> HtmlTable | None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(snippet, "html.parser")
    table = soup.find("table")
    if table is None:
        return None
    header: list[str] = []
    rows: list[HtmlRow] = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        ths = tr.find_all("th", recursive=False)
        tds = tr.find_all("td", recursive=False)
        if ths and not tds and not header:
            header = [_SPACE.sub(" ", th.get_text()).strip() for th in ths]
            continue
        if tds:
            line = offset + (tr.sourceline or 1)
            rows.append(HtmlRow(line, [_inner(td) for td in tds], header))
    start = offset + 1
    end = offset + snippet.count("\n") + 1
    return HtmlTable(start, end, header, rows)
