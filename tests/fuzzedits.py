"""Hand-edit fuzzing helpers: mutations the way contributors edit surveys, and the invariants of `fix`.

Used by tests/test_fuzz_edits.py (which documents the method). Run directly for a
tally of every case, per mutation and per assertion, without pytest:

    PYTHONPATH=. python tests/fuzzedits.py          # the CI profile
    MDSURVEY_FUZZ=deep PYTHONPATH=. python tests/fuzzedits.py
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import os
import random
import re
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cmarkgfm
from cmarkgfm.cmark import Options as CmarkOptions

from mdsurvey.files.source import BOM, Line, dominant_eol, split_lines
from mdsurvey.fix.fixer import FixResult, FixVerificationError, fix_text
from mdsurvey.lint.config import Config
from mdsurvey.lint.engine import Options
from mdsurvey.lint.findings import Fix
from mdsurvey.survey.model import Survey
from mdsurvey.survey.parse import parse

SEED = 20250909
DEEP = os.environ.get("MDSURVEY_FUZZ", "") == "deep"


@dataclass(frozen=True)
class Profile:
    """How much to fuzz: cases per document (beyond the unmutated baseline) and excerpting."""

    corpus_cases: int
    fixture_cases: int
    excerpt_lines: int | None  # corpus files longer than this are cut to a section-aligned window


CI = Profile(corpus_cases=3, fixture_cases=6, excerpt_lines=160)
DEEP_PROFILE = Profile(corpus_cases=40, fixture_cases=60, excerpt_lines=None)
PROFILE = DEEP_PROFILE if DEEP else CI
if os.environ.get("MDSURVEY_FUZZ_CASES"):  # more (or fewer) cases per document, same excerpting
    _n = int(os.environ["MDSURVEY_FUZZ_CASES"])
    PROFILE = Profile(corpus_cases=_n, fixture_cases=2 * _n, excerpt_lines=PROFILE.excerpt_lines)

CONFIG = Config()
OPTS = Options(today=dt.date(2025, 11, 25), config=CONFIG)


# ---------------------------------------------------------------- documents


def excerpt(text: str, rng: random.Random, limit: int) -> str:
    """A window of a long file that starts at a section (or table) and ends at one: real text,
    small enough that many cases fit the CI budget. Short files are returned whole."""
    lines = split_lines(text[1:] if text.startswith(BOM) else text)
    if len(lines) <= limit:
        return text
    s = parse(text)
    if not s.tables:
        return "".join(str(x) for x in lines[:limit])
    t = rng.choice(s.tables)
    start = (t.section.start_line if t.section is not None else t.header_line) - 1
    start = max(0, min(start, t.header_line - 1))
    end = t.end_line
    if t.section is not None and t.section.end_line - start <= limit:
        end = max(end, t.section.end_line)
    for u in s.tables:  # take in following tables while they fit: rows can move between them
        if u.header_line > end and u.end_line - start <= limit:
            end = u.end_line
            if u.section is not None and u.section.end_line - start <= limit:
                end = max(end, u.section.end_line)
    if end - start > limit * 2:  # one huge table: keep its head, rows and all
        end = start + limit
    return "".join(str(x) for x in lines[start:end])


# ---------------------------------------------------------------- mutations

Lines = list[Line]


def _rows(lines: Lines) -> tuple[Survey, list[int]]:
    s = parse("".join(str(x) for x in lines))
    return s, [r.line - 1 for r in s.rows]


def _pipes(text: str) -> tuple[list[tuple[int, int]], int | None, int | None, list[int]]:
    """Cells (start, end), the leading and trailing pipe offsets, and the middle pipes."""
    from mdsurvey.syntax.cells import split_cells

    spans = split_cells(text)
    cells = [(sp.start, sp.end) for sp in spans]
    if not cells:
        return cells, None, None, []
    lead = cells[0][0] - 1 if cells[0][0] > 0 and text[cells[0][0] - 1] == "|" else None
    last = cells[-1][1]
    trail = last if last < len(text) and text[last] == "|" else None
    middle = [e for _, e in cells[:-1]]
    return cells, lead, trail, middle


def _set(lines: Lines, i: int, text: str) -> Lines:
    out = list(lines)
    out[i] = Line(text, lines[i].eol)
    return out


def _insert(lines: Lines, at: int, text: str) -> Lines:
    out = list(lines)
    eol = lines[at - 1].eol if at > 0 and lines[at - 1].eol else dominant_eol(lines)
    if at == len(out) and out and out[-1].eol == "":
        out[-1] = Line(out[-1].text, eol)
        out.append(Line(text, ""))
    else:
        out.insert(at, Line(text, eol))
    return out


def _delete(lines: Lines, i: int) -> Lines:
    out = list(lines)
    if i == len(out) - 1 and out[i].eol == "" and i > 0:
        out[i - 1] = Line(out[i - 1].text, "")
    del out[i]
    return out


Mutation = Callable[[random.Random, Lines], Lines | None]


def drop_cell(rng: random.Random, lines: Lines) -> Lines | None:
    """A row loses one cell (its text and one pipe)."""
    _, rows = _rows(lines)
    if not rows:
        return None
    i = rng.choice(rows)
    t = lines[i].text
    cells, _, _, middle = _pipes(t)
    if len(cells) < 2:
        return None
    k = rng.randrange(len(cells) - 1)
    return _set(lines, i, t[: cells[k][0]] + t[middle[k] + 1 :])


def add_cell(rng: random.Random, lines: Lines) -> Lines | None:
    """A row gains a cell: a copy of one of its cells, pasted after a pipe."""
    _, rows = _rows(lines)
    if not rows:
        return None
    i = rng.choice(rows)
    t = lines[i].text
    cells, lead, trail, middle = _pipes(t)
    if not cells:
        return None
    a, b = rng.choice(cells)
    pipes = [p for p in [lead, *middle, trail] if p is not None]
    if not pipes:
        return None
    p = rng.choice(pipes)
    return _set(lines, i, t[: p + 1] + " " + t[a:b].strip() + " |" + t[p + 1 :])


def _drop_pipe(which: str) -> Mutation:
    def mutate(rng: random.Random, lines: Lines) -> Lines | None:
        _, rows = _rows(lines)
        rng.shuffle(rows)
        for i in rows[:20]:
            t = lines[i].text
            _, lead, trail, middle = _pipes(t)
            p = (
                lead
                if which == "lead"
                else trail
                if which == "trail"
                else (rng.choice(middle) if middle else None)
            )
            if p is not None:
                return _set(lines, i, t[:p] + t[p + 1 :])
        return None

    mutate.__name__ = f"drop_pipe_{which}"
    mutate.__doc__ = f"A row loses its {which} pipe."
    return mutate


def dup_row(rng: random.Random, lines: Lines) -> Lines | None:
    """A row is pasted twice: right after itself or elsewhere in its table."""
    s, _ = _rows(lines)
    tables = [t for t in s.tables if t.rows]
    if not tables:
        return None
    t = rng.choice(tables)
    r = rng.choice(t.rows)
    at = r.line if rng.random() < 0.6 else rng.randint(t.delimiter_line, t.end_line)
    return _insert(lines, at, lines[r.line - 1].text)


def wrong_section(rng: random.Random, lines: Lines) -> Lines | None:
    """A row lands in another table (another section if there is one): moved or copied."""
    s, _ = _rows(lines)
    tables = [t for t in s.tables if t.rows]
    if len(s.tables) < 2 or not tables:
        return None
    src = rng.choice(tables)
    others = [t for t in s.tables if t is not src and t.section is not src.section] or [
        t for t in s.tables if t is not src
    ]
    dst = rng.choice(others)
    r = rng.choice(src.rows)
    text = lines[r.line - 1].text
    at = rng.randint(dst.delimiter_line, dst.end_line)
    where = rng.random()
    if where < 0.15 and dst.end_line < len(lines):
        at = dst.end_line + 1  # after the blank line that ends the table
    elif where < 0.3 and dst.section is not None and dst.section.kind == "details":
        summary = [d.summary_line for d in s.details if d.start_line == dst.section.start_line]
        if summary and summary[0]:
            at = summary[0]  # right under `<summary>`, above the blank line
    out = _insert(lines, at, text)
    if rng.random() < 0.5:  # a move, not a copy
        old = r.line - 1 + (1 if at <= r.line - 1 else 0)
        out = _delete(out, old)
    return out


def crlf(rng: random.Random, lines: Lines) -> Lines | None:
    """A few lines get the other line break (CRLF in an LF file, LF in a CRLF file)."""
    eol = dominant_eol(lines)
    other = "\n" if eol == "\r\n" else "\r\n"
    cand = [i for i, x in enumerate(lines) if x.eol == eol]
    if not cand:
        return None
    out = list(lines)
    for i in rng.sample(cand, min(len(cand), rng.randint(1, 3))):
        out[i] = Line(out[i].text, other)
    return out


def delete_details_close(rng: random.Random, lines: Lines) -> Lines | None:
    """A `</details>` is deleted: the whole line, or the tag from its line."""
    cand = [i for i, x in enumerate(lines) if "</details>" in x.text]
    if not cand:
        return None
    i = rng.choice(cand)
    if lines[i].text.strip() == "</details>" or rng.random() < 0.5:
        if lines[i].text.strip() == "</details>":
            return _delete(lines, i)
    return _set(lines, i, lines[i].text.replace("</details>", "", 1))


def no_blank_after_summary(rng: random.Random, lines: Lines) -> Lines | None:
    """The blank line after `</summary>` is deleted (the table below then renders as text)."""
    cand = [i for i, x in enumerate(lines[:-1]) if "</summary>" in x.text and not lines[i + 1].text.strip()]
    if not cand:
        return None
    return _delete(lines, rng.choice(cand) + 1)


def tabs(rng: random.Random, lines: Lines) -> Lines | None:
    """A space next to a pipe (or a line's indentation) becomes a tab."""
    _, rows = _rows(lines)
    if rows and rng.random() < 0.8:
        i = rng.choice(rows)
        t = lines[i].text
        spots = [m.start() for m in re.finditer(r"(?<=\|) | (?=\|)", t)]
        if spots:
            k = rng.choice(spots)
            return _set(lines, i, t[:k] + "\t" + t[k + 1 :])
        return _set(lines, i, "\t" + t)
    cand = [i for i, x in enumerate(lines) if x.text.strip()]
    if not cand:
        return None
    i = rng.choice(cand)
    return _set(lines, i, "\t" + lines[i].text)


def trailing_spaces(rng: random.Random, lines: Lines) -> Lines | None:
    """Trailing blanks after a row or any other line."""
    _, rows = _rows(lines)
    cand = rows if rows and rng.random() < 0.6 else [i for i, x in enumerate(lines) if x.text.strip()]
    if not cand:
        return None
    i = rng.choice(cand)
    return _set(lines, i, lines[i].text + rng.choice([" ", "  ", "   ", " \t", "\t"]))


MUTATIONS: list[Mutation] = [
    drop_cell,
    add_cell,
    _drop_pipe("lead"),
    _drop_pipe("trail"),
    _drop_pipe("middle"),
    dup_row,
    wrong_section,
    crlf,
    delete_details_close,
    no_blank_after_summary,
    tabs,
    trailing_spaces,
]


def mutate(text: str, rng: random.Random) -> tuple[str, list[str]]:
    """Apply 1-3 mutations (those that find a target); return the text and their names."""
    bom = BOM if text.startswith(BOM) else ""
    lines = split_lines(text[len(bom) :])
    names: list[str] = []
    want = rng.randint(1, 3)
    for _ in range(want * 4):
        if len(names) == want:
            break
        m = rng.choice(MUTATIONS)
        out = m(rng, lines)
        if out is not None and out != lines:
            lines = out
            names.append(m.__name__)
    return bom + "".join(str(x) for x in lines), names


# ---------------------------------------------------------------- invariants


def _title_key(title: str | None) -> str:
    # mojibake repair (MS501) rewrites only non-ASCII runs of a title
    return " ".join("".join(ch for ch in (title or "") if ch.isascii()).split())


def paper_key(title: str | None, url: str | None) -> str:
    """A paper is known by its URL, else by the ASCII of its title."""
    return f"url:{url}" if url else f"title:{_title_key(title)}"


def papers(text: str) -> Counter[str]:
    return Counter(paper_key(r.paper.title, r.paper.url) for r in parse(text).rows)


def lost_papers(before: str, after: str, applied: list[Fix]) -> Counter[str]:
    """Papers of `before` missing from `after`, beyond what the fixes declare they remove."""
    removed = Counter(paper_key(t, u) for f in applied for t, u in f.removes)
    return papers(before) - removed - papers(after)


@dataclass
class Diff:
    """Lines of `before` kept in `after`: before index -> after index; the rest changed."""

    mapping: dict[int, int]
    deleted: list[int]  # before indexes not kept
    inserted: list[int]  # after indexes not from before


def diff_lines(before: list[str], after: list[str]) -> Diff:
    """Line alignment (text and line break compared), common head and tail taken first."""
    n, m = len(before), len(after)
    head = 0
    while head < n and head < m and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < n - head and tail < m - head and before[n - 1 - tail] == after[m - 1 - tail]:
        tail += 1
    mapping = {i: i for i in range(head)}
    for k in range(tail):
        mapping[n - 1 - k] = m - 1 - k
    sm = difflib.SequenceMatcher(None, before[head : n - tail], after[head : m - tail], autojunk=False)
    for a, b, size in sm.get_matching_blocks():
        for k in range(size):
            mapping[head + a + k] = head + b + k
    kept_after = set(mapping.values())
    return Diff(
        mapping,
        [i for i in range(n) if i not in mapping],
        [j for j in range(m) if j not in kept_after],
    )


def _strings(text: str) -> list[str]:
    return [str(x) for x in split_lines(text[1:] if text.startswith(BOM) else text)]


def undeclared_changes(before: str, after: str, applied: list[Fix]) -> list[str]:
    """Changed lines that no applied fix's edit covers.

    Edits of later rounds are in the coordinates of the text of their round, which differ
    from the original's (and the result's) by at most the total net line count change D
    of all edits: a changed line counts as covered when it lies within D lines of an edit.
    An inserted line must also be the text of some edit's line.
    """
    d = diff_lines(_strings(before), _strings(after))
    edits = [e for f in applied for e in f.edits]
    drift = sum(abs(len(e.lines) - (e.end - e.start)) for e in edits)
    new_texts = {t for e in edits for t in e.lines}
    after_lines = split_lines(after[1:] if after.startswith(BOM) else after)
    before_lines = split_lines(before[1:] if before.startswith(BOM) else before)
    deleted_texts = {before_lines[i].text for i in d.deleted}
    problems: list[str] = []
    for i in d.deleted:
        if not any(e.start - drift <= i < max(e.end, e.start + 1) + drift for e in edits):
            problems.append(f"original line {i + 1} changed outside every edit")
    for j in d.inserted:
        near = any(e.start - drift <= j < max(e.start + len(e.lines), e.end) + drift for e in edits)
        text = after_lines[j].text
        # a kept line whose break changed next to an edit (the file's last line) is near one too
        if not near or (text not in new_texts and text not in deleted_texts):
            problems.append(f"result line {j + 1} {text[:50]!r} is in no edit")
    return problems


_OPT = CmarkOptions.CMARK_OPT_SOURCEPOS | CmarkOptions.CMARK_OPT_UNSAFE
_START = re.compile(r'^<([a-z][a-z0-9]*) data-sourcepos="(\d+):\d+-(\d+):\d+"', re.M)
_TABLE = re.compile(r'<table data-sourcepos="(\d+):\d+-\d+:\d+">(.*?)</table>', re.S)
_TR = re.compile(r'<tr data-sourcepos="(\d+):\d+-\d+:\d+">(.*?)</tr>', re.S)
_POS = re.compile(r' data-sourcepos="[^"]*"')


def render(text: str) -> str:
    """cmark-gfm's HTML with source positions, raw HTML kept (GitHub's parser, all GFM extensions)."""
    return str(cmarkgfm.github_flavored_markdown_to_html(text, options=_OPT))


@dataclass
class Rendered:
    """cmark-gfm's HTML cut into top-level units, each with the 1-based source lines it spans,
    and the table rows by line (with their table's header line)."""

    units: dict[tuple[int, int], str] = field(default_factory=dict)
    rows: dict[int, tuple[int, str]] = field(default_factory=dict)


def cut(html: str, n_lines: int) -> Rendered:
    """Units: every top-level element (it carries data-sourcepos) plus the raw HTML blocks
    after it (raw HTML has no position), so a unit spans up to the line before the next one."""
    out = Rendered()
    starts: list[tuple[int, int, int]] = []  # html offset, first line, last line
    top_end = 0
    for m in _START.finditer(html):
        a, b = int(m.group(2)), int(m.group(3))
        if a > top_end:
            starts.append((m.start(), a, b))
        top_end = max(top_end, b, a)
    bounds = [(0, 1)] + [(off, a) for off, a, _ in starts]
    for k, (off, a) in enumerate(bounds):
        nxt_off, nxt_a = bounds[k + 1] if k + 1 < len(bounds) else (len(html), n_lines + 1)
        if nxt_a - 1 >= a or html[off:nxt_off].strip():
            out.units[(a, max(a, nxt_a - 1))] = _POS.sub("", html[off:nxt_off])
    for t in _TABLE.finditer(html):
        header = int(t.group(1))
        for r in _TR.finditer(t.group(2)):
            out.rows[int(r.group(1))] = (header, _POS.sub("", r.group(2)))
    return out


def render_changes(before: str, after: str, reveals: bool) -> list[str]:
    """Where cmark-gfm renders differently outside the changed lines (see the test module)."""
    bl, al = _strings(before), _strings(after)
    d = diff_lines(bl, al)
    fwd = {i + 1: j + 1 for i, j in d.mapping.items()}  # 1-based
    back = {j: i for i, j in fwd.items()}
    rb, ra = cut(render(before), len(bl)), cut(render(after), len(al))
    problems: list[str] = []

    def mapped(rng: tuple[int, int], m: dict[int, int]) -> tuple[int, int] | None:
        a, b = rng
        if any(x not in m for x in range(a, b + 1)):
            return None
        if m[b] - m[a] != b - a:
            return None
        return (m[a], m[b])

    new_rows = {ln for ln, (h, _) in ra.rows.items() if back.get(h) not in {hh for hh, _ in rb.rows.values()}}

    def compare(x: Rendered, y: Rendered, m: dict[int, int], m_back: dict[int, int], side: str) -> None:
        ranges = sorted(y.units)
        for rng, html in x.units.items():
            to = mapped(rng, m)
            if to is None:
                continue  # the unit holds a changed line
            k = bisect.bisect_right(ranges, (to[0], 1 << 30)) - 1
            yr = ranges[k] if k >= 0 else (0, 0)
            if yr == to and y.units[yr] == html:
                continue
            if reveals and any(new_rows.intersection(range(r[0], r[1] + 1)) for r in (to, yr)):
                continue  # a declared reveal: the text there is a table now
            if yr != to and yr[0] <= to[0] and to[1] <= yr[1]:
                extra = set(range(yr[0], yr[1] + 1)) - set(range(to[0], to[1] + 1))
                if all(e not in m_back for e in extra):
                    continue  # the unit there also holds the changed lines next to it
                if reveals and side == "result" and mapped(yr, m_back) is None:
                    continue  # a declared reveal: the text was inside a block an edit ended
            problems.append(f"{side} lines {rng[0]}-{rng[1]} render differently on the other side")

    compare(rb, ra, fwd, back, "original")
    compare(ra, rb, back, fwd, "result")
    # rows of tables that were edited: an unchanged row under an unchanged header renders the same
    for ln, (h, html) in rb.rows.items():
        if ln in fwd and h in fwd:
            got = ra.rows.get(fwd[ln])
            if got != (fwd[h], html):
                problems.append(f"row at line {ln} renders differently (or not at all) after the fix")
    for ln, (h, html) in ra.rows.items():
        if ln in back and h in back and rb.rows.get(back[ln]) != (back[h], html):
            if reveals and ln in new_rows:
                continue
            problems.append(f"result row at line {ln} is new or renders differently")
    return sorted(set(problems))[:5]


@dataclass
class Outcome:
    """What one fix run did: failures by assertion, and whether verification refused."""

    failures: dict[str, list[str]] = field(default_factory=dict)
    verify_error: str | None = None
    applied: list[str] = field(default_factory=list)

    def fail(self, kind: str, detail: str) -> None:
        self.failures.setdefault(kind, []).append(detail)


def check_fix(text: str, path: str, unsafe: bool) -> Outcome:
    """Run `fix` on `text` and check the invariants the test module lists."""
    out = Outcome()
    try:
        result: FixResult = fix_text(text, path, CONFIG, OPTS, unsafe=unsafe)
    except FixVerificationError as e:
        out.verify_error = str(e)
        return out
    except Exception:
        out.fail("exception", traceback.format_exc(limit=-3))
        return out
    out.applied = sorted({f.code for f in result.applied})
    if not result.changed:
        return out
    try:
        again = fix_text(result.text, path, CONFIG, OPTS, unsafe=unsafe)
        if again.changed:
            out.fail("idempotent", f"second run applied {sorted({f.code for f in again.applied})}")
    except Exception as e:
        out.fail("idempotent", f"second run raised {e!r}")
    lost = lost_papers(text, result.text, result.applied)
    if lost:
        out.fail("papers", f"lost {sorted(lost)[:3]}")
    for p in undeclared_changes(text, result.text, result.applied):
        out.fail("lines", p)
    reveals = any(f.reveals_tables for f in result.applied)
    for p in render_changes(text, result.text, reveals):
        out.fail("render", p)
    return out


@dataclass
class Case:
    """One fuzz case: a document (maybe an excerpt), mutated by `mutations`."""

    case_id: str
    path: str
    text: str
    mutations: list[str]


def make_case(doc_id: str, path: Path, source: str, k: int, corpus: bool) -> Case:
    """Case k of a document (k == 0: the unmutated baseline), the same on every run."""
    rng = random.Random(f"{SEED}:{doc_id}:{k}")
    text = source
    if corpus and PROFILE.excerpt_lines is not None:
        text = excerpt(source, random.Random(f"{SEED}:{doc_id}:excerpt:{k}"), PROFILE.excerpt_lines)
    names: list[str] = []
    if k:
        text, names = mutate(text, rng)
    return Case(f"{doc_id}#{k}", str(path), text, names)


def run_case(case: Case) -> dict[str, Outcome]:
    """The safe and the unsafe fix run of a case."""
    return {"safe": check_fix(case.text, case.path, False), "unsafe": check_fix(case.text, case.path, True)}


def _main() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import FIXTURES, read_exact, shared_files

    docs = [(p, True) for p in shared_files()] + [(p, False) for p in sorted(FIXTURES.glob("*.md"))]
    tally: Counter[str] = Counter()
    verify: Counter[str] = Counter()
    cases = 0
    for p, corpus in docs:
        source = read_exact(p)
        doc_id = f"{p.parent.name}/{p.name}"
        for k in range((PROFILE.corpus_cases if corpus else PROFILE.fixture_cases) + 1):
            case = make_case(doc_id, p, source, k, corpus)
            cases += 1
            for mode, o in run_case(case).items():
                if o.verify_error:
                    verify["+".join(case.mutations) or "(none)"] += 1
                    print(f"VERIFY {case.case_id} {mode} {case.mutations}: {o.verify_error[:150]}")
                for kind, details in o.failures.items():
                    tally[kind] += 1
                    print(
                        f"FAIL {kind} {case.case_id} {mode} {case.mutations} {o.applied}: {details[0][:300]}"
                    )
    print(f"cases {cases}; failures by assertion {dict(tally)}; verification errors {dict(verify)}")


if __name__ == "__main__":
    _main()
