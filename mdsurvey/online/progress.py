"""A one-line progress count on stderr for online runs longer than a second: only on a
terminal and never when quiet, so logs and pipes stay clean."""

from __future__ import annotations

import threading
from typing import TextIO

from mdsurvey.online.http import Clock, SystemClock

DELAY = 1.0  # seconds before the first line: a quick run shows nothing


class Progress:
    """Counts done/total and cache hits; draws `\\r`-rewritten lines at most every 0.1 s."""

    def __init__(
        self,
        stream: TextIO | None,
        *,
        quiet: bool = False,
        clock: Clock | None = None,
        label: str = "checked",
    ) -> None:
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(stream is not None and not quiet and isatty is not None and isatty())
        self.stream = stream
        self.clock: Clock = clock or SystemClock()
        self.label = label
        self.total = 0
        self.done = 0
        self.cached = 0
        self._start = self.clock.now()
        self._drawn_at: float | None = None
        self._width = 0
        self._lock = threading.Lock()

    def add_total(self, n: int) -> None:
        """More work is known."""
        with self._lock:
            self.total += n

    def advance(self, n: int = 1, cached: bool = False) -> None:
        """`n` items are done (`cached`: answered by the cache)."""
        with self._lock:
            self.done += n
            if cached:
                self.cached += n
            self._draw()

    def _draw(self) -> None:
        if not self.enabled or self.stream is None:
            return
        now = self.clock.now()
        if now - self._start < DELAY or (self._drawn_at is not None and now - self._drawn_at < 0.1):
            return
        self._drawn_at = now
        line = f"mdsurvey: {self.label} {self.done}/{self.total} ({self.cached} cached)"
        self.stream.write("\r" + line.ljust(self._width))
        self._width = len(line)
        self.stream.flush()

    def close(self) -> None:
        """Erases the line, if one was drawn."""
        with self._lock:
            if self.enabled and self.stream is not None and self._drawn_at is not None:
                self.stream.write("\r" + " " * self._width + "\r")
                self.stream.flush()
                self._drawn_at = None
