from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.models import Article
from reader.store import SCHEMA_VERSION, ArchiveProblem, ArchiveStore
from reader.store.schema import migrate, schema_version


def art(**fields: object) -> Article:
    values: dict[str, object] = {"title": "Basin closed", "body": "The basin is closed."}
    values.update(fields)
    return Article(**values).cleaned()  # type: ignore[arg-type]


def search(store: ArchiveStore, query: str) -> list[int]:
    return [
        row[0]
        for row in store.conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid", (query,)
        )
    ]


def test_new_archive_is_at_current_schema_with_wal(store: ArchiveStore) -> None:
    assert schema_version(store.conn) == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    expected = {
        "articles",
        "tags",
        "article_tags",
        "bookmarks",
        "read_state",
        "quotes",
        "entities",
        "article_entities",
        "links",
        "import_files",
        "articles_fts",
    }
    assert expected <= set(store.db.table_names())


def test_identity_by_url_keeps_id_and_user_state(store: ArchiveStore) -> None:
    first_id, status = store.upsert_article(art(url="https://a.example/x?utm_source=feed"))
    assert status == "imported"
    store.add_tag(first_id, "water")
    store.set_bookmark(first_id, True)
    store.set_read(first_id, True)

    same_id, status = store.upsert_article(art(url="https://A.example/x"))
    assert (same_id, status) == (first_id, "unchanged")

    new_body = "The basin reopened after new tests."
    same_id, status = store.upsert_article(art(url="https://a.example/x", body=new_body))
    assert (same_id, status) == (first_id, "updated")
    assert store.article_row(first_id)["body"] == new_body  # type: ignore[index]
    assert store.tags_of(first_id) == ["water"]
    assert store.conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0] == 1
    assert store.conn.execute("SELECT count(*) FROM read_state").fetchone()[0] == 1
    assert store.count_articles() == 1


def test_identity_by_guid_then_content_hash(store: ArchiveStore) -> None:
    by_guid, _ = store.upsert_article(art(guid="feed-1"))
    assert store.upsert_article(art(guid="feed-1", body="Changed.")) == (by_guid, "updated")
    by_hash, _ = store.upsert_article(art(title="No identity", body="Just text."))
    assert store.upsert_article(art(title="No identity", body="Just text.")) == (
        by_hash,
        "unchanged",
    )
    # Whitespace does not change identity; the new spacing is stored.
    assert store.upsert_article(art(title="No identity", body="Just\n\ntext.")) == (
        by_hash,
        "updated",
    )
    assert store.count_articles() == 2


def test_update_fills_in_but_never_blanks_out(store: ArchiveStore) -> None:
    article_id, _ = store.upsert_article(
        art(url="https://a.example/y", authors=["Mira Castell"], published="2026-03-14")
    )
    _, status = store.upsert_article(art(url="https://a.example/y", source="Harbour Gazette"))
    assert status == "updated"
    row = store.article_row(article_id)
    assert row is not None
    assert row["authors"] == '["Mira Castell"]'
    assert row["published"] == "2026-03-14"
    assert row["source"] == "Harbour Gazette"


def test_full_text_index_follows_inserts_and_updates(store: ArchiveStore) -> None:
    article_id, _ = store.upsert_article(art(url="https://a.example/z", body="solvent found"))
    assert search(store, "solvent") == [article_id]
    store.upsert_article(art(url="https://a.example/z", body="chlorine found"))
    assert search(store, "solvent") == []
    assert search(store, "chlorine") == [article_id]
    assert store.fts_in_sync()


def test_carried_user_state_is_added_never_removed(store: ArchiveStore) -> None:
    article_id, _ = store.upsert_article(art(url="https://a.example/t", tags=["a"]))
    store.add_tag(article_id, "mine")
    _, status = store.upsert_article(art(url="https://a.example/t", tags=["b"], bookmarked=True))
    assert status == "updated"
    assert store.tags_of(article_id) == ["a", "b", "mine"]
    _, status = store.upsert_article(art(url="https://a.example/t"))
    assert status == "unchanged"
    assert store.tags_of(article_id) == ["a", "b", "mine"]


def test_transaction_rolls_back_everything_on_error(store: ArchiveStore) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.upsert_article(art(url="https://a.example/r"))
        raise RuntimeError("interrupted")
    assert store.count_articles() == 0
    assert search(store, "basin") == []


def test_older_archive_upgrades_in_place_keeping_everything(db_path: Path) -> None:
    # An archive as the first schema version made it, with articles and user state.
    conn = sqlite3.connect(db_path, isolation_level=None)
    migrate(conn, target=1)
    conn.execute(
        "INSERT INTO articles (id, url, title, body, content_hash, imported_at) "
        "VALUES (7, 'https://a.example/old', 'Old story', 'solvent in the basin', 'h', 'now')"
    )
    conn.execute("INSERT INTO tags (id, name, created_at) VALUES (1, 'kept', 'now')")
    conn.execute("INSERT INTO article_tags VALUES (7, 1, 'now')")
    conn.execute("INSERT INTO bookmarks VALUES (7, 'now')")
    conn.close()

    with ArchiveStore(db_path) as store:
        assert schema_version(store.conn) == SCHEMA_VERSION
        assert store.tags_of(7) == ["kept"]
        assert search(store, "solvent") == [7]  # the new index covers old articles
        assert store.conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0] == 1


def test_archive_from_a_newer_reader_is_refused_unchanged(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(ArchiveProblem, match="made by a newer reader") as refused:
        ArchiveStore(db_path)
    assert refused.value.kind == "newer"
    # Refused before anything was written: not even the journal mode (WAL) was set.
    assert db_path.read_bytes() == before
