"""What every command prints on the corpus, the seed and the fixtures, as digests: the speed work
must not change one byte of it (`tests/test_pinned_outputs.py`).

    python tests/pinned_outputs.py > tests/data/pinned_outputs.json   # re-pin, then review why

Run it with another checkout first on PYTHONPATH to pin what that code printed. Only SHA-256
digests are kept: the outputs quote other people's READMEs.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MDSURVEY_SHARED", ROOT.parent / "shared"))  # as conftest.py
TODAY = "2026-12-01"

COMMANDS: dict[str, list[str]] = {
    "check": ["check", "--today", TODAY, "--exit-zero"],
    "check-json": ["check", "--today", TODAY, "--exit-zero", "--output-format", "json"],
    "check-github": ["check", "--today", TODAY, "--exit-zero", "--output-format", "github"],
    "check-all-rules": ["check", "--today", TODAY, "--exit-zero", "--select", "<every code>"],
    "fix-diff": ["fix", "--today", TODAY, "--diff", "--exit-zero", "--unsafe-fixes"],
    "export-json": ["export", "--format", "json"],
    "export-csv": ["export", "--format", "csv"],
    "export-bibtex": ["export", "--format", "bibtex"],
    "stats-json": ["stats", "--format", "json"],
}


def inputs() -> list[Path]:
    """The files pinned: the corpus and seed (when ../shared is there) and the fixtures."""
    files = sorted((ROOT / "fixtures").glob("*.md"))
    if (SHARED / "corpus").is_dir():
        files += sorted((SHARED / "corpus").rglob("*.md"))
        files += [p for p in [SHARED / "seed" / "README.md"] if p.is_file()]
    return files


def base(path: Path) -> Path:
    """The folder a file is named from (its name and the paths printed do not depend on where
    the checkout lies)."""
    return SHARED if path.is_relative_to(SHARED) else ROOT


def name(path: Path) -> str:
    """A file's name in the pins."""
    return str(path.relative_to(base(path)))


def digest(args: list[str], cwd: Path) -> str:
    """SHA-256 of what one in-process CLI run in `cwd` prints (stdout, stderr, exit code)."""
    from mdsurvey.cli.app import main
    from mdsurvey.lint.rules import all_rules

    every = ",".join(r.code for r in all_rules())
    args = [every if a == "<every code>" else a for a in args]
    # the CLI writes bytes to sys.stdout.buffer: give it streams with buffers to read back
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    here = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    finally:
        os.chdir(here)
    h = hashlib.sha256()
    for stream in (out, err):
        stream.flush()
        h.update(stream.buffer.getvalue() + b"\0")  # type: ignore[attr-defined]
    h.update(str(code).encode())
    return h.hexdigest()


def pins(files: list[Path] | None = None) -> dict[str, dict[str, str]]:
    """Digest per file and command."""
    out: dict[str, dict[str, str]] = {}
    for f in files or inputs():
        out[name(f)] = {k: digest([*v, name(f)], base(f)) for k, v in COMMANDS.items()}
    return out


if __name__ == "__main__":
    json.dump(pins(), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
