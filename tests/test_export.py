"""`reader export`: every key, and round trips through JSONL and Markdown."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reader.cli import cli
from reader.exporters import EXPORT_KEYS
from reader.store import ArchiveStore

from .conftest import SEED_ARTICLE, needs_seed, run
from .test_feeds import ATOM, RSS2
from .test_html_importer import page
from .test_import_cli import write_articles


def mixed_archive(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "sources"
    write_articles(folder / "md", 3)
    (folder / "feed.xml").write_bytes(RSS2)
    (folder / "atom.xml").write_bytes(ATOM)
    (folder / "page.html").write_text(page(), encoding="utf-8")
    (folder / "unicode.md").write_text(
        "---\ntitle: 'Zürich: «quoted» — naïve'\ndate: 2026-04-01T10:30:00+02:00\n"
        "authors: [Zoë Ångström]\ntags: [Ελλάδα, 'two words']\n---\n\nBody with *emphasis*.\n",
        encoding="utf-8",
    )
    run("import", "--db", db_path, folder)
    with ArchiveStore(db_path) as store, store.transaction():
        store.add_tag(1, "water")
        store.add_tag(2, "Harbour")
        store.set_bookmark(2, True)
        store.set_read(3, True)


def test_jsonl_has_exactly_the_documented_keys(tmp_path: Path, db_path: Path) -> None:
    mixed_archive(tmp_path, db_path)
    records = [json.loads(line) for line in run("export", "--db", db_path).splitlines()]
    assert len(records) == 8
    for record in records:
        assert tuple(record) == EXPORT_KEYS
        assert isinstance(record["authors"], list) and isinstance(record["tags"], list)
        assert isinstance(record["bookmarked"], bool) and isinstance(record["read"], bool)
        for key in ("quotes", "entities", "links", "related"):
            assert isinstance(record[key], list)
    by_id = {record["id"]: record for record in records}
    assert by_id[1]["tags"] == ["water"]
    assert by_id[2]["bookmarked"] is True and by_id[3]["read"] is True


def test_jsonl_round_trip(tmp_path: Path, db_path: Path) -> None:
    mixed_archive(tmp_path, db_path)
    first = run("export", "--db", db_path, "-o", tmp_path / "one.jsonl")
    del first
    exported = (tmp_path / "one.jsonl").read_text(encoding="utf-8")
    run("import", "--db", tmp_path / "copy.db", tmp_path / "one.jsonl")
    assert run("export", "--db", tmp_path / "copy.db") == exported


def test_markdown_round_trip(tmp_path: Path, db_path: Path) -> None:
    mixed_archive(tmp_path, db_path)
    original = run("export", "--db", db_path)
    run("export", "--db", db_path, "--format", "markdown", "-o", tmp_path / "md")
    files = sorted((tmp_path / "md").glob("*.md"))
    assert len(files) == 8
    text = files[0].read_text(encoding="utf-8")
    assert text.startswith("---\nid: 1\n")
    assert "\nOriginal url:\n\n<https://" in text
    run("import", "--db", tmp_path / "copy.db", tmp_path / "md")
    assert run("export", "--db", tmp_path / "copy.db") == original


def test_reimporting_an_export_changes_nothing(tmp_path: Path, db_path: Path) -> None:
    mixed_archive(tmp_path, db_path)
    before = run("export", "--db", db_path, "-o", tmp_path / "x.jsonl")
    del before
    result = CliRunner().invoke(cli, ["import", "--db", str(db_path), str(tmp_path / "x.jsonl")])
    assert "0 imported, 0 updated, 8 unchanged" in result.stdout


@needs_seed
def test_seed_fixture_exports_every_key(db_path: Path) -> None:
    run("import", "--db", db_path, SEED_ARTICLE)
    (record,) = [json.loads(line) for line in run("export", "--db", db_path).splitlines()]
    assert tuple(record) == EXPORT_KEYS
    assert record["url"].startswith("https://www.themoscowtimes.com/2022/04/22/")
    assert record["published"] == "2022-04-22"
    assert record["source"] == "themoscowtimes.com"


def one_by_one(store: ArchiveStore, ids: list[int]) -> dict[int, list[dict[str, object]]]:
    """Related articles as `reader show` finds them: related_to, one article at a time."""
    return {
        article_id: [{"id": item.id, "title": item.title} for item in store.related_to(article_id)]
        for article_id in ids
    }


def test_exported_related_articles_are_related_to_s_on_the_sample(archive: Path) -> None:
    from reader.store.archive import related_many

    with ArchiveStore(archive) as store:
        ids = [record["id"] for record in store.iter_export()]
        expected = one_by_one(store, ids)
        assert any(expected.values())
        exported = {record["id"]: record["related"] for record in store.iter_export()}
        assert exported == expected
        assert related_many(store.conn, ids[::3]) == one_by_one(store, ids[::3])


def crowded_archive(path: Path, articles: int = 1200, seed: int = 3) -> None:
    """Many articles sharing entities of every rarity, some with more than related_to
    weighs (ties in rarity decide which), links both ways, dates missing or odd, and
    an outlet named like an entity: every branch of related_to."""
    import random

    rng = random.Random(seed)
    with ArchiveStore(path) as store, store.transaction():
        conn = store.conn
        entity_count = 400
        conn.executemany(
            "INSERT INTO entities (id, name, type) VALUES (?, ?, 'ORG')",
            [(n, f"Entity {n}") for n in range(1, entity_count + 1)],
        )
        for article_id in range(1, articles + 1):
            day = rng.choice(
                [None, "garbled", f"2025-{1 + article_id % 12:02d}-{1 + article_id % 28:02d}"]
            )
            source = rng.choice(["Entity 1", "Entity 2", "Gazette", None])
            conn.execute(
                "INSERT INTO articles (id, url, title, published, source, body, content_hash, "
                "imported_at) VALUES (?, ?, ?, ?, ?, 'Text.', ?, 'now')",
                (
                    article_id,
                    f"https://e.example/{article_id}",
                    f"Story {article_id}",
                    day,
                    source,
                    f"h{article_id}",
                ),
            )
            many = 20 if article_id % 9 == 0 else rng.randint(0, 7)
            chosen = {min(int(rng.paretovariate(0.5)), entity_count) for _ in range(many)}
            conn.executemany(
                "INSERT INTO article_entities (article_id, entity_id, mentions) VALUES (?, ?, 1)",
                [(article_id, entity_id) for entity_id in chosen],
            )
            if article_id > 5 and rng.random() < 0.15:
                conn.execute(
                    "INSERT INTO links (article_id, text, url, target_article_id) "
                    "VALUES (?, 'x', 'u', ?)",
                    (article_id, rng.randint(1, article_id)),
                )
        conn.execute(
            "UPDATE entities SET article_count = (SELECT count(*) FROM article_entities "
            "WHERE entity_id = entities.id)"
        )


def test_exported_related_articles_are_related_to_s_on_a_crowded_archive(tmp_path: Path) -> None:
    from reader.store.archive import related_many

    crowded_archive(tmp_path / "crowded.db")
    with ArchiveStore(tmp_path / "crowded.db") as store:
        ids = list(range(1, store.count_articles() + 1))
        alone: list[str] = []
        store.conn.set_trace_callback(alone.append)
        expected = one_by_one(store, ids)
        assert sum(map(len, expected.values())) > 5 * len(ids)
        batched: list[str] = []
        store.conn.set_trace_callback(batched.append)
        exported = {record["id"]: record["related"] for record in store.iter_export()}
        store.conn.set_trace_callback(None)
        assert exported == expected
        # An entity's neighbours are read once for a batch of articles, not for each.
        reads = [
            len([sql for sql in trace if "WHERE entity_id = " in sql]) for trace in (alone, batched)
        ]
        assert reads[1] < reads[0] / 3
        # An export of a query: articles far apart in id, read around each one.
        sparse = ids[::97]
        assert related_many(store.conn, sparse) == {i: expected[i] for i in sparse}
        query = {record["id"]: record["related"] for record in store.iter_export(query="story")}
        assert query == expected
