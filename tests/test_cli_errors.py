"""Odd input on the command line and in files: a one-line message, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reader.cli import cli
from reader.store import ArchiveStore


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def seeded(tmp_path: Path) -> Path:
    db = tmp_path / "a.db"
    (tmp_path / "a.md").write_text(
        "# Harbour\n\n“We will reopen,” Mayor Elena Varga said.\n", encoding="utf-8"
    )
    assert run("import", "--db", db, tmp_path / "a.md").exit_code == 0
    return db


def test_huge_and_zero_ids_are_refused_with_a_message(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    for args in (
        ("show", "--db", db, 10**20),
        ("tag", "--db", db, 10**20, "x"),
        ("bookmark", "--db", db, 0),
        ("attribute", "--db", db, 10**20, 1, "X"),
    ):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "is not in the range" in result.output and result.exception is not None
        assert not isinstance(result.exception, OverflowError)


def test_export_into_a_missing_folder_makes_it(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    target = tmp_path / "new" / "folder" / "out.jsonl"
    assert run("export", "--db", db, "-o", target).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8").splitlines()[0])["title"] == "Harbour"


def test_a_blank_saved_search_name_is_a_message(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    result = run("search", "--db", db, "harbour", "--save", "   ")
    assert result.exit_code == 1
    assert "a saved search needs a name" in result.output


def test_odd_export_records_are_line_errors_and_ids_stay_exportable(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    lines = [
        {"title": "Quotes not a list", "body": "Text.", "quotes": 5},
        {"title": "Huge id", "body": "Text one.", "id": 10**20},
        {"title": "Negative id", "body": "Text two.", "id": -3},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    (tmp_path / "zero.md").write_text("---\nid: 0\ntitle: Zero id\n---\n\nBody.\n")
    result = run("import", "--db", db, path, tmp_path / "zero.md")
    assert "line 1: 'quotes' must be a list" in result.stderr
    exported = run("export", "--db", db).stdout.splitlines()
    titles = sorted(json.loads(line)["title"] for line in exported)
    assert titles == ["Huge id", "Negative id", "Zero id"]  # every stored article exports


def test_merging_tags_keeps_a_quote_tags_text(tmp_path: Path) -> None:
    db = seeded(tmp_path)
    with ArchiveStore(db) as store:
        (quote,) = store.article_quotes(1)
        store.tag_quote(1, quote.text, "first")
        store.tag(1, "second")
    assert run("tags", "rename", "--db", db, "first", "second").exit_code == 0
    with ArchiveStore(db) as store:
        (text,) = store.conn.execute("SELECT quote_text FROM quote_tags").fetchone()
    assert text == quote.text


def test_one_size_limit_per_article_whatever_the_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.importers import files

    monkeypatch.setattr(files, "MAX_ARTICLE_CHARACTERS", 1000)
    big = "Word " * 400
    (tmp_path / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
        f"<item><title>Small</title><link>https://f.example/1</link><description>Fine."
        f"</description></item><item><title>Big</title><link>https://f.example/2</link>"
        f"<description>{big}</description></item></channel></rss>",
        encoding="utf-8",
    )
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"title": "Small line", "body": "Fine."})
        + "\n"
        + json.dumps({"title": "Big line", "body": big})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "big.md").write_text(f"# Big page\n\n{big}\n", encoding="utf-8")
    db = tmp_path / "a.db"
    result = run("import", "--db", db, "--jobs", 1, tmp_path)
    assert "feed.xml: 1 article over the 0 MB limit for one article left out" in result.stderr
    assert "big.md: 1 article over the 0 MB limit" in result.stderr
    assert "lines.jsonl: 1 article over" in result.stderr
    with ArchiveStore(db) as store:
        titles = sorted(row[0] for row in store.conn.execute("SELECT title FROM articles"))
    assert titles == ["Small", "Small line"]


def test_a_yes_no_field_written_as_false_is_false(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    path = tmp_path / "in.jsonl"
    lines = [
        {"title": "Words", "body": "B.", "url": "https://n.example/1", "bookmarked": "false"},
        {"title": "True", "body": "B.", "url": "https://n.example/2", "read": "true"},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert run("import", "--db", db, path).exit_code == 0
    with ArchiveStore(db) as store:
        first, second = store.article_details(1), store.article_details(2)
    assert first is not None and second is not None
    assert not first["bookmarked"] and not first["read"]
    assert second["read"] and not second["bookmarked"]
