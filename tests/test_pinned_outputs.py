"""Every command's output on the corpus, the seed and the fixtures is byte-for-byte what it was
when it was pinned (tests/pinned_outputs.py says how; the pins were taken with the code before
the speed work of issue 13, so a faster path that changes one byte fails here)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import REQUIRE_CORPUS, corpus_present
from pinned_outputs import COMMANDS, inputs, name, pins

PINS = Path(__file__).resolve().parent / "data" / "pinned_outputs.json"
UPDATE = os.environ.get("MDSURVEY_UPDATE_SNAPSHOTS") == "1"


def test_every_pinned_file_is_here() -> None:
    pinned = json.loads(PINS.read_text(encoding="utf-8"))
    here = {name(f) for f in inputs()}
    if not corpus_present() and not REQUIRE_CORPUS:
        pinned = {k: v for k, v in pinned.items() if k.startswith("fixtures/")}  # a bare clone
    assert set(pinned) == here


@pytest.mark.parametrize("path", inputs(), ids=name)
def test_outputs_are_unchanged(path: Path) -> None:
    pinned = json.loads(PINS.read_text(encoding="utf-8"))
    got = pins([path])[name(path)]
    if UPDATE:
        pinned[name(path)] = got
        PINS.write_text(json.dumps(pinned, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    changed = [k for k in COMMANDS if got[k] != pinned[name(path)][k]]
    assert changed == [], f"{name(path)}: output changed for {changed}"
