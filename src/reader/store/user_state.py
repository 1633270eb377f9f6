"""Tags, bookmarks, read state and saved searches: the user's own data.

Every change here is one transaction, written at once. Nothing here is ever
touched by import, reindex or export-then-import, except to add what an
export carried.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from reader.sanitize import clean_line


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class TagError(ValueError):
    """A tag name or operation that cannot be done; the message is for the user."""


@dataclass(frozen=True, slots=True)
class TagCount:
    name: str
    articles: int


@dataclass(frozen=True, slots=True)
class SavedSearch:
    name: str
    query: str


def normal_tag(name: str) -> str:
    """A tag as stored: one line, no leading '#', no surrounding space."""
    # A double quote would end a phrase in the query language (tag:"…").
    tag = clean_line(name).lstrip("#").replace('"', "'").strip()
    if not tag:
        raise TagError("a tag needs a name")
    if len(tag) > 100:
        raise TagError("a tag name is at most 100 characters")
    return tag


def quote_key(text: str) -> str:
    """A quote's identity across re-extraction: its words, case and spacing folded."""
    folded = " ".join(text.casefold().split())
    return hashlib.blake2b(folded.encode(), digest_size=12).hexdigest()


def tag_id(conn: sqlite3.Connection, name: str, create: bool = True) -> int | None:
    row = conn.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()
    if row is not None:
        return int(row[0])
    if not create:
        return None
    cursor = conn.execute("INSERT INTO tags (name, created_at) VALUES (?, ?)", (name, _now()))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def tag_articles(conn: sqlite3.Connection, article_ids: list[int], name: str) -> int:
    """Tag articles; returns how many were not tagged so before."""
    found = tag_id(conn, normal_tag(name))
    now = _now()
    added = 0
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start : start + 500]
        cursor = conn.executemany(
            "INSERT OR IGNORE INTO article_tags (article_id, tag_id, tagged_at) "
            "SELECT id, ?, ? FROM articles WHERE id = ?",
            [(found, now, article_id) for article_id in chunk],
        )
        added += max(cursor.rowcount, 0)
    return added


def untag_articles(conn: sqlite3.Connection, article_ids: list[int], name: str) -> int:
    found = tag_id(conn, normal_tag(name), create=False)
    if found is None:
        return 0
    removed = 0
    for article_id in article_ids:
        removed += conn.execute(
            "DELETE FROM article_tags WHERE article_id = ? AND tag_id = ?", (article_id, found)
        ).rowcount
    _drop_if_unused(conn, found)
    return removed


def tag_quote(conn: sqlite3.Connection, article_id: int, text: str, name: str) -> bool:
    found = tag_id(conn, normal_tag(name))
    cursor = conn.execute(
        "INSERT OR IGNORE INTO quote_tags (article_id, quote_key, tag_id, tagged_at, quote_text) "
        "VALUES (?, ?, ?, ?, ?)",
        (article_id, quote_key(text), found, _now(), text),
    )
    return cursor.rowcount > 0


def untag_quote(conn: sqlite3.Connection, article_id: int, text: str, name: str) -> bool:
    found = tag_id(conn, normal_tag(name), create=False)
    if found is None:
        return False
    removed = conn.execute(
        "DELETE FROM quote_tags WHERE article_id = ? AND quote_key = ? AND tag_id = ?",
        (article_id, quote_key(text), found),
    ).rowcount
    _drop_if_unused(conn, found)
    return removed > 0


def quote_tags(conn: sqlite3.Connection, article_id: int, text: str) -> list[str]:
    return [
        row[0]
        for row in conn.execute(
            "SELECT tags.name FROM quote_tags JOIN tags ON tags.id = quote_tags.tag_id "
            "WHERE article_id = ? AND quote_key = ? ORDER BY tags.name COLLATE NOCASE",
            (article_id, quote_key(text)),
        )
    ]


def tag_counts(conn: sqlite3.Connection) -> list[TagCount]:
    """Every tag with the number of articles it is on (through their quotes too)."""
    return [
        TagCount(row[0], int(row[1]))
        for row in conn.execute(
            "SELECT tags.name, (SELECT count(*) FROM (SELECT article_id FROM article_tags "
            "WHERE tag_id = tags.id UNION SELECT article_id FROM quote_tags "
            "WHERE tag_id = tags.id)) FROM tags ORDER BY tags.name COLLATE NOCASE"
        )
    ]


def rename_tag(conn: sqlite3.Connection, old: str, new: str) -> str:
    """Rename a tag; onto an existing tag, the two merge. Returns 'renamed' or 'merged'."""
    old, new = normal_tag(old), normal_tag(new)
    source = tag_id(conn, old, create=False)
    if source is None:
        raise TagError(f"no tag {old!r}")
    target = tag_id(conn, new, create=False)
    if target is None or target == source:
        conn.execute("UPDATE tags SET name = ? WHERE id = ?", (new, source))
        return "renamed"
    conn.execute(
        "INSERT OR IGNORE INTO article_tags (article_id, tag_id, tagged_at) "
        "SELECT article_id, ?, tagged_at FROM article_tags WHERE tag_id = ?",
        (target, source),
    )
    conn.execute(
        "INSERT OR IGNORE INTO quote_tags (article_id, quote_key, tag_id, tagged_at, quote_text) "
        "SELECT article_id, quote_key, ?, tagged_at, quote_text FROM quote_tags WHERE tag_id = ?",
        (target, source),
    )
    conn.execute("DELETE FROM tags WHERE id = ?", (source,))  # cascades its rows
    return "merged"


def delete_tag(conn: sqlite3.Connection, name: str) -> int:
    """Delete a tag from every article and quote; returns how many articles had it."""
    found = tag_id(conn, normal_tag(name), create=False)
    if found is None:
        raise TagError(f"no tag {normal_tag(name)!r}")
    count = conn.execute(
        "SELECT count(*) FROM (SELECT article_id FROM article_tags WHERE tag_id = ? "
        "UNION SELECT article_id FROM quote_tags WHERE tag_id = ?)",
        (found, found),
    ).fetchone()[0]
    conn.execute("DELETE FROM tags WHERE id = ?", (found,))
    return int(count)


def _drop_if_unused(conn: sqlite3.Connection, found: int) -> None:
    """A tag on nothing is gone: the Tags list shows what is in use."""
    conn.execute(
        "DELETE FROM tags WHERE id = ? AND NOT EXISTS "
        "(SELECT 1 FROM article_tags WHERE tag_id = ?) AND NOT EXISTS "
        "(SELECT 1 FROM quote_tags WHERE tag_id = ?)",
        (found, found, found),
    )


def save_search(conn: sqlite3.Connection, name: str, query: str) -> None:
    name = clean_line(name)
    if not name:
        raise TagError("a saved search needs a name")
    conn.execute(
        "INSERT INTO saved_searches (name, query, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET query = excluded.query",
        (name, clean_line(query), _now()),
    )


def saved_searches(conn: sqlite3.Connection) -> list[SavedSearch]:
    return [
        SavedSearch(row[0], row[1])
        for row in conn.execute("SELECT name, query FROM saved_searches ORDER BY name")
    ]


def delete_saved_search(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("DELETE FROM saved_searches WHERE name = ?", (name,)).rowcount > 0
