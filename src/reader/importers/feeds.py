"""RSS 2.0, RSS 1.0 and Atom feeds (feedparser), and JSON Feed: one article per item."""

from __future__ import annotations

import calendar
import json
from datetime import UTC, datetime
from typing import Any

from reader.dates import parse_date
from reader.importers.errors import ImportFailure
from reader.importers.markup import html_to_markdown
from reader.importers.parsed import Parsed
from reader.models import Article, stand_in_title
from reader.urls import domain_of


def parse_feed(data: bytes, path: str = "") -> Parsed:
    """Parse an RSS or Atom feed."""
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and problem is not None and not _harmless(problem):
        raise ImportFailure(f"broken XML: {_describe(problem)}")
    if not parsed.get("version") and not parsed.entries:
        raise ImportFailure("not an RSS or Atom feed")
    feed_title = _plain(parsed.feed.get("title", ""))
    source = feed_title or domain_of(parsed.feed.get("link"))
    return Parsed([_entry_article(entry, source, path) for entry in parsed.entries])


def _harmless(problem: Exception) -> bool:
    # A feed whose declared encoding differs from the HTTP-less guess is still readable.
    return type(problem).__name__ in {"CharacterEncodingOverride", "NonXMLContentType"}


def _describe(problem: Exception) -> str:
    message = getattr(problem, "getMessage", lambda: str(problem))()
    line = getattr(problem, "getLineNumber", lambda: None)()
    return f"{message} (line {line})" if line else str(message)


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
    return Article(
        title=_plain(entry.get("title", "")) or _first_words(body),
        body=body,
        url=entry.get("link"),
        authors=authors,
        published=_entry_date(entry),
        source=source,
        guid=entry.get("id"),
        imported_from=path,
        tags=[],
    )


def _first_words(body: str) -> str:
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
    feed = json.loads(data)
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        raise ImportFailure("not a JSON Feed: no list of items")
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
        articles.append(
            Article(
                title=str(item.get("title") or "") or _first_words(body),
                body=body,
                url=item.get("url") or item.get("external_url"),
                authors=_json_feed_authors(item) or feed_authors,
                published=parse_date(str(item.get("date_published") or "")),
                source=source,
                guid=str(item["id"]) if item.get("id") is not None else None,
                imported_from=path,
            )
        )
    return Parsed(articles)


def _json_feed_authors(holder: dict[str, Any]) -> list[str]:
    people = holder.get("authors") or ([holder["author"]] if holder.get("author") else [])
    return [str(p["name"]) for p in people if isinstance(p, dict) and p.get("name")]
