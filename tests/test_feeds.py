from __future__ import annotations

import json

import pytest

from reader.importers.errors import ImportFailure
from reader.importers.feeds import parse_feed, parse_json_feed

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


def test_truncated_feed_is_refused() -> None:
    with pytest.raises(ImportFailure, match="broken XML"):
        parse_feed(RSS2[: len(RSS2) // 2])
