"""Readwise Reader's CSV export.

Reader exports ``Title, URL, ID, Document tags, Saved date, Reading progress,
Location, Seen``: no text, so each document becomes a link-only entry. Columns
are found by name in any case and order, and any of them but ``URL`` may be
missing. ``Document tags`` is a Python list (``['a', "it's"]``), ``Saved date``
an ISO time (``2024-03-14 09:12:44.512000+00:00``), ``Reading progress`` a
fraction (``0.93``), ``Location`` one of new, later, shortlist, archive, feed,
``Seen`` True or False.

Decisions where the issue is silent:

- Read: ``Location`` archive, or ``Reading progress`` of 0.9 and more (read to
  the end without archiving). ``Seen`` is not read: it only says the document
  was shown in a list.
- Bookmarked: ``Location`` shortlist (Reader's starred documents).
- Location feed holds what Reader's feeds brought in, which the user never
  saved: skipped and counted, unless the user tagged it or read it.
- ``Saved date`` stands in as ``published``; ``ID`` (Reader's own id) is not
  kept: the address is the identity.
- ``Author`` and ``Summary`` columns, which Reader's API has and its CSV export
  (as far as we know) has not, are read when present: the summary becomes the
  link's text.

Readwise's *highlights* export (``Highlight, Book Title, …``) is recognised and
reported as highlights, not articles, without importing anything.
"""

from __future__ import annotations

from reader.dates import parse_date
from reader.importers.errors import NothingToImport
from reader.importers.links import SkippedLinks, links_parsed, saved_link
from reader.importers.notes import plural, skipped
from reader.importers.parsed import Parsed
from reader.importers.records import csv_columns, csv_fields, tag_list

# Reading progress from which a document counts as read.
READ_PROGRESS = 0.9
_DOCUMENT_COLUMNS = frozenset({"document tags", "saved date", "reading progress", "seen"})
_HIGHLIGHT_COLUMNS = frozenset({"highlight", "book title"})
_FEED_ITEMS = "brought in by Reader's feeds, never saved, tagged or read"


def is_readwise_csv(header: list[str]) -> bool:
    """Reader's documents export (URL, Location and one of its own columns), or highlights."""
    columns = csv_columns(header)
    if columns >= _HIGHLIGHT_COLUMNS:
        return True
    return {"url", "location"} <= columns and bool(columns & _DOCUMENT_COLUMNS)


def parse_readwise_csv(rows: list[dict[str, str]], path: str) -> Parsed:
    """Each saved document as a link-only entry with its tags, read and shortlisted state."""
    if rows and csv_columns(rows[0]) >= _HIGHLIGHT_COLUMNS:
        raise _highlights_notice(rows)
    no_address = SkippedLinks()
    feed_items = 0
    articles = []
    for url, fields in no_address.web_rows(rows):
        location = fields.get("location", "").lower()
        tags = tag_list(fields.get("document tags", ""))
        finished = _progress(fields.get("reading progress", "")) >= READ_PROGRESS
        if location == "feed" and not (tags or finished):
            feed_items += 1
            continue
        authors = fields.get("author", "")
        article = saved_link(
            url,
            fields.get("title", ""),
            path,
            body=fields.get("summary", ""),
            tags=tags,
            read=location == "archive" or finished,
            bookmarked=location == "shortlist",
            saved=parse_date(fields.get("saved date", "")),
        )
        article.authors = [authors] if authors else []
        articles.append(article)
    notes = [no_address.note("document"), skipped(feed_items, "feed item", detail=_FEED_ITEMS)]
    return links_parsed(articles, notes, "a Readwise Reader export with no saved documents")


def _progress(text: str) -> float:
    """Reading progress as a fraction: ``0.93``, or ``93%``."""
    text = text.strip()
    try:
        value = float(text.removesuffix("%"))
    except ValueError:
        return 0.0
    if text.endswith("%") or value > 1:
        value /= 100
    return value if 0 <= value <= 1 else 0.0


def _highlights_notice(rows: list[dict[str, str]]) -> NothingToImport:
    titles = {csv_fields(row).get("book title", "") for row in rows}
    return NothingToImport(
        f"a Readwise highlights export ({plural(len(rows), 'highlight')} from "
        f"{plural(len(titles), 'document')}), not saved articles: highlights are not "
        "imported yet"
    )
