"""Many new articles at once: the import's fast path.

An import of a folder is mostly articles the archive has never seen. Storing them
one statement at a time costs some eighty statements an article; here a batch's
articles, tags, entities, mentions, quotes and links go in with one prepared
statement each (``executemany``), entities are looked up once per batch, and
links are resolved once per batch. What ends up stored is exactly what
:meth:`ArchiveStore.upsert_article` would store for the same new articles.

The caller owns the transaction and decides which articles are new (see
``ArchiveStore.insert_new``): none may share an identity with the archive or
with another article of the batch.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from reader.extract import EXTRACTOR_VERSION, Extraction
from reader.models import Article
from reader.store import stories, user_state
from reader.store.schema import create_fts_triggers, title_key
from reader.urls import canonical_url

PERSON = "PERSON"
# Parameters per statement stay well under SQLite's limit (32,766 today, 999 long ago).
_CHUNK = 400
# Mention offsets kept per article and entity, as save_extraction keeps them.
_MAX_OFFSETS = 50


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_articles(conn: sqlite3.Connection, articles: list[Article]) -> list[int]:
    """Insert new articles with their user state and extraction; their ids, in order."""
    first = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0])
    ids = list(range(first, first + len(articles)))
    now = _now()
    # The full-text index is filled with one statement for the batch: the per-row
    # trigger costs more than the rest of the insert. Dropped and made again inside
    # the caller's transaction, so no other connection ever sees it missing.
    conn.execute("DROP TRIGGER IF EXISTS articles_fts_ai")
    conn.executemany(
        "INSERT INTO articles (id, url, title, title_key, authors, published, source, body, "
        "imported_from, guid, content_hash, imported_at, link_only) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                article_id,
                article.url,
                article.title,
                title_key(article.title),
                json.dumps(article.authors, ensure_ascii=False),
                article.published,
                article.source,
                article.body,
                article.imported_from,
                article.guid,
                article.content_hash,
                now,
                int(article.link_only),
            )
            for article_id, article in zip(ids, articles, strict=True)
        ],
    )
    conn.execute(
        "INSERT INTO articles_fts (rowid, title, body) SELECT id, title, body FROM articles "
        "WHERE id >= ?",
        (first,),
    )
    create_fts_triggers(conn)
    pairs = list(zip(ids, articles, strict=True))
    _user_state(conn, pairs, now)
    resolve_links_to(conn, [(article_id, a.url, a.title) for article_id, a in pairs])
    save_extractions(
        conn,
        [(article_id, article.extraction) for article_id, article in pairs if article.extraction],
    )
    stories.file_articles(
        conn, [(article_id, stories.sketch_of(a)) for article_id, a in pairs if not a.link_only]
    )
    return ids


def _user_state(conn: sqlite3.Connection, pairs: list[tuple[int, Article]], now: str) -> None:
    tag_ids: dict[str, int] = {}
    tagged: list[tuple[int, int, str]] = []
    for article_id, article in pairs:
        for name in article.tags:
            normal = user_state.normal_tag(name)
            if normal not in tag_ids:
                found = user_state.tag_id(conn, normal)
                assert found is not None
                tag_ids[normal] = found
            tagged.append((article_id, tag_ids[normal], now))
    conn.executemany(
        "INSERT OR IGNORE INTO article_tags (article_id, tag_id, tagged_at) VALUES (?, ?, ?)",
        tagged,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO bookmarks (article_id, created_at) VALUES (?, ?)",
        [(article_id, now) for article_id, article in pairs if article.bookmarked],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO read_state (article_id, read_at) VALUES (?, ?)",
        [(article_id, now) for article_id, article in pairs if article.read],
    )


def resolve_links_to(conn: sqlite3.Connection, articles: list[tuple[int, str | None, str]]) -> None:
    """Point links that were waiting for these (id, url, title) articles at them."""
    conn.executemany(
        "UPDATE links SET target_article_id = ? WHERE target_article_id IS NULL AND url = ? "
        "AND article_id != ?",
        [(article_id, url, article_id) for article_id, url, _ in articles if url],
    )
    keyed = [(article_id, title_key(title)) for article_id, _, title in articles]
    conn.executemany(
        "UPDATE links SET target_article_id = ? WHERE target_article_id IS NULL "
        "AND title_key = ? AND article_id != ?",
        [(article_id, key, article_id) for article_id, key in keyed if key],
    )


@dataclass(frozen=True, slots=True)
class ExtractionRows:
    """What extraction found, already shaped as the rows the archive stores.

    Made where the article was parsed (a worker process), so the writer only binds
    values: entities merged by (name, type) with their mention count, offsets as JSON
    and alias names; quotes with their speaker as an index into ``entities``; links
    with their canonical URL and title key. Plain tuples also cross between
    processes cheaply.
    """

    # (name, type, mentions, offsets as JSON, alias names)
    entities: tuple[tuple[str, str, int, str, tuple[str, ...]], ...]
    # (text, speaker, index of the speaker's entity or -1, kind, start, end, rule,
    #  confidence, cue)
    quotes: tuple[tuple[str, str | None, int, str, int, int, str, float, str | None], ...]
    # (text, url, title key, related)
    links: tuple[tuple[str, str, str | None, int], ...]


def extraction_rows(found: Extraction) -> ExtractionRows:
    """An extraction as rows (see ExtractionRows); no database needed."""
    index: dict[tuple[str, str], int] = {}
    by_object: dict[int, int] = {}
    counts: list[int] = []
    offsets: list[list[list[int]]] = []
    aliases: list[tuple[str, ...]] = []
    for entity in found.entities:
        key = (entity.name, entity.type)
        spans = [[start, end] for start, end in entity.mentions[:_MAX_OFFSETS]]
        if key in index:  # a surname that resolved to an entity already listed
            at = index[key]
            counts[at] += len(entity.mentions)
            offsets[at] = (offsets[at] + spans)[:_MAX_OFFSETS]
        else:
            at = index[key] = len(counts)
            counts.append(len(entity.mentions))
            offsets.append(spans)
            aliases.append(tuple(sorted(_alias_names(entity))))
        by_object[id(entity)] = at
    keys = list(index)
    quotes = []
    for quote in found.quotes:
        if quote.kind in ("scare", "title"):  # terms and names of works, not statements
            continue
        at = by_object.get(id(quote.speaker_entity), -1) if quote.speaker_entity else -1
        quotes.append(
            (
                quote.text,
                keys[at][0] if at >= 0 else quote.speaker,
                at,
                quote.kind,
                quote.start,
                quote.end,
                quote.rule,
                quote.confidence,
                quote.cue or None,
            )
        )
    links = []
    for link in found.links:
        url = canonical_url(link.url) or link.url
        title = title_key(link.text) if link.related or not canonical_url(link.url) else None
        links.append((link.text, url, title, int(link.related)))
    return ExtractionRows(
        tuple(
            (name, type_, counts[at], _offsets_json(offsets[at]), aliases[at])
            for at, (name, type_) in enumerate(keys)
        ),
        tuple(quotes),
        tuple(links),
    )


def _offsets_json(spans: list[list[int]]) -> str:
    """json.dumps(spans) for a list of [start, end] pairs of ints, a third of its time
    (a dozen entities an article)."""
    return "[" + ", ".join([f"[{start}, {end}]" for start, end in spans]) + "]"


def save_extractions(
    conn: sqlite3.Connection, items: list[tuple[int, ExtractionRows | Extraction]]
) -> None:
    """What extraction found in articles that have none stored (new, or just cleared)."""
    if not items:
        return
    rows = [
        (article_id, found if isinstance(found, ExtractionRows) else extraction_rows(found))
        for article_id, found in items
    ]
    # In order of first mention: new entities get the ids one-by-one saving gives them
    # (related articles break ties by id).
    entity_ids = _entity_ids(
        conn, list(dict.fromkeys((e[0], e[1]) for _, found in rows for e in found.entities))
    )
    mentions: list[tuple[int, int, int, str]] = []
    aliases: set[tuple[str, int]] = set()
    quotes: list[tuple[Any, ...]] = []
    articles_per_entity: dict[int, int] = {}
    for article_id, found in rows:
        row_ids = [entity_ids[name, type_] for name, type_, _, _, _ in found.entities]
        for row_id, (_, _, count, offsets, names) in zip(row_ids, found.entities, strict=True):
            mentions.append((article_id, row_id, count, offsets))
            articles_per_entity[row_id] = articles_per_entity.get(row_id, 0) + 1
            aliases.update((alias, row_id) for alias in names)
        for text, speaker, at, kind, start, end, rule, confidence, cue in found.quotes:
            speaker_id = row_ids[at] if at >= 0 else None
            quotes.append(
                (article_id, text, speaker, speaker_id, kind, start, end, rule, confidence, cue)
            )
    conn.executemany(
        "INSERT INTO article_entities (article_id, entity_id, mentions, offsets) "
        "VALUES (?, ?, ?, ?)",
        mentions,
    )
    conn.executemany(
        "UPDATE entities SET article_count = article_count + ? WHERE id = ?",
        [(count, entity_id) for entity_id, count in articles_per_entity.items()],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO entity_aliases (alias, entity_id) VALUES (?, ?)", sorted(aliases)
    )
    _insert_quotes(conn, quotes)
    _save_links(conn, rows)
    conn.executemany(
        "INSERT INTO article_extraction (article_id, version) VALUES (?, ?) "
        "ON CONFLICT(article_id) DO UPDATE SET version = excluded.version",
        [(article_id, EXTRACTOR_VERSION) for article_id, _ in rows],
    )


# From this many quotes on, the quotes' full-text index is filled with one statement
# (4 µs a quote) instead of its trigger (20 µs): dropping and making the trigger
# again changes the schema, which costs more than a few quotes save.
BULK_QUOTES = 64


def _insert_quotes(conn: sqlite3.Connection, quotes: list[tuple[Any, ...]]) -> None:
    sql = (
        "INSERT INTO quotes (article_id, text, speaker, speaker_entity_id, kind, start, end, "
        "rule, confidence, cue) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    if len(quotes) < BULK_QUOTES:
        conn.executemany(sql, quotes)
        return
    # Dropped and made again inside the caller's transaction, as insert_articles does.
    after = int(conn.execute("SELECT coalesce(max(id), 0) FROM quotes").fetchone()[0])
    conn.execute("DROP TRIGGER IF EXISTS quotes_fts_ai")
    conn.executemany(sql, quotes)
    conn.execute(
        "INSERT INTO quotes_fts (rowid, text) SELECT id, text FROM quotes WHERE id > ?", (after,)
    )
    create_fts_triggers(conn, "quotes")


def _alias_names(entity: Any) -> set[str]:
    names = set(entity.aliases)
    if entity.type == PERSON and " " in entity.name:
        names.add(entity.name.split()[-1])
    return names


def _entity_ids(
    conn: sqlite3.Connection, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """Row ids of these (name, type) entities, created in this order where missing."""
    found = _existing_entities(conn, set(keys))
    missing = [key for key in keys if key not in found]
    if missing:
        conn.executemany("INSERT OR IGNORE INTO entities (name, type) VALUES (?, ?)", missing)
        found.update(_existing_entities(conn, set(missing)))
    return found


def _existing_entities(
    conn: sqlite3.Connection, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    names = sorted({name for name, _ in keys})
    for chunk in _chunks(names):
        marks = ",".join("?" * len(chunk))
        for row_id, name, type_ in conn.execute(
            f"SELECT id, name, type FROM entities WHERE name IN ({marks})", list(chunk)
        ):
            if (name, type_) in keys:
                found[name, type_] = int(row_id)
    return found


def _save_links(conn: sqlite3.Connection, items: list[tuple[int, ExtractionRows]]) -> None:
    rows = [(article_id, *link) for article_id, found in items for link in found.links]
    if not rows:
        return
    by_url = _ids_by(conn, "url", {url for _, _, url, _, _ in rows if canonical_url(url)})
    by_title = _ids_by(conn, "title_key", {key for _, _, _, key, _ in rows if key})
    conn.executemany(
        "INSERT INTO links (article_id, text, url, target_article_id, title_key, related) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (article_id, text, url, _target(article_id, by_url.get(url), by_title, key), key, rel)
            for article_id, text, url, key, rel in rows
        ],
    )


def _target(
    article_id: int, by_url: int | None, by_title: dict[str, int], key: str | None
) -> int | None:
    """The article at the URL, else the first with that title; never the linking one."""
    target = by_url if by_url is not None else (by_title.get(key) if key else None)
    return None if target is None or target == article_id else target


def _ids_by(conn: sqlite3.Connection, column: str, values: Iterable[str]) -> dict[str, int]:
    """The lowest article id for each value of an indexed column (url or title_key)."""
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(values)):
        marks = ",".join("?" * len(chunk))
        for value, article_id in conn.execute(
            f"SELECT {column}, min(id) FROM articles WHERE {column} IN ({marks}) GROUP BY {column}",
            list(chunk),
        ):
            found[value] = int(article_id)
    return found
