"""`reader tag`, `untag`, `bookmark`, `tags` (rename, delete) and filtered exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reader.cli import cli
from reader.store import ArchiveStore

from .conftest import SAMPLE_DATA


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    assert CliRunner().invoke(cli, ["import", "--db", str(path), str(SAMPLE_DATA)]).exit_code == 0
    return path


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_tag_untag_and_list(db: Path) -> None:
    assert run("tag", "--db", db, 3, "t-water", "t-harbour").exit_code == 0
    assert run("tag", "--db", db, 4, "T-Water").exit_code == 0  # the same tag, any case
    listed = run("tags", "--db", db).stdout
    assert "      2  t-water" in listed and "      1  t-harbour" in listed
    result = run("untag", "--db", db, 3, "t-harbour")
    assert result.exit_code == 0 and "article 3: t-water" in result.stdout
    assert "t-harbour" not in run("tags", "--db", db).stdout
    missing = run("tag", "--db", db, 99999, "x")
    assert missing.exit_code == 1 and "no article with id 99999" in missing.output


def test_rename_merges_and_delete_removes(db: Path) -> None:
    run("tag", "--db", db, 3, "t-a")
    run("tag", "--db", db, 4, "t-b")
    run("tag", "--db", db, 5, "t-a", "t-b")
    result = run("tags", "rename", "--db", db, "t-a", "t-b")
    assert result.exit_code == 0 and "merged" in result.stdout
    with ArchiveStore(db) as store:
        assert [store.tags_of(n) for n in (3, 4, 5)] == [["t-b"]] * 3
    assert run("tags", "rename", "--db", db, "t-b", "t-c").stdout.strip() == "t-b renamed to t-c"
    deleted = run("tags", "delete", "--db", db, "t-c")
    assert deleted.exit_code == 0 and "from 3 article(s)" in deleted.stdout
    assert run("tags", "delete", "--db", db, "t-c").exit_code == 1


def test_bookmark_on_and_off(db: Path) -> None:
    assert run("bookmark", "--db", db, 7).exit_code == 0
    assert run("search", "--db", db, "is:bookmarked").stdout.split()[0] == "7"
    assert run("bookmark", "--db", db, 7, "--off").exit_code == 0
    assert run("search", "--db", db, "is:bookmarked").stdout == ""


def test_export_filtered_by_a_query(db: Path) -> None:
    run("tag", "--db", db, 3, "t-keep")
    run("tag", "--db", db, 8, "t-keep")
    lines = run("export", "--db", db, "--query", "tag:t-keep").stdout.splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == [3, 8]
    bad = run("export", "--db", db, "--query", "(unclosed")
    assert bad.exit_code == 1 and "without its ')'" in bad.output


def test_export_quotes_as_csv_and_markdown(db: Path) -> None:
    result = run("export", "--db", db, "--quotes", "--format", "csv", "--query", "said:Varga")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {"speaker", "quote", "title", "date", "url"} <= set(rows[0])
    assert any(row["speaker"] == "Elena Varga" for row in rows)
    markdown = run("export", "--db", db, "--quotes").stdout
    assert markdown.startswith("# Quotes") and "— **Elena Varga**" in markdown


def test_quote_tags_survive_export_and_import(db: Path, tmp_path: Path) -> None:
    with ArchiveStore(db) as store:
        view = store.article_view(3)
        assert view is not None
        store.tag_quote(3, view.quotes[0].text, "t-memorable")
    exported = tmp_path / "out.jsonl"
    run("export", "--db", db, "-o", exported)
    copy = tmp_path / "copy.db"
    run("import", "--db", copy, exported)
    with ArchiveStore(copy) as store:
        view = store.article_view(3)
        assert view is not None
        assert store.quote_tags(3, view.quotes[0].text) == ["t-memorable"]
    folder = tmp_path / "md"
    run("export", "--db", db, "--format", "markdown", "-o", folder)
    again = tmp_path / "again.db"
    run("import", "--db", again, folder)
    with ArchiveStore(again) as store:
        assert store.query_ids("tag:t-memorable") == [3]


def test_a_quote_tag_outlives_an_edit_of_the_quote(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text(
        "# Promise\n\nMarch 3, 2026\n\nMayor Elena Varga spoke.\n\n"
        "“We will fix it before summer,” Varga said.\n\nOriginal url:\n\n<https://n.example/p>\n",
        encoding="utf-8",
    )
    db = tmp_path / "archive.db"
    run("import", "--db", db, source)
    with ArchiveStore(db) as store:
        store.tag_quote(1, store.article_view(1).quotes[0].text, "promise")  # type: ignore[union-attr]
    source.write_text(
        source.read_text(encoding="utf-8").replace("before summer", "before the summer"),
        encoding="utf-8",
    )
    run("import", "--db", db, source)
    exported = run("export", "--db", db).stdout
    assert '"tags": ["promise"]' in exported
    (tmp_path / "x.jsonl").write_text(exported, encoding="utf-8")
    run("import", "--db", tmp_path / "copy.db", tmp_path / "x.jsonl")
    with ArchiveStore(tmp_path / "copy.db") as store:
        assert store.query_ids("tag:promise") == [1]
    assert run("export", "--db", tmp_path / "copy.db").stdout == exported
