"""Stories: articles whose texts are near copies of each other (reader.extract.stories).

Each article with enough text has a sketch (``story_signatures``) and is filed
under the smallest hashes of it. A new article's candidates are the articles
filed under one of its keys; those whose sketch agrees with its own on at least
SAME_STORY of the common runs of words are one story with it. A story is the set
of articles joined so, named by one of its article ids (``story_members``; an
article alone has no row). Grouping is incremental: each article is compared
when it is stored, and `reader reindex` files those stored before stories existed.

Keys are filed in three tables, the levels of a log-structured index: new keys go
to ``story_keys_new``, small enough that the pages an import's commit rewrites (one
every half second) are few; past NEW_KEYS they move in key order into
``story_keys_recent`` (:func:`settle_new`), and those move into ``story_keys`` once
they are an eighth of the archive's (:func:`merge_due`, :func:`merge_recent`; an
import asks when it ends, and every MERGE_EVERY articles of a long one). Keys are
random: written straight into an index of a million articles' keys, each of an
article's sixteen dirtied a page of its own, and the commits wrote 64 KB an
article; written into the recent table, which holds up to two million keys then,
each commit rewrote most of its pages; moved at the end of every import,
20,000 articles' keys rewrote most of the big index's pages (1.8 s). A lookup reads
all three tables.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from reader.extract.stories import (
    BANDS,
    BINS,
    SAME_STORY,
    agreement,
    keys,
    packed,
    signature,
)
from reader.models import Article

# Candidates read per key, newest first: a key common to many articles cannot make
# a lookup read thousands.
MAX_PER_KEY = 20
# A story this large is joined no further (see _join).
MAX_STORY = 500
# Articles a long import files between asking whether the keys are due a move.
MERGE_EVERY = 20_000
# The recent keys are moved once there are more than this many, and more than an
# eighth of the archive's (see merge_due): a few MB, which SQLite's cache holds.
MERGE_FLOOR = 50_000
# Keys moved into story_keys in one transaction (see merge_recent).
MERGE_CHUNK = 50_000
# The new keys move into the recent table past this many (see settle_new): some 2,500
# articles', 130 pages, which is what an import's commit rewrites at most.
NEW_KEYS = 40_000
# Parameters per statement, well under SQLite's limit.
_CHUNK = 500
_KEY_TABLES = ("story_keys", "story_keys_recent", "story_keys_new")
# A stored sketch of another type or size than a sketch's (an archive someone else
# made, or damaged) is no sketch, and is passed over as a missing one is: the
# condition every read of story_signatures.signature puts on it.
_A_SKETCH = f"typeof(signature) = 'blob' AND length(signature) = {BINS * 4}"


@dataclass(frozen=True, slots=True)
class StoryMember:
    """Another telling of an article's story."""

    article_id: int
    title: str
    source: str | None
    published: str | None


def sketch_of(article: Article) -> bytes | None:
    """The article's sketch, made now if the parsing process did not make it."""
    return article.story_sketch if article.sketched else signature(article.body)


def file_articles(conn: sqlite3.Connection, sketches: Iterable[tuple[int, bytes | None]]) -> None:
    """Store these articles' sketches and join each to the story it belongs to.

    In the given order, so that an article is compared with those before it in
    the same batch too (found in memory: the batch's keys are written at the end,
    in key order, one statement for all). The archive is asked once for the whole
    batch: each key's newest articles, then those candidates' sketches. None: the
    article is too short to compare (remembered as looked at, so reindex does not
    look again).
    """
    items = list(sketches)
    conn.executemany(
        "INSERT OR REPLACE INTO story_signatures (article_id, signature) VALUES (?, ?)", items
    )
    # Each sketch packed once, for its comparisons.
    filed = [(article_id, packed(sketch), keys(sketch)) for article_id, sketch in items if sketch]
    if not filed:
        return
    archived = _filed_under(conn, {key for _, _, own_keys in filed for key in own_keys})
    # Each archived sketch packed once: it may meet several new ones.
    known = {
        other: packed(sketch)
        for other, sketch in _sketches(
            conn, {other for found in archived.values() for other in found}
        ).items()
    }
    batch: dict[int, list[int]] = {}  # key -> articles of this batch filed under it
    for article_id, mine, own_keys in filed:
        candidates: set[int] = set()
        for key in own_keys:
            if key in archived:
                candidates.update(archived[key])
            earlier = batch.get(key)
            if earlier is None:
                batch[key] = [article_id]
            else:
                candidates.update(earlier[-MAX_PER_KEY:])
                earlier.append(article_id)
        candidates.discard(article_id)
        known[article_id] = mine
        # A key of an article that is gone finds no sketch, and is passed over.
        matches = sorted(
            other
            for other in candidates
            if other in known and agreement(mine, known[other]) >= SAME_STORY
        )
        if matches:
            _join(conn, article_id, matches)
    # In key order, one statement for the batch (each key's articles in batch order).
    rows = [(key, article_id) for key in sorted(batch) for article_id in batch[key]]
    conn.executemany("INSERT OR IGNORE INTO story_keys_new (key, article_id) VALUES (?, ?)", rows)
    # A count on a table of a hundred pages: the b-tree's own, no row is read.
    if conn.execute("SELECT count(*) FROM story_keys_new").fetchone()[0] > NEW_KEYS:
        settle_new(conn)


def settle_new(conn: sqlite3.Connection) -> None:
    """Move the new keys into the recent table, in key order (in the caller's
    transaction): one pass over the recent table's pages for some 2,500 articles,
    where each commit of an import rewrote those its keys fell in."""
    conn.execute(
        "INSERT OR IGNORE INTO story_keys_recent (key, article_id) "
        "SELECT key, article_id FROM story_keys_new ORDER BY key, article_id"
    )
    conn.execute("DELETE FROM story_keys_new")


def merge_due(conn: sqlite3.Connection) -> bool:
    """Whether the recent keys are worth moving: more than MERGE_FLOOR, and more than
    an eighth of the archive's (sixteen an article, up to its newest sketched id:
    an estimate read from one end of an index; the recent ones are counted up to
    the limit only)."""
    newest = conn.execute("SELECT max(article_id) FROM story_signatures").fetchone()[0]
    limit = max(MERGE_FLOOR, BANDS * int(newest or 0) // 8)
    counted = conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM story_keys_recent LIMIT ?)", (limit + 1,)
    ).fetchone()[0]
    return int(counted) > limit


def merge_recent(conn: sqlite3.Connection, most: int = MERGE_CHUNK) -> bool:
    """Move the recently filed keys with the smallest values (about ``most`` of them)
    into story_keys, in key order; True when none are left to move.

    A piece at a time, each in the caller's transaction: moving an import's 320,000
    keys into a million articles' index held the write lock for 1.8 s at once, and
    a bookmark typed meanwhile waited as long.
    """
    row = conn.execute(
        "SELECT key FROM story_keys_recent ORDER BY key LIMIT 1 OFFSET ?", (most,)
    ).fetchone()
    below = "" if row is None else "WHERE key <= ?"  # <=: at least one row moves
    bound = () if row is None else (row[0],)
    conn.execute(
        "INSERT OR IGNORE INTO story_keys (key, article_id) "
        f"SELECT key, article_id FROM story_keys_recent {below} ORDER BY key, article_id",
        bound,
    )
    conn.execute(f"DELETE FROM story_keys_recent {below}", bound)
    return row is None


def _filed_under(conn: sqlite3.Connection, wanted: set[int]) -> dict[int, list[int]]:
    """The archive's articles filed under each of these keys, at most MAX_PER_KEY
    (the newest) a key: a key common to many articles cannot make a lookup read
    thousands. One statement for the three tables: the keys go in as one JSON array, and
    each key costs one seek a table (most find nothing), its articles read as one
    list."""
    newest = (
        "SELECT wanted.value, (SELECT group_concat(article_id) FROM (SELECT article_id "
        "FROM {table} WHERE key = wanted.value ORDER BY article_id DESC "
        f"LIMIT {MAX_PER_KEY})) AS filed FROM json_each(?1) AS wanted WHERE filed IS NOT NULL"
    )
    found: dict[int, list[int]] = {}
    rows = conn.execute(
        " UNION ALL ".join(newest.format(table=table) for table in _KEY_TABLES),
        (json.dumps(sorted(wanted)),),
    )
    for key, filed in rows:
        articles = [int(article_id) for article_id in filed.split(",")]
        if key in found:  # in several tables: the newest of them
            articles = sorted({*found[key], *articles})[-MAX_PER_KEY:]
        found[key] = articles
    return found


def _sketches(conn: sqlite3.Connection, article_ids: set[int]) -> dict[int, bytes]:
    """The stored sketches of these articles (those too short to compare have none)."""
    found: dict[int, bytes] = {}
    ordered = sorted(article_ids)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        found.update(
            conn.execute(
                "SELECT article_id, signature FROM story_signatures "
                f"WHERE article_id IN ({','.join('?' * len(chunk))}) AND {_A_SKETCH}",
                chunk,
            ).fetchall()
        )
    return found


def _join(conn: sqlite3.Connection, article_id: int, matches: list[int]) -> None:
    """One story of the article, its matches and the stories they are in.

    The largest of those stories keeps its name and only the others' members are
    renamed (union by size), so a story growing one article at a time costs one
    row each, not a rewrite of all its members. A story past MAX_STORY members is
    not joined further: no news story runs in that many copies, but a template
    (a weather report, a listings page) can.
    """
    members = sorted({article_id, *matches})
    marks = ",".join("?" * len(members))
    placed = dict(
        conn.execute(
            f"SELECT article_id, story_id FROM story_members WHERE article_id IN ({marks})",
            members,
        ).fetchall()
    )
    sizes = (
        {
            story: size
            for story, size in conn.execute(
                "SELECT story_id, count(*) FROM story_members WHERE story_id IN "
                f"({','.join('?' * len(set(placed.values())))}) GROUP BY story_id",
                sorted(set(placed.values())),
            )
        }
        if placed
        else {}
    )
    sizes = {story: size for story, size in sizes.items() if size < MAX_STORY}
    loose = [member for member in members if member not in placed]
    if not sizes and len(loose) < 2:
        return  # its only matches are in stories too large to join: it stays alone
    # The largest story keeps its name (ties: the older); else the oldest article's.
    story_id = max(sizes, key=lambda story: (sizes[story], -story)) if sizes else min(loose)
    for other in sizes:
        if other != story_id:
            conn.execute(
                "UPDATE story_members SET story_id = ? WHERE story_id = ?", (story_id, other)
            )
    conn.executemany(
        "INSERT OR IGNORE INTO story_members (article_id, story_id) VALUES (?, ?)",
        [(member, story_id) for member in loose],
    )


def forget(conn: sqlite3.Connection, article_id: int) -> None:
    """Take an article out of its story (its text is about to change)."""
    row = conn.execute(
        "SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)
    ).fetchone()
    old = conn.execute(
        f"SELECT signature FROM story_signatures WHERE article_id = ? AND {_A_SKETCH}",
        (article_id,),
    ).fetchone()
    if old is not None:
        for table in _KEY_TABLES:
            conn.executemany(
                f"DELETE FROM {table} WHERE key = ? AND article_id = ?",
                [(key, article_id) for key in keys(old[0])],
            )
    conn.execute("DELETE FROM story_signatures WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM story_members WHERE article_id = ?", (article_id,))
    if row is None:
        return
    rest = [
        r[0]
        for r in conn.execute(
            "SELECT article_id FROM story_members WHERE story_id = ? ORDER BY article_id",
            (row[0],),
        )
    ]
    if len(rest) == 1:
        conn.execute("DELETE FROM story_members WHERE article_id = ?", (rest[0],))
    elif rest and row[0] not in rest:
        # The story was named by the article that left: named by the oldest one now
        # (any other leaving changes nothing: its name is one of its articles, not
        # always the oldest, since an older article filed later joins under it).
        conn.execute("UPDATE story_members SET story_id = ? WHERE story_id = ?", (rest[0], row[0]))


def story_of(conn: sqlite3.Connection, article_id: int) -> int | None:
    row = conn.execute(
        "SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)
    ).fetchone()
    return int(row[0]) if row else None


def members(conn: sqlite3.Connection, article_id: int, limit: int = 50) -> list[StoryMember]:
    """The other articles of an article's story, oldest first."""
    return [
        StoryMember(*row)
        for row in conn.execute(
            "SELECT articles.id, articles.title, articles.source, articles.published "
            "FROM story_members AS mine JOIN story_members AS other "
            "ON other.story_id = mine.story_id AND other.article_id != mine.article_id "
            "JOIN articles ON articles.id = other.article_id WHERE mine.article_id = ? "
            "ORDER BY articles.published IS NULL, articles.published, articles.id LIMIT ?",
            (article_id, limit),
        )
    ]


def unfiled(conn: sqlite3.Connection, after: int, limit: int) -> list[tuple[int, str]]:
    """Articles with text that have no sketch yet (stored before stories existed).

    Found on indexes (the ids, the link-only ones, the sketches' keys), and only
    their bodies read: the articles' rows, bodies and all, were read to find none
    (5 GB on a million articles, at every reindex).
    """
    ids = [
        int(row[0])
        for row in conn.execute(
            "SELECT id FROM articles WHERE id > ? "
            "AND id NOT IN (SELECT id FROM articles WHERE link_only = 1) "
            "AND NOT EXISTS (SELECT 1 FROM story_signatures WHERE article_id = articles.id) "
            "ORDER BY id LIMIT ?",
            (after, limit),
        )
    ]
    if not ids:
        return []
    return [
        (int(row[0]), str(row[1]))
        for row in conn.execute(
            f"SELECT id, body FROM articles WHERE id IN ({','.join('?' * len(ids))}) ORDER BY id",
            ids,
        )
    ]
