"""A cache of compiled languages, keyed by the data and code they were built from.

Compiling a language (templates, lists, the catalogue trie) normalises tens of
thousands of phrases; loading the pickled result is ten times faster, so
`cockpit parse` starts quickly. The key covers every intent, seed and engine
source file (path, size, mtime), so any edit rebuilds. A cache that cannot be
read or written is simply not used.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable

_ENGINE_SOURCES = Path(__file__).resolve().parent
MAX_CACHED = 8  # compiled languages kept: the real one per language, and a few others


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cockpit"


def data_key(folders: Iterable[Path], extra: str = "") -> str:
    """A digest of every file's path, size and mtime under the folders."""
    digest = hashlib.sha1(extra.encode())
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".yaml", ".py", ".json") and path.is_file():
                st = path.stat()
                digest.update(f"{path}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def cached(name: str, folders: Iterable[Path], build: Callable[[], Any]) -> Any:
    """`build()`'s result, from the cache when the data has not changed."""
    if os.environ.get("COCKPIT_NO_CACHE"):
        return build()
    path = cache_dir() / f"{name}-{data_key([*folders, _ENGINE_SOURCES])}.pickle"
    gc.disable()  # unpickling makes many small objects: collecting meanwhile doubles the time
    try:
        with open(path, "rb") as fh:
            value = pickle.load(fh)
        os.utime(path)  # recently used: the last to be pruned
        return value
    except Exception:  # missing, stale format or unreadable: rebuild
        pass
    finally:
        gc.enable()
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, path)
        for stale in path.parent.glob(f"{name}-*.pickle"):  # built from older data
            if stale != path:
                stale.unlink(missing_ok=True)
        _prune(path.parent)
    except OSError:
        pass
    return value


def _prune(folder: Path) -> None:
    """Keep the MAX_CACHED most recently used languages: engines built on
    temporary data folders (tests, benchmarks) must not fill the disk."""
    pickles = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in pickles[MAX_CACHED:]:
        old.unlink(missing_ok=True)
