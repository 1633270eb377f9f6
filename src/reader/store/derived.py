"""Data derived from article text: quotes, entities, links, and related articles.

Everything here can be thrown away and rebuilt by ``reader reindex``; none of it
is user state. Entities are archive-wide rows that articles point at, with an
article count kept in step so that rarity can weigh relatedness.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass
from typing import Any

from reader.extract import EXTRACTOR_VERSION, Extraction
from reader.store.schema import title_key
from reader.urls import canonical_url

PERSON = "PERSON"


@dataclass(frozen=True, slots=True)
class Related:
    """An article related to another, and why."""

    id: int
    title: str
    published: str | None
    score: float
    reason: str


def save_extraction(conn: sqlite3.Connection, article_id: int, extraction: Extraction) -> None:
    """Replace what extraction found in an article (inside the caller's transaction)."""
    clear_extraction(conn, article_id)
    entity_ids: dict[int, int] = {}  # id(Entity) → entities.id
    for entity in extraction.entities:
        row_id = _entity_row(conn, entity.name, entity.type)
        entity_ids[id(entity)] = row_id
        offsets = [[start, end] for start, end in entity.mentions[:50]]
        existing = conn.execute(
            "SELECT mentions, offsets FROM article_entities WHERE article_id = ? AND entity_id = ?",
            (article_id, row_id),
        ).fetchone()
        if existing:  # a surname that resolved to an entity already listed
            merged = json.loads(existing[1]) + offsets
            conn.execute(
                "UPDATE article_entities SET mentions = ?, offsets = ? "
                "WHERE article_id = ? AND entity_id = ?",
                (existing[0] + len(entity.mentions), json.dumps(merged[:50]), article_id, row_id),
            )
            continue
        conn.execute(
            "INSERT INTO article_entities (article_id, entity_id, mentions, offsets) "
            "VALUES (?, ?, ?, ?)",
            (article_id, row_id, len(entity.mentions), json.dumps(offsets)),
        )
        conn.execute(
            "UPDATE entities SET article_count = article_count + 1 WHERE id = ?", (row_id,)
        )
        _remember_aliases(conn, row_id, entity.name, entity.type, entity.aliases)
    for quote in extraction.quotes:
        if quote.kind in ("scare", "title"):  # terms and names of works, not statements
            continue
        speaker_id = entity_ids.get(id(quote.speaker_entity)) if quote.speaker_entity else None
        speaker = quote.speaker
        if speaker_id is not None:
            speaker = conn.execute(
                "SELECT name FROM entities WHERE id = ?", (speaker_id,)
            ).fetchone()[0]
        conn.execute(
            "INSERT INTO quotes (article_id, text, speaker, speaker_entity_id, kind, start, end, "
            "rule, confidence, cue) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article_id,
                quote.text,
                speaker,
                speaker_id,
                quote.kind,
                quote.start,
                quote.end,
                quote.rule,
                quote.confidence,
                quote.cue or None,
            ),
        )
    for link in extraction.links:
        url = canonical_url(link.url) or link.url
        key = title_key(link.text) if link.related or not canonical_url(link.url) else None
        target = _link_target(conn, url, key, article_id)
        conn.execute(
            "INSERT INTO links (article_id, text, url, target_article_id, title_key, related) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, link.text, url, target, key, int(link.related)),
        )
    conn.execute(
        "INSERT INTO article_extraction (article_id, version) VALUES (?, ?) "
        "ON CONFLICT(article_id) DO UPDATE SET version = excluded.version",
        (article_id, EXTRACTOR_VERSION),
    )


def clear_extraction(conn: sqlite3.Connection, article_id: int) -> None:
    conn.execute(
        "UPDATE entities SET article_count = article_count - 1 WHERE id IN "
        "(SELECT entity_id FROM article_entities WHERE article_id = ?)",
        (article_id,),
    )
    conn.execute("DELETE FROM article_entities WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM links WHERE article_id = ?", (article_id,))


def _entity_row(conn: sqlite3.Connection, name: str, type_: str) -> int:
    # A surname alone stays itself: joined to the archive's person of that surname,
    # a basketball player quoted as "Powell" became the central banker from another
    # article. Speakers come out the same whichever articles the archive holds;
    # searches by surname still find both (the full name's surname is an alias).
    row = conn.execute(
        "SELECT id FROM entities WHERE name = ? AND type = ?", (name, type_)
    ).fetchone()
    if row:
        return int(row[0])
    cursor = conn.execute("INSERT INTO entities (name, type) VALUES (?, ?)", (name, type_))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _remember_aliases(
    conn: sqlite3.Connection, entity_id: int, name: str, type_: str, aliases: set[str]
) -> None:
    names = set(aliases)
    if type_ == PERSON and " " in name:
        names.add(name.split()[-1])
    for alias in names:
        conn.execute(
            "INSERT OR IGNORE INTO entity_aliases (alias, entity_id) VALUES (?, ?)",
            (alias, entity_id),
        )


def _link_target(
    conn: sqlite3.Connection, url: str, key: str | None, article_id: int
) -> int | None:
    row = None
    if canonical_url(url):
        row = conn.execute("SELECT id FROM articles WHERE url = ?", (url,)).fetchone()
    if row is None and key:
        row = conn.execute(
            "SELECT id FROM articles WHERE title_key = ? ORDER BY id LIMIT 1", (key,)
        ).fetchone()
    if row is None or row[0] == article_id:
        return None
    return int(row[0])


def resolve_links_to(
    conn: sqlite3.Connection, article_id: int, url: str | None, title: str
) -> None:
    """Point links that were waiting for this article (by URL or title) at it."""
    if url:
        conn.execute(
            "UPDATE links SET target_article_id = ? WHERE target_article_id IS NULL AND url = ? "
            "AND article_id != ?",
            (article_id, url, article_id),
        )
    key = title_key(title)
    if key:
        conn.execute(
            "UPDATE links SET target_article_id = ? WHERE target_article_id IS NULL "
            "AND title_key = ? AND article_id != ?",
            (article_id, key, article_id),
        )


def extraction_version(conn: sqlite3.Connection, article_id: int) -> int:
    row = conn.execute(
        "SELECT version FROM article_extraction WHERE article_id = ?", (article_id,)
    ).fetchone()
    return int(row[0]) if row else 0


# Per shared entity, how many co-mentioning articles to weigh: the nearest in id
# on either side, so a very common entity costs two short index range scans.
_NEIGHBOURS_PER_ENTITY = 150
_ENTITIES_CONSIDERED = 12


def related_to(conn: sqlite3.Connection, article_id: int, limit: int = 10) -> list[Related]:
    """Articles related to one: explicit links first, then shared rare entities, then time.

    Index-backed: links by article and by target, entities by rarity, and
    article_entities by (entity_id, article_id) ranges; never a scan.
    """
    scores: dict[int, float] = {}
    reasons: dict[int, str] = {}
    for (other,) in conn.execute(
        "SELECT target_article_id FROM links "
        "WHERE article_id = ? AND target_article_id IS NOT NULL "
        "UNION SELECT article_id FROM links WHERE target_article_id = ?",
        (article_id, article_id),
    ):
        if other != article_id:
            scores[other] = 1000.0
            reasons[other] = "linked"
    total = max(_article_count_estimate(conn), 2)
    # The outlet's own name (from a photo credit) says nothing about the story.
    source_row = conn.execute("SELECT source FROM articles WHERE id = ?", (article_id,)).fetchone()
    entities = conn.execute(
        "SELECT entities.id, entities.name, entities.article_count FROM article_entities "
        "JOIN entities ON entities.id = article_entities.entity_id "
        "WHERE article_entities.article_id = ? AND entities.article_count > 1 "
        "AND entities.name IS NOT ? "
        "ORDER BY entities.article_count LIMIT ?",
        (article_id, source_row[0] if source_row else None, _ENTITIES_CONSIDERED),
    ).fetchall()
    for entity_id, name, count in entities:
        weight = math.log(total / count) + 0.1
        rows = conn.execute(
            "SELECT article_id FROM (SELECT article_id FROM article_entities WHERE entity_id = ? "
            "AND article_id < ? ORDER BY article_id DESC LIMIT ?) UNION ALL "
            "SELECT article_id FROM (SELECT article_id FROM article_entities WHERE entity_id = ? "
            "AND article_id > ? ORDER BY article_id LIMIT ?)",
            (
                entity_id,
                article_id,
                _NEIGHBOURS_PER_ENTITY,
                entity_id,
                article_id,
                _NEIGHBOURS_PER_ENTITY,
            ),
        )
        for (other,) in rows:
            scores[other] = scores.get(other, 0.0) + weight
            if other not in reasons or reasons[other] != "linked":
                reasons.setdefault(other, f"shares {name}")
    if not scores:
        return []
    best = sorted(scores, key=lambda other: -scores[other])[: limit * 4]
    own = conn.execute("SELECT published FROM articles WHERE id = ?", (article_id,)).fetchone()
    marks = ",".join("?" * len(best))
    details = {
        row[0]: (row[1], row[2])
        for row in conn.execute(
            f"SELECT id, title, published FROM articles WHERE id IN ({marks})", best
        )
    }
    ranked = []
    for other in best:
        if other not in details:
            continue
        title, published = details[other]
        closeness = _closeness(own[0] if own else None, published)
        ranked.append(
            Related(other, title, published, scores[other] + closeness, reasons.get(other, ""))
        )
    ranked.sort(key=lambda item: (-item.score, item.id))
    return ranked[:limit]


def _article_count_estimate(conn: sqlite3.Connection) -> int:
    # max(id) is one index lookup; count(*) would scan a million rows.
    row = conn.execute("SELECT max(id) FROM articles").fetchone()
    return int(row[0] or 0)


def _closeness(a: str | None, b: str | None) -> float:
    """Up to 0.5 for articles published close together in time."""
    if not a or not b:
        return 0.0
    from datetime import date

    try:
        days = abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 0.0
    return 0.5 * math.exp(-days / 30)


def quotes_by_speaker(
    conn: sqlite3.Connection, name: str, limit: int = 1000
) -> list[dict[str, Any]]:
    """Everything a person or organisation said across the archive, newest first.

    The name may be full, a surname or an alias; it matches the speaker's entity
    (so "Putin" finds quotes attributed to "Vladimir Putin").
    """
    ids = [
        row[0]
        for row in conn.execute(
            "SELECT id FROM entities WHERE name = ? COLLATE NOCASE "
            "UNION SELECT entity_id FROM entity_aliases WHERE alias = ? COLLATE NOCASE",
            (name, name),
        )
    ]
    marks = ",".join("?" * len(ids)) or "NULL"
    rows = conn.execute(
        "SELECT quotes.text, quotes.speaker, quotes.kind, articles.id, articles.title, "
        "articles.published, articles.url FROM quotes "
        "JOIN articles ON articles.id = quotes.article_id "
        f"WHERE quotes.speaker_entity_id IN ({marks}) OR quotes.speaker = ? COLLATE NOCASE "
        "ORDER BY articles.published DESC, quotes.start LIMIT ?",
        (*ids, name, limit),
    ).fetchall()
    keys = ("text", "speaker", "kind", "article_id", "title", "published", "url")
    return [dict(zip(keys, row, strict=True)) for row in rows]
