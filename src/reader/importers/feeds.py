"""RSS 2.0, RSS 1.0 and Atom feeds (feedparser), and JSON Feed: one article per item.

Feeds are read as leniently as feedparser reads them. Real feeds are often
ill-formed XML (an unescaped ampersand, an undeclared namespace prefix, an HTML
entity XML does not define); feedparser's loose parser still reads their items,
so a feed from which it reads items is imported, with one note naming the
problem ("ill-formed XML (undefined entity, line 4); read leniently"). Only a
feed that is broken *and* yields no item fails.

A well-formed feed with no items is not a failure: it raises NothingToImport
("a feed with no items"), which the import reports and counts as skipped.

An item that carries no text but links to an http(s) page (a headline feed, a
link blog) is a saved link (``link_only``): a later import of the page fills in
its text.

Encodings: feedparser gets the file's bytes and honours a BOM and the XML
declaration itself; :func:`feed_bytes` helps only where it would misread them
(UTF-16 without BOM or declaration, UTF-8 with stray Latin-1 bytes, undeclared
legacy text).
"""

from __future__ import annotations

import calendar
import codecs
import re
from datetime import UTC, datetime
from typing import Any

from reader.dates import parse_date
from reader.importers import encoding
from reader.importers.errors import ImportFailure, NothingToImport
from reader.importers.markup import html_to_markdown
from reader.importers.parsed import Parsed
from reader.importers.records import read_json
from reader.models import Article, stand_in_title
from reader.urls import domain_of, is_web_url

_XML_ENCODING = re.compile(rb"""(?<=<\?xml)([^>]*?\bencoding=["'])([A-Za-z0-9_.:-]+)(["'])""")
_FEED_ROOT = re.compile(r"<(?:[\w.-]+:)?(?:rss|feed|RDF|channel)\b", re.I)
# A numeric character reference, also escaped once more ("&amp;#55296;", how an
# item's HTML carries one): feedparser's sanitizer turns each into a character and
# fails on a surrogate (UnicodeEncodeError), past U+10FFFF (ValueError) or past a
# C long (OverflowError), and the whole feed with it.
_CHARACTER_REFERENCE = re.compile(rb"&(?:amp;)?#(?:[xX]0*([0-9a-fA-F]+)|0*([0-9]+));")
_FIRST_SURROGATE, _LAST_SURROGATE, _LAST_CODE_POINT = 0xD800, 0xDFFF, 0x10FFFF
_BOMS = {
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
}


def parse_feed(data: bytes, path: str = "") -> Parsed:
    """Parse an RSS, RSS 1.0 (RDF), Atom or CDF feed, leniently (see the module doc)."""
    import feedparser

    data = _CHARACTER_REFERENCE.sub(_replacement_reference, feed_bytes(data))
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    problem = ill_formed(parsed)
    if not parsed.entries:
        if problem:
            raise ImportFailure(f"broken XML ({problem}); no items could be read from it")
        if not parsed.get("version") and not _has_feed_root(data):
            raise ImportFailure("not an RSS or Atom feed")
        raise NothingToImport("a feed with no items")
    feed_title = _plain(parsed.feed.get("title", ""))
    source = feed_title or domain_of(parsed.feed.get("link"))
    articles = [_entry_article(entry, source, path) for entry in parsed.entries]
    notes = [f"ill-formed XML ({problem}); read leniently"] if problem else []
    return Parsed(articles, notes)


def feed_bytes(data: bytes) -> bytes:
    """The bytes to give feedparser: the file's own, unless feedparser would misread them.

    feedparser honours a BOM and an XML declaration itself, and maps ISO-8859-1 to
    Windows-1252 as browsers do. It cannot tell UTF-16 without a BOM or a
    declaration, and it reads UTF-8 with a few stray Latin-1 bytes (or undeclared
    legacy text) with whatever single-byte codec does not fail; those are decoded
    here (:func:`reader.importers.encoding.decode`) and handed over as UTF-8.
    """
    if encoding.bom_encoding(data):
        return data
    wide = encoding.sniff_wide_encoding(data[:512])
    if wide:
        return _BOMS[wide] + data
    declared = _XML_ENCODING.search(data[:1024])
    label = encoding.normalise_label(declared.group(2).decode("ascii")) if declared else None
    if label and not label.startswith("utf"):
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        text, _ = encoding.decode(data)
        return _XML_ENCODING.sub(rb"\1utf-8\3", text.encode("utf-8"), count=1)
    if declared and label is None:
        # A label that names no character set ("undefined", "punycode"): feedparser
        # would decode with it and fail, and the feed with it. The bytes are UTF-8.
        return _XML_ENCODING.sub(rb"\1utf-8\3", data, count=1)
    return data


def _replacement_reference(match: re.Match[bytes]) -> bytes:
    """A reference to no character (a surrogate, past U+10FFFF) as U+FFFD, as browsers
    read it; any other left as it is."""
    hexadecimal, decimal = match.groups()
    digits = hexadecimal or decimal
    # More than 8 digits is past U+10FFFF either way (and int() of thousands is slow).
    code = int(digits, 16 if hexadecimal else 10) if len(digits) <= 8 else _LAST_CODE_POINT + 1
    if _FIRST_SURROGATE <= code <= _LAST_SURROGATE or code > _LAST_CODE_POINT:
        return match.group(0).split(b"#", 1)[0] + b"#xFFFD;"
    return match.group(0)


def ill_formed(parsed: Any) -> str:
    """What makes the XML ill-formed, as "undefined entity, line 4"; "" when it is not."""
    problem = parsed.get("bozo_exception")
    if not parsed.get("bozo") or problem is None or _harmless(problem):
        return ""
    return _describe(problem)


def _harmless(problem: Exception) -> bool:
    # A declared encoding that the bytes overrule (feedparser then reads them right),
    # or a content type that only HTTP gives: the XML itself is sound.
    return type(problem).__name__ in {"CharacterEncodingOverride", "NonXMLContentType"}


def _describe(problem: Exception) -> str:
    message = getattr(problem, "getMessage", lambda: str(problem))()
    line = getattr(problem, "getLineNumber", lambda: None)()
    message = " ".join(str(message).split()) or type(problem).__name__
    return f"{message}, line {line}" if line else message


def _has_feed_root(data: bytes) -> bool:
    """A feed's root element (CDF's ``channel`` too), which feedparser gives no version."""
    head = encoding.decode(data[:4096])[0]
    return _FEED_ROOT.search(head) is not None


def _entry_article(entry: Any, source: str | None, path: str) -> Article:
    content = entry.get("content") or []
    html = ""
    if content:
        html = max((part.get("value", "") for part in content), key=len)
    summary = entry.get("summary", "")
    if len(summary) > len(html):
        html = summary
    authors = [author.get("name", "") for author in entry.get("authors", []) if author.get("name")]
    if not authors and entry.get("author"):
        authors = [entry["author"]]
    body = html_to_markdown(html) if html else ""
    url = entry.get("link")
    return Article(
        title=_plain(entry.get("title", "")) or first_words(body),
        body=body,
        url=url,
        authors=authors,
        published=_entry_date(entry),
        source=source,
        guid=entry.get("id"),
        imported_from=path,
        tags=[],
        link_only=not body and is_web_url(url),
    )


def first_words(body: str) -> str:
    """A title for an item that has none: the start of its text."""
    return stand_in_title(" ".join(body.split()[:14]))


def _entry_date(entry: Any) -> str | None:
    for key in ("published", "updated", "created"):
        text = entry.get(key)
        parsed = parse_date(text) if text else None
        if parsed:
            return parsed
        moment = entry.get(f"{key}_parsed")
        if moment:
            return datetime.fromtimestamp(calendar.timegm(moment), UTC).isoformat(
                timespec="seconds"
            )
    return None


def _plain(text: str) -> str:
    """Titles sometimes carry markup; keep their text only."""
    if "<" not in text:
        return text
    from lxml.html import fragment_fromstring

    try:
        return str(fragment_fromstring(text, create_parent="span").text_content())
    except ValueError:
        return text


def parse_json_feed(data: bytes, path: str = "") -> Parsed:
    """Parse a JSON Feed (versions 1.0 and 1.1)."""
    feed = read_json(data)
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        raise ImportFailure("not a JSON Feed: no list of items")
    if not feed["items"]:
        raise NothingToImport("a feed with no items")
    source = feed.get("title") or domain_of(feed.get("home_page_url"))
    feed_authors = _json_feed_authors(feed)
    articles = []
    for item in feed["items"]:
        if not isinstance(item, dict):
            continue
        if item.get("content_html"):
            body = html_to_markdown(str(item["content_html"]))
        else:
            body = str(item.get("content_text") or item.get("summary") or "")
        url = item.get("url") or item.get("external_url")
        articles.append(
            Article(
                title=str(item.get("title") or "") or first_words(body),
                body=body,
                url=url,
                authors=_json_feed_authors(item) or feed_authors,
                published=parse_date(str(item.get("date_published") or "")),
                source=source,
                guid=str(item["id"]) if item.get("id") is not None else None,
                imported_from=path,
                link_only=not body and is_web_url(url),
            )
        )
    return Parsed(articles)


def _json_feed_authors(holder: dict[str, Any]) -> list[str]:
    people = holder.get("authors") or ([holder["author"]] if holder.get("author") else [])
    return [str(p["name"]) for p in people if isinstance(p, dict) and p.get("name")]
