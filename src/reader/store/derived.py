"""Data derived from article text: quotes, entities, links, and related articles.

Everything here can be thrown away and rebuilt by ``reader reindex``; none of it
is user state. Entities are archive-wide rows that articles point at, with an
article count kept in step so that rarity can weigh relatedness.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.extract import Extraction

if TYPE_CHECKING:
    from reader.store.bulk import ExtractionRows

PERSON = "PERSON"


@dataclass(frozen=True, slots=True)
class Related:
    """An article related to another, and why."""

    id: int
    title: str
    published: str | None
    score: float
    reason: str


def save_extraction(
    conn: sqlite3.Connection, article_id: int, extraction: Extraction | ExtractionRows
) -> None:
    """Replace what extraction found in an article (inside the caller's transaction)."""
    from reader.store import bulk

    clear_extraction(conn, article_id)
    bulk.save_extractions(conn, [(article_id, extraction)])


def clear_extraction(conn: sqlite3.Connection, article_id: int) -> None:
    conn.execute(
        "UPDATE entities SET article_count = article_count - 1 WHERE id IN "
        "(SELECT entity_id FROM article_entities WHERE article_id = ?)",
        (article_id,),
    )
    conn.execute("DELETE FROM article_entities WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM links WHERE article_id = ?", (article_id,))


def resolve_links_to(
    conn: sqlite3.Connection, article_id: int, url: str | None, title: str
) -> None:
    """Point links that were waiting for this article (by URL or title) at it."""
    from reader.store import bulk

    bulk.resolve_links_to(conn, [(article_id, url, title)])


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
