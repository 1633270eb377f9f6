"""newsboat's ``cache.db`` (SQLite): its items as articles, with read and flagged state."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from urllib.parse import quote

from reader.importers.parsed import Parsed


def is_newsboat_cache(path: str) -> bool:
    """True when the SQLite file at ``path`` has newsboat's ``rss_item`` table."""
    try:
        with closing(sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True)) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error:
        return False
    return {"rss_item", "rss_feed"} <= tables


def parse_newsboat(path: str) -> Parsed:
    """Every item not deleted: unread=0 -> read, flags -> bookmarked (see module doc)."""
    raise NotImplementedError
