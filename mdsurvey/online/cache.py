"""A persistent cache of online results (not of raw HTTP responses) with an expiry per kind.

One small JSON file per entry, written to a temporary file and renamed into place: two runs at
once never see half a file and never lose each other's entries (sqlite would serialise them
on a lock and needs its own recovery from a damaged database); a file that cannot be read as
an entry (truncated, edited, from another version) is a miss and is rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

FORMAT = 1

# how long a result stays good, in seconds
DAY = 86400.0
TTL_ARXIV = 30 * DAY  # a paper's first-version date and id never change; titles rarely
TTL_LINK_OK = 7 * DAY
TTL_LINK_BAD = 1 * DAY  # a dead link is looked at again sooner: it may have been a hiccup
TTL_GITHUB = 1 * DAY
TTL_DOI = 30 * DAY


def default_cache_dir(env: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """MDSURVEY_CACHE_DIR, else the platform's cache directory + mdsurvey: $XDG_CACHE_HOME or
    ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if env.get("MDSURVEY_CACHE_DIR"):
        return Path(env["MDSURVEY_CACHE_DIR"])
    home = Path(env.get("HOME") or env.get("USERPROFILE") or Path.home())
    if platform == "darwin":
        return home / "Library" / "Caches" / "mdsurvey"
    if platform.startswith("win"):
        base = env.get("LOCALAPPDATA")
        return (Path(base) if base else home / "AppData" / "Local") / "mdsurvey" / "Cache"
    xdg = env.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".cache") / "mdsurvey"


class Cache:
    """Results by (namespace, key); `refresh` makes every look-up a miss (entries are still
    written). `directory=None` is a cache that keeps nothing."""

    def __init__(
        self,
        directory: Path | None,
        *,
        refresh: bool = False,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = directory
        self.refresh = refresh
        self.wall_clock = wall_clock
        self.hits = 0
        self.misses = 0
        self.write_errors = 0
        self._lock = threading.Lock()

    def _path(self, namespace: str, key: str) -> Path:
        assert self.directory is not None
        digest = hashlib.sha256(f"{namespace}\0{key}".encode()).hexdigest()
        return self.directory / f"v{FORMAT}" / namespace / digest[:2] / f"{digest}.json"

    def get(self, namespace: str, key: str, ttl: float) -> Any | None:
        """The value stored under (namespace, key) less than `ttl` seconds ago, else None."""
        value = None if self.refresh or self.directory is None else self._read(namespace, key, ttl)
        with self._lock:
            if value is None:
                self.misses += 1
            else:
                self.hits += 1
        return value

    def _read(self, namespace: str, key: str, ttl: float) -> Any | None:
        try:
            entry = json.loads(self._path(namespace, key).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # missing, unreadable, truncated or not JSON: a miss
            return None
        if not isinstance(entry, dict) or entry.get("key") != key or "value" not in entry:
            return None
        at = entry.get("at")
        if not isinstance(at, (int, float)) or not 0 <= self.wall_clock() - at < ttl:
            return None
        return entry["value"]

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Stores a JSON-able value; a cache that cannot be written is not an error (counted)."""
        if self.directory is None or value is None:
            return
        path = self._path(namespace, key)
        data = json.dumps({"key": key, "at": self.wall_clock(), "value": value}, ensure_ascii=False)
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(data)
            os.replace(tmp, path)
        except OSError:
            with self._lock:
                self.write_errors += 1
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
