"""`reader import` from the command line: summaries, bad files, re-import, user state."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reader.cli import cli
from reader.store import ArchiveStore

from .conftest import SEED_ARTICLE, needs_seed

ARTICLE = """# Basin closed after solvent found

March 14, 2026

Mayor Elena Varga at the harbour. [Harbour Gazette](https://harbourgazette.example)

The harbour authority closed the eastern basin on Tuesday.

“We will not reopen it until every sample is clean,” Varga said.

Original url:

<https://harbourgazette.example/2026/03/14/basin-{n}>
"""


def write_articles(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"{n:03d}.md"
        path.write_text(ARTICLE.format(n=n), encoding="utf-8")
        paths.append(path)
    return paths


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


def test_import_reports_summary_and_stores_articles(tmp_path: Path, db_path: Path) -> None:
    write_articles(tmp_path / "in", 3)
    result = run("import", "--db", db_path, tmp_path / "in")
    assert result.exit_code == 0, result.output
    assert "3 imported, 0 updated, 0 unchanged, 0 skipped, 0 failed" in result.output
    with ArchiveStore(db_path) as store:
        assert store.count_articles() == 3
        row = store.article_row(1)
        assert row is not None
        assert row["imported_from"] == str((tmp_path / "in" / "000.md").absolute())
        assert row["published"] == "2026-03-14"
        # The photo credit links to the outlet's own site, so it names the source.
        assert row["source"] == "Harbour Gazette"


def test_db_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "from-env.db"
    monkeypatch.setenv("READER_DB", str(target))
    write_articles(tmp_path / "in", 1)
    assert run("import", tmp_path / "in").exit_code == 0
    with ArchiveStore(target) as store:
        assert store.count_articles() == 1


def test_reimport_unchanged_and_updated_keep_ids_and_user_state(
    tmp_path: Path, db_path: Path
) -> None:
    paths = write_articles(tmp_path / "in", 3)
    run("import", "--db", db_path, tmp_path / "in")
    with ArchiveStore(db_path) as store, store.transaction():
        store.add_tag(2, "keep-me")
        store.set_bookmark(2, True)
        store.set_read(3, True)

    result = run("import", "--db", db_path, tmp_path / "in")
    assert "0 imported, 0 updated, 3 unchanged" in result.output

    paths[1].write_text(ARTICLE.format(n=1).replace("Tuesday", "Wednesday"), encoding="utf-8")
    result = run("import", "--db", db_path, tmp_path / "in")
    assert "0 imported, 1 updated, 2 unchanged" in result.output
    with ArchiveStore(db_path) as store:
        assert store.count_articles() == 3
        row = store.article_row(2)
        assert row is not None and "Wednesday" in row["body"]
        assert store.tags_of(2) == ["keep-me"]
        assert store.conn.execute("SELECT article_id FROM bookmarks").fetchall() == [(2,)]
        assert store.conn.execute("SELECT article_id FROM read_state").fetchall() == [(3,)]


def make_bad_files(folder: Path) -> dict[str, str]:
    """Bad files of every kind, with the words their error must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "empty.md").write_bytes(b"")
    (folder / "truncated.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>One</title><link>https://t.example/1</link><description>Te",
        encoding="utf-8",
    )
    with open(folder / "huge.md", "wb") as handle:
        handle.write(b"# Huge\n\n")
        line = b"word " * 200 + b"\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * 5000 + "<p>deep</p>" + "</div>" * 5000 + "</body></html>",
        encoding="utf-8",
    )
    (folder / "broken.jsonl").write_text(
        json.dumps({"title": "Good line", "body": "Fine."}) + "\n{not json\n", encoding="utf-8"
    )
    return {
        "binary.md": "binary file",
        "empty.md": "empty file",
        # feedparser reads the one item it has: imported, with a warning.
        "truncated.xml": "ill-formed XML",
        "huge.md": "file too large",
        "deep.html": "nested too deeply",
        "broken.jsonl": "line 2",
    }


def test_bad_files_are_named_the_rest_imported_nothing_lost(tmp_path: Path, db_path: Path) -> None:
    write_articles(tmp_path / "before", 2)
    run("import", "--db", db_path, tmp_path / "before")
    with ArchiveStore(db_path) as store, store.transaction():
        store.add_tag(1, "precious")

    expected = make_bad_files(tmp_path / "mixed")
    write_articles(tmp_path / "mixed" / "good", 2, start=100)
    # Legacy encodings are read as browsers read them, not refused.
    (tmp_path / "mixed" / "good" / "latin1.md").write_bytes(
        b"# Caf\xe9 story\n\nA body with \x93curly\x94 quotes.\n"
    )
    result = CliRunner().invoke(cli, ["import", "--db", str(db_path), str(tmp_path / "mixed")])

    assert result.exit_code == 1
    stderr = result.stderr
    for name, reason in expected.items():
        line = next((ln for ln in stderr.splitlines() if name in ln), "")
        assert reason in line, f"{name}: expected {reason!r} in {line!r}\n{stderr}"
    assert "failed" in result.stdout
    with ArchiveStore(db_path) as store:
        titles = {row[0] for row in store.conn.execute("SELECT title FROM articles")}
        assert "Good line" in titles  # the good line of the broken JSONL
        assert "Café story" in titles
        assert store.count_articles() == 2 + 2 + 1 + 1 + 1
        assert store.tags_of(1) == ["precious"]
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.fts_in_sync()


def test_parallel_import_matches_serial(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 80)
    make_bad_files(tmp_path / "in" / "bad")
    serial, parallel = tmp_path / "serial.db", tmp_path / "parallel.db"
    first = run("import", "--db", serial, "--jobs", "1", tmp_path / "in")
    second = run("import", "--db", parallel, "--jobs", "2", tmp_path / "in")
    assert first.exit_code == second.exit_code == 1
    assert first.stdout.split("(")[0] == second.stdout.split("(")[0]
    exported = [run("export", "--db", db).stdout for db in (serial, parallel)]
    assert exported[0] == exported[1]
    assert exported[0].count("\n") == 80 + 2  # the good JSONL line, the truncated feed's item


def test_hidden_and_non_article_files_are_skipped(tmp_path: Path, db_path: Path) -> None:
    write_articles(tmp_path / "in", 1)
    (tmp_path / "in" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    (tmp_path / "in" / ".hidden.md").write_text("# Hidden\n\nNo.\n")
    result = run("import", "--db", db_path, tmp_path / "in")
    assert result.exit_code == 0
    assert "1 imported, 0 updated, 0 unchanged, 1 skipped, 0 failed" in result.output


@needs_seed
def test_seed_fixture_imports(db_path: Path) -> None:
    result = run("import", "--db", db_path, SEED_ARTICLE)
    assert result.exit_code == 0
    with ArchiveStore(db_path) as store:
        row = store.article_row(1)
        assert row is not None
        assert row["title"] == "Putin Claims Ukraine Won't Allow Azovstal Defenders to Surrender"
        assert row["imported_from"] == str(SEED_ARTICLE.absolute())


def test_escape_sequences_never_stored(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "evil.md").write_text(
        "# Title \x1b]0;pwned\x07with \x1b[31mcolour\n\nMarch 1, 2026\n\n"
        "Body \x9b2J text\x1b]52;c;ZXZpbA==\x07 here.\n",
        encoding="utf-8",
    )
    assert run("import", "--db", db_path, tmp_path / "evil.md").exit_code == 0
    with ArchiveStore(db_path) as store:
        row = store.article_row(1)
        assert row is not None
        assert row["title"] == "Title with colour"
        assert row["body"] == "Body  text here."
        stored = json.dumps(list(store.conn.execute("SELECT * FROM articles").fetchall()))
        assert "\\u001b" not in stored and "\\u009b" not in stored


def test_missing_path_is_a_usage_error(tmp_path: Path, db_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", "--db", str(db_path), str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert not os.path.exists(db_path)


def test_a_bad_tag_or_field_fails_its_file_not_the_import(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "in"
    write_articles(folder, 1)
    (folder / "tags.md").write_text(
        '---\ntitle: Odd tags\ndate: 2024-02-30\ntags: ["#", "ok", "a\\"b"]\n---\nBody.\n',
        encoding="utf-8",
    )
    (folder / "types.jsonl").write_text(
        json.dumps({"title": "Typed", "body": "B", "url": 5}) + "\n", encoding="utf-8"
    )
    (folder / "feed.json").write_text(
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "One line",
                "items": [
                    {"id": "1", "content_text": "First item."},
                    {"id": "2", "title": "Two", "content_text": "Second."},
                ],
            }
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["import", "--db", str(db_path), str(folder)])
    assert "Traceback" not in result.output
    assert "types.jsonl" in result.stderr and "'url' must be text" in result.stderr
    with ArchiveStore(db_path) as store:
        titles = {row[0] for row in store.conn.execute("SELECT title FROM articles")}
        assert {"Odd tags", "Two", "First item."} <= titles  # a one-line JSON Feed, two items
        odd = store.conn.execute("SELECT id, published FROM articles WHERE title = 'Odd tags'")
        odd_id, published = odd.fetchone()
        assert published is None  # an impossible date is dropped, not the article
        assert store.tags_of(odd_id) == ["a'b", "ok"]
