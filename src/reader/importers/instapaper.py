"""Instapaper's CSV export (URL, Title, Selection, Folder, Timestamp, Tags).

Instapaper exports no text: each row becomes a link-only entry. Columns are
found by name in any case and order; older exports stop at ``Folder`` (no
``Timestamp``, no ``Tags``), exports since late 2024 add ``Tags`` as a JSON
list (``["a","b"]``, or ``[]``).

Decisions where the issue is silent:

- Folder ``Unread`` is unread, ``Archive`` read, ``Starred`` bookmarked (and
  not read: the export says nothing of whether a starred item was finished).
  Any other folder is one the user made; it becomes the tag ``folder:<name>``,
  as browser folders do, so folders stay apart from Instapaper's own tags.
- ``Selection`` is text the user selected on the page when saving it: it
  becomes a highlight of the entry, and its text until the page is imported.
- ``Timestamp``, when the item was saved, stands in as ``published``.
- Rows whose address is not http(s) (Instapaper's ``instapaper-private://``
  for mailed-in text) are skipped and counted in a note.
"""

from __future__ import annotations

from reader.importers.links import FOLDER_TAG_PREFIX, SkippedLinks, links_parsed, saved_link
from reader.importers.parsed import Parsed
from reader.importers.records import csv_columns, tag_list, unix_time
from reader.models import CarriedHighlight

_READ_FOLDERS = frozenset({"archive"})
_STARRED_FOLDERS = frozenset({"starred"})
_PLAIN_FOLDERS = frozenset({"unread", "archive", "starred", ""})


def is_instapaper_csv(header: list[str]) -> bool:
    """Instapaper's columns (URL, Selection and Folder at least), in any case or order."""
    return {"url", "selection", "folder"} <= csv_columns(header)


def parse_instapaper_csv(rows: list[dict[str, str]], path: str) -> Parsed:
    """Each row as a link-only entry; Selection kept as its text and as a highlight."""
    skipped = SkippedLinks()
    articles = []
    for url, fields in skipped.web_rows(rows):
        folder = fields.get("folder", "")
        tags = tag_list(fields.get("tags", ""))
        if folder.lower() not in _PLAIN_FOLDERS:
            tags.append(FOLDER_TAG_PREFIX + folder)
        selection = fields.get("selection", "")
        link = saved_link(
            url,
            fields.get("title", ""),
            path,
            body=selection,
            tags=tags,
            read=folder.lower() in _READ_FOLDERS,
            bookmarked=folder.lower() in _STARRED_FOLDERS,
            saved=unix_time(fields.get("timestamp")),
        )
        if selection.strip():
            link.highlights.append(CarriedHighlight(selection, origin="instapaper"))
        articles.append(link)
    return links_parsed(articles, [skipped.note("row")], "an Instapaper export with no saved links")
