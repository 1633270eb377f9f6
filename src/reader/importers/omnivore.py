"""Omnivore's export zip: ``metadata_*.json``, ``content/<slug>.html``, ``highlights/``.

Omnivore's server wrote its export in batches of 20 library items: for each batch
a ``metadata_<from>_to_<to>.json`` (a JSON list of {id, slug, title, description,
author, url, state, readingProgress, thumbnail, labels, savedAt, updatedAt,
publishedAt}), then ``content/<slug>.html`` with the readable HTML it extracted for
each item, and ``highlights/<slug>.md`` for items with highlights. Where the issue
is silent:

- The text is the readable HTML, converted as it is (Omnivore already cut the
  page to its article), not passed through the page extractor a second time.
- ``state`` is compared without case ("ARCHIVED" as the server writes it,
  "Archived" as other tools quote it): archived → read; deleted → skipped and
  counted. ``readingProgress`` does not make an item read: only the user's archive
  says they are done with it.
- An item with no content file (Omnivore had not fetched it) is a link-only
  entry, with its description as the body.
- ``savedAt`` is when the item was saved, not published: only ``publishedAt``
  becomes the article's date.
- ``author`` is one string; it is split into several people at ";", "," and " and ".
- Each ``> quote`` block of ``highlights/<slug>.md`` is a highlight of the item
  of that slug; the paragraphs after it are its note, but for a line of
  ``#labels`` alone, which Omnivore writes for a highlight's labels (dropped:
  reader's tags belong to articles and quotes).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any
from zipfile import ZipFile

from reader.dates import parse_date
from reader.importers.errors import BROKEN_CONTAINER, ImportFailure, NothingToImport
from reader.importers.markup import html_to_markdown
from reader.importers.notes import kept, were_skipped
from reader.importers.parsed import Parsed
from reader.importers.records import name_list, one_line, read_json, web_address
from reader.models import Article, CarriedHighlight
from reader.urls import domain_of

_METADATA = re.compile(r"^metadata_(\d+)(?:_to_\d+)?\.json$")
# Past this a member is not read (a zip bomb, or not one article's text).
MAX_CONTENT_BYTES = 64 * 1024 * 1024
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b)\s*")


def is_omnivore_zip(names: list[str]) -> bool:
    """A zip with Omnivore's ``metadata_*.json`` batches."""
    return any(_METADATA.match(PurePosixPath(name).name) for name in names)


def parse_omnivore_zip(archive: ZipFile, path: str) -> Parsed:
    """Each item with its text (or as a saved link), state, labels and highlights."""
    names = {info.filename for info in archive.infolist() if not info.is_dir()}
    parsed = Parsed()
    deleted = no_url = 0
    for name in _metadata_names(names):
        folder = str(PurePosixPath(name).parent)
        prefix = "" if folder == "." else folder + "/"
        for item in _items(archive, name):
            if str(item.get("state") or "").strip().lower() == "deleted":
                deleted += 1
                continue
            slug = one_line(item.get("slug"))
            content = _content(archive, names, f"{prefix}content/{slug}.html")
            article = _article(item, content, path)
            if article is None:
                no_url += 1
                continue
            marked = f"{prefix}highlights/{slug}.md"
            if slug and marked in names:
                article.highlights = _highlights(_read(archive, marked).decode("utf-8", "replace"))
            parsed.articles.append(article)
    parsed.notes = kept(
        [
            were_skipped(deleted, "item", "marked deleted"),
            were_skipped(no_url, "item", "with neither text nor a web URL"),
        ]
    )
    if not parsed.articles:
        raise NothingToImport("an Omnivore export with no items to import")
    return parsed


def _metadata_names(names: set[str]) -> list[str]:
    """The metadata batches in the order Omnivore wrote them (by their first item)."""
    found = []
    for name in names:
        match = _METADATA.match(PurePosixPath(name).name)
        if match:
            found.append((int(match.group(1)), name))
    return [name for _, name in sorted(found)]


def _items(archive: ZipFile, name: str) -> list[dict[str, Any]]:
    try:
        document = read_json(_read(archive, name).decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ImportFailure(f"{name}: broken JSON: {error}") from None
    if not isinstance(document, list):
        raise ImportFailure(f"{name}: not a list of items")
    return [item for item in document if isinstance(item, dict)]


def _content(archive: ZipFile, names: set[str], name: str) -> str:
    """The item's text as Markdown, or "" when the export has no content for it."""
    if name not in names:
        return ""
    from reader.importers.files import decode_html

    html = decode_html(_read(archive, name))
    return html_to_markdown(html) if html.strip() else ""


def _read(archive: ZipFile, name: str) -> bytes:
    from reader.importers.containers import read_zip_member

    try:
        return read_zip_member(archive, name, MAX_CONTENT_BYTES)
    except ImportFailure as failure:
        raise ImportFailure(f"{name}: {failure}") from None
    except BROKEN_CONTAINER as error:
        raise ImportFailure(f"{name}: cannot read: {error}") from None


def _article(item: dict[str, Any], body: str, path: str) -> Article | None:
    web_url = web_address(item.get("url"))
    description = one_line(item.get("description"))
    if not body and web_url is None:
        return None
    return Article(
        title=one_line(item.get("title")) or web_url or one_line(item.get("slug")),
        body=body or description,
        url=web_url,
        authors=[name for name in _AUTHOR_SPLIT.split(one_line(item.get("author"))) if name],
        published=parse_date(one_line(item.get("publishedAt"))),
        source=domain_of(web_url),
        imported_from=path,
        tags=name_list(item.get("labels")),
        read=str(item.get("state") or "").strip().lower() == "archived",
        link_only=not body,
    )


def _highlights(markdown: str) -> list[CarriedHighlight]:
    """One item's highlights: each "> quote" block, with the paragraphs after it as its note."""
    found: list[tuple[str, list[str]]] = []
    for block in re.split(r"\n[ \t]*\n", markdown.strip()):
        text = block.strip()
        if text.startswith(">"):
            passage = " ".join(line.strip().removeprefix(">").strip() for line in text.splitlines())
            found.append((passage, []))
        elif found and text and not all(word.startswith("#") for word in text.split()):
            found[-1][1].append(text)
    return [
        CarriedHighlight(passage, "\n\n".join(note) or None, origin="omnivore")
        for passage, note in found
        if passage
    ]
