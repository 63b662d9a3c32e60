"""A baseline of accepted findings, so CI fails only on new problems in a survey adopting mdsurvey.

A finding is remembered by its file (relative to the baseline), its rule and a hash of the text
of its line, not by its line number: rows added above it do not make an old finding new. The
same finding on two identical lines is counted, so a third copy is new.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from mdsurvey.files.source import InputError, read_text
from mdsurvey.lint.findings import Finding

VERSION = 1
Key = tuple[str, str, str]


def _rel(path: str, base: Path) -> str:
    try:
        return Path(os.path.relpath(Path(path).resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def _hash(text: str) -> str:
    # whitespace at the ends is not content: re-padding a row keeps its findings accepted
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


@dataclass
class Baseline:
    """Accepted findings of a baseline file, counted by key."""

    path: Path
    counts: Counter[Key]

    def key(self, f: Finding, line_text: str) -> Key:
        """The identity of a finding in this baseline."""
        return (_rel(f.path, self.path.parent), f.code, _hash(line_text))

    def new_findings(self, findings: list[Finding], texts: dict[str, list[str]]) -> list[Finding]:
        """The findings the baseline does not accept, in their order."""
        left = Counter(self.counts)
        out = []
        for f in findings:
            k = self.key(f, _line(texts, f))
            if left[k] > 0:
                left[k] -= 1
            else:
                out.append(f)
        return out


def _line(texts: dict[str, list[str]], f: Finding) -> str:
    lines = texts.get(f.path, [])
    return lines[f.line - 1] if 0 < f.line <= len(lines) else ""


def load(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline file written by `write`; a bad one is an InputError naming the path."""
    p = Path(path)
    text = read_text(p)
    try:
        data = json.loads(text)
        if data.get("version") != VERSION:
            raise ValueError(f"version {data.get('version')!r}, expected {VERSION}")
        counts: Counter[Key] = Counter()
        for item in data["findings"]:
            n = item.get("count", 1)
            if not isinstance(n, int) or isinstance(n, bool) or n < 1:
                raise ValueError(f"count {n!r} is not a positive whole number")
            counts[(str(item["path"]), str(item["code"]), str(item["hash"]))] += n
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
        raise InputError(f"{p}: not an mdsurvey baseline ({e}); write one with --write-baseline") from None
    return Baseline(p, counts)


def refuse_target(path: str | os.PathLike[str], checked: list[str]) -> str | None:
    """Why `path` must not be overwritten by a baseline (a checked file, or a file that is not a
    baseline), or None: `check` never writes anything else."""
    p = Path(path)
    real = os.path.realpath(p)
    if any(os.path.realpath(c) == real for c in checked if c != "-"):
        return f"{p}: is one of the files being checked; give the baseline its own file name"
    if p.exists():
        try:
            load(p)
        except InputError:
            return f"{p}: exists and is not an mdsurvey baseline; not overwritten"
    return None


def write(path: str | os.PathLike[str], findings: list[Finding], texts: dict[str, list[str]]) -> int:
    """Write every finding to a baseline file (sorted, stable across runs); return how many."""
    from mdsurvey.files.write import atomic_write

    p = Path(path)
    base = Baseline(p, Counter())
    counts: Counter[Key] = Counter()
    example: dict[Key, Finding] = {}
    for f in findings:
        k = base.key(f, _line(texts, f))
        counts[k] += 1
        example.setdefault(k, f)
    items = [
        {
            "path": k[0],
            "code": k[1],
            "hash": k[2],
            "count": n,
            # for a person reading the file; never used to match
            "line": example[k].line,
            "message": example[k].message,
        }
        for k, n in sorted(counts.items(), key=lambda kv: (kv[0][0], example[kv[0]].line, kv[0][1]))
    ]
    doc = {"version": VERSION, "tool": "mdsurvey", "findings": items}
    expect = p.read_bytes() if p.is_file() else None
    atomic_write(p, json.dumps(doc, ensure_ascii=False, indent=2) + "\n", expect=expect)
    return sum(counts.values())
