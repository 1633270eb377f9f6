"""newsboat's ``cache.db`` (SQLite): its items as articles, with read and flagged state.

newsboat keeps every item it fetched in ``rss_item`` (its text in ``content``, HTML
unless ``content_mime_type`` says ``text/plain``) and each feed's title in
``rss_feed``, joined on ``rss_item.feedurl = rss_feed.rssurl``. How its state maps:

- ``unread = 0`` → read.
- Any flag → bookmarked. newsboat's flags are letters the user gives meanings to
  (``s`` for starred, ``l`` for later…), so each letter is also kept as a tag,
  ``flag-s``: without it, which of their own groupings an item was in would be lost.
  Tags in reader ignore case and newsboat's flags do not, so a capital letter
  becomes ``flag-capital-l`` rather than merging with ``flag-l``.
- ``deleted = 1`` → skipped (the user deleted it in newsboat), counted in a note.
- The source is the feed's title, else the domain of the feed's site, else of the
  item's own URL (items can outlive their feed's row).
- An item without text but with an http(s) link is a saved link (``link_only``); an
  item with neither is skipped and counted.
- ``base`` is the address relative links in the content are resolved against.
- ``pubDate`` is Unix seconds; newsboat stores 0 for an item without a date.

The file is opened read-only (``mode=ro``): newsboat may have it open.
Older caches lack later columns (``content_mime_type`` came with newsboat 2.22,
``base`` with 2.10); missing ones are read as empty.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from urllib.parse import quote

from reader.importers.errors import ImportFailure, NothingToImport
from reader.importers.markup import html_to_markdown
from reader.importers.notes import kept, were_skipped
from reader.importers.parsed import Parsed
from reader.importers.records import utc_time
from reader.models import Article, stand_in_title
from reader.urls import domain_of, is_web_url

# The columns read, and what an older cache that lacks one stands in with.
_ITEM_COLUMNS = {
    "id": "0",
    "guid": "''",
    "title": "''",
    "author": "''",
    "url": "''",
    "feedurl": "''",
    "pubDate": "0",
    "content": "''",
    "content_mime_type": "''",
    "unread": "1",
    "flags": "''",
    "deleted": "0",
    "base": "''",
}


@dataclass(frozen=True, slots=True)
class _Item:
    """One row of ``rss_item`` with its feed's title and site."""

    guid: str
    title: str
    author: str
    url: str
    published: int
    content: str
    mime: str
    unread: bool
    flags: str
    deleted: bool
    base: str
    feed_title: str
    feed_site: str


# The longest text or blob one value of a cache may hold: an article's limit in
# bytes of UTF-8. SQLite's own is a gigabyte.
MAX_VALUE_BYTES = 64 * 1024 * 1024
# SQLite virtual-machine steps between two chances for the file's time budget to fire.
_STEPS_A_CHECK = 100_000


def _open(path: str) -> sqlite3.Connection:
    """A cache, read-only, as an untrusted file: no value over ``MAX_VALUE_BYTES``,
    and a query that runs long can be stopped.

    A cache is a file someone else made. Its tables could be views that compute
    rows without end (a recursive query sorted before its first row: SQLite would
    never return to Python, so neither the time budget's signal nor Ctrl-C would
    be seen, and memory and temporary files would grow) or values made gigabytes
    long. The progress handler gives Python a moment every few steps, so the
    budget's signal interrupts the query.
    """
    conn = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.set_progress_handler(_let_signals_in, _STEPS_A_CHECK)
    return conn


def _let_signals_in() -> int:
    return 0  # a Python call: a pending signal's handler runs here and interrupts the query


def _tables(conn: sqlite3.Connection) -> set[str]:
    """Tables only: a view is a query the file's author wrote, not stored items."""
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def is_newsboat_cache(path: str) -> bool:
    """True when the SQLite file at ``path`` has newsboat's ``rss_item`` table."""
    try:
        with closing(_open(path)) as conn:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error:
        return False
    return {"rss_item", "rss_feed"} <= names


def parse_newsboat(path: str) -> Parsed:
    """Every item not deleted: unread=0 -> read, flags -> bookmarked (see module doc)."""
    try:
        items = list(_read_items(path))
    except sqlite3.OperationalError as error:
        if str(error) == "interrupted":
            raise ImportFailure("reading newsboat's cache.db took too long; stopped") from None
        raise ImportFailure(f"cannot read newsboat's cache.db: {error}") from None
    except sqlite3.Error as error:
        raise ImportFailure(f"cannot read newsboat's cache.db: {error}") from None
    parsed = Parsed()
    deleted = empty = 0
    for item in items:
        if item.deleted:
            deleted += 1
            continue
        article = _article(item, path)
        if article is None:
            empty += 1
            continue
        parsed.articles.append(article)
    parsed.notes = kept(
        [
            were_skipped(deleted, "item", "marked deleted"),
            were_skipped(empty, "item", "with neither text nor a link"),
        ]
    )
    if not parsed.articles:
        reason = f" ({'; '.join(parsed.notes)})" if parsed.notes else ""
        raise NothingToImport(f"a newsboat cache with no items to import{reason}")
    return parsed


def _read_items(path: str) -> Iterator[_Item]:
    with closing(_open(path)) as conn:
        missing = {"rss_item", "rss_feed"} - _tables(conn)
        if missing:
            raise ImportFailure(
                f"not newsboat's cache: {', '.join(sorted(missing))} is not a table"
            )
        present = {row[1] for row in conn.execute("PRAGMA table_info(rss_item)")}
        columns = ", ".join(
            f"i.{name}" if name in present else f"{default} AS {name}"
            for name, default in _ITEM_COLUMNS.items()
        )
        query = (
            f"SELECT {columns}, f.title, f.url FROM rss_item AS i "
            "LEFT JOIN rss_feed AS f ON f.rssurl = i.feedurl ORDER BY i.id"
        )
        for row in conn.execute(query):
            (_id, guid, title, author, url, _feed, published, content, mime) = row[:9]
            (unread, flags, deleted, base, feed_title, feed_site) = row[9:]
            yield _Item(
                guid=_text(guid),
                title=_text(title),
                author=_text(author),
                url=_text(url).strip(),
                published=_seconds(published),
                content=_text(content),
                mime=_text(mime),
                unread=bool(unread),
                flags=_text(flags),
                deleted=bool(deleted),
                base=_text(base),
                feed_title=_text(feed_title),
                feed_site=_text(feed_site),
            )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _article(item: _Item, path: str) -> Article | None:
    body = _body(item)
    url = item.url if is_web_url(item.url) else None
    if not body and url is None:
        return None
    letters = _flag_letters(item.flags)
    return Article(
        title=_plain(item.title) or stand_in_title(" ".join(body.split()[:14])),
        body=body,
        url=url,
        authors=[item.author] if item.author.strip() else [],
        published=_published(item.published),
        source=_plain(item.feed_title)
        or domain_of(item.feed_site)
        or domain_of(item.url)
        or domain_of(item.base),
        guid=item.guid or None,
        imported_from=path,
        tags=[_flag_tag(letter) for letter in letters],
        bookmarked=bool(letters),
        read=not item.unread,
        link_only=not body,
    )


def _body(item: _Item) -> str:
    if not item.content.strip():
        return ""
    if item.mime == "text/plain":
        return item.content.strip()
    content = _absolute_links(item.content, item.base) if item.base else item.content
    return html_to_markdown(content)


def _absolute_links(content: str, base: str) -> str:
    """Links in the content made absolute against the item's base, as newsboat shows them."""
    if "href" not in content and "src" not in content:
        return content
    from lxml import etree
    from lxml.html import fragment_fromstring, tostring

    try:
        fragment = fragment_fromstring(content, create_parent="div")
        fragment.make_links_absolute(base, resolve_base_href=False, handle_failures="ignore")
    except (etree.ParserError, ValueError):
        return content
    return str(tostring(fragment, encoding="unicode"))


def _flag_letters(flags: str) -> list[str]:
    """newsboat's flags, a letter each, in order, once each."""
    return sorted({letter for letter in flags if letter.isascii() and letter.isalpha()})


def _flag_tag(letter: str) -> str:
    return f"flag-capital-{letter.lower()}" if letter.isupper() else f"flag-{letter}"


def _seconds(value: object) -> int:
    """``pubDate`` as Unix seconds; 0 (no date) for what is not a number.

    SQLite keeps any type in any column: one item's "yesterday" or blob must not
    cost the cache its other items.
    """
    if isinstance(value, int):
        return value
    try:
        return int(float(value)) if isinstance(value, float | str) else 0
    except (ValueError, OverflowError):
        return 0


def _published(seconds: int) -> str | None:
    """newsboat stores 0 for an item without a date."""
    return utc_time(seconds) if seconds > 0 else None


def _plain(text: str) -> str:
    """Titles as feeds gave them may carry entities or markup; keep their text."""
    if "<" not in text:
        return " ".join(html.unescape(text).split())
    from lxml.html import fragment_fromstring

    try:
        text = str(fragment_fromstring(text, create_parent="span").text_content())
    except ValueError:
        text = html.unescape(text)
    return " ".join(text.split())
