"""An import killed mid-way leaves a consistent archive, and running it again finishes it."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.store import ArchiveStore

from .test_import_cli import write_articles

COUNT = 3000


def count_articles(db_path: Path) -> int:
    try:
        conn = sqlite3.connect(db_path, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_killed_import_is_consistent_and_resumable(
    tmp_path: Path, db_path: Path, how: signal.Signals
) -> None:
    write_articles(tmp_path / "in", COUNT)
    write_articles(tmp_path / "first", 1, start=COUNT + 1)
    command = [sys.executable, "-m", "reader", "import", "--db", str(db_path), "--jobs", "1"]
    subprocess.run([*command, str(tmp_path / "first")], check=True, capture_output=True)
    with ArchiveStore(db_path) as store, store.transaction():
        store.add_tag(1, "sacred")
        store.set_bookmark(1, True)

    process = subprocess.Popen(
        [*command, str(tmp_path / "in")], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while count_articles(db_path) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(how)
    process.wait(timeout=30)
    if how == signal.SIGINT:
        assert process.returncode == 130
        assert b"run the same import again" in process.stderr.read()  # type: ignore[union-attr]

    with ArchiveStore(db_path) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.fts_in_sync()
        stored = store.count_articles()
        assert 1 < stored < COUNT + 1, "the kill should land mid-import"
        # Every article stored is whole: its file is recorded with it.
        recorded = store.conn.execute("SELECT sum(articles) FROM import_files").fetchone()[0]
        assert recorded == stored
        assert store.tags_of(1) == ["sacred"]

    subprocess.run([*command, str(tmp_path / "in")], check=True, capture_output=True)
    with ArchiveStore(db_path) as store:
        assert store.count_articles() == COUNT + 1
        assert store.tags_of(1) == ["sacred"]
        assert store.conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0] == 1
        assert store.fts_in_sync()
