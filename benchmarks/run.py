"""Time whole processes side by side: mdsurvey check / fix --check against markdown-it-py's
full parse, markdown-it-pyrs, mdformat (with mdformat-gfm) and cmark-gfm, on the same
generated surveys.

    python benchmarks/run.py                       # 1k, 10k and 100k rows
    python benchmarks/run.py --sizes 1000,10000 --repeats 5
    python benchmarks/run.py --profile 10000       # also cProfile check and fix --check
    python benchmarks/run.py --sizes 10000 --corpus-mix 10000   # and corpus rows, same size

Each measurement is one fresh process (start-up and imports included), timed
with a wall clock; peak memory is the child's max RSS from os.wait4. Tools run
interleaved within each repeat, so drift on a busy machine hits them alike.
mdformat and mdformat-gfm, and markdown-it-pyrs (markdown-it's Rust port:
`MarkdownIt("commonmark").enable("table").tree(text)`), are benchmark-only tools
(`pip install mdformat mdformat-gfm markdown-it-pyrs`), not dependencies of mdsurvey;
a tool that is not installed is reported as such. markdown-it-py's tokens take about 40x
the file size and mdformat more: a tool whose estimated peak would not fit in
the available memory is skipped, and the table says so.

"In process" times, in one child per repeat with the interpreter started and the
modules imported, `mdsurvey.lint.engine.check_file` (file read included, cyclic GC off
as `python -m mdsurvey` runs it) and `cmarkgfm.github_flavored_markdown_to_html(text)`
alone: the ratio without start-up (`--skip in-process` leaves it out).

`--corpus-mix ROWS` (when `../shared/corpus` or `$MDSURVEY_SHARED/corpus` exists) builds a
survey of ROWS rows at run time, in the work folder and never in the checkout (the corpus
is other people's text; the file is deleted after the run): the body rows of the corpus
files' paper tables, the files taken in turn, in tables of up to 100 rows under the header
and delimiter row of each row's own table, about 100 rows a `<details><summary>` section.
`check` is timed on it beside the synthetic survey of as many rows.

For every file timed (synthetic sizes, the corpus mix, the seed README) the report gives
the share of table rows the one-regex row tokenizer reads (`syntax.tokens.tokenize` and
`cells_items` both succeed, as tests/test_tokens.py judges the fast path).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
SHARED = Path(os.environ.get("MDSURVEY_SHARED", ROOT.parent / "shared"))
TODAY = "2025-11-25"  # pinned so date rules do the same work on every run

MDIT = (
    "import sys\n"
    "from markdown_it import MarkdownIt\n"
    "with open(sys.argv[1], encoding='utf-8') as f:\n"
    "    MarkdownIt('commonmark').enable('table').parse(f.read())\n"
)
# markdown-it's Rust port (markdown-it.rs) through its Python binding: the parse into a
# syntax tree, as markdown-it-py's row parses into tokens
MDIT_RS = (
    "import sys\n"
    "from markdown_it_pyrs import MarkdownIt\n"
    "with open(sys.argv[1], encoding='utf-8') as f:\n"
    "    MarkdownIt('commonmark').enable('table').tree(f.read())\n"
)
# GitHub's own C parser (cmark-gfm) through its Python binding: a whole process, start-up included
CMARK = (
    "import sys, cmarkgfm\n"
    "with open(sys.argv[1], encoding='utf-8') as f:\n"
    "    cmarkgfm.github_flavored_markdown_to_html(f.read())\n"
)

# in process: one child (interpreter started, modules imported) times cmark-gfm's conversion
# alone, then mdsurvey's check_file on the same file with the cyclic GC off (as the CLI runs it)
IN_PROCESS = (
    "import datetime, gc, json, sys, time\n"
    "from pathlib import Path\n"
    "from mdsurvey.lint.engine import Options, check_file\n"
    "from mdsurvey.lint.reading import one_run\n"
    "try:\n"
    "    import cmarkgfm\n"
    "except ImportError:\n"
    "    cmarkgfm = None\n"
    "path, today = Path(sys.argv[1]), datetime.date.fromisoformat(sys.argv[2])\n"
    "with open(path, encoding='utf-8', newline='') as f:\n"
    "    text = f.read()\n"
    "gc.disable()\n"
    "out = {}\n"
    "if cmarkgfm is not None:\n"
    "    w, c = time.perf_counter(), time.process_time()\n"
    "    cmarkgfm.github_flavored_markdown_to_html(text)\n"
    "    out['cmark'], out['cmark_cpu'] = time.perf_counter() - w, time.process_time() - c\n"
    "del text\n"
    "opts = Options(today=today)\n"
    "w, c = time.perf_counter(), time.process_time()\n"
    "with one_run():\n"
    "    checked = check_file(path, opts)\n"
    "out['check'], out['check_cpu'] = time.perf_counter() - w, time.process_time() - c\n"
    "out['findings'] = len(checked.findings)\n"
    "print(json.dumps(out))\n"
)
# the share of table rows the one-regex row tokenizer reads (tests/test_tokens.py's _compare)
FAST_SHARE = (
    "import json, sys\n"
    "import mdsurvey\n"
    "from mdsurvey.syntax.tokens import cells_items, tokenize\n"
    "survey = mdsurvey.load(sys.argv[1])\n"
    "fast = total = 0\n"
    "for row in survey.rows:\n"
    "    total += 1\n"
    "    line = row.source\n"
    "    got = tokenize(line)\n"
    "    if got is not None and got.items is not None:\n"
    "        spans = [(s.start, s.end) for s in row.spans]\n"
    "        fast += cells_items(line, spans, got.items) is not None\n"
    "print(json.dumps({'fast': fast, 'total': total, 'tables': len(survey.tables)}))\n"
)

# the children's environment (set in main): by default bytecode is cached in a private
# folder (PYTHONPYCACHEPREFIX), as an installed package would have it, even where the
# environment says PYTHONDONTWRITEBYTECODE=1 (then every run would recompile mdsurvey)
ENV: dict[str, str] | None = None
NO_PYC: dict[str, str] = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONPYCACHEPREFIX"},
    "PYTHONDONTWRITEBYTECODE": "1",
}

# estimated peak RSS as a multiple of the file size (measured at 10k rows: ~40x, ~57x)
# (markdown-it-pyrs: ~66x, its syntax tree as Python objects)
MEMORY_FACTOR = {"markdown-it": 45, "markdown-it-pyrs": 70, "mdformat": 70}


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_mdsurvey_bench_generate", HERE / "generate.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


@dataclass
class Sample:
    seconds: float
    max_rss: int  # bytes
    code: int
    cpu: float = 0.0  # the child's user + system CPU seconds (os.wait4): far steadier than
    # wall time on a busy machine, where a child waits for a core


@dataclass
class Result:
    tool: str
    label: str
    samples: list[Sample] = field(default_factory=list)
    skipped: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(s.seconds for s in self.samples) if self.samples else None

    @property
    def cpu(self) -> float | None:
        return statistics.median(s.cpu for s in self.samples) if self.samples else None

    @property
    def rss(self) -> int | None:
        return max(s.max_rss for s in self.samples) if self.samples else None


@dataclass
class InProcess:
    """In-process times of one file: one dict per child (check, check_cpu, cmark, cmark_cpu)."""

    label: str
    samples: list[dict[str, float]] = field(default_factory=list)
    skipped: str | None = None

    def median(self, key: str) -> float | None:
        """The median of one measurement over the children that made it."""
        values = [s[key] for s in self.samples if key in s]
        return statistics.median(values) if values else None


@dataclass
class Share:
    """Table rows of one file, and how many of them the one-regex row tokenizer reads."""

    fast: int
    total: int
    tables: int

    @property
    def percent(self) -> float | None:
        """The fast path's share of the rows, in percent (None without rows)."""
        return 100 * self.fast / self.total if self.total else None


def run_once(
    argv: list[str], ok: tuple[int, ...], timeout: float, env: dict[str, str] | None = None
) -> Sample:
    """One process: wall time and its own peak RSS (os.wait4, so only this child counts)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdout=subprocess.DEVNULL, stderr=err, cwd=tempfile.gettempdir(), env=env or ENV
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - t0
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        msg = err.read().decode("utf-8", "replace")
    if elapsed >= timeout:
        raise TimeoutError(f"{' '.join(argv[:4])} took more than {timeout:.0f} s")
    if code not in ok:
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {msg[-2000:]}")
    # ru_maxrss is in KiB on Linux
    return Sample(elapsed, usage.ru_maxrss * 1024, code, usage.ru_utime + usage.ru_stime)


def run_json(argv: list[str], timeout: float) -> dict[str, Any]:
    """Run a child that prints one JSON object on stdout and return it."""
    proc = subprocess.run(
        argv, capture_output=True, text=True, cwd=tempfile.gettempdir(), env=ENV, timeout=timeout
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:3])} exited {proc.returncode}: {proc.stderr[-2000:]}")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def in_process_once(path: Path, timeout: float) -> dict[str, float]:
    """check_file and cmark-gfm's conversion on `path`, timed inside one fresh child."""
    return run_json([PY, "-c", IN_PROCESS, str(path), TODAY], timeout)


def fast_share(path: Path, timeout: float) -> Share | None:
    """How many of the file's table rows the row tokenizer reads (None if the child failed)."""
    try:
        got = run_json([PY, "-c", FAST_SHARE, str(path)], timeout)
    except (RuntimeError, subprocess.TimeoutExpired, ValueError) as e:
        print(f"fast-path share of {path.name}: {e}", file=sys.stderr)
        return None
    return Share(int(got["fast"]), int(got["total"]), int(got["tables"]))


def mem_available() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def have(module: str) -> bool:
    argv = [PY, "-c", f"import {module}"]
    return subprocess.run(argv, capture_output=True, cwd=tempfile.gettempdir(), env=ENV).returncode == 0


# --compare DIR: also time `check` with the mdsurvey package found in DIR (another checkout),
# interleaved with the others in the same run, so before/after ratios share the machine's load
COMPARE: str | None = None


def tools_for(path: Path) -> list[tuple[str, list[str], tuple[int, ...]]]:
    p = str(path)
    extra = []
    if COMPARE:
        extra = [("check @compare", [PY, "-m", "mdsurvey", "check", "--today", TODAY, p], (0, 1))]
    return [
        *extra,
        ("check", [PY, "-m", "mdsurvey", "check", "--today", TODAY, p], (0, 1)),
        ("fix --check", [PY, "-m", "mdsurvey", "fix", "--check", "--today", TODAY, p], (0, 1)),
        ("markdown-it", [PY, "-c", MDIT, p], (0,)),
        ("markdown-it-pyrs", [PY, "-c", MDIT_RS, p], (0,)),
        ("mdformat", [PY, "-m", "mdformat", "--check", p], (0, 1)),
        ("cmark-gfm", [PY, "-c", CMARK, p], (0,)),
    ]


def _compare_env() -> dict[str, str]:
    assert ENV is not None and COMPARE is not None
    return {**ENV, "PYTHONPATH": COMPARE}


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = mem_available()
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "mem_available": f"{mem / 2**30:.1f} GiB" if mem else "?",
    }


def fmt_s(x: float | None) -> str:
    return "—" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.1f}")


def synthetic(rows: int, workdir: Path) -> Path:
    """The generated survey of `rows` rows in the work folder (written once)."""
    path = workdir / f"survey-{rows}.md"
    if not path.exists():
        path.write_text(_load_generator().survey(rows), encoding="utf-8", newline="")
    return path


def in_process_step(ip: InProcess, path: Path, rows: int, rep: int, repeats: int, timeout: float) -> None:
    """One in-process child on `path`: its times appended to `ip`, or why it failed recorded."""
    if ip.skipped:
        return
    try:
        got = in_process_once(path, timeout)
    except (RuntimeError, subprocess.TimeoutExpired, ValueError) as e:
        ip.skipped = str(e)
        return
    ip.samples.append(got)
    cm = f"cmark-gfm {got['cmark']:8.3f} s" if "cmark" in got else "cmark-gfm not installed"
    print(
        f"  {rows:>7} rows  in process {ip.label:<16} run {rep + 1}/{repeats}: "
        f"check {got['check']:8.3f} s  {cm}",
        file=sys.stderr,
        flush=True,
    )


def bench_size(rows: int, workdir: Path, repeats: int, timeout: float, skip: set[str]) -> dict[str, object]:
    path = synthetic(rows, workdir)
    size = path.stat().st_size
    inproc = InProcess(f"synthetic {rows}", skipped="skipped (--skip)" if "in-process" in skip else None)
    results: dict[str, Result] = {}
    avail = mem_available()
    for tool, argv, _ok in tools_for(path):
        r = Result(tool, " ".join(argv[:3]))
        results[tool] = r
        if tool in skip:
            r.skipped = "skipped (--skip)"
        elif tool == "markdown-it" and not have("markdown_it"):
            r.skipped = "markdown-it-py not installed"
        elif tool == "markdown-it-pyrs" and not have("markdown_it_pyrs"):
            r.skipped = "markdown-it-pyrs not installed (pip install markdown-it-pyrs)"
        elif tool == "cmark-gfm" and not have("cmarkgfm"):
            r.skipped = "cmarkgfm not installed (pip install cmarkgfm)"
        elif tool == "mdformat" and not have("mdformat"):
            r.skipped = "mdformat not installed (pip install mdformat mdformat-gfm)"
        elif tool in MEMORY_FACTOR and avail is not None and size * MEMORY_FACTOR[tool] > 0.8 * avail:
            r.skipped = (
                f"needs ~{size * MEMORY_FACTOR[tool] / 2**30:.1f} GiB, {avail / 2**30:.1f} GiB available"
            )
    for rep in range(repeats):
        for tool, argv, ok in tools_for(path):
            r = results[tool]
            if r.skipped:
                continue
            try:
                s = run_once(argv, ok, timeout, _compare_env() if tool == "check @compare" else None)
            except (TimeoutError, RuntimeError) as e:
                r.skipped = str(e)
                continue
            r.samples.append(s)
            print(
                f"  {rows:>7} rows  {tool:<12} run {rep + 1}/{repeats}: {s.seconds:8.3f} s  "
                f"cpu {s.cpu:8.3f} s  {s.max_rss / 2**20:8.1f} MiB  exit {s.code}",
                file=sys.stderr,
                flush=True,
            )
        in_process_step(inproc, path, rows, rep, repeats, timeout)
    share = fast_share(path, timeout)
    return {"rows": rows, "size": size, "results": results, "inproc": inproc, "share": share}


def bench_fixes(rows: int, workdir: Path, repeats: int, timeout: float) -> dict[str, Result]:
    """check against fix --check on a survey with one fix per row (every area badge drawn
    orange, the legend says purple): the cost of many fixes."""
    gen = _load_generator()
    path = workdir / f"survey-{rows}-fixes.md"
    text = gen.survey(rows)
    path.write_text(text.replace("-purple)]()", "-orange)]()"), encoding="utf-8", newline="")
    p = str(path)
    cmds = [
        ("check", [PY, "-m", "mdsurvey", "check", "--today", TODAY, p]),
        ("fix --check", [PY, "-m", "mdsurvey", "fix", "--check", "--quiet", "--today", TODAY, p]),
    ]
    out = {name: Result(name, f"{rows} rows, one fix each") for name, _ in cmds}
    for rep in range(repeats):
        for name, argv in cmds:
            s = run_once(argv, (0, 1), timeout)
            out[name].samples.append(s)
            msg = f"  {rows:>7} fixes {name:<12} run {rep + 1}/{repeats}: {s.seconds:8.3f} s"
            print(msg, file=sys.stderr, flush=True)
    return out


MIX_TABLE_ROWS = 100  # rows a built table holds at most, and a section at least (the last aside)


def corpus_dir() -> Path:
    """Where the shared corpus sits: `$MDSURVEY_SHARED/corpus`, else `../shared/corpus`."""
    return SHARED / "corpus"


def build_corpus_mix(rows: int, corpus: Path) -> tuple[str, dict[str, int]]:
    """A survey of `rows` table rows cycled from the corpus files' paper tables, and counts of
    what went in. The files are taken in turn; from each, the next run of up to 100 rows
    that share one header and delimiter row (its tables' own, so each row keeps its columns),
    wrapping to the file's start once read through; tables fill `<details>` sections of
    about 100 rows."""
    import mdsurvey
    from mdsurvey.analysis.papers import paper_tables

    # per file, its paper tables' body rows in order, each with its table's header and delimiter
    pools: list[list[tuple[str, str, str]]] = []
    n_tables = 0
    for path in sorted(corpus.rglob("*.md")):
        survey = mdsurvey.load(path)
        pool: list[tuple[str, str, str]] = []
        for t in paper_tables(survey):
            if t.quoted or not t.rows:
                continue  # a table inside a blockquote keeps its rows' `>`: left out
            n_tables += 1
            head = survey.lines[t.header_line - 1].text
            delim = survey.lines[t.delimiter_line - 1].text
            pool += [(head, delim, r.source) for r in t.rows]
        if pool:
            pools.append(pool)
    if not pools:
        raise ValueError(f"no paper table rows in {corpus}")
    cursor = [0] * len(pools)
    tables: list[tuple[str, str, list[str]]] = []
    done = k = 0
    while done < rows:
        pool, i = pools[k % len(pools)], k % len(pools)
        head, delim, _ = pool[cursor[i]]
        body: list[str] = []
        while len(body) < min(MIX_TABLE_ROWS, rows - done):
            h, d, src = pool[cursor[i]]
            if (h, d) != (head, delim):
                break
            body.append(src)
            cursor[i] += 1
            if cursor[i] == len(pool):
                cursor[i] = 0
                break  # a table does not wrap round its file
        tables.append((head, delim, body))
        done += len(body)
        k += 1
    out = ["# Corpus row mix", "", "Rows of the shared corpus's paper tables, cycled.", "", "## Papers", ""]
    sections = in_section = 0
    for head, delim, body in tables:
        if in_section == 0:
            sections += 1
            out += ["<details>", f"<summary><strong>Mix {sections}</strong></summary>", ""]
        out += [head, delim, *body, ""]
        in_section += len(body)
        if in_section >= MIX_TABLE_ROWS:
            out += ["</details>", ""]
            in_section = 0
    if in_section:
        out += ["</details>", ""]
    counts = {
        "rows": done,
        "pool_rows": sum(len(p) for p in pools),
        "pool_tables": n_tables,
        "files": len(pools),
        "tables": len(tables),
        "sections": sections,
    }
    return "\n".join(out), counts


def bench_mix(rows: int, workdir: Path, repeats: int, timeout: float, skip: set[str]) -> dict[str, Any]:
    """check (whole process and in process) on the corpus mix of `rows` rows, interleaved with
    the synthetic survey of as many rows; the mix is deleted afterwards."""
    corpus = corpus_dir()
    if not corpus.is_dir():
        return {"rows": rows, "skipped": f"{corpus} not present"}
    mix = workdir / f"corpus-mix-{rows}.md"
    if mix.resolve().is_relative_to(ROOT.resolve()):
        return {"rows": rows, "skipped": "the work folder is inside the checkout (no corpus text goes there)"}
    text, counts = build_corpus_mix(rows, corpus)
    files = {"corpus mix": mix, "synthetic": synthetic(rows, workdir)}
    try:
        mix.write_text(text, encoding="utf-8", newline="")
        del text
        results = {name: Result(name, str(path)) for name, path in files.items()}
        labels = {"corpus mix": f"corpus mix {rows}", "synthetic": f"synthetic {rows}, beside the mix"}
        inproc = {
            name: InProcess(labels[name], skipped="skipped (--skip)" if "in-process" in skip else None)
            for name in files
        }
        for rep in range(-1, repeats):  # run -1 is a warm-up (page cache), not kept
            for name, path in files.items():
                argv = [PY, "-m", "mdsurvey", "check", "--today", TODAY, str(path)]
                if results[name].skipped:
                    continue
                try:
                    s = run_once(argv, (0, 1), timeout)
                except (TimeoutError, RuntimeError) as e:
                    results[name].skipped = str(e)
                    continue
                if rep < 0:
                    continue
                results[name].samples.append(s)
                print(
                    f"  {rows:>7} rows  check on {name:<10} run {rep + 1}/{repeats}: {s.seconds:8.3f} s  "
                    f"cpu {s.cpu:8.3f} s  exit {s.code}",
                    file=sys.stderr,
                    flush=True,
                )
                in_process_step(inproc[name], path, rows, rep, repeats, timeout)
        sizes = {name: path.stat().st_size for name, path in files.items()}
        shares = {name: fast_share(path, timeout) for name, path in files.items()}
    finally:
        mix.unlink(missing_ok=True)  # other people's text: not left behind
    return {
        "rows": rows,
        "counts": counts,
        "sizes": sizes,
        "results": results,
        "inproc": inproc,
        "shares": shares,
    }


def seed_path() -> Path:
    """The seed README beside the checkout (`$MDSURVEY_SHARED/seed/README.md`)."""
    return SHARED / "seed" / "README.md"


def seed_bench(repeats: int, timeout: float) -> dict[str, Result]:
    seed = seed_path()
    out: dict[str, Result] = {}
    if not seed.is_file():
        return out
    check = [PY, "-m", "mdsurvey", "check", "--today", TODAY, str(seed)]
    cmds = [
        ("check seed", check, (0, 1), None),
        ("import markdown_it", [PY, "-c", "import markdown_it"], (0,), None),
        ("python -c pass", [PY, "-c", "pass"], (0,), None),
        ("check seed, no bytecode cache", check, (0, 1), NO_PYC),
    ]
    for name, argv, ok, env in cmds:
        out[name] = Result(name, "")
        run_once(argv, ok, timeout, env)  # warm-up: fills the bytecode cache, page cache
    for _ in range(repeats):
        for name, argv, ok, env in cmds:
            out[name].samples.append(run_once(argv, ok, timeout, env))
    return out


def warm_up(workdir: Path, timeout: float, skip: set[str]) -> None:
    """Run every tool once on a small survey: bytecode cache and page cache filled, not timed."""
    gen = _load_generator()
    path = workdir / "warm-up.md"
    path.write_text(gen.survey(50), encoding="utf-8", newline="")
    for tool, argv, ok in tools_for(path):
        if tool not in skip:
            try:
                run_once(argv, ok, timeout, _compare_env() if tool == "check @compare" else None)
            except RuntimeError as e:
                print(f"warm-up: {e}", file=sys.stderr)
    if "in-process" not in skip:
        try:
            in_process_once(path, timeout)
        except (RuntimeError, subprocess.TimeoutExpired, ValueError) as e:
            print(f"warm-up: {e}", file=sys.stderr)


def verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "not measured"
    if value <= limit:
        return f"met ({value:.3g} ≤ {limit:g})"
    return f"MISSED by {value / limit:.2f}x ({value:.3g} > {limit:g})"


def div(a: float | None, b: float | None, digits: int = 3) -> str:
    """a ÷ b formatted, or "" when either is missing."""
    return f"{a / b:.{digits}f}" if a and b else ""


def in_process_table(entries: list[tuple[InProcess, float | None]]) -> list[str]:
    """The in-process rows: check_file and cmark-gfm's conversion, start-up excluded, beside
    the whole-process ratio of the same file (the float given with each entry)."""
    out = [
        "In process (one child per run, interpreter started and modules imported; check_file with "
        "the cyclic GC off, cmark-gfm's conversion alone):",
        "",
        "| file | runs | check s | check CPU s | cmark-gfm s | cmark-gfm CPU s | check ÷ cmark-gfm "
        "| check ÷ cmark-gfm, CPU | whole process: check ÷ cmark-gfm |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for ip, whole in entries:
        if ip.skipped and not ip.samples:
            out.append(f"| {ip.label} | 0 | {ip.skipped} | | | | | | |")
            continue
        c, cc = ip.median("check"), ip.median("check_cpu")
        g, gc_ = ip.median("cmark"), ip.median("cmark_cpu")
        gs = fmt_s(g) if g is not None else "cmarkgfm not installed"
        out.append(
            f"| {ip.label} | {len(ip.samples)} | {fmt_s(c)} | {fmt_s(cc)} | {gs} | "
            f"{fmt_s(gc_) if gc_ is not None else ''} | {div(c, g, 2)} | {div(cc, gc_, 2)} | "
            f"{'' if whole is None else f'{whole:.2f}'} |"
        )
    out.append("")
    return out


def mix_table(mix: dict[str, Any]) -> list[str]:
    """The corpus mix against the synthetic survey of as many rows: whole-process check."""
    rows = mix["rows"]
    if "skipped" in mix:
        return [f"Corpus mix ({rows} rows): not measured, {mix['skipped']}.", ""]
    n = mix["counts"]
    out = [
        f"Corpus mix: {n['rows']} rows cycled from {n['pool_rows']} body rows of {n['pool_tables']} "
        f"paper tables in {n['files']} corpus files, in {n['tables']} tables under {n['sections']} "
        "`<details>` sections (built in the work folder, deleted after the run):",
        "",
        "| file | rows | file | runs | check median s | median CPU s | mix ÷ synthetic | "
        "mix ÷ synthetic, CPU | CPU s per MiB | peak RSS MiB | RSS / file |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    results: dict[str, Result] = mix["results"]
    base = results["synthetic"]
    for name, r in results.items():
        size = mix["sizes"][name]
        if not r.samples:
            out.append(f"| {name} | {rows} | {size / 2**20:.2f} MiB | 0 | {r.skipped} | | | | | | |")
            continue
        rel = "" if name == "synthetic" else div(r.median, base.median)
        rel_cpu = "" if name == "synthetic" else div(r.cpu, base.cpu)
        per_mib = f"{(r.cpu or 0) / (size / 2**20):.3f}"
        out.append(
            f"| {name} | {rows} | {size / 2**20:.2f} MiB | {len(r.samples)} | {fmt_s(r.median)} | "
            f"{fmt_s(r.cpu)} | {rel} | {rel_cpu} | {per_mib} | {(r.rss or 0) / 2**20:.0f} | "
            f"{(r.rss or 0) / size:.1f}x |"
        )
    out.append("")
    return out


def share_table(shares: list[tuple[str, Share | None]]) -> list[str]:
    """The fast path's share of the table rows of every file benchmarked."""
    out = [
        "Fast-path share (table rows `syntax.tokens.tokenize` and `cells_items` read; the rest go "
        "to the exact scanner):",
        "",
        "| file | tables | table rows | fast path | share |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, sh in shares:
        if sh is None:
            out.append(f"| {label} | | | not measured | |")
            continue
        pct = sh.percent
        out.append(
            f"| {label} | {sh.tables} | {sh.total} | {sh.fast} | "
            f"{'no table rows' if pct is None else f'{pct:.1f}%'} |"
        )
    out.append("")
    return out


def report(
    sizes: list[dict[str, object]],
    seed: dict[str, Result],
    info: dict[str, str],
    mix: dict[str, Any] | None = None,
    seed_share: Share | None = None,
) -> str:
    """The results as Markdown tables, then the targets' verdicts."""
    out: list[str] = []
    out.append(
        f"machine: nproc={info['nproc']}, CPU {info['cpu']}, Python {info['python']}, "
        f"MemAvailable {info['mem_available']}; bytecode {info.get('bytecode', '?')}"
    )
    out.append("")
    out.append(
        "| rows | file | tool | runs | median s | check ÷ tool | median CPU s | check ÷ tool, CPU "
        "| peak RSS MiB | RSS / file |"
    )
    out.append("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    by_rows: dict[int, dict[str, Result]] = {}
    for entry in sizes:
        rows, size = int(entry["rows"]), int(entry["size"])  # type: ignore[call-overload]
        results: dict[str, Result] = entry["results"]  # type: ignore[assignment]
        by_rows[rows] = results
        check, check_cpu = results["check"].median, results["check"].cpu
        for tool, r in results.items():
            med, cpu, rss = r.median, r.cpu, r.rss
            ratio = "" if tool == "check" or check is None or med is None else f"{check / med:.3f}"
            cpu_ratio = "" if tool == "check" or not check_cpu or not cpu else f"{check_cpu / cpu:.3f}"
            if r.skipped and not r.samples:
                out.append(f"| {rows} | {size / 2**20:.1f} MiB | {tool} | 0 | {r.skipped} | | | | | |")
                continue
            out.append(
                f"| {rows} | {size / 2**20:.1f} MiB | {tool} | {len(r.samples)} | {fmt_s(med)} | {ratio} | "
                f"{fmt_s(cpu)} | {cpu_ratio} | {(rss or 0) / 2**20:.0f} | {(rss or 0) / size:.1f}x |"
            )
    out.append("")
    inproc: list[tuple[InProcess, float | None]] = []
    shares: dict[str, Share | None] = {}  # by file: the synthetic survey beside the mix is one of the sizes'
    for entry in sizes:
        by_tool: dict[str, Result] = entry["results"]  # type: ignore[assignment]
        whole = by_tool["check"].median, by_tool["cmark-gfm"].median
        inproc.append((entry["inproc"], whole[0] / whole[1] if whole[0] and whole[1] else None))  # type: ignore[arg-type]
        shares[f"synthetic {entry['rows']}"] = entry["share"]  # type: ignore[assignment]
    if mix is not None and "skipped" not in mix:
        for name, ip in mix["inproc"].items():
            inproc.append((ip, None))
            shares.setdefault(f"{name} {mix['rows']}", mix["shares"][name])
    if seed_share is not None:
        shares["seed README"] = seed_share
    if any(ip.samples or ip.skipped for ip, _ in inproc):
        out += in_process_table(inproc)
    if mix is not None:
        out += mix_table(mix)
    if shares:
        out += share_table(list(shares.items()))
    if seed:
        out.append("| seed README | runs | median s | median CPU s |")
        out.append("| --- | ---: | ---: | ---: |")
        for name, res in seed.items():
            out.append(f"| {name} | {len(res.samples)} | {fmt_s(res.median)} | {fmt_s(res.cpu)} |")
        out.append("")

    # targets
    out.append("Targets:")
    if 10000 in by_rows:
        at10 = by_rows[10000]
        c = at10["check"].median
        m, f = at10["markdown-it"].median, at10["mdformat"].median
        g = at10["cmark-gfm"].median
        out.append(
            f"- check at 10k ≤ 0.2x markdown-it full parse: {verdict(c / m if c and m else None, 0.2)}"
        )
        out.append(f"- check at 10k ≤ 0.1x mdformat: {verdict(c / f if c and f else None, 0.1)}")
        out.append(f"- check at 10k ≤ 4x cmark-gfm (whole process): {verdict(c / g if c and g else None, 4)}")
        cc, mc, gc_ = at10["check"].cpu, at10["markdown-it"].cpu, at10["cmark-gfm"].cpu
        if cc and mc and gc_:
            out.append(f"- the same in CPU time: {cc / mc:.3f}x markdown-it, {cc / gc_:.2f}x cmark-gfm")
        rs = at10["markdown-it-pyrs"].median
        if c and rs:
            out.append(f"- check at 10k ÷ markdown-it-pyrs (whole process; no target): {c / rs:.3f}x")
        ip10: InProcess = next(e["inproc"] for e in sizes if e["rows"] == 10000)  # type: ignore[assignment]
        ic, ig = ip10.median("check"), ip10.median("cmark")
        if ic and ig:
            out.append(
                f"- check at 10k ÷ cmark-gfm in process (start-up excluded; the target is whole process): "
                f"{ic / ig:.2f}x"
            )
        if "check @compare" in at10 and at10["check @compare"].median and c:
            before = at10["check @compare"]
            line = f"- check @compare ÷ check at 10k: {(before.median or 0) / c:.2f}x"
            if before.cpu and cc:
                line += f" (CPU time: {before.cpu / cc:.2f}x)"
            out.append(line)
    for tool in ("check", "fix --check"):
        if 10000 in by_rows and 100000 in by_rows:
            a, b = by_rows[10000][tool].median, by_rows[100000][tool].median
            out.append(f"- {tool}: 100k time ≤ 11x the 10k time: {verdict(b / a if a and b else None, 11)}")
    for entry in sizes:
        size = int(entry["size"])  # type: ignore[call-overload]
        for tool in ("check", "fix --check"):
            rss = entry["results"][tool].rss  # type: ignore[index]
            if rss:
                note = " (interpreter and imports dominate at this size)" if size < 2**21 else ""
                out.append(
                    f"- {tool} peak memory ≤ 15x file size at {entry['rows']} rows{note}: "
                    f"{verdict(rss / size, 15)}"
                )
    if seed and seed["check seed"].median and seed["import markdown_it"].median:
        seed_ratio = seed["check seed"].median / seed["import markdown_it"].median
        out.append(
            f"- check on the seed README ≤ 2x `python -c 'import markdown_it'`: {verdict(seed_ratio, 2)}"
        )
    return "\n".join(out) + "\n"


def profile(rows: int, workdir: Path, top: int) -> str:
    """cProfile check and fix --check in a child process; the top functions with their share
    of the total, by cumulative and by own time."""
    import pstats

    gen = _load_generator()
    path = workdir / f"survey-{rows}.md"
    if not path.exists():
        path.write_text(gen.survey(rows), encoding="utf-8", newline="")
    out = []
    for cmd in (["check"], ["fix", "--check"]):
        prof = workdir / f"profile-{'-'.join(c.strip('-') for c in cmd)}-{rows}.prof"
        argv = [PY, "-m", "cProfile", "-o", str(prof), "-m", "mdsurvey", *cmd, "--today", TODAY, str(path)]
        subprocess.run(argv, capture_output=True, cwd=tempfile.gettempdir(), env=ENV)
        st = pstats.Stats(str(prof))
        entries = st.stats  # type: ignore[attr-defined]
        total = max(v[3] for v in entries.values())  # the outermost cumulative time

        def name(func: tuple[str, int, str]) -> str:
            file, line, fn = func
            short = file.split("/mdsurvey/")[-1] if "/mdsurvey/" in file else Path(file).name
            return f"{short}:{line}({fn})" if line else fn

        out.append(f"## cProfile: mdsurvey {' '.join(cmd)} at {rows} rows: {total:.2f} s under the profiler")
        for key, label in ((3, "cumulative"), (2, "own time")):
            ranked = sorted(entries.items(), key=lambda kv: kv[1][key], reverse=True)
            out.append(f"top by {label}:")
            shown = 0
            for func, stat in ranked:
                if key == 3 and "/mdsurvey/" not in func[0]:
                    continue  # runpy, importlib and the like wrap everything
                calls, secs = stat[1], stat[key]
                out.append(f"  {100 * secs / total:5.1f}%  {secs:7.3f} s  {calls:>9} calls  {name(func)}")
                shown += 1
                if shown >= top:
                    break
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated row counts")
    ap.add_argument("--repeats", type=int, default=3, help="repeats below 100k rows (default 3)")
    ap.add_argument("--large-repeats", type=int, default=1, help="repeats at ≥ 100k rows (default 1)")
    ap.add_argument("--seed-repeats", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=1800.0, help="per process, seconds")
    ap.add_argument("--workdir", help="where the generated files go (default: a temporary folder)")
    ap.add_argument("--skip", default="", help="comma-separated tools to leave out (e.g. mdformat)")
    ap.add_argument("--json", help="also write the raw samples to this file")
    ap.add_argument("--compare", metavar="DIR", help="also time check with the mdsurvey in DIR (a checkout)")
    ap.add_argument(
        "--no-pycache",
        action="store_true",
        help="run children with PYTHONDONTWRITEBYTECODE=1 (every run recompiles mdsurvey)",
    )
    ap.add_argument("--profile", type=int, metavar="ROWS", help="cProfile check and fix --check at ROWS")
    ap.add_argument(
        "--fixes", type=int, metavar="ROWS", help="also time check and fix --check with one fix per row"
    )
    ap.add_argument(
        "--corpus-mix",
        type=int,
        metavar="ROWS",
        help="also time check on ROWS rows cycled from the shared corpus's paper tables, "
        "beside the synthetic survey of ROWS rows (built in the work folder, never the checkout)",
    )
    args = ap.parse_args(argv)
    if args.corpus_mix and args.workdir and Path(args.workdir).resolve().is_relative_to(ROOT.resolve()):
        ap.error("--corpus-mix: the work folder is inside the checkout; the corpus is other people's text")

    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    global COMPARE
    COMPARE = str(Path(args.compare).resolve()) if args.compare else None
    skip = {x.strip() for x in args.skip.split(",") if x.strip()}
    with tempfile.TemporaryDirectory(prefix="mdsurvey-bench-") as tmp:
        workdir = Path(args.workdir) if args.workdir else Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        info = machine()
        global ENV
        if args.no_pycache:
            ENV = NO_PYC
            info["bytecode"] = "not cached (PYTHONDONTWRITEBYTECODE=1)"
        else:
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
            ENV = env
            info["bytecode"] = "cached (PYTHONPYCACHEPREFIX in the work folder)"
        warm_up(workdir, args.timeout, skip)
        done = []
        for rows in sizes:
            reps = args.large_repeats if rows >= 100000 else args.repeats
            done.append(bench_size(rows, workdir, reps, args.timeout, skip))
        mix = None
        if args.corpus_mix:
            reps = args.large_repeats if args.corpus_mix >= 100000 else args.repeats
            mix = bench_mix(args.corpus_mix, workdir, reps, args.timeout, skip)
        seed = seed_bench(args.seed_repeats, args.timeout)
        seed_share = fast_share(seed_path(), args.timeout) if seed else None
        text = report(done, seed, info, mix, seed_share)
        print(text)
        if args.fixes:
            fx = bench_fixes(args.fixes, workdir, args.repeats, args.timeout)
            c, f = fx["check"].median, fx["fix --check"].median
            print(f"{args.fixes} rows with one fix each: check {fmt_s(c)} s, fix --check {fmt_s(f)} s")
            print(f"- fix ≤ 3x check with a fix on every row: {verdict(f / c if c and f else None, 3)}")
        if args.profile:
            print(profile(args.profile, workdir, 30))
        if args.json:
            raw = {
                "machine": info,
                "sizes": [
                    {
                        "rows": d["rows"],
                        "size": d["size"],
                        "results": {
                            k: {
                                "samples": [s.__dict__ for s in r.samples],
                                "skipped": r.skipped,
                            }
                            for k, r in d["results"].items()  # type: ignore[attr-defined]
                        },
                    }
                    for d in done
                ],
                "in_process": {
                    d["inproc"].label: d["inproc"].samples  # type: ignore[attr-defined]
                    for d in done
                },
                "fast_path": {
                    f"synthetic {d['rows']}": d["share"].__dict__ if d["share"] else None for d in done
                },
                "seed": {k: [s.__dict__ for s in r.samples] for k, r in seed.items()},
            }
            if seed_share:
                raw["fast_path"]["seed README"] = seed_share.__dict__  # type: ignore[index]
            if mix is not None:
                raw["corpus_mix"] = (
                    {"rows": mix["rows"], "skipped": mix["skipped"]}
                    if "skipped" in mix
                    else {
                        "counts": mix["counts"],
                        "sizes": mix["sizes"],
                        "results": {k: [s.__dict__ for s in r.samples] for k, r in mix["results"].items()},
                        "in_process": {k: ip.samples for k, ip in mix["inproc"].items()},
                        "fast_path": {k: sh.__dict__ if sh else None for k, sh in mix["shares"].items()},
                    }
                )
            Path(args.json).write_text(json.dumps(raw, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
