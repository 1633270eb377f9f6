"""The import's bulk path stores exactly what the one-by-one path stores.

New articles go in with one statement per table and batch (store/bulk.py);
articles the archive has, and repeats within a batch, merge one by one. Both
paths must leave the same archive: same ids, rows, derived data and exports.
"""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.exporters import write_jsonl
from reader.importers import ImportListener, run_import
from reader.models import Article
from reader.store import ArchiveStore
from reader.store.archive import UpsertStatus

from .conftest import SAMPLE_DATA

FIXTURES = Path(__file__).parent / "fixtures"

_TABLES = {
    "articles": "SELECT id, url, title, title_key, body, guid, content_hash, link_only "
    "FROM articles ORDER BY id",
    "entities": "SELECT id, name, type, article_count FROM entities ORDER BY id",
    "aliases": "SELECT alias, entity_id FROM entity_aliases ORDER BY 1, 2",
    "mentions": "SELECT * FROM article_entities ORDER BY article_id, entity_id",
    "quotes": "SELECT article_id, text, speaker, speaker_entity_id, kind, start, end, rule, "
    "confidence, cue FROM quotes ORDER BY id",
    "links": "SELECT article_id, text, url, target_article_id, title_key, related "
    "FROM links ORDER BY id",
    "tags": "SELECT article_id, tag_id FROM article_tags ORDER BY 1, 2",
    "versions": "SELECT article_id, title, body, fingerprint FROM article_versions ORDER BY id",
    "highlights": "SELECT article_id, passage_key, passage, before, after, note, origin "
    "FROM highlights ORDER BY id",
    "fts": "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'harbour' ORDER BY rowid",
}


def archive_of(db: Path, paths: list[Path]) -> dict[str, object]:
    with ArchiveStore(db) as store:
        run_import(store, paths, jobs=1)
        exported = io.StringIO()
        write_jsonl(store, exported)
        assert store.fts_in_sync()
        # When a version was captured, or a highlight without a date of its own
        # made, is the time of the run: not compared.
        export = re.sub(r'"(captured_at|created_at)": "[^"]*"', r'"\1": ""', exported.getvalue())
        return {
            "export": export,
            **{name: store.conn.execute(sql).fetchall() for name, sql in _TABLES.items()},
        }


@pytest.mark.parametrize("corpus", [SAMPLE_DATA, FIXTURES], ids=["sample", "fixtures"])
def test_bulk_and_one_by_one_store_the_same(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Twice over the same folder: the second import merges every article.
    bulk = archive_of(tmp_path / "bulk.db", [corpus, corpus])
    monkeypatch.setattr(
        ArchiveStore, "new_articles", lambda self, articles: [False] * len(articles)
    )
    one_by_one = archive_of(tmp_path / "one.db", [corpus, corpus])
    assert bulk["articles"], "the corpus imported nothing"
    for name, rows in one_by_one.items():
        assert bulk[name] == rows, name


def test_the_bulk_path_is_taken_for_new_articles(tmp_path: Path) -> None:
    calls: list[int] = []
    original = ArchiveStore.insert_new

    def counting(self: ArchiveStore, articles: list[object]) -> list[int]:
        calls.append(len(articles))
        return original(self, articles)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ArchiveStore, "insert_new", counting)
        archive_of(tmp_path / "a.db", [SAMPLE_DATA])
    assert sum(calls) >= 40


def test_a_file_the_store_refuses_is_named_and_its_batch_still_lands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(5):
        (folder / f"{n}.md").write_text(
            f"---\ntitle: Story {n}\nurl: https://news.example/{n}\n---\n\nBody {n}.\n",
            encoding="utf-8",
        )
    # The store refuses one article (as a constraint or a bad value would), in bulk and alone.
    bulk_insert, one_insert = ArchiveStore.insert_new, ArchiveStore.upsert_article

    def refusing_bulk(self: ArchiveStore, articles: list[Article]) -> list[int]:
        if any(article.title == "Story 2" for article in articles):
            raise sqlite3.IntegrityError("refused")
        return bulk_insert(self, articles)

    def refusing_one(
        self: ArchiveStore, article: Article, **options: bool
    ) -> tuple[int, UpsertStatus]:
        if article.title == "Story 2":
            raise sqlite3.IntegrityError("refused")
        return one_insert(self, article, **options)

    monkeypatch.setattr(ArchiveStore, "insert_new", refusing_bulk)
    monkeypatch.setattr(ArchiveStore, "upsert_article", refusing_one)

    class Problems(ImportListener):
        def __init__(self) -> None:
            self.seen: list[tuple[str, str]] = []

        def problem(self, path: str, reason: str, *, skipped: bool = False) -> None:
            self.seen.append((Path(path).name, reason))

    listener = Problems()
    with ArchiveStore(tmp_path / "a.db") as store:
        summary = run_import(store, [folder], listener, jobs=1)
        titles = sorted(row[0] for row in store.conn.execute("SELECT title FROM articles"))
        assert store.fts_in_sync()
        assert not store.known_files([str(folder / "2.md")])  # read again next time
    assert summary.imported == 4 and summary.failed == 1
    assert listener.seen == [("2.md", "cannot store: refused")]
    assert titles == ["Story 0", "Story 1", "Story 3", "Story 4"]


def test_an_unchanged_file_is_known_by_its_size_and_time_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.importers import files

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.md").write_text(f"# Story {n}\n\nBody {n}.\n", encoding="utf-8")
    with ArchiveStore(tmp_path / "a.db") as store:
        run_import(store, [folder], jobs=1)

        def unread(*args: object) -> object:
            raise AssertionError("an unchanged file was read")

        monkeypatch.setattr(files, "detect", unread)
        assert run_import(store, [folder], jobs=1).unchanged == 3
        # A file touched (new time) is read again; with its content the same it stays.
        monkeypatch.undo()
        os.utime(folder / "1.md", ns=(1, 1))
        summary = run_import(store, [folder], jobs=1)
        assert (summary.unchanged, summary.imported, summary.updated) == (3, 0, 0)


def test_an_import_stopped_inside_a_bulk_write_leaves_a_sound_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.store import bulk

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(30):
        (folder / f"{n:02d}.md").write_text(
            f"# Story {n}\n\n“We will act,” Mayor Elena Varga said of story {n}.\n",
            encoding="utf-8",
        )
    stop_at = {"calls": 0}
    save = bulk.save_extractions

    def interrupted(conn: sqlite3.Connection, items: list[object]) -> None:
        save(conn, items)  # type: ignore[arg-type]
        stop_at["calls"] += 1
        raise KeyboardInterrupt  # Ctrl-C after the batch's rows, before its commit

    monkeypatch.setattr(bulk, "save_extractions", interrupted)
    db = tmp_path / "a.db"
    with ArchiveStore(db) as store, pytest.raises(KeyboardInterrupt):
        run_import(store, [folder], jobs=1)
    assert stop_at["calls"] == 1
    monkeypatch.undo()
    with ArchiveStore(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.fts_in_sync()
        assert store.count_articles() == 0  # the batch was not committed, nothing half-written
        triggers = {row[0] for row in store.conn.execute("SELECT name FROM sqlite_master")}
        assert "articles_fts_ai" in triggers  # dropped only inside the rolled-back write
        summary = run_import(store, [folder], jobs=1)  # the same command finishes the job
        assert summary.imported == 30
        assert store.fts_in_sync()
        hits = store.conn.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Varga'"
        ).fetchone()[0]
        assert hits == 30


def test_a_guid_counts_only_within_its_feed(tmp_path: Path) -> None:
    def feed(name: str, text: str) -> Path:
        path = tmp_path / f"{name}.xml"
        path.write_text(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>'
            f"<item><guid isPermaLink='false'>1</guid><title>{text}</title>"
            f"<description>{text} in full.</description></item></channel></rss>",
            encoding="utf-8",
        )
        return path

    first, second = feed("Feed A", "Harbour reopens"), feed("Feed B", "Rail strike ends")
    with ArchiveStore(tmp_path / "a.db") as store:
        run_import(store, [first], jobs=1)
        store.conn.execute("BEGIN")
        store.add_tag(1, "mine")
        store.conn.execute("COMMIT")
        summary = run_import(store, [second], jobs=1)
        assert summary.imported == 1
        titles = [row[0] for row in store.conn.execute("SELECT title FROM articles ORDER BY id")]
        assert titles == ["Harbour reopens", "Rail strike ends"]
        assert store.tags_of(1) == ["mine"]
        # The same feed again, its item edited: the same article, updated.
        first.write_text(first.read_text().replace("in full", "in full, now"), encoding="utf-8")
        assert run_import(store, [first], jobs=1).updated == 1
        assert store.count_articles() == 2


@given(st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 10**9)).map(list), max_size=60))
def test_mention_offsets_are_written_as_json_writes_them(spans: list[list[int]]) -> None:
    from reader.store.bulk import _offsets_json

    assert _offsets_json(spans) == json.dumps(spans)
