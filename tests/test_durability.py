"""SIGKILL during an import while tags are being written: the archive and every tag survive."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from reader.store import ArchiveStore

COUNT = 4000


def write_tagged_articles(folder: Path) -> None:
    folder.mkdir()
    for n in range(COUNT):
        (folder / f"{n:05d}.md").write_text(
            f"---\ntitle: Story {n}\ndate: 2026-03-{1 + n % 28:02d}\n"
            f"url: https://news.example/{n}\ntags: [batch, group-{n % 7}]\n---\n\n"
            f"Mayor Elena Varga spoke about story {n}. “We will act,” Varga said.\n",
            encoding="utf-8",
        )


def test_sigkill_mid_import_with_concurrent_tagging(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    write_tagged_articles(tmp_path / "in")
    first = tmp_path / "first"
    first.mkdir()
    (first / "a.md").write_text(
        "# Kept\n\nMarch 1, 2026\n\nBody.\n\nOriginal url:\n\n<https://k.example/a>\n"
    )
    command = [sys.executable, "-m", "reader", "import", "--db", str(db), "--jobs", "1"]
    subprocess.run([*command, str(first)], check=True, capture_output=True)

    process = subprocess.Popen(
        [*command, str(tmp_path / "in")], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    committed: list[tuple[int, str]] = []
    deadline = time.monotonic() + 60
    with ArchiveStore(db) as store:
        # Tag articles as they arrive, each tag in its own transaction, until the kill.
        while time.monotonic() < deadline:
            newest = store.newest_id() or 1
            name = f"user-{len(committed)}"
            try:
                store.tag(1 + len(committed) % newest, name)
            except sqlite3.OperationalError:
                # the importer held the lock past busy_timeout: not committed
                if (store.newest_id() or 1) > COUNT // 2:
                    break
                continue
            committed.append((1 + len(committed) % newest, name))
            time.sleep(0.02)  # a quick user, not a flood
            if newest > 300 and len(committed) >= 2:
                break
            if newest > COUNT // 2:
                break  # a slow tagger (locked out past busy_timeout) must not outlast the import
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    with ArchiveStore(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.fts_in_sync()
        stored = store.count_articles()
        assert 1 < stored < COUNT + 1, "the kill should land mid-import"
        for article_id, name in committed:
            assert name in store.tags_of(article_id), (article_id, name)
        # Every imported article came whole, with the tags its file carried.
        missing = store.conn.execute(
            "SELECT count(*) FROM articles WHERE id > 1 AND id NOT IN (SELECT article_id "
            "FROM article_tags JOIN tags ON tags.id = tag_id WHERE tags.name = 'batch')"
        ).fetchone()[0]
        assert missing == 0

    subprocess.run([*command, str(tmp_path / "in")], check=True, capture_output=True)
    with ArchiveStore(db) as store:
        assert store.count_articles() == COUNT + 1
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for article_id, name in committed:
            assert name in store.tags_of(article_id)
        batch = store.conn.execute(
            "SELECT count(*) FROM article_tags JOIN tags ON tags.id = tag_id "
            "WHERE tags.name = 'batch'"
        ).fetchone()[0]
        assert batch == COUNT
