"""Small Markdown facts several MS1xx/MS3xx rules share."""

from __future__ import annotations

import re

DELIMITER = re.compile(r"[ \t]{0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\Z")


def plural(n: int, word: str) -> str:
    """`n word` or `n words`, with thousands separators."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")
