"""Researchers' datasets: news-please JSON, Media Cloud-style CSV, and any JSON/CSV by ``--map``.

Records become articles through a field map: reader's field (title, body, url,
published, authors, source, tags) → the record's key. news-please and Media Cloud
have maps of their own; ``reader import --map title=headline,body=text …`` gives
one for anything else. Where the issue is silent:

- news-please: one article per file (as its JSON storage writes them), a list of
  them, or JSON Lines; ``maintext`` is the body (``text`` in its early versions),
  ``source_domain`` the source, ``date_publish`` the date. A record without
  ``maintext`` keeps its ``description`` as the body of a link-only entry.
- Media Cloud (the old API's ``stories_id, publish_date, title, url, …, media_name``
  and the newer search tool's ``id, indexed_date, language, media_name, media_url,
  publish_date, title, url``): ``media_name`` is the source; with a ``text``
  column each row is an article, without one a link-only entry.
- A mapped key is looked up as written, then regardless of case, then as a
  dotted path into nested JSON objects (``source=publisher.name``).
- Authors and tags may be lists or one string. A string is split at ";" or "|"
  when it has any, else at ",": "Doe, Jane" as one surname-first author needs
  the list form or a ";".
- A date is read as text (ISO, RFC 2822, "14 March 2026"…) or as a Unix
  timestamp (seconds, or milliseconds past the year 5138); an unreadable date is
  left out, not guessed.
- A body that looks like HTML (it has paragraph, line-break or block tags) is
  converted to Markdown; plain text whose paragraphs end with one newline (as
  news-please writes them) gets a blank line between paragraphs.
- Records with neither a title nor a body are skipped and counted; so are those
  without a body and without an http(s) URL (a title alone is not an article).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from reader.dates import parse_date
from reader.importers.errors import ImportFailure, NothingToImport
from reader.importers.markup import html_to_markdown
from reader.importers.notes import kept, skipped
from reader.importers.parsed import FieldMap, Parsed
from reader.importers.records import name_list, one_line, utc_time, web_address
from reader.models import Article, stand_in_title
from reader.urls import domain_of

READER_FIELDS = ("title", "body", "url", "published", "authors", "source", "tags")

NEWS_PLEASE: FieldMap = {
    "title": "title",
    "body": "maintext",
    "url": "url",
    "published": "date_publish",
    "authors": "authors",
    "source": "source_domain",
    # Not one of reader's fields (a --map cannot name it): a link-only entry's body.
    "excerpt": "description",
}
# news-please's early versions called the text "text".
_NEWS_PLEASE_EARLY: FieldMap = NEWS_PLEASE | {"body": "text"}
# Markers of news-please's early records, which have no "maintext".
_NEWS_PLEASE_KEYS = frozenset({"source_domain", "date_publish", "date_download", "localpath"})

MEDIA_CLOUD: FieldMap = {
    "title": "title",
    "url": "url",
    "published": "publish_date",
    "source": "media_name",
}
_MEDIA_CLOUD_TEXT = ("text", "story_text", "full_text")
_MEDIA_CLOUD_IDS = frozenset({"stories_id", "media_id", "media_name", "media_url"})

_HTML_BLOCK = re.compile(
    r"<(?:p|br|div|article|section|h[1-6]|ul|ol|li|blockquote|table|span|a|em|strong)\b[^>]*>",
    re.I,
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SEPARATORS = re.compile(r"\s*[;|]\s*")
# Unix times above this are in milliseconds (seconds this large are past the year 5138).
_MILLISECONDS = 1e11


def is_news_please(document: object) -> bool:
    """news-please's article JSON: one object, or a list of them."""
    records = document if isinstance(document, list) else [document]
    if not records or not all(isinstance(record, dict) for record in records):
        return False
    first = records[0]
    assert isinstance(first, dict)
    if "body" in first:  # reader's own export
        return False
    return "maintext" in first or ("text" in first and len(_NEWS_PLEASE_KEYS & first.keys()) >= 2)


def is_mediacloud_csv(header: list[str]) -> bool:
    """Media Cloud's story lists: a title and URL, a publish date, the outlet's ids."""
    names = {name.strip().lower() for name in header}
    return {"title", "url"} <= names and (
        "stories_id" in names or ("publish_date" in names and bool(_MEDIA_CLOUD_IDS & names))
    )


def parse_records(
    records: Iterable[dict[str, object]], path: str, field_map: FieldMap | None = None
) -> Parsed:
    """Articles from records (JSON objects or CSV rows) of news-please, Media Cloud, or mapped.

    ``field_map`` maps reader's fields (title, body, url, published, authors, source,
    tags) to the record's keys; without it the known layouts are recognised.
    """
    rows = list(records)
    if not rows:
        raise NothingToImport("no records in it")
    if field_map is not None:
        _check_map(field_map, rows)
    articles: list[Article] = []
    empty = no_url = 0
    for record in rows:
        fields = field_map if field_map is not None else known_layout(record)
        article = _article(record, fields, path)
        if article is None:
            if _has_title_or_body(record, fields):
                no_url += 1
            else:
                empty += 1
        else:
            articles.append(article)
    notes = kept(
        [
            skipped(empty, "record", "without a title or text"),
            skipped(no_url, "record", "with a title but neither text nor a web URL"),
        ]
    )
    if not articles:
        raise ImportFailure(f"no articles in its {len(rows)} records ({notes[0]})")
    return Parsed(articles, notes)


def dataset_article(record: Mapping[str, object], path: str) -> Article | None:
    """One news-please or Media Cloud record as an article (None when it is not one).

    For a streamed JSONL reader: a news-please line is turned into an article here.
    """
    return _article(record, known_layout(record), path)


def known_layout(record: Mapping[str, object]) -> FieldMap:
    """The field map of news-please or Media Cloud, told from a record's keys."""
    if "maintext" in record:
        return NEWS_PLEASE
    if "text" in record and _NEWS_PLEASE_KEYS & record.keys():
        return _NEWS_PLEASE_EARLY
    text = next((key for key in _MEDIA_CLOUD_TEXT if key in record), None)
    return MEDIA_CLOUD | {"body": text} if text else MEDIA_CLOUD


def _check_map(field_map: FieldMap, records: list[dict[str, object]]) -> None:
    """A map naming reader's fields, each to a key that some record has."""
    unknown = [name for name in field_map if name not in READER_FIELDS]
    if unknown:
        raise ImportFailure(
            f"--map: unknown field{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"reader's fields are {', '.join(READER_FIELDS)}"
        )
    if "title" not in field_map and "body" not in field_map:
        raise ImportFailure("--map: name the key of the title or of the body (title=…, body=…)")
    for name, key in field_map.items():
        if not any(_lookup(record, key) is not None for record in records):
            raise ImportFailure(f"--map: no record has the key {key!r} (given for {name})")


def _article(record: Mapping[str, object], fields: FieldMap, path: str) -> Article | None:
    def value(name: str) -> object:
        key = fields.get(name)
        return _lookup(record, key) if key else None

    title = one_line(value("title"))
    body = _body(value("body"))
    web_url = web_address(value("url"))
    if not title and not body:
        return None
    link_only = not body
    if link_only:
        if web_url is None:
            return None
        body = one_line(value("excerpt"))
    return Article(
        title=title or stand_in_title(body.strip().split("\n", 1)[0].lstrip("# ")),
        body=body,
        url=web_url,
        authors=_names(value("authors")),
        published=_date(value("published")),
        source=one_line(value("source")) or domain_of(web_url),
        imported_from=path,
        tags=_names(value("tags")),
        link_only=link_only,
    )


def _has_title_or_body(record: Mapping[str, object], fields: FieldMap) -> bool:
    return any(
        one_line(_lookup(record, fields[name])) for name in ("title", "body") if name in fields
    )


def _lookup(record: Mapping[str, object], key: str) -> object:
    """The record's value under ``key``, or down a dotted path of nested objects."""
    if key in record:
        found = record[key]
        return None if found == "" else found
    folded = {name.casefold(): name for name in record if isinstance(name, str)}
    if key.casefold() in folded:  # "title=headline" for a "Headline" column
        found = record[folded[key.casefold()]]
        return None if found == "" else found
    current: object = record
    for part in key.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return current


def _body(value: object) -> str:
    """The text as Markdown: HTML converted, a list of paragraphs joined."""
    if isinstance(value, list):
        value = "\n\n".join(str(item).strip() for item in value if isinstance(item, str))
    text = value.strip() if isinstance(value, str) else one_line(value)
    if text and _HTML_BLOCK.search(text[:5000]):
        return html_to_markdown(text)
    if "\n" in text and not _BLANK_LINE.search(text):
        # news-please and most extractors end a paragraph with one newline; in
        # Markdown that would run the paragraphs together.
        return re.sub(r"[ \t]*\n\s*", "\n\n", text)
    return text


def _names(value: object) -> list[str]:
    """Authors or tags: a list, or one string split at ";" or "|", else at ","."""
    if isinstance(value, list):
        return name_list(value)
    text = one_line(value)
    if not text:
        return []
    parts = _SEPARATORS.split(text) if _SEPARATORS.search(text) else text.split(",")
    return [part.strip() for part in parts if part.strip()]


def _date(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _timestamp(float(value))
    text = one_line(value)
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", text):
        return _timestamp(float(text))
    return parse_date(text)


def _timestamp(seconds: float) -> str | None:
    return utc_time(seconds / 1000 if seconds > _MILLISECONDS else seconds)
