"""JSONL as written by ``reader export``: one article object per line.

Read as a stream, so an export of a million articles imports in flat memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from reader.importers.errors import ImportFailure
from reader.importers.records import flag, read_json
from reader.models import Article, CarriedHighlight, PastVersion, usable_id

MAX_LINE_BYTES = 64 * 1024 * 1024


def iter_jsonl(stream: Iterable[bytes], path: str = "") -> Iterator[Article | ImportFailure]:
    """Yield an article per line, or the reason a line could not be read."""
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE_BYTES:
            yield ImportFailure(f"line {number}: longer than {MAX_LINE_BYTES // 2**20} MB")
            continue
        try:
            record = read_json(raw)
            yield article_from_record(record, path)
        except UnicodeDecodeError as error:
            yield ImportFailure(f"line {number}: not valid UTF-8 ({error.reason})")
        except ValueError as error:
            yield ImportFailure(f"line {number}: {error}")
        except RecursionError:
            # json reads nested arrays and objects by recursion: "[[[[…" a
            # thousand deep ends it (at once: the time stays linear).
            yield ImportFailure(f"line {number}: nested too deeply to read")


def article_from_record(record: Any, path: str = "") -> Article:
    """An exported article object back to an Article."""
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    if "body" not in record:
        raise ValueError("not an article exported by reader: no 'body'")
    if not record.get("title") and not record.get("body") and not record.get("url"):
        raise ValueError("an article needs a title, a body or a URL")
    for key in ("title", "body", "url", "published", "source", "guid", "imported_from"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ValueError(f"{key!r} must be text")

    def strings(key: str) -> list[str]:
        value = record.get(key) or []
        if not isinstance(value, list):
            raise ValueError(f"{key!r} must be a list")
        return [str(item) for item in value if item is not None]

    quotes = record.get("quotes") or []
    if not isinstance(quotes, list):
        raise ValueError("'quotes' must be a list")
    quote_tags = [
        (str(quote.get("text", "")), [str(tag) for tag in quote["tags"]])
        for quote in quotes
        if isinstance(quote, dict) and isinstance(quote.get("tags"), list)
    ]
    speaker_corrections = [
        (str(quote.get("text", "")), str(quote["speaker"]) if quote.get("speaker") else None)
        for quote in quotes
        if isinstance(quote, dict) and quote.get("corrected") is True
    ]
    article_id = record.get("id")
    versions = record.get("versions") or []
    if not isinstance(versions, list):
        raise ValueError("'versions' must be a list")
    highlights = record.get("highlights") or []
    if not isinstance(highlights, list):
        raise ValueError("'highlights' must be a list")
    return Article(
        title=str(record.get("title") or ""),
        body=str(record.get("body") or ""),
        url=record.get("url") or None,
        authors=strings("authors"),
        published=record.get("published") or None,
        source=record.get("source") or None,
        guid=record.get("guid") or None,
        imported_from=record.get("imported_from") or path,
        tags=strings("tags"),
        bookmarked=flag(record.get("bookmarked")),
        read=flag(record.get("read")),
        quote_tags=quote_tags,
        speaker_corrections=speaker_corrections,
        id=usable_id(article_id),
        link_only=record.get("link_only") is True,
        versions=[_past_version(version) for version in versions if isinstance(version, dict)],
        highlights=[_highlight(item) for item in highlights if isinstance(item, dict)],
    )


def _highlight(record: dict[str, Any]) -> CarriedHighlight:
    """A highlight from an export's "highlights" (reader.store.highlights)."""
    for key in ("passage", "note", "before", "after", "created_at", "origin"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ValueError(f"a highlight's {key!r} must be text")
    return CarriedHighlight(
        str(record.get("passage") or ""),
        record.get("note") or None,
        str(record.get("before") or ""),
        str(record.get("after") or ""),
        record.get("created_at") or None,
        record.get("origin") or None,
    )


def _past_version(record: dict[str, Any]) -> PastVersion:
    """An earlier wording from an export's "versions" (reader.store.versions)."""
    for key in ("title", "body", "captured_at", "imported_from"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ValueError(f"a version's {key!r} must be text")
    return PastVersion(
        str(record.get("title") or ""),
        str(record.get("body") or ""),
        record.get("captured_at") or None,
        record.get("imported_from") or None,
    )
