"""Earlier wordings of an article: what a re-import replaced, kept with when it was
captured and from which file.

An update that changes an article's title or text (beyond spacing) first keeps
the wording it replaces; user state stays on the article, whose id does not
change. Identical wordings are kept once. Extraction runs on the current text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from reader.models import PastVersion, wording_hash


@dataclass(frozen=True, slots=True)
class Version:
    """One wording of an article; number 1 is the oldest kept, the current one last."""

    number: int
    title: str
    body: str
    captured_at: str | None
    imported_from: str | None
    current: bool = False


def keep_replaced(
    conn: sqlite3.Connection, article_id: int, existing: dict[str, Any], title: str, body: str
) -> bool:
    """Before an update gives an article this title and body, keep the wording it has
    as a version (not a saved link's description); True if one was kept."""
    if existing["link_only"]:
        return False
    old = wording_hash(existing["title"] or "", existing["body"] or "")
    if old == wording_hash(title, body):
        return False
    conn.execute(
        "INSERT OR IGNORE INTO article_versions (article_id, title, body, captured_at, "
        "imported_from, fingerprint) VALUES (?, ?, ?, ?, ?, ?)",
        (
            article_id,
            existing["title"] or "",
            existing["body"] or "",
            existing["updated_at"] or existing["imported_at"],
            existing["imported_from"],
            old,
        ),
    )
    return True


def add_carried(conn: sqlite3.Connection, article_id: int, carried: Iterable[PastVersion]) -> bool:
    """Versions an export carried, added where the archive lacks them; True if any was."""
    row = conn.execute("SELECT title, body FROM articles WHERE id = ?", (article_id,)).fetchone()
    current = wording_hash(row[0], row[1]) if row else None
    added = False
    for version in carried:
        mark = wording_hash(version.title, version.body)
        if mark == current:
            continue
        cursor = conn.execute(
            "INSERT OR IGNORE INTO article_versions (article_id, title, body, captured_at, "
            "imported_from, fingerprint) VALUES (?, ?, ?, ?, ?, ?)",
            (
                article_id,
                version.title,
                version.body,
                version.captured_at,
                version.imported_from,
                mark,
            ),
        )
        added |= cursor.rowcount > 0
    return added


_ORDER = "ORDER BY captured_at IS NULL, captured_at, id"


def of_article(conn: sqlite3.Connection, article_id: int) -> list[Version]:
    """An article's wordings, oldest first, the current one last (none if no article)."""
    row = conn.execute(
        "SELECT title, body, coalesce(updated_at, imported_at), imported_from FROM articles "
        "WHERE id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        return []
    past = conn.execute(
        "SELECT title, body, captured_at, imported_from FROM article_versions "
        f"WHERE article_id = ? {_ORDER}",
        (article_id,),
    ).fetchall()
    found = [Version(number, *fields) for number, fields in enumerate(past, start=1)]
    return [*found, Version(len(found) + 1, row[0], row[1], row[2], row[3], current=True)]


def for_export(conn: sqlite3.Connection, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The kept versions of these articles, oldest first, as JSONL export writes them."""
    marks = ",".join("?" * len(ids))
    found: dict[int, list[dict[str, Any]]] = {}
    for article_id, title, body, captured_at, imported_from in conn.execute(
        "SELECT article_id, title, body, captured_at, imported_from FROM article_versions "
        f"WHERE article_id IN ({marks}) ORDER BY article_id, captured_at IS NULL, captured_at, id",
        ids,
    ):
        found.setdefault(article_id, []).append(
            {
                "title": title,
                "body": body,
                "captured_at": captured_at,
                "imported_from": imported_from,
            }
        )
    return found


def quote_texts(conn: sqlite3.Connection, article_id: int, version: Version) -> list[str]:
    """The quotes of a wording: stored for the current one, found again for an older one."""
    if version.current:
        return stored_quote_texts(conn, article_id)
    from reader.extract import extract_article

    return [quote.text for quote in extract_article(version.body).quotes]


def stored_quote_texts(conn: sqlite3.Connection, article_id: int) -> list[str]:
    """An article's quotes as stored, in article order."""
    return [
        row[0]
        for row in conn.execute(
            "SELECT text FROM quotes WHERE article_id = ? ORDER BY start, id", (article_id,)
        )
    ]


def only_in_each(before: list[str], after: list[str]) -> tuple[list[str], list[str]]:
    """The quotes only the first wording has, and those only the second has."""
    return [q for q in before if q not in after], [q for q in after if q not in before]
