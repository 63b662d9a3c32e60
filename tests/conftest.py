from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = Path(os.environ.get("MDSURVEY_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
SEED = SHARED / "seed" / "README.md"
# CI (.ci/run) sets this: there a missing corpus is a failure, not a skip.
REQUIRE_CORPUS = os.environ.get("MDSURVEY_REQUIRE_CORPUS", "") not in ("", "0")
CORPUS_MISSING = (
    f"{CORPUS} not present (it sits beside the checkout in CI; "
    "MDSURVEY_SHARED=DIR points elsewhere, MDSURVEY_REQUIRE_CORPUS=1 makes this a failure)"
)

# CI runs a small profile; `HYPOTHESIS_PROFILE=deep pytest` for a long local hunt.
settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("deep", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def shared_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    files = sorted(CORPUS.rglob("*.md"))
    if SEED.is_file():
        files.append(SEED)
    return files


def read_exact(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def corpus_present() -> bool:
    """Whether the shared corpus is there."""
    return CORPUS.is_dir()


# With MDSURVEY_REQUIRE_CORPUS set the marked tests run, and fail on the missing files.
needs_shared = pytest.mark.skipif(not corpus_present() and not REQUIRE_CORPUS, reason=CORPUS_MISSING)
