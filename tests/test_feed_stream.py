"""A large feed cut into pieces parsed on every core: the archive is as a whole parse makes it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from reader.exporters import write_jsonl
from reader.importers import files, run_import
from reader.importers.feedstream import NotStreamable, pieces
from reader.store import ArchiveStore

ITEMS = 130


def write_feed(path: Path, *, broken: bool = False) -> None:
    items = "".join(
        f"<item><title>Story {n}</title><link>https://news.example/{n}</link>"
        f"<guid>https://news.example/{n}</guid><pubDate>Mon, 0{1 + n % 9} Mar 2026 10:00:00 GMT"
        f"</pubDate><dc:creator>Ann Example</dc:creator><description>&lt;p&gt;“We will act on "
        f"story {n},” Mayor Elena Varga said in Westhaven.&lt;/p&gt;</description></item>\n"
        for n in range(ITEMS)
    )
    if broken:
        items += "<item><title>AT&T & friends</title></item>\n"  # an unescaped ampersand
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        "<title>Harbour Gazette</title><link>https://news.example/</link>\n"
        f"{items}</channel></rss>\n",
        encoding="utf-8",
    )


def import_export(db: Path, feed: Path, jobs: int = 2) -> tuple[str, int]:
    with ArchiveStore(db) as store:
        summary = run_import(store, [feed], jobs=jobs)
        out = io.StringIO()
        write_jsonl(store, out)
        assert store.fts_in_sync()
        return out.getvalue(), summary.imported


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_streamed_feed_imports_as_a_whole_one_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    feed = tmp_path / "big.xml"
    write_feed(feed)
    whole, whole_count = import_export(tmp_path / "whole.db", feed)
    monkeypatch.setattr(files, "STREAM_FEED_BYTES", 1024)  # everything is "large" now
    streamed, streamed_count = import_export(tmp_path / "streamed.db", feed, jobs)
    assert whole_count == streamed_count == ITEMS
    assert streamed == whole
    with ArchiveStore(tmp_path / "streamed.db") as store:
        row = store.conn.execute("SELECT format, articles FROM import_files").fetchone()
        assert tuple(row) == ("feed", ITEMS)
        # Again: unchanged, nothing parsed.
        assert run_import(store, [feed], jobs=jobs).unchanged == ITEMS


def test_pieces_are_small_feeds_holding_every_item(tmp_path: Path) -> None:
    feed = tmp_path / "big.xml"
    write_feed(feed)
    cut = list(pieces(str(feed), per_piece=50))
    assert len(cut) == 3
    assert all(b"<title>Harbour Gazette</title>" in piece for piece in cut)
    assert sum(piece.count(b"<item>") for piece in cut) == ITEMS


def test_an_ill_formed_large_feed_is_read_whole_and_leniently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = tmp_path / "big.xml"
    write_feed(feed, broken=True)
    with pytest.raises(NotStreamable):
        list(pieces(str(feed)))
    monkeypatch.setattr(files, "STREAM_FEED_BYTES", 1024)
    with ArchiveStore(tmp_path / "a.db") as store:
        summary = run_import(store, [feed], jobs=2)
        assert store.count_articles() == ITEMS + 1
    assert summary.files == 1 and summary.failed == 0
    assert any("read leniently" in note for _, note in summary.notes)
