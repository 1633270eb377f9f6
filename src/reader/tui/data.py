"""The TUI's way to the archive: one store per worker thread, opened on first use.

sqlite3 connections belong to the thread that made them; Textual's thread
workers each get their own store here, and the event loop never touches one.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path

from reader.store import ArchiveStore


class ArchiveAccess:
    """Hands each thread its own ArchiveStore on the same archive file."""

    def __init__(self, path: Path, on_wait: Callable[[str], None] | None = None) -> None:
        self.path = path
        # Told when a write waits for another writer (an import) to let go.
        self.on_wait = on_wait
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[ArchiveStore] = []

    def store(self) -> ArchiveStore:
        store: ArchiveStore | None = getattr(self._local, "store", None)
        if store is None:
            store = ArchiveStore(self.path, on_wait=self.on_wait)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        """Close every thread's store (at exit; a closed one is simply skipped)."""
        with self._lock:
            for store in self._opened:
                with contextlib.suppress(Exception):  # closing at exit, from any thread
                    store.close()
            self._opened.clear()
