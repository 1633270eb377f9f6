"""The article record that importers produce and the store keeps."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from reader.sanitize import clean_line, clean_path, clean_text
from reader.urls import canonical_url

# Tags one article may bring from a file: an export of a person's archive has a
# handful (a thousand is generous); 20,000 on one bookmark is an attack.
MAX_TAGS = 1000


@dataclass(frozen=True, slots=True)
class PastVersion:
    """An earlier wording of an article, as our JSONL export carries it."""

    title: str
    body: str
    captured_at: str | None = None
    imported_from: str | None = None


@dataclass(frozen=True, slots=True)
class CarriedHighlight:
    """A highlight an export carried: ours (with its context), or another tool's."""

    passage: str
    note: str | None = None
    before: str = ""
    after: str = ""
    created_at: str | None = None
    origin: str | None = None


@dataclass(slots=True)
class Article:
    """One article as parsed from a file, before it has a place in the archive."""

    title: str
    body: str
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    source: str | None = None
    guid: str | None = None
    imported_from: str | None = None
    # User state carried by our own exports (JSONL, Markdown front matter).
    tags: list[str] = field(default_factory=list)
    bookmarked: bool = False
    read: bool = False
    # Tags on quotes, by the quote's text: [(text, [tag, ...]), ...]
    quote_tags: list[tuple[str, list[str]]] = field(default_factory=list)
    # Speakers corrected by hand, by the quote's text: [(text, speaker or None), ...]
    speaker_corrections: list[tuple[str, str | None]] = field(default_factory=list)
    # The id an export gave it; kept on import when that id is free.
    id: int | None = None
    # Earlier wordings an export carried (reader.store.versions), oldest first.
    versions: list[PastVersion] = field(default_factory=list)
    # Highlights an export carried (reader.store.highlights).
    highlights: list[CarriedHighlight] = field(default_factory=list)
    # The sketch of its wording (reader.extract.stories), once sketched: made with
    # the extraction, in the parsing process.
    sketched: bool = False
    story_sketch: bytes | None = None
    # A saved link whose text the file does not carry (Pocket, bookmarks): the body
    # holds at most a description. A later import of the page fills it in.
    link_only: bool = False
    # What extraction found in the body (reader.extract.Extraction), when it has run.
    extraction: Any = None

    def cleaned(self) -> Article:
        """Return a copy with every text field made safe and canonical."""
        authors: list[str] = []
        for author in self.authors:
            name = clean_line(_text(author))
            if name and name not in authors:
                authors.append(name)
        tags: list[str] = []
        for tag in self.tags[:MAX_TAGS]:
            name = clean_line(_text(tag)).lstrip("#").replace('"', "'").strip()[:100]
            if name and name not in tags:
                tags.append(name)
        return Article(
            title=clean_line(_text(self.title)),
            body=clean_text(_text(self.body)).strip(),
            url=canonical_url(clean_line(_text(self.url))) if self.url else None,
            authors=authors,
            published=clean_line(_text(self.published)) or None,
            source=clean_line(_text(self.source)) or None,
            guid=clean_line(_text(self.guid)) or None,
            imported_from=clean_path(_text(self.imported_from)) if self.imported_from else None,
            tags=tags,
            bookmarked=self.bookmarked,
            read=self.read,
            quote_tags=[
                (
                    clean_text(_text(text)),
                    [clean_line(_text(t))[:100] for t in tags if clean_line(_text(t))],
                )
                for text, tags in self.quote_tags
            ],
            speaker_corrections=[
                (clean_text(_text(text)), (clean_line(_text(speaker)) or None) if speaker else None)
                for text, speaker in self.speaker_corrections
            ],
            id=self.id,
            link_only=self.link_only,
            versions=[
                PastVersion(
                    clean_line(version.title),
                    clean_text(version.body).strip(),
                    clean_line(version.captured_at) or None,
                    clean_path(version.imported_from) if version.imported_from else None,
                )
                for version in self.versions
            ],
            highlights=[
                CarriedHighlight(
                    passage,
                    clean_text(item.note).strip() or None if item.note else None,
                    clean_text(item.before),
                    clean_text(item.after),
                    clean_line(item.created_at) or None,
                    clean_line(item.origin) or None,
                )
                for item in self.highlights
                if (passage := clean_text(item.passage).strip())  # cleaned once, kept if any
            ],
        )

    def __reduce__(self) -> tuple[type[Article], tuple[Any, ...]]:
        # Every parsed article crosses from a worker to the writer pickled. As its
        # values in field order, made again by calling the class, it pickles in 28,000
        # fewer instructions and unpickles in 43,000 fewer than as the slots' state
        # (a dict of 22 field names and values, built, written, read and set one by one).
        return (Article, _article_values(self))

    @property
    def content_hash(self) -> str:
        """Fingerprint of the text, the identity of an article with no URL or guid."""
        return wording_hash(self.title, self.body)


# Every field, in the order __init__ takes them (all are init fields).
_article_values = attrgetter(*(item.name for item in fields(Article)))


def wording_hash(title: str, body: str) -> str:
    """A title and text, whatever their spacing, as a fingerprint: an article's
    identity when it has no URL or guid, and a version's (reader.store.versions)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(" ".join(title.split()).encode())
    digest.update(b"\x00")
    digest.update(" ".join(body.split()).encode())
    return digest.hexdigest()


def _text(value: object) -> str:
    """A field as text, whatever the parser put there: a number is its digits; a
    list, a mapping or nothing is no text.

    Importers read JSON and YAML written by anyone ("url": 7, "title": ["x"]): one
    such item must be an item without that field, not a failure of its whole file.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


# The largest id an export may give an article: 2^53, the largest integer every
# JSON reader holds exactly. SQLite's ids go to 2^63-1, but new articles take the
# ids after the largest one stored: an export saying 2^63-1 would leave no id for
# the next article, and every later import would fail. Export pages walk ids above 0.
MAX_ID = 2**53


def usable_id(value: object) -> int | None:
    """An id an export gave an article, if the archive can keep it and still number
    the articles after it (1 to 2^53); None lets the archive number it."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID:
        return value
    return None


def stand_in_title(text: str, limit: int = 80) -> str:
    """A title for an article that has none: ``text``, cut at a word if it is too long."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
