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


def _fields(articles: list[object]) -> list[tuple[object, ...]]:
    keys = ("title", "body", "url", "authors", "published", "source", "guid", "link_only")
    return [tuple(getattr(a.cleaned(), k) for k in keys) for a in articles]  # type: ignore[attr-defined]


def test_plain_items_read_without_feedparser_read_as_feedparser_reads_them(
    tmp_path: Path,
) -> None:
    from reader.importers.feeds import parse_feed
    from reader.importers.feedstream import plain_articles

    feed = tmp_path / "big.xml"
    write_feed(feed)
    feeds = [feed, *sorted((Path(__file__).parent.parent / "sample_data" / "feeds").glob("*"))]
    taken = 0
    for path in feeds:
        for piece in pieces(str(path), per_piece=7):
            plain = plain_articles(piece, str(path))
            if plain is None:
                continue  # not plain RSS 2.0: feedparser reads it
            taken += 1
            assert _fields(plain) == _fields(parse_feed(piece, str(path)).articles), path
    assert taken >= ITEMS // 7  # the generated feed is plain throughout


def test_items_feedparser_would_read_differently_are_left_to_it(tmp_path: Path) -> None:
    from reader.importers.feedstream import plain_articles

    def piece(item: str) -> bytes:
        return (
            '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><title>F</title>{item}</channel></rss>"
        ).encode()

    plain = "<item><title>T</title><link>https://f.example/1</link><description>x</description>"
    assert plain_articles(piece(plain + "</item>"), "f") is not None
    for odd in (
        "<author>ann@f.example (Ann)</author>",  # feedparser splits name and address
        "<dc:creator>Ann (ann@f.example)</dc:creator>",
        "<description>&lt;a href='/relative'&gt;x&lt;/a&gt;</description>",  # resolved
        "<description>&lt;script&gt;x()&lt;/script&gt;</description>",  # sanitised
        "<pubDate>sometime soon</pubDate>",  # feedparser's date parsers
        "<media:thumbnail xmlns:media='http://search.yahoo.com/mrss/' url='x'/>",
    ):
        assert plain_articles(piece(plain + odd + "</item>"), "f") is None, odd
    no_link = "<item><title>T</title><guid>https://f.example/g</guid></item>"
    assert plain_articles(piece(no_link), "f") is None  # a permalink guid may be the link
