"""Writing a new row in the style of its table: a neighbour row is the template.

Nothing here is a house style. Each cell of the new row copies the template
cell's padding, its separators (`<br>`, `<br/>`, spaces), its badge markup
(alt text, link wrapper, URL escaping such as `2025\\.08`) and its link texts;
only the values change. Colors come from the README's legend when it has one.
"""

from __future__ import annotations

import re

from mdsurvey.survey.legend import Legend, badge_role
from mdsurvey.survey.model import Row, Survey, Table
from mdsurvey.survey.paper import _GITHUB_REPO, column_roles, header_key
from mdsurvey.syntax.cells import cell_text
from mdsurvey.syntax.inline import Item, code_spans, scan_cell
from mdsurvey.syntax.shields import build_static_url, parse_badge_url
from mdsurvey.workflows.newpaper import NewPaper


class StyleError(Exception):
    """No row to copy the table's style from."""


def escape_text(text: str) -> str:
    """Plain text as cell Markdown: `|` always as `\\|` (GFM splits the row at a bare pipe even in
    a code span); outside code spans also `\\`, `[`, `]` and `<`, which would start markup."""
    out: list[str] = []
    pos = 0
    for a, b in [*code_spans(text), (len(text), len(text))]:
        plain = text[pos:a]
        for ch in "\\|[]<":
            plain = plain.replace(ch, "\\" + ch)
        out.append(plain + text[a:b].replace("|", "\\|"))
        pos = b
    return "".join(out)


def escape_url(url: str) -> str:
    """A link destination that stays one destination in one cell: no space, paren, pipe or backslash."""
    return (
        url.replace("\\", "%5C")
        .replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("|", "%7C")
    )


class _Styler:
    """Badge markup by role, copied from the first badge of each role among the survey's rows."""

    def __init__(self, rows: list[Row], legend: Legend) -> None:
        """Learn each role's badge from the first row that has one (`rows`: nearest first)."""
        self.legend = legend
        self._badges: dict[str, tuple[Row, Item]] = {}
        for row in rows:
            for sp in row.spans:
                for it in scan_cell(row.source, sp.start, sp.end):
                    if it.kind != "badge" or it.url_start < 0:
                        continue
                    role = self._role_of(it, row, sp.start)
                    if role and role not in self._badges:
                        self._badges[role] = (row, it)

    @staticmethod
    def _role_of(it: Item, row: Row, start: int) -> str | None:
        """The role the badge item plays in its row ("date" for an arXiv month badge)."""
        b = next((b for b in row.paper.badges if b.start == it.start), None)
        if b is None:
            return None
        if b.kind == "github-stars":
            return "stars"
        role = badge_role(b)
        if role == "arxiv" and re.fullmatch(r"\d{4}\.\d{2}", b.message):
            return "date"
        if role is None and b.label and re.fullmatch(r"(?:19|20)\d{2}", b.message):
            return "venue"
        return role

    def badge(
        self, role: str, message: str, *, label: str | None = None, repo: str | None = None
    ) -> str | None:
        """Badge markup for `role` copied from the survey's first badge of that role."""
        found = self._badges.get(role)
        if found is None:
            return None
        row, it = found
        markup = row.source[it.start : it.end]
        raw = row.source[it.url_start : it.url_end]
        if role == "stars":
            spec = parse_badge_url(raw)
            if spec is None or not spec.repo or not repo:
                return None
            new_url = raw.replace(spec.repo, repo, 1)
            old_link = it.link or ""
            markup = markup.replace(raw, new_url, 1)
            return markup.replace(f"({old_link})", f"(https://github.com/{repo})", 1) if old_link else markup
        spec = parse_badge_url(raw)
        if spec is None:
            return None
        legend_role = "venue" if role == "venue" else ("arxiv" if role == "date" else role)
        color = self.legend.expected(legend_role) or spec.color
        new_url = build_static_url(
            raw, label=label if label is not None else spec.label, message=message, color=color
        )
        return markup[: it.url_start - it.start] + new_url + markup[it.url_end - it.start :]


def _cell_frame(line: str, start: int, end: int) -> tuple[str, str]:
    """The padding before and after a cell's content (all of it before, for a blank cell)."""
    raw = line[start:end]
    body = raw.strip(" \t")
    if not body:
        return raw, ""
    lead = raw[: len(raw) - len(raw.lstrip(" \t"))]
    trail = raw[len(raw.rstrip(" \t")) :]
    return lead, trail


def _between(line: str, items: list[Item], a: int, b: int) -> str:
    """Source between item a's end and item b's start (the separator the template used)."""
    return line[items[a].end : items[b].start]


def _title_cell(p: NewPaper, line: str, items: list[Item], styler: _Styler, *, authors: bool) -> str:
    """The title cell: badges (date or venue, stars), the linked title, and (`authors`: the
    table keeps them here) the authors, as the template has them."""
    badges = [i for i in range(len(items)) if items[i].kind == "badge"]
    link = next((i for i in range(len(items)) if items[i].kind == "link"), None)
    texts = [
        i for i in range(len(items)) if items[i].kind in ("text", "html") and link is not None and i > link
    ]
    head: list[str] = []
    if badges:
        if p.date and p.arxiv_id and not p.venue:
            b = styler.badge("date", p.date.replace("-", "."))
            if b:
                head.append(b)
        if p.venue:
            name, _, year = p.venue.rpartition(" ")
            if name and re.fullmatch(r"(?:19|20)\d{2}", year):
                b = styler.badge("venue", year, label=name)
            else:
                b = styler.badge("venue", p.venue)
            if b:
                head.append(b)
        if p.code and "github.com/" in p.code:
            b = styler.badge("stars", "", repo=escape_url(p.code.split("github.com/", 1)[1]))
            if b:
                head.append(b)
    between_badges = (
        _between(line, items, badges[0], badges[1]) if len(badges) > 1 and badges[1] == badges[0] + 1 else " "
    )
    out = between_badges.join(head)
    title = f"[{escape_text(p.title)}]({escape_url(p.url)})" if p.url else escape_text(p.title)
    if link is not None:
        before = _between(line, items, badges[-1], link) if badges and badges[-1] < link else ""
        out += (before if head else "") + title
        if p.authors and authors:
            if texts:
                sep = line[items[link].end : items[texts[0]].start]
                out += sep + ", ".join(map(escape_text, p.authors))
            else:
                after = line[items[link].end : items[-1].end] if items[-1].kind == "br" else "<br>"
                out += after + ", ".join(map(escape_text, p.authors))
        elif items[-1].kind == "br" and items[-1].start >= items[link].end:
            out += line[items[link].end : items[-1].end]
    else:
        out += title
    return out


def _badge_cell(p: NewPaper, line: str, items: list[Item], row: Row, styler: _Styler) -> str:
    """Area/category/cost badges in the template cell's role order and separators."""
    values = {"area": p.areas, "category": p.tags, "cost": [p.cost] if p.cost else []}
    groups: list[tuple[str, str]] = []  # (role, separator before this group)
    same_sep = " "
    prev_role: str | None = None
    prev_end: int | None = None
    for it in items:
        if it.kind != "badge":
            continue
        b = next((b for b in row.paper.badges if b.start == it.start), None)
        role = badge_role(b) if b else None
        if role not in values:
            continue
        sep = line[prev_end : it.start] if prev_end is not None else ""
        if role == prev_role:
            same_sep = sep or same_sep
        else:
            groups.append((role, sep))
        prev_role, prev_end = role, it.end
    parts: list[str] = []
    for role, sep in groups:
        rendered = [x for x in (styler.badge(role, v) for v in values[role]) if x]
        if rendered:
            parts.append((sep if parts else "") + same_sep.join(rendered))
    return "".join(parts)


def _link_cell(p: NewPaper, line: str, items: list[Item]) -> str:
    """A links cell: the template's Paper and Code links pointed at the paper's."""
    out = []
    links = [i for i, it in enumerate(items) if it.kind == "link"]
    for k, i in enumerate(links):
        it = items[i]
        text = it.text.strip().lower().strip("[]")
        nxt = links[k + 1] if k + 1 < len(links) else len(items)
        tail = line[it.end : items[nxt - 1].end] if nxt - 1 > i else ""
        if text in ("paper", "pdf", "arxiv", "link") and p.url:
            out.append(f"{line[it.start : it.url_start]}{escape_url(p.url)}){tail}")
        elif text in ("github", "code", "repo") and p.code:
            out.append(f"{line[it.start : it.url_start]}{escape_url(p.code)}){tail}")
    return "".join(out)


def _plain_cell(role: str, p: NewPaper, template: str) -> str:
    """A cell without badges (date, venue, authors, code, links) in the template cell's spelling."""
    t = template.strip()
    if role == "date":
        if not p.date:
            return "-"
        sep = "." if re.search(r"\d{4}\.\d", t) else "-"
        return escape_text(p.date.replace("-", sep) if len(t) >= 7 or not t else p.date[:4])
    if role == "venue":
        return escape_text(p.venue) if p.venue else ("arXiv" if p.arxiv_id else "-")
    if role == "authors":
        return ", ".join(map(escape_text, p.authors)) or "-"
    if role == "code":
        if not p.code:
            return "-" if t in ("-", "", "—") or "](" in t else t
        m = re.match(r"\[([^\]]*)\]\(", t)
        return f"[{m.group(1) if m else 'code'}]({escape_url(p.code)})"
    if role in ("links",):
        m = re.match(r"\[([^\]]*)\]\(", t)
        return f"[{m.group(1) if m else 'Paper'}]({escape_url(p.url)})" if p.url else "-"
    return ""


_SEED_CELLS = {
    # the family's own layout (the seed README), used only for a table no row can teach
    "title": (
        "[![Arxiv](https://img.shields.io/badge/arXiv-2025\\.08-red)]() "
        "[![Star](https://img.shields.io/github/stars/owner/repo.svg?style=social&label=Star)]"
        "(https://github.com/owner/repo)<br>[Title](https://arxiv.org/abs/2508.00001)"
        "<br>Author One, Author Two",
        "[![Publish](https://img.shields.io/badge/CVPR-2026-blue)]()<br>"
        "[Title](https://arxiv.org/abs/2508.00002)<br>Author One",
    ),
    "area": ("[![Area](https://img.shields.io/badge/Image--LLM-purple)]()",) * 2,
    "tags": (
        "[![Type](https://img.shields.io/badge/Attention--Based-green)]()<br> "
        "[![Cost](https://img.shields.io/badge/Training--Free-yellow)]()",
    )
    * 2,
    "links": (
        "[Paper](https://arxiv.org/abs/2508.00001)<br>[GitHub](https://github.com/owner/repo)<br>",
        "[Paper](https://arxiv.org/abs/2508.00002)<br>",
    ),
}
_PLAIN_CELLS = {
    "date": "2025-08",
    "venue": "CVPR 2026",
    "authors": "Author One",
    "code": "[code](https://github.com/owner/repo)",
}


def synthetic_rows(table: Table) -> list[Row]:
    """Two rows in the family's default layout for this header (arXiv-dated and venue)."""
    roles = column_roles(table.header)
    keys = [header_key(h) for h in table.header]
    badge_title = any("author" in k for k in keys) and any("area" in k or "tag" in k for k in keys)
    rows = []
    for variant in (0, 1):
        cells = []
        for key, role in zip(keys, roles, strict=True):
            if role == "title":
                plain = "[Title](https://arxiv.org/abs/2508.00001)"
                cells.append(_SEED_CELLS["title"][variant] if badge_title else plain)
            elif "area" in key:
                cells.append(_SEED_CELLS["area"][variant])
            elif "tag" in key or "categor" in key:
                cells.append(_SEED_CELLS["tags"][variant])
            elif "link" in key:
                cells.append(_SEED_CELLS["links"][variant])
            else:
                cells.append(_PLAIN_CELLS.get(role, ""))
        rows.append("| " + " | ".join(cells) + " |")
    # a table of their own, as if the header and these rows were a file of three lines and two
    seed = Table(1, 2, list(table.header), [None] * len(table.header), False, 2, 4)
    seed.rows = [Row(source, 3 + k, seed) for k, source in enumerate(rows)]
    return seed.rows


def pick_template(survey: Survey, table: Table, p: NewPaper) -> Row:
    """The row to copy: one of this table's, else one of a table with the same header, else the
    family's default layout for this header."""
    rows = table.rows or [
        r
        for t in survey.tables
        if [c.strip() for c in t.header] == [c.strip() for c in table.header]
        for r in t.rows
    ]
    if not rows:
        rows = synthetic_rows(table)

    def score(row: Row) -> int:
        q = row.paper
        roles = {badge_role(b) for b in q.badges}
        s = 2 if bool(q.venue) == bool(p.venue) else 0
        s += 1 if bool(q.code) == bool(p.code) else 0
        # a row that shows every kind of badge the new paper has can lend each its place
        for role, wanted in (("area", p.areas), ("category", p.tags), ("cost", p.cost)):
            s += 3 if (role in roles) == bool(wanted) else (-3 if wanted else 0)
        s += 1 if len(row.spans) == len(table.header) else -5
        return s

    return max(rows, key=score)


def _repo_of(url: str) -> str | None:
    """`owner/repo` of a GitHub repository URL (None for any other URL)."""
    m = _GITHUB_REPO.match(url)
    return m.group(1).removesuffix(".git") if m else None


_GENERIC_CODE_TEXT = re.compile(r"\A[\[\s]*(?:code|github|repo|repository|official|link|💻)?[\]\s]*\Z", re.I)


def _code_from(p: NewPaper, line: str, items: list[Item], old_repo: str | None) -> str | None:
    """A code cell copied from a template cell that shows a repository (a stars badge, a
    link): each of its items pointed at the new repository; None if it shows none."""
    code = p.code or ""
    repo = _repo_of(code)
    shown = [it for it in items if it.kind == "link" or (it.kind == "badge" and "github/stars" in it.url)]
    if not shown:
        return None
    out: list[str] = []
    pos = items[0].start
    for it in items:
        if it.kind not in ("link", "badge"):
            continue
        if it not in shown:
            return None  # another badge (a blog, a project page) the new paper does not have
        out.append(line[pos : it.start])
        raw = line[it.start : it.end]
        if it.kind == "badge":
            spec = parse_badge_url(line[it.url_start : it.url_end])
            if repo is None or spec is None or not spec.repo:
                return None
            url = line[it.url_start : it.url_end].replace(spec.repo, escape_url(repo), 1)
            raw = raw[: it.url_start - it.start] + url + raw[it.url_end - it.start :]
            if it.link:
                raw = raw.replace(f"({it.link})", f"({escape_url(code)})", 1)
        else:
            text = it.text
            if not _GENERIC_CODE_TEXT.match(text) and old_repo is not None:
                # a link named after its repository ([[Mooncake]]) is named after the new one
                new_name = (repo or code).rsplit("/", 1)[-1]
                text = text.replace(old_repo.rsplit("/", 1)[-1], new_name, 1)
                if new_name not in text:
                    text = text.replace(text.strip("[] "), new_name, 1)
            raw = f"[{text}]({escape_url(code)})"
        out.append(raw)
        pos = it.end
    out.append(line[pos : items[-1].end])
    return "".join(out)


def _code_cell(p: NewPaper, table: Table, template: Row, k: int) -> str:
    """The code column's cell: the template's (or, when it has none, a neighbour's) way of
    showing a repository, pointed at the paper's; "-" or blank, as the table marks none."""
    if not p.code:
        return "-" if _marks_missing(table, k) else ""
    for row in [template, *table.rows]:
        if k >= len(row.spans) or not row.paper.code:
            continue
        sp = row.spans[k]
        items = scan_cell(row.source, sp.start, sp.end)
        if items:
            cell = _code_from(p, row.source, items, _repo_of(row.paper.code))
            if cell is not None:
                return cell
    return f"[code]({escape_url(p.code)})"


def _marks_missing(table: Table, k: int) -> bool:
    """Whether the table writes "-" (or "—") in column `k` where a row has no value."""
    return any(cell_text(r.source, r.spans[k]) in ("-", "—") for r in table.rows if len(r.spans) > k)


def _authors_in_title(table: Table, template: Row, roles: list[str]) -> bool:
    """Whether the table keeps authors in its title cell: no Authors column, and the header
    says so ("Title & Authors") or the template's title cell shows them."""
    if "authors" in roles:
        return False
    k = roles.index("title")
    if "author" in header_key(table.header[k]):
        return True
    return k < len(template.spans) and bool(template.paper.authors)


def render_row(
    survey: Survey, legend: Legend, table: Table, p: NewPaper, *, notes: list[str] | None = None
) -> str:
    """The new paper's row for `table`, each cell in the style of the best template row's.

    A given field the table has no place for (no column, no slot in the title cell) is
    left out and its name ("authors") appended to `notes`; a field with a place that the
    row would not read back is refused (StyleError)."""
    template = pick_template(survey, table, p)
    styler = _Styler([template, *table.rows, *survey.rows, *synthetic_rows(table)], legend)
    roles = column_roles(table.header)
    authors_here = _authors_in_title(table, template, roles)
    row, places = _render(table, p, template, styler, authors_here)
    try:
        _check_complete(row, table, p, notes, places)
    except StyleError:
        declared = "author" in header_key(table.header[roles.index("title")])
        if not authors_here or declared or not p.authors:
            raise
        # what the neighbours' title cells hold after the link is not an author list the
        # reader takes back (a description): the authors have no place here after all
        row, places = _render(table, p, template, styler, False)
        _check_complete(row, table, p, notes, places)
    return row


def _render(
    table: Table, p: NewPaper, template: Row, styler: _Styler, authors_here: bool
) -> tuple[str, set[str]]:
    """The row in the template's style, and the fields it has a place for."""
    line = template.source
    roles = column_roles(table.header)
    spans = template.spans[: len(table.header)]
    out = [line[: spans[0].start]]
    for k, sp in enumerate(spans):
        role = roles[k] if k < len(roles) else "other"
        items = scan_cell(line, sp.start, sp.end)
        lead, trail = _cell_frame(line, sp.start, sp.end)
        key = header_key(table.header[k])
        if role == "title":
            body = _title_cell(p, line, items, styler, authors=authors_here)
        elif role == "code":
            body = _code_cell(p, table, template, k)
        elif any(i.kind == "badge" for i in items) and role != "links":
            body = _badge_cell(p, line, items, template, styler)
        elif any(i.kind == "link" for i in items) and ("link" in key or role == "links"):
            body = _link_cell(p, line, items) or _plain_cell(role, p, line[sp.start : sp.end])
        else:
            body = _plain_cell(role, p, line[sp.start : sp.end])
        if not body and _marks_missing(table, k):
            body = "-"  # the table marks a missing value, rather than leaving the cell blank
        out.append(lead + body + (trail if body else ""))
        nxt = spans[k + 1].start if k + 1 < len(spans) else None
        if nxt is not None:
            out.append(line[sp.end : nxt])
    end = spans[-1].end
    rest = line[end:]
    if len(template.spans) > len(table.header):
        rest = line[end : template.spans[len(table.header)].start].rstrip()
    out.append(_missing_cells(p, table, roles, len(spans), rest))
    out.append(rest)
    row = "".join(out)
    places = {"title", "url", *(r for r in roles if r in ("authors", "code", "venue", "date"))}
    if authors_here:
        places.add("authors")
    k = roles.index("title")
    if k < len(spans) and any(i.kind == "badge" for i in scan_cell(line, spans[k].start, spans[k].end)):
        places |= {"venue", "date", "code"}  # date, venue and stars badges go in the title cell
    if p.code and escape_url(p.code) in row:
        places.add("code")  # a links cell with a GitHub link
    return row, places


def _missing_cells(p: NewPaper, table: Table, roles: list[str], have: int, rest: str) -> str:
    """The cells a short template row lacks, up to the header's count: GitHub shows them
    empty; the new row has them, with the paper's value where the column has a role."""
    out = []
    trailing_pipe = rest.lstrip(" \t").startswith("|")
    for k in range(have, len(table.header)):
        role = roles[k] if k < len(roles) else "other"
        body = _code_cell(p, table, table.rows[0], k) if role == "code" and table.rows else ""
        if not body and role not in ("title", "other", "code"):
            body = _plain_cell(role, p, "")
        if not body and _marks_missing(table, k):
            body = "-"
        out.append(f"| {body} " if trailing_pipe else f" | {body}")
    if out and not trailing_pipe and not out[-1].strip(" |"):
        out.append("|")  # an empty last cell needs a closing pipe, or it is no cell
    return "".join(out)


def _same_code(got: str | None, given: str) -> bool:
    """Whether the row's code link is the given repository (a tree/… URL reads as its repo)."""
    if got is None:
        return False
    g, w = got.rstrip("/").lower(), given.rstrip("/").lower()
    return w == g or w.startswith(g + "/")


def _check_complete(
    row: str, table: Table, p: NewPaper, notes: list[str] | None = None, places: set[str] | None = None
) -> None:
    """Refuse a row that would silently drop something the user asked for; name in `notes`
    the fields the table has no place for (`places`: the fields the row has a place for)."""
    got = Row(row, 0, table).paper
    messages = {b.message for b in got.badges}
    missing = [v for v in [*p.areas, *p.tags, *([p.cost] if p.cost else [])] if v not in messages]
    if missing:
        raise StyleError(
            f"no row of this table shows where {', '.join(repr(m) for m in missing)} would go; "
            "add the badge by hand after adding the row"
        )
    if got.title != p.title.strip():
        raise StyleError(f"the new row would read title {got.title!r}, not {p.title!r}")
    lost: list[tuple[str, object, object]] = []
    if p.url and got.url != escape_url(p.url):
        lost.append(("url", p.url, got.url))
    if p.code and not _same_code(got.code, p.code):
        lost.append(("code", p.code, got.code))
    if p.venue and " ".join((got.venue or "").split()).casefold() != p.venue.casefold():
        lost.append(("venue", p.venue, got.venue))
    year_only = bool(got.date) and len(got.date or "") == 4 and (p.date or "").startswith(got.date or "")
    if p.date and got.date != p.date and not year_only:
        lost.append(("date", p.date, got.date))
    if p.authors and got.authors != p.authors:
        lost.append(("authors", ", ".join(p.authors), ", ".join(got.authors) or None))
    for name, want, have in lost:
        if places is None or name in places:
            raise StyleError(
                f"the new row would read {name} {have!r}, not {want!r}; refusing to write a row that loses it"
            )
        if notes is not None:
            notes.append(name)
