"""Every tool's export into one archive: one article per URL, state merged, nothing twice.

Each fixture is first imported alone; then all of them together. For every URL,
the merged article must be read if any export said read, bookmarked if any said
so, carry the union of the tags, and have text if any export carried its text.
Importing everything again changes nothing.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.store import ArchiveStore

FIXTURES = Path(__file__).parent / "fixtures" / "imports"

State = tuple[bool, bool, frozenset[str], bool]  # read, bookmarked, tags, link_only


def _builders() -> dict[str, object]:
    sys.path.insert(0, str(FIXTURES.parent))
    try:
        from imports.karakeep.build import build_dump
        from imports.omnivore.build import build_zip
        from imports.pocket.build import build_pocket_zip
        from imports.warc.build import build_warc
    finally:
        sys.path.pop(0)
    return {
        "karakeep.tar.gz": build_dump,
        "omnivore.zip": build_zip,
        "pocket.zip": build_pocket_zip,
        "archive.warc.gz": build_warc,
    }


def exports(folder: Path) -> list[Path]:
    """Every tool's export, the containers built from their committed parts."""
    from .test_import_newsboat import build_cache

    paths = [
        FIXTURES / "pocket" / "ril_export.html",
        FIXTURES / "bookmarks" / "bookmarks.html",
        FIXTURES / "instapaper" / "instapaper-export.csv",
        FIXTURES / "readwise" / "readwise-reader-export.csv",
        FIXTURES / "wallabag" / "wallabag-export.json",
        FIXTURES / "karakeep" / "karakeep-export.json",
        FIXTURES / "datasets" / "news-please-list.json",
        FIXTURES / "datasets" / "mediacloud-stories.csv",
    ]
    folder.mkdir()
    copies = []
    for path in paths:
        copy = folder / f"{path.parent.name}-{path.name}"
        shutil.copy(path, copy)
        copies.append(copy)
    for name, build in _builders().items():
        built = build(folder / name)  # type: ignore[operator]
        copies.append(Path(built))
    copies.append(build_cache(folder / "cache.db"))
    return copies


def import_paths(db: Path, *paths: Path) -> str:
    result = CliRunner().invoke(cli, ["import", "--db", str(db), *map(str, paths)])
    assert result.exit_code == 0, result.output
    return result.stdout


def states(db: Path) -> dict[str, State]:
    with ArchiveStore(db) as store:
        found: dict[str, State] = {}
        for (article_id,) in store.conn.execute("SELECT id FROM articles WHERE url IS NOT NULL"):
            details = store.article_details(article_id)
            assert details is not None
            # http and https are one article: the merged one keeps https.
            found[details["url"].replace("http://", "https://", 1)] = (
                bool(details["read"]),
                bool(details["bookmarked"]),
                frozenset(tag.casefold() for tag in details["tags"]),  # tags ignore case
                bool(details["link_only"]),
            )
        return found


@pytest.fixture(scope="module")
def tools(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return exports(tmp_path_factory.mktemp("tools") / "exports")


def test_every_export_merges_by_url_into_one_archive(tmp_path: Path, tools: list[Path]) -> None:
    expected: dict[str, list[State]] = {}
    for number, path in enumerate(tools):
        db = tmp_path / f"alone-{number}.db"
        import_paths(db, path)
        for url, state in states(db).items():
            expected.setdefault(url, []).append(state)
    assert len(expected) >= 20, "the fixtures should hold many saved articles"
    assert any(len(seen) >= 3 for seen in expected.values()), "some URL saved in 3+ tools"

    merged_db = tmp_path / "all.db"
    import_paths(merged_db, *tools)
    merged = states(merged_db)
    assert set(merged) == set(expected)  # one article per URL, none lost, none twice
    for url, seen in expected.items():
        read, bookmarked, tags, link_only = merged[url]
        assert read == any(state[0] for state in seen), url
        assert bookmarked == any(state[1] for state in seen), url
        assert tags == frozenset().union(*(state[2] for state in seen)), url
        assert link_only == all(state[3] for state in seen), url  # text if any had it

    again = import_paths(merged_db, *tools)
    assert again.startswith("0 imported, 0 updated"), again


def test_a_saved_link_from_one_tool_is_filled_by_another_tools_text(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ril_export.html").write_text(
        "<!DOCTYPE html><html><head><title>Pocket Export</title></head><body>"
        "<h1>Unread</h1><ul><li><a href='http://harbour.example/ferry?utm_source=pocket' "
        "time_added='1700000000' tags='ferries'>Ferry cut</a></li></ul>"
        "<h1>Read Archive</h1><ul></ul></body></html>",
        encoding="utf-8",
    )
    (folder / "instapaper.csv").write_text(
        "URL,Title,Selection,Folder,Timestamp,Tags\n"
        'https://harbour.example/ferry#comments,"Ferry cut, again",,Archive,1700000100,[]\n',
        encoding="utf-8",
    )
    import_paths(db, folder / "ril_export.html", folder / "instapaper.csv")
    with ArchiveStore(db) as store:
        assert store.count_articles() == 1
        (row,) = store.conn.execute("SELECT id, link_only FROM articles").fetchall()
        assert row[1] == 1
    (folder / "page.html").write_text(
        "<html><head><title>Night ferry cut to two crossings</title>"
        "<link rel='canonical' href='https://harbour.example/ferry'></head><body><article>"
        "<h1>Night ferry cut to two crossings</h1><p>The board voted on Monday to cut the "
        "night ferry to two crossings from January, citing empty sailings.</p>"
        "<p>“We cannot run an empty ship through the winter,” said Tomas Eide, the board's "
        "chair.</p></article></body></html>",
        encoding="utf-8",
    )
    import_paths(db, folder / "page.html")
    with ArchiveStore(db) as store:
        assert store.count_articles() == 1
        details = store.article_details(row[0])
        assert details is not None
        assert details["link_only"] == 0 and "empty sailings" in details["body"]
        assert details["read"] and details["tags"] == ["ferries"]
        assert details["url"] == "https://harbour.example/ferry"
        assert [quote.speaker for quote in store.article_quotes(row[0])] == ["Tomas Eide"]
