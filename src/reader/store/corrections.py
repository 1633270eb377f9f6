"""Speakers corrected by hand: the user's word laid over what extraction found.

A correction lives in ``speaker_corrections``, keyed like a quote's tags by the
article and the quote's text (re-extraction renews quote ids). It is applied
onto the quotes rows whenever extraction is saved and whenever a correction is
made, and the row is marked ``corrected``; so ``reader quotes --speaker``,
``said:`` and the reader's speaker view, which all read ``quotes.speaker`` and
``quotes.speaker_entity_id``, follow it without a query of their own.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from reader.sanitize import clean_line
from reader.store.user_state import quote_key

# The entity types a speaker can be tied to.
SPEAKER_TYPES = ("PERSON", "ORG")
_MAX_NAME = 200


class CorrectionError(ValueError):
    """A correction that cannot be made; the message is for the user."""


def normal_speaker(name: str) -> str:
    """A speaker's name as stored: one clean line."""
    speaker = clean_line(name).strip()
    if not speaker:
        raise CorrectionError("a speaker needs a name (or clear the speaker)")
    if len(speaker) > _MAX_NAME:
        raise CorrectionError(f"a speaker's name is at most {_MAX_NAME} characters")
    return speaker


def set_speaker(conn: sqlite3.Connection, article_id: int, text: str, speaker: str | None) -> None:
    """Correct who said a quote (None: nobody) and apply it at once.

    Every quote of the article with the same words takes the correction.
    """
    name = normal_speaker(speaker) if speaker is not None else None
    conn.execute(
        "INSERT INTO speaker_corrections (article_id, quote_key, quote_text, speaker, "
        "corrected_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id, quote_key) DO UPDATE "
        "SET quote_text = excluded.quote_text, speaker = excluded.speaker, "
        "corrected_at = excluded.corrected_at",
        (article_id, quote_key(text), text, name, _now()),
    )
    apply(conn, article_id)


def add_carried(conn: sqlite3.Connection, article_id: int, text: str, speaker: str | None) -> bool:
    """A correction an export carried; True if added.

    Like carried tags it only adds: a correction the archive already has for
    that quote is the user's latest word and stays.
    """
    name = clean_line(speaker or "").strip()[:_MAX_NAME] or None
    cursor = conn.execute(
        "INSERT OR IGNORE INTO speaker_corrections (article_id, quote_key, quote_text, speaker, "
        "corrected_at) VALUES (?, ?, ?, ?, ?)",
        (article_id, quote_key(text), text, name, _now()),
    )
    return cursor.rowcount > 0


def apply(conn: sqlite3.Connection, article_id: int) -> None:
    """Lay an article's corrections over its quotes rows (inside the caller's transaction)."""
    wanted: dict[str, str | None] = dict(
        conn.execute(
            "SELECT quote_key, speaker FROM speaker_corrections WHERE article_id = ?",
            (article_id,),
        ).fetchall()
    )
    if not wanted:
        return
    resolved: dict[str, tuple[int | None, str]] = {}
    for quote_id, text in conn.execute(
        "SELECT id, text FROM quotes WHERE article_id = ?", (article_id,)
    ).fetchall():
        key = quote_key(text)
        if key not in wanted:
            continue
        speaker = wanted[key]
        entity_id: int | None = None
        if speaker is not None:
            if speaker not in resolved:
                resolved[speaker] = speaker_entity(conn, article_id, speaker)
            entity_id, speaker = resolved[speaker]
        conn.execute(
            "UPDATE quotes SET speaker = ?, speaker_entity_id = ?, corrected = 1 WHERE id = ?",
            (speaker, entity_id, quote_id),
        )


def speaker_entity(conn: sqlite3.Connection, article_id: int, name: str) -> tuple[int | None, str]:
    """The person or organisation a typed name stands for, and its name as the archive has it.

    The article's own entities first (by name, then by a unique alias such as a
    surname), else the archive's one entity of exactly that name; else no entity.
    """
    types = ",".join(f"'{type_}'" for type_ in SPEAKER_TYPES)
    own = conn.execute(
        "SELECT entities.id, entities.name FROM article_entities JOIN entities "
        "ON entities.id = article_entities.entity_id WHERE article_entities.article_id = ? "
        f"AND entities.type IN ({types}) AND entities.name = ? COLLATE NOCASE "
        "ORDER BY entities.type = 'PERSON' DESC, article_entities.mentions DESC LIMIT 1",
        (article_id, name),
    ).fetchone()
    if own is not None:
        return int(own[0]), str(own[1])
    for query, params in (
        (
            # From the article's few entities to their aliases, by entity id.
            "SELECT DISTINCT entities.id, entities.name FROM article_entities "
            "JOIN entities ON entities.id = article_entities.entity_id "
            "JOIN entity_aliases ON entity_aliases.entity_id = article_entities.entity_id "
            f"WHERE article_entities.article_id = ? AND entities.type IN ({types}) "
            "AND entity_aliases.alias = ? COLLATE NOCASE LIMIT 2",
            (article_id, name),
        ),
        (
            f"SELECT id, name FROM entities WHERE type IN ({types}) AND name = ? COLLATE NOCASE "
            "LIMIT 2",
            (name,),
        ),
    ):
        rows = conn.execute(query, params).fetchall()
        if len(rows) == 1:
            return int(rows[0][0]), str(rows[0][1])
    return None, name


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
