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


def _ctrl_c_heard() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_killed_import_is_consistent_and_resumable(
    tmp_path: Path, db_path: Path, how: signal.Signals
) -> None:
    for path in write_articles(tmp_path / "in", COUNT):
        # Long enough to be sketched for stories (each its own words: no two alike).
        number = int(path.stem)
        words = " ".join(f"w{(number * 7919 + i * 104729) % 1000003}" for i in range(60))
        path.write_text(path.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")
    write_articles(tmp_path / "first", 1, start=COUNT + 1)
    command = [sys.executable, "-m", "reader", "import", "--db", str(db_path), "--jobs", "1"]
    subprocess.run([*command, str(tmp_path / "first")], check=True, capture_output=True)
    with ArchiveStore(db_path) as store, store.transaction():
        store.add_tag(1, "sacred")
        store.set_bookmark(1, True)

    process = subprocess.Popen(
        [*command, str(tmp_path / "in")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # Ctrl-C as a terminal's user sends it: a suite run in the background (`make
        # test &`) has SIGINT ignored, and the import, rightly, would go on ignoring it.
        preexec_fn=_ctrl_c_heard,
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
        # Every article was compared for stories once, and every sketched one is
        # filed under its keys (those of the killed run too).
        conn = store.conn
        assert conn.execute("SELECT count(*) FROM story_signatures").fetchone()[0] == COUNT + 1
        sketched = "SELECT count(*) FROM story_signatures WHERE signature IS NOT NULL"
        keyed = (
            "SELECT count(DISTINCT article_id) FROM "
            "(SELECT article_id FROM story_keys UNION ALL SELECT article_id FROM story_keys_recent "
            "UNION ALL SELECT article_id FROM story_keys_new)"
        )
        assert conn.execute(keyed).fetchone()[0] == conn.execute(sketched).fetchone()[0] > 0
