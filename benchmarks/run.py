"""Time whole processes side by side: mdsurvey check / fix --check against markdown-it-py's
full parse and mdformat (with mdformat-gfm), on the same generated surveys.

    python benchmarks/run.py                       # 1k, 10k and 100k rows
    python benchmarks/run.py --sizes 1000,10000 --repeats 5
    python benchmarks/run.py --profile 10000       # also cProfile check and fix --check

Each measurement is one fresh process (start-up and imports included), timed
with a wall clock; peak memory is the child's max RSS from os.wait4. Tools run
interleaved within each repeat, so drift on a busy machine hits them alike.
mdformat and mdformat-gfm are benchmark-only tools
(`pip install mdformat mdformat-gfm`), not dependencies of mdsurvey; a tool that
is not installed is reported as such. markdown-it-py's tokens take about 40x
the file size and mdformat more: a tool whose estimated peak would not fit in
the available memory is skipped, and the table says so.
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
TODAY = "2025-11-25"  # pinned so date rules do the same work on every run

MDIT = (
    "import sys\n"
    "from markdown_it import MarkdownIt\n"
    "with open(sys.argv[1], encoding='utf-8') as f:\n"
    "    MarkdownIt('commonmark').enable('table').parse(f.read())\n"
)
# GitHub's own C parser (cmark-gfm) through its Python binding: a whole process, start-up included
CMARK = (
    "import sys, cmarkgfm\n"
    "with open(sys.argv[1], encoding='utf-8') as f:\n"
    "    cmarkgfm.github_flavored_markdown_to_html(f.read())\n"
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
MEMORY_FACTOR = {"markdown-it": 45, "mdformat": 70}


def _load_generator():  # type: ignore[no-untyped-def]
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


def bench_size(rows: int, workdir: Path, repeats: int, timeout: float, skip: set[str]) -> dict[str, object]:
    gen = _load_generator()
    path = workdir / f"survey-{rows}.md"
    if not path.exists():
        text = gen.survey(rows)
        path.write_text(text, encoding="utf-8", newline="")
    size = path.stat().st_size
    results: dict[str, Result] = {}
    avail = mem_available()
    for tool, argv, _ok in tools_for(path):
        r = Result(tool, " ".join(argv[:3]))
        results[tool] = r
        if tool in skip:
            r.skipped = "skipped (--skip)"
        elif tool == "markdown-it" and not have("markdown_it"):
            r.skipped = "markdown-it-py not installed"
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
    return {"rows": rows, "size": size, "results": results}


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


def seed_bench(repeats: int, timeout: float) -> dict[str, Result]:
    seed = Path(os.environ.get("MDSURVEY_SHARED", ROOT.parent / "shared")) / "seed" / "README.md"
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


def verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "not measured"
    if value <= limit:
        return f"met ({value:.3g} ≤ {limit:g})"
    return f"MISSED by {value / limit:.2f}x ({value:.3g} > {limit:g})"


def report(sizes: list[dict[str, object]], seed: dict[str, Result], info: dict[str, str]) -> str:
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
        ratio = seed["check seed"].median / seed["import markdown_it"].median
        out.append(f"- check on the seed README ≤ 2x `python -c 'import markdown_it'`: {verdict(ratio, 2)}")
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
    args = ap.parse_args(argv)

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
        seed = seed_bench(args.seed_repeats, args.timeout)
        text = report(done, seed, info)
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
                "seed": {k: [s.__dict__ for s in r.samples] for k, r in seed.items()},
            }
            Path(args.json).write_text(json.dumps(raw, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
