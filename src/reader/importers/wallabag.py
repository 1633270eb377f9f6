"""wallabag's JSON export: entries with their text, read and starred state, tags.

wallabag (2.x) exports a JSON array of entries as its ``Entry`` entity serialises
them: ``title``, ``url``, ``content`` (the HTML it extracted), ``is_archived`` and
``is_starred`` (0/1), ``tags`` (labels), ``published_at``, ``published_by``,
``domain_name``, ``annotations`` and more. Where the issue is silent:

- ``is_archived`` → read, ``is_starred`` → bookmarked (0/1, booleans or "0"/"1").
- ``tags`` are labels (strings) in the export; the API's ``{label, slug}`` objects
  are read too, as is the API's ``{"_embedded": {"items": [...]}}`` page.
- ``published`` is ``published_at`` only: ``created_at`` is when the entry was
  saved, not when the article appeared, and is not passed off as one.
- An entry wallabag could not fetch (``is_not_parsed``, or its "wallabag can't
  retrieve contents" placeholder, or no content) is a link-only entry.
- Entries with ``deleted_at`` (wallabag 2.6's trash) are skipped and counted; so
  are entries with neither text nor an http(s) URL.
- Annotations become highlights: ``quote`` the passage, ``text`` the note
  (an empty one is no note), ``created_at`` kept; ``ranges`` (positions in
  wallabag's HTML) are not needed, a highlight being found by its words.
"""

from __future__ import annotations

from typing import Any

from reader.dates import parse_date
from reader.importers.errors import NothingToImport
from reader.importers.markup import html_to_markdown
from reader.importers.notes import kept, were_skipped
from reader.importers.parsed import Parsed
from reader.importers.records import name_list, one_line, web_address
from reader.models import Article, CarriedHighlight, stand_in_title
from reader.urls import domain_of

# Keys every wallabag entry carries (the export and the API alike).
_ENTRY_KEYS = frozenset({"url", "is_archived", "is_starred"})
# Keys that say a record belongs to another format: reader's export, news-please.
_OTHER_FORMATS = frozenset({"body", "maintext"})
# What wallabag writes as content when it could not fetch the page.
_NOT_FETCHED = "wallabag can't retrieve contents"


def is_wallabag(document: object) -> bool:
    """A list of objects shaped like wallabag entries (or an API page of them)."""
    entries = _entries(document)
    if not entries:
        return False
    first = entries[0]
    return (
        isinstance(first, dict)
        and first.keys() >= _ENTRY_KEYS
        and not _OTHER_FORMATS & first.keys()
        and all(isinstance(entry, dict) for entry in entries)
    )


def parse_wallabag(document: object, path: str) -> Parsed:
    """Every entry not deleted, with its text, state, tags and annotations."""
    parsed = Parsed()
    deleted = unusable = 0
    for entry in _entries(document):
        if not isinstance(entry, dict):
            unusable += 1
            continue
        if entry.get("deleted_at"):
            deleted += 1
            continue
        article = _article(entry, path)
        if article is None:
            unusable += 1
        else:
            parsed.articles.append(article)
    parsed.notes = kept(
        [
            were_skipped(deleted, "entry", "marked deleted", many="entries"),
            were_skipped(unusable, "entry", "with neither text nor a web URL", many="entries"),
        ]
    )
    if not parsed.articles:
        raise NothingToImport("a wallabag export with no entries to import")
    return parsed


def _entries(document: object) -> list[Any]:
    if isinstance(document, dict):
        embedded = document.get("_embedded")
        items = embedded.get("items") if isinstance(embedded, dict) else None
        return items if isinstance(items, list) else []
    return document if isinstance(document, list) else []


def _article(entry: dict[str, Any], path: str) -> Article | None:
    web_url = web_address(one_line(entry.get("url")) or entry.get("given_url"))
    body = _body(entry)
    if not body and web_url is None:
        return None
    title = one_line(entry.get("title")) or (stand_in_title(body.split("\n", 1)[0]) if body else "")
    return Article(
        title=title or (web_url or ""),
        body=body,
        url=web_url,
        authors=_authors(entry.get("published_by")),
        published=parse_date(one_line(entry.get("published_at"))),
        source=one_line(entry.get("domain_name")) or domain_of(web_url),
        imported_from=path,
        tags=name_list(entry.get("tags"), "label", "slug"),
        bookmarked=_flag(entry.get("is_starred")),
        read=_flag(entry.get("is_archived")),
        link_only=not body,
        highlights=_highlights(entry.get("annotations")),
    )


def _highlights(annotations: object) -> list[CarriedHighlight]:
    """wallabag's annotations: the quoted passage and the note written on it."""
    found = []
    for item in annotations if isinstance(annotations, list) else []:
        if isinstance(item, dict) and isinstance(item.get("quote"), str) and item["quote"].strip():
            note = item.get("text")
            found.append(
                CarriedHighlight(
                    item["quote"],
                    note if isinstance(note, str) and note.strip() else None,
                    created_at=parse_date(one_line(item.get("created_at"))),
                    origin="wallabag",
                )
            )
    return found


def _body(entry: dict[str, Any]) -> str:
    """The entry's text as Markdown; "" when wallabag did not fetch it."""
    content = _text_block(entry.get("content"))
    if not content or _flag(entry.get("is_not_parsed")) or _NOT_FETCHED in content[:200]:
        return ""
    return html_to_markdown(content)


def _authors(value: object) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if isinstance(value, dict):  # a PHP array serialised with keys
        value = list(value.values())
    if not isinstance(value, list):
        return []
    return [one_line(name) for name in value if one_line(name)]


def _flag(value: object) -> bool:
    """wallabag's 0/1 flags, booleans in some versions, strings in hand-made files."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)


def _text_block(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""
