"""WARC files: HTML responses become articles under their target URI; the rest is counted."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from warcio.warcwriter import WARCWriter

from reader.importers.errors import ImportFailure, NothingToImport
from reader.importers.warc import parse_warc

from .fixtures.imports.warc.build import BASIN, COUNCIL, FERRY, TUNNEL, build_warc
from .import_helpers import (
    articles_by_url,
    failure_lines,
    import_ok,
    reimport_changes_nothing,
    same_however_found,
    stored,
)

FERRY_STORED = "https://harbourtimes.example/2024/11/07/night-ferry-timetable"
SUMMARY = (
    "WARC: 4 pages imported; skipped 20 records: 10 requests, 2 images, "
    "1 archive info record, 1 error response, 1 metadata record, 1 other record, "
    "1 redirect, 1 revisit, 1 script, 1 stylesheet"
)


def summary(db: Path) -> dict[str, tuple[Any, ...]]:
    return {
        url: (d["title"], d["source"], d["published"], d["authors"], d["body"])
        for url, d in stored(db).items()
    }


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warc(tmp_path_factory.mktemp("warc") / "harbour.warc.gz")


@pytest.mark.parametrize("compress", [True, False])
def test_html_responses_become_articles_under_their_target_uri(
    tmp_path: Path, compress: bool
) -> None:
    path = build_warc(tmp_path / ("c.warc.gz" if compress else "c.warc"), compress=compress)
    parsed = parse_warc(str(path))
    by_url = articles_by_url(parsed.articles)
    # The page's canonical link (www.…/ferries/night-ferry) loses to the target URI.
    assert set(by_url) == {BASIN, FERRY, COUNCIL, TUNNEL}
    basin = by_url[BASIN]
    assert basin.title == "Eastern basin reopens after three weeks of testing"
    assert basin.authors == ["Maren Lyng"]
    assert basin.source == "Harbour Times"
    assert basin.published == "2024-11-02T18:30:00+01:00"
    assert "## What changed" in basin.body
    assert "Most read" not in basin.body and "Privacy" not in basin.body
    # gzip content-encoding and chunked transfer undone.
    assert "eleven people a night on average" in by_url[FERRY].body
    # XHTML served as application/xhtml+xml.
    assert "café quarter to the Zürichplatz" in by_url[COUNCIL].body
    # ISO-8859-1 declared only by the HTTP header.
    tunnel = by_url[TUNNEL]
    assert "Øystein Rønning" in tunnel.body and tunnel.source == "Fjordposten"
    assert parsed.notes == [SUMMARY]
    assert all(a.imported_from == str(path) for a in parsed.articles)


def records_of(target: Path, records: list[tuple[str, str, str, bytes]]) -> Path:
    """A WARC of (uri, record type, content type, body) responses or resources."""
    with target.open("wb") as output:
        writer = WARCWriter(output, gzip=True)
        for uri, kind, content_type, body in records:
            if kind == "response":
                head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
                raw = head.encode() + f"Content-Length: {len(body)}\r\n\r\n".encode() + body
                record = writer.create_warc_record(uri, kind, payload=BytesIO(raw), length=len(raw))
            else:
                record = writer.create_warc_record(
                    uri,
                    kind,
                    payload=BytesIO(body),
                    length=len(body),
                    warc_content_type=content_type,
                )
            writer.write_record(record)
    return target


def page(title: str, text: str) -> bytes:
    paragraphs = "".join(
        f"<p>{text} Sentence {n} of the story goes on a while.</p>" for n in range(4)
    )
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article></body></html>"
    ).encode()


def test_a_page_captured_twice_keeps_its_last_capture(tmp_path: Path) -> None:
    url = "https://news.example/live/storm"
    path = records_of(
        tmp_path / "twice.warc.gz",
        [
            (url, "response", "text/html", page("Storm live", "Wind is rising.")),
            (
                url + "?utm_source=x",
                "response",
                "text/html",
                page("Storm live", "Wind has dropped."),
            ),
        ],
    )
    parsed = parse_warc(str(path))
    [article] = parsed.articles
    assert "Wind has dropped." in article.body
    assert parsed.notes == ["WARC: 1 page imported; skipped 1 record: 1 earlier capture of a page"]


def test_resource_records_of_html_are_pages(tmp_path: Path) -> None:
    path = records_of(
        tmp_path / "resource.warc.gz",
        [
            ("https://news.example/saved", "resource", "text/html", page("Saved", "Kept whole.")),
            ("https://news.example/photo.jpg", "resource", "image/jpeg", b"\xff\xd8\xff\xe0"),
        ],
    )
    parsed = parse_warc(str(path))
    assert [a.url for a in parsed.articles] == ["https://news.example/saved"]
    assert parsed.notes == ["WARC: 1 page imported; skipped 1 record: 1 image"]


def test_a_warc_without_pages_is_nothing_to_import(tmp_path: Path) -> None:
    path = records_of(
        tmp_path / "assets.warc.gz",
        [("https://news.example/site.css", "response", "text/css", b"body { margin: 0 }")],
    )
    with pytest.raises(NothingToImport, match="1 stylesheet"):
        parse_warc(str(path))


def test_a_warc_cut_short_keeps_the_pages_before_the_break(tmp_path: Path, crawl: Path) -> None:
    data = crawl.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.75)])
    parsed = parse_warc(str(cut))
    assert 1 <= len(parsed.articles) < 4
    assert BASIN in {a.url for a in parsed.articles}
    assert "WARC cut short: its last record is incomplete" in parsed.notes
    # No page is imported half: every page kept has its last paragraph.
    texts = {a.url: a.body for a in parse_warc(str(crawl)).articles}
    assert all(a.body == texts[a.url] for a in parsed.articles)


def test_a_broken_warc_fails_with_one_line(tmp_path: Path, db_path: Path, crawl: Path) -> None:
    cut_gz = tmp_path / "cut.warc.gz"
    cut_gz.write_bytes(crawl.read_bytes()[:2000])
    with pytest.raises(ImportFailure, match="broken WARC: cut short before any page"):
        parse_warc(str(cut_gz))
    plain = build_warc(tmp_path / "plain.warc", compress=False)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(plain.read_bytes()[:3000])
    plain_line, gzip_line = failure_lines(db_path, cut, cut_gz)
    assert "broken WARC: cut short before any page" in plain_line
    # detect.py reads a gzip's start to tell what it holds, and finds it broken first.
    assert "broken gzip file" in gzip_line


def test_cli_import_stores_pages_and_reports_skipped_records(db_path: Path, crawl: Path) -> None:
    result = import_ok(db_path, crawl)
    assert "4 imported, 0 updated, 0 unchanged, 0 skipped, 0 failed" in result.output
    assert SUMMARY in result.output
    articles = stored(db_path)
    # Tracking parameters leave the stored URL, as for every import.
    assert set(articles) == {BASIN, FERRY_STORED, COUNCIL, TUNNEL}
    assert articles[FERRY_STORED]["title"] == "Night ferry timetable cut to two crossings"


def test_detected_from_content_named_or_in_a_folder(tmp_path: Path, crawl: Path) -> None:
    plain = build_warc(tmp_path / "plain" / "crawl-00001", compress=False)
    same_however_found(
        crawl,
        tmp_path,
        summary,
        renamed="crawl",
        in_folder="deep/harbour-20241112",
        also=[plain],
        expect="4 imported",
    )


def test_importing_twice_changes_nothing(db_path: Path, crawl: Path) -> None:
    import_ok(db_path, crawl)
    reimport_changes_nothing(db_path, crawl, read=summary, unchanged=4)
