from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.importers.errors import ImportFailure, NothingToImport
from reader.importers.feeds import parse_feed, parse_json_feed

from .import_helpers import article_details, failure_lines, import_ok

RSS2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Valley Courier</title><link>https://valleycourier.example/</link>
<item><title>Farmers rally over subsidy cuts</title>
<link>https://valleycourier.example/2026/04/02/rally</link>
<guid isPermaLink="false">vc-1001</guid>
<pubDate>Thu, 02 Apr 2026 09:15:00 +0200</pubDate>
<dc:creator>Jonas Weber</dc:creator>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Hundreds of farmers gathered.</p>
<p>&#8220;We cannot plant without water,&#8221; said Ana Ruiz.</p>]]></content:encoded>
</item>
<item><title>Second item</title><link>https://valleycourier.example/2026/04/03/two</link>
<description>&lt;p&gt;Only a summary here.&lt;/p&gt;</description></item>
</channel></rss>"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://old.example/"><title>Old Wire</title><link>https://old.example/</link>
</channel>
<item rdf:about="https://old.example/a"><title>RSS one item</title><link>https://old.example/a</link>
<description>Text of the item.</description><dc:date>2026-04-05T10:00:00Z</dc:date>
<dc:creator>Bo Li</dc:creator></item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Northern Ledger</title>
<link href="https://ledger.example/"/><id>urn:ledger</id><updated>2026-04-06T00:00:00Z</updated>
<entry><title type="html">Regulator opens &lt;em&gt;inquiry&lt;/em&gt;</title>
<link rel="alternate" href="https://ledger.example/2026/04/06/inquiry"/>
<id>tag:ledger.example,2026:inquiry</id><published>2026-04-06T07:00:00Z</published>
<author><name>Aiko Tanaka</name></author>
<content type="html">&lt;p&gt;The regulator said it would investigate.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss2_item_fields() -> None:
    first, second = [a.cleaned() for a in parse_feed(RSS2, "/feeds/vc.xml").articles]
    assert first.title == "Farmers rally over subsidy cuts"
    assert first.url == "https://valleycourier.example/2026/04/02/rally"
    assert first.guid == "vc-1001"
    assert first.published == "2026-04-02T09:15:00+02:00"
    assert first.authors == ["Jonas Weber"]
    assert first.source == "Valley Courier"
    assert "“We cannot plant without water,” said Ana Ruiz." in first.body
    assert "<p>" not in first.body
    assert second.body == "Only a summary here."


def test_rss1() -> None:
    (article,) = parse_feed(RSS1).articles
    assert article.title == "RSS one item"
    assert article.source == "Old Wire"
    assert article.published == "2026-04-05T10:00:00+00:00"
    assert article.authors == ["Bo Li"]


def test_atom() -> None:
    (article,) = [a.cleaned() for a in parse_feed(ATOM).articles]
    assert article.title == "Regulator opens inquiry"
    assert article.url == "https://ledger.example/2026/04/06/inquiry"
    assert article.guid == "tag:ledger.example,2026:inquiry"
    assert article.authors == ["Aiko Tanaka"]
    assert article.body == "The regulator said it would investigate."


def test_json_feed() -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Json Times",
        "authors": [{"name": "Feed Author"}],
        "items": [
            {
                "id": "1",
                "url": "https://json.example/1",
                "title": "Hello",
                "content_html": "<p>Body <b>bold</b></p>",
                "date_published": "2026-04-07T12:00:00+00:00",
            }
        ],
    }
    (article,) = parse_json_feed(json.dumps(feed).encode()).articles
    assert article.title == "Hello"
    assert article.body == "Body **bold**"
    assert article.authors == ["Feed Author"]
    assert article.source == "Json Times"
    assert article.published == "2026-04-07T12:00:00+00:00"


def test_truncated_before_any_item_is_refused() -> None:
    cut = RSS2[: RSS2.index(b"<item>")]
    with pytest.raises(ImportFailure, match=r"^broken XML \(.*line \d+\); no items"):
        parse_feed(cut)


def test_truncated_after_an_item_keeps_what_was_read() -> None:
    cut = RSS2[: RSS2.index(b"<item><title>Second")]
    parsed = parse_feed(cut)
    assert [a.title for a in parsed.articles] == ["Farmers rally over subsidy cuts"]
    (note,) = parsed.notes
    assert note.startswith("ill-formed XML (") and note.endswith("); read leniently")


# What real feeds get wrong, each read by feedparser's loose parser.
UNESCAPED_AMPERSANDS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Fish & Ships Weekly</title>
<link>https://fishships.example/</link>
<item><title>Nets & quotas: the new rules</title>
<link>https://fishships.example/?p=12&utm_source=rss&utm_medium=feed</link>
<description>Boats & crews wait.</description></item>
</channel></rss>"""

UNDECLARED_NAMESPACE = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hill Post</title><link>https://hillpost.example/</link>
<item><title>Snow closes the pass</title><link>https://hillpost.example/pass</link>
<dc:creator>Mara Quist</dc:creator>
<description>The pass closed at noon.</description></item>
</channel></rss>"""


def test_unescaped_ampersands_are_read_with_a_note() -> None:
    parsed = parse_feed(UNESCAPED_AMPERSANDS)
    (article,) = [a.cleaned() for a in parsed.articles]
    assert article.title == "Nets & quotas: the new rules"
    assert article.source == "Fish & Ships Weekly"
    assert article.url == "https://fishships.example/?p=12"
    assert article.body == "Boats & crews wait."
    assert parsed.notes == [
        "ill-formed XML (not well-formed (invalid token), line 2); read leniently"
    ]


def test_undeclared_namespace_is_read_with_a_note() -> None:
    parsed = parse_feed(UNDECLARED_NAMESPACE)
    (article,) = parsed.articles
    assert article.title == "Snow closes the pass"
    assert article.body == "The pass closed at noon."
    (note,) = parsed.notes
    assert "ill-formed XML" in note and "line 4" in note and note.endswith("read leniently")


def test_an_html_entity_in_an_item_is_read_with_a_note() -> None:
    feed = RSS2.replace(b"Short summary.", b"Short&nbsp;summary &mdash; more.")
    parsed = parse_feed(feed)
    assert len(parsed.articles) == 2
    assert parsed.notes == ["ill-formed XML (undefined entity, line 10); read leniently"]


def test_a_feed_without_items_is_nothing_to_import_not_a_failure() -> None:
    empty = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title>
    <link>https://quiet.example/</link></channel></rss>"""
    with pytest.raises(NothingToImport, match=r"^a feed with no items$"):
        parse_feed(empty)
    with pytest.raises(NothingToImport, match=r"^a feed with no items$"):
        parse_feed(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Q</title></feed>')
    with pytest.raises(NothingToImport, match=r"^a feed with no items$"):
        parse_json_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": []}')


def test_xml_that_is_not_a_feed_is_refused() -> None:
    sitemap = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://a.example/</loc></url></urlset>"""
    with pytest.raises(ImportFailure, match="not an RSS or Atom feed"):
        parse_feed(sitemap)


def test_an_item_without_text_is_a_saved_link() -> None:
    feed = b"""<rss version="2.0"><channel><title>Links</title>
    <item><title>Worth reading</title><link>https://elsewhere.example/essay</link></item>
    <item><title>With text</title><link>https://elsewhere.example/b</link>
    <description>Some words.</description></item>
    <item><title>No link, no text</title></item></channel></rss>"""
    bare, full, nothing = parse_feed(feed).articles
    assert bare.link_only and bare.url == "https://elsewhere.example/essay"
    assert not full.link_only
    assert not nothing.link_only


# Encodings, by BOM, by declaration and by detection: the same feed every way.
TEXT_FEED = """<rss version="2.0"><channel><title>Café Société</title>
<item><title>Naïve “smart” quotes — and ½ a dash</title>
<link>https://cafe.example/naive</link>
<description>Über die Straße, à la française.</description></item></channel></rss>"""
WIDE = ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]


def _assert_read_right(data: bytes) -> None:
    (article,) = parse_feed(data).articles
    assert article.title == "Naïve “smart” quotes — and ½ a dash"
    assert article.body == "Über die Straße, à la française."
    assert article.source == "Café Société"


@pytest.mark.parametrize("codec", WIDE)
@pytest.mark.parametrize("declared", [True, False], ids=["declared", "undeclared"])
@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_utf16_and_utf32_feeds(codec: str, declared: bool, bom: bool) -> None:
    text = TEXT_FEED
    if declared:
        text = f'<?xml version="1.0" encoding="{codec[:6]}"?>\n' + text
    data = text.encode(codec)
    if bom:
        data = "\ufeff".encode(codec) + data
    _assert_read_right(data)


def test_utf8_with_bom() -> None:
    _assert_read_right(b"\xef\xbb\xbf" + TEXT_FEED.encode())


def test_windows_1252_declared_as_latin1_gives_curly_quotes() -> None:
    data = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + TEXT_FEED).encode("cp1252")
    assert b"\x93smart\x94" in data
    _assert_read_right(data)


def test_windows_1252_declared() -> None:
    _assert_read_right(
        ('<?xml version="1.0" encoding="windows-1252"?>\n' + TEXT_FEED).encode("cp1252")
    )


def test_latin1_undeclared() -> None:
    text = TEXT_FEED.replace("“smart”", '"smart"').replace("—", "-")
    (article,) = parse_feed(('<?xml version="1.0"?>\n' + text).encode("latin-1")).articles
    assert article.title == 'Naïve "smart" quotes - and ½ a dash'
    assert article.body == "Über die Straße, à la française."


def test_utf8_with_stray_latin1_bytes() -> None:
    data = ('<?xml version="1.0" encoding="utf-8"?>\n' + TEXT_FEED).encode()
    data = data.replace("française".encode(), "française".encode("latin-1"))
    _assert_read_right(data)


# Through `reader import`, as a user meets them.


def test_cli_utf16_feed_without_extension_imports(tmp_path: Path, db_path: Path) -> None:
    feed = tmp_path / "cafe-feed"
    feed.write_bytes(("\ufeff" + TEXT_FEED).encode("utf-16-le"))
    result = import_ok(db_path, feed)
    assert "1 imported" in result.output
    [article] = article_details(db_path)
    assert article["title"] == "Naïve “smart” quotes — and ½ a dash"


def test_cli_feed_without_items_is_skipped_with_its_message(tmp_path: Path, db_path: Path) -> None:
    feed = tmp_path / "quiet.xml"
    feed.write_bytes(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    result = import_ok(db_path, feed)
    assert "0 imported, 0 updated, 0 unchanged, 1 skipped, 0 failed" in result.output
    assert f"{feed}: a feed with no items" in result.stderr


def test_cli_ill_formed_feed_imports_with_a_warning_naming_file_and_problem(
    tmp_path: Path, db_path: Path
) -> None:
    feed = tmp_path / "fish.rss"
    feed.write_bytes(UNESCAPED_AMPERSANDS)
    result = import_ok(db_path, feed)
    assert "1 imported" in result.output and "0 failed" in result.output
    (line,) = [ln for ln in result.stderr.splitlines() if "read leniently" in ln]
    assert str(feed) in line and "ill-formed XML (not well-formed (invalid token), line 2)" in line
    assert "Traceback" not in result.output


def test_cli_broken_feed_with_no_items_fails_in_one_line(tmp_path: Path, db_path: Path) -> None:
    feed = tmp_path / "cut.xml"
    feed.write_bytes(RSS2[: RSS2.index(b"<item>")])
    [line] = failure_lines(db_path, feed)
    assert "broken XML (" in line and "no items could be read from it" in line


@pytest.mark.parametrize(
    ("codec", "title", "text"),
    [
        (
            "koi8-r",
            "Паром снова ходит по расписанию",
            "Паром между островом и материком снова ходит по зимнему расписанию, "
            "сообщила капитан порта Инес Окафор. Первый рейс отправляется в семь утра.",
        ),
        (
            "shift_jis",
            "港の東側が三週間ぶりに再開",
            "港の東側は三週間の検査の後、月曜日に再開した。すべての試料がきれいだったと"
            "港長は話した。最初に再開する係留場所は地図に示されている。",
        ),
    ],
)
def test_undeclared_legacy_encodings_are_detected(codec: str, title: str, text: str) -> None:
    # feedparser alone (without chardet) reads these as Windows-1252: mojibake.
    feed = (
        f"<rss version='2.0'><channel><title>{title}</title><item><title>{title}</title>"
        f"<link>https://harbourtimes.example/x</link><description>{text}</description>"
        "</item></channel></rss>"
    )
    (article,) = parse_feed(feed.encode(codec)).articles
    assert (article.title, article.body) == (title, text)
