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
