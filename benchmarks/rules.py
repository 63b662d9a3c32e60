"""Per-rule CPU time of `check` on one generated survey, in process (extraction done first).

    python benchmarks/rules.py --rows 10000                      # this checkout
    python benchmarks/rules.py --rows 10000 --compare ../before   # and another, side by side

Each rule's time is the minimum over `--repeats` runs (`time.process_time`, cyclic GC off as in
`python -m mdsurvey`), after every row's paper has been read, so a rule is not charged for
the extraction the first rule to ask would trigger. A run of `run.py` times whole processes;
this says which rules the check's rule time goes to.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = dt.date(2025, 11, 25)  # as run.py: date rules do the same work on every run


def _generate(rows: int, path: Path) -> None:
    spec = importlib.util.spec_from_file_location("_mdsurvey_bench_generate", HERE / "generate.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    path.write_text(mod.survey(rows), encoding="utf-8", newline="")


def measure(path: Path, repeats: int) -> dict[str, float]:
    """Rule code -> its minimum CPU seconds over `repeats` checks of the file at `path`."""
    import mdsurvey
    from mdsurvey.lint.context import Context
    from mdsurvey.lint.rules import all_rules

    text = path.read_text(encoding="utf-8")
    best: dict[str, float] = {}
    for _ in range(repeats):
        survey = mdsurvey.loads(text)
        for row in survey.rows:
            row.paper  # noqa: B018 - extraction is not the rules' time
        gc.collect()
        gc.disable()
        rules = all_rules()
        ctx = Context(survey, str(path), None, TODAY, None, {r.code: r.severity for r in rules})
        for r in rules:
            t = time.process_time()
            for _finding in r.check(ctx):
                pass
            best[r.code] = min(best.get(r.code, float("inf")), time.process_time() - t)
        gc.enable()
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--top", type=int, default=20, help="rules shown (by this checkout's time)")
    ap.add_argument("--compare", metavar="DIR", help="also measure the mdsurvey in DIR (a checkout)")
    ap.add_argument("--file", help="measure this file instead of a generated survey")
    ap.add_argument("--json-only", action="store_true", help=argparse.SUPPRESS)  # the child's mode
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mdsurvey-rules-") as tmp:
        path = Path(args.file) if args.file else Path(tmp) / f"survey-{args.rows}.md"
        if not args.file:
            _generate(args.rows, path)
        if args.json_only:
            print(json.dumps(measure(path, args.repeats)))
            return 0
        here = measure(path, args.repeats)
        other: dict[str, float] = {}
        if args.compare:
            env = {**os.environ, "PYTHONPATH": str(Path(args.compare).resolve())}
            child = [sys.executable, __file__, "--json-only", "--file", str(path)]
            child += ["--repeats", str(args.repeats)]
            done = subprocess.run(child, env=env, capture_output=True, text=True, check=True)
            other = json.loads(done.stdout)
    head = "| rule | CPU s |" + (" @compare CPU s | @compare ÷ this |" if other else "")
    print(head)
    print("| --- | ---: |" + (" ---: | ---: |" if other else ""))
    ranked = sorted(here.items(), key=lambda kv: -kv[1])
    total_other = sum(other.values())
    for code, secs in [*ranked[: args.top], ("all rules", sum(here.values()))]:
        line = f"| {code} | {secs:.3f} |"
        if other:
            was = total_other if code == "all rules" else other.get(code, 0.0)
            line += f" {was:.3f} | {was / secs:.2f}x |" if secs else f" {was:.3f} | |"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
