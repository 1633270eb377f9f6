"""ArchiveStore: the one way into an archive, for the importers, the CLI and the TUI.

A store owns one sqlite3 connection, which belongs to the thread that opened
it. Workers in other threads open a store of their own on the same file; WAL
mode lets readers go on while an import writes.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import sqlite_utils

from reader.extract import EXTRACTOR_VERSION, Extraction
from reader.models import Article
from reader.store import bulk, corrections, derived, queries, user_state
from reader.store.corrections import CorrectionError
from reader.store.derived import Related
from reader.store.queries import ArticleRow, ArticleView, QuoteView
from reader.store.schema import migrate, title_key
from reader.store.user_state import quote_key
from reader.urls import other_scheme

UpsertStatus = Literal["imported", "updated", "unchanged"]
# How long a write waits for another writer (an import) before giving up, seconds.
WRITE_WAIT = 60.0

_ARTICLE_FIELDS = ("url", "title", "authors", "published", "source", "body", "guid")


def _identity_keys(article: Article) -> set[tuple[str, str]]:
    """What could make two articles of one batch the same article."""
    keys: set[tuple[str, str]] = set()
    if article.url:
        keys.add(("url", article.url.replace("http://", "https://", 1)))
    if article.guid:
        keys.add(("guid", f"{article.source or ''}\x00{article.guid}"))
    if not keys:
        keys.add(("hash", article.content_hash))
    return keys


def _path_key(path: str) -> str:
    """A file's path as the archive keys it: a name that is not UTF-8 kept, escaped."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class KnownFile:
    """What the archive remembers of a file it imported."""

    sha: str
    size: int
    mtime_ns: int
    articles: int


class ArchiveStore:
    """An archive of articles and the user state attached to them."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise FileNotFoundError(f"no archive at {self.path}")
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are explicit (see transaction()), so that
        # an article is stored whole or not at all.
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.execute("PRAGMA busy_timeout = 2000")
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.db = sqlite_utils.Database(self.conn)
        migrate(self.conn)

    # -- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ArchiveStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: commit on success, roll back on any exception (Ctrl-C too).

        A user's tag must not fail because an import is writing: beyond the
        connection's busy timeout, starting the transaction is tried again for
        up to WRITE_WAIT seconds.
        """
        deadline = time.monotonic() + WRITE_WAIT
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def savepoint(self, name: str = "item") -> Iterator[None]:
        """A nested all-or-nothing unit inside a transaction (one file's articles)."""
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.conn.execute(f"ROLLBACK TO {name}")
            self.conn.execute(f"RELEASE {name}")
            raise
        self.conn.execute(f"RELEASE {name}")

    def checkpoint(self) -> None:
        """Fold the WAL back into the database file after a large write."""
        self.conn.execute("PRAGMA optimize")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- integrity -------------------------------------------------------

    def fts_in_sync(self) -> bool:
        """True when the full-text index holds exactly the articles (integrity check)."""
        try:
            self.conn.execute(
                "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)"
            )
        except sqlite3.DatabaseError:
            return False
        return True

    # -- import bookkeeping ------------------------------------------------

    def known_files(self, paths: Iterable[str]) -> dict[str, KnownFile]:
        """What the archive remembers of these files, by path."""
        found: dict[str, KnownFile] = {}
        batch = list(paths)
        keys = {_path_key(path): path for path in batch}
        for start in range(0, len(batch), 500):
            chunk = [_path_key(path) for path in batch[start : start + 500]]
            marks = ",".join("?" * len(chunk))
            for key, sha, size, mtime_ns, articles in self.conn.execute(
                "SELECT path, sha, size, mtime_ns, articles FROM import_files "
                f"WHERE path IN ({marks})",
                chunk,
            ):
                found[keys[key]] = KnownFile(sha, size, mtime_ns, articles)
        return found

    def record_file(
        self, path: str, *, size: int, mtime_ns: int, sha: str, format: str, articles: int
    ) -> None:
        self.conn.execute(
            "INSERT INTO import_files (path, size, mtime_ns, sha, format, articles, imported_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET "
            "size = excluded.size, mtime_ns = excluded.mtime_ns, sha = excluded.sha, "
            "format = excluded.format, articles = excluded.articles, "
            "imported_at = excluded.imported_at",
            (_path_key(path), size, mtime_ns, sha, format, articles, now_iso()),
        )

    # -- articles ----------------------------------------------------------

    def _find_existing(self, article: Article) -> dict[str, Any] | None:
        columns = "id, link_only, " + ", ".join(_ARTICLE_FIELDS)
        lookup: tuple[str, list[str | None]]
        if article.url:
            # The same page over http and https is one article.
            lookup = ("url IN (?, ?)", [article.url, other_scheme(article.url)])
        elif article.guid:
            # A guid is unique only within its feed: feed B's item "1" is not feed A's.
            lookup = ("guid = ? AND source IS ?", [article.guid, article.source])
        else:
            lookup = ("content_hash = ?", [article.content_hash])
        where, params = lookup
        found = next(
            self.db.query(
                f"SELECT {columns} FROM articles WHERE {where} ORDER BY id LIMIT 1", params
            ),
            None,
        )
        if found is None and article.url and article.guid:
            # The same feed item seen before without a link.
            found = next(
                self.db.query(
                    f"SELECT {columns} FROM articles WHERE guid = ? AND source IS ? "
                    "AND url IS NULL "
                    "ORDER BY id LIMIT 1",
                    [article.guid, article.source],
                ),
                None,
            )
        return found

    def new_articles(self, articles: list[Article]) -> list[bool]:
        """Which of these articles the fast path may insert: new to the archive, the
        first of the batch with their identity, and carrying nothing that needs the
        one-by-one path (an id of their own, quote tags, corrected speakers)."""
        urls = [a.url for a in articles if a.url]
        known_urls = self._present("url", urls + [other_scheme(url) for url in urls])
        known_guids = self._guids([a.guid for a in articles if a.guid])  # by (guid, source)
        known_hashes = self._present(
            "content_hash", [a.content_hash for a in articles if not a.url and not a.guid]
        )
        seen: set[tuple[str, str]] = set()
        fresh: list[bool] = []
        for article in articles:
            keys = _identity_keys(article)
            known = (
                (article.url in known_urls or other_scheme(article.url) in known_urls)
                if article.url
                else False
            )
            if article.guid:
                guid_rows = known_guids.get((article.guid, article.source), set())
                # A linked item also matches the same guid stored without a link.
                known |= bool(guid_rows) if not article.url else None in guid_rows
            if not article.url and not article.guid:
                known = article.content_hash in known_hashes
            simple = (
                article.id is None and not article.quote_tags and not article.speaker_corrections
            )
            fresh.append(simple and not known and not (keys & seen))
            seen |= keys
        return fresh

    def insert_new(self, articles: list[Article]) -> list[int]:
        """Insert articles :meth:`new_articles` passed, in bulk (inside a transaction)."""
        return bulk.insert_articles(self.conn, articles)

    def _present(self, column: str, values: list[str]) -> set[str]:
        found: set[str] = set()
        unique = sorted(set(values))
        for start in range(0, len(unique), 400):
            chunk = unique[start : start + 400]
            marks = ",".join("?" * len(chunk))
            found.update(
                row[0]
                for row in self.conn.execute(
                    f"SELECT {column} FROM articles WHERE {column} IN ({marks})", chunk
                )
            )
        return found

    def _guids(self, guids: list[str]) -> dict[tuple[str, str | None], set[str | None]]:
        """The URLs (None for none) stored under each of these guids, by (guid, source)."""
        found: dict[tuple[str, str | None], set[str | None]] = {}
        unique = sorted(set(guids))
        for start in range(0, len(unique), 400):
            chunk = unique[start : start + 400]
            marks = ",".join("?" * len(chunk))
            for guid, source, url in self.conn.execute(
                f"SELECT guid, source, url FROM articles WHERE guid IN ({marks})", chunk
            ):
                found.setdefault((guid, source), set()).add(url)
        return found

    def upsert_article(self, article: Article) -> tuple[int, UpsertStatus]:
        """Store an article: insert it, update it in place, or leave it as it is.

        Identity is the canonical URL, else the feed guid within its feed (the
        source), else the content hash.
        An update keeps the id and all user state; fields the new copy lacks keep
        their stored values. Tags, bookmark and read flags carried by the article
        (from our own exports) are added to the user state, never taken away.
        """
        existing = self._find_existing(article)
        if existing is not None and article.link_only and not existing["link_only"]:
            # A saved link never replaces the text of the page: it adds only state.
            article_id = int(existing["id"])
            added = self._add_user_state(article_id, article)
            return article_id, "updated" if added else "unchanged"
        fields: dict[str, Any] = {
            "url": article.url,
            "title": article.title,
            "authors": json.dumps(article.authors, ensure_ascii=False),
            "published": article.published,
            "source": article.source,
            "body": article.body,
            "guid": article.guid,
        }
        if existing is None:
            article_id = self._insert(article, fields)
            self._add_user_state(article_id, article)
            self._after_content_change(article_id, article.url, article.title, article)
            return article_id, "imported"

        article_id = int(existing["id"])
        merged = {
            key: value if value not in (None, "", "[]") else existing[key]
            for key, value in fields.items()
        }
        if str(existing["url"] or "").startswith("https:") and merged["url"] == other_scheme(
            existing["url"]
        ):
            merged["url"] = existing["url"]  # https is kept over http
        filled = bool(existing["link_only"]) and not article.link_only
        changed = filled or any(merged[key] != existing[key] for key in _ARTICLE_FIELDS)
        if changed:
            merged["content_hash"] = Article(
                title=merged["title"], body=merged["body"]
            ).content_hash
            merged["title_key"] = title_key(merged["title"])
            assignments = ", ".join(f"{key} = :{key}" for key in merged)
            self.conn.execute(
                f"UPDATE articles SET {assignments}, imported_from = :imported_from, "
                "link_only = :link_only, updated_at = :now WHERE id = :id",
                {
                    **merged,
                    "link_only": int(bool(existing["link_only"]) and article.link_only),
                    "imported_from": article.imported_from,
                    "now": now_iso(),
                    "id": article_id,
                },
            )
        if changed:
            self._after_content_change(article_id, merged["url"], merged["title"], article)
        elif article.extraction is not None and (
            derived.extraction_version(self.conn, article_id) < EXTRACTOR_VERSION
        ):
            self.save_extraction(article_id, article.extraction)
        state_added = self._add_user_state(article_id, article)
        return article_id, "updated" if changed or state_added else "unchanged"

    def _after_content_change(
        self, article_id: int, url: str | None, title: str, article: Article
    ) -> None:
        derived.resolve_links_to(self.conn, article_id, url, title)
        if article.extraction is not None:
            self.save_extraction(article_id, article.extraction)

    def _insert(self, article: Article, fields: dict[str, Any]) -> int:
        values = {
            **fields,
            "title_key": title_key(article.title),
            "imported_from": article.imported_from,
            "content_hash": article.content_hash,
            "imported_at": now_iso(),
            "link_only": int(article.link_only),
        }
        if (
            article.id is not None
            and not self.conn.execute(
                "SELECT 1 FROM articles WHERE id = ?", (article.id,)
            ).fetchone()
        ):
            values["id"] = article.id
        columns = ", ".join(values)
        marks = ", ".join(f":{key}" for key in values)
        cursor = self.conn.execute(f"INSERT INTO articles ({columns}) VALUES ({marks})", values)
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _add_user_state(self, article_id: int, article: Article) -> bool:
        """Merge the user state an export carried; True if anything was added."""
        added = False
        for tag in article.tags:
            added |= self.add_tag(article_id, tag)
        if article.bookmarked:
            added |= self.set_bookmark(article_id, True)
        if article.read:
            added |= self.set_read(article_id, True)
        for text, tags in article.quote_tags:
            for name in tags:
                added |= user_state.tag_quote(self.conn, article_id, text, name)
        carried = False
        for text, speaker in article.speaker_corrections:
            carried |= corrections.add_carried(self.conn, article_id, text, speaker)
        if carried:
            corrections.apply(self.conn, article_id)
        return added or carried

    def newest_id(self) -> int | None:
        """The highest article id: one index lookup, to notice new imports."""
        row = self.conn.execute("SELECT max(id) FROM articles").fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def article_row(self, article_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
        return rows[0] if rows else None

    # -- user state --------------------------------------------------------

    def add_tag(self, article_id: int, name: str) -> bool:
        """Tag an article; True if it was not tagged so before."""
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO article_tags (article_id, tag_id, tagged_at) VALUES (?, ?, ?)",
            (article_id, user_state.tag_id(self.conn, user_state.normal_tag(name)), now_iso()),
        )
        return cursor.rowcount > 0

    def tag(self, article_id: int, *names: str) -> int:
        """Tag an article (written at once); returns how many tags were new to it."""
        with self.transaction():
            return sum(user_state.tag_articles(self.conn, [article_id], n) for n in names)

    def untag(self, article_id: int, *names: str) -> int:
        with self.transaction():
            return sum(user_state.untag_articles(self.conn, [article_id], n) for n in names)

    def tag_many(self, article_ids: list[int], name: str) -> int:
        """Tag every article of a list at once; returns how many were newly tagged."""
        with self.transaction():
            return user_state.tag_articles(self.conn, article_ids, name)

    def tag_quote(self, article_id: int, text: str, name: str) -> bool:
        with self.transaction():
            return user_state.tag_quote(self.conn, article_id, text, name)

    def untag_quote(self, article_id: int, text: str, name: str) -> bool:
        with self.transaction():
            return user_state.untag_quote(self.conn, article_id, text, name)

    def quote_tags(self, article_id: int, text: str) -> list[str]:
        return user_state.quote_tags(self.conn, article_id, text)

    def correct_speaker(self, article_id: int, quote_text: str, speaker: str | None) -> None:
        """Set who said a quote (None: nobody), by the quote's words; written at once.

        The correction is user state: it outlives reindex, re-import and upgrades,
        and travels in exports. CorrectionError for an empty or overlong name.
        """
        with self.transaction():
            corrections.set_speaker(self.conn, article_id, quote_text, speaker)

    def attribute(self, article_id: int, number: int, speaker: str | None) -> QuoteView:
        """Set (None: clear) the speaker of an article's quote N as `reader show` numbers it.

        Returns the quote as corrected; CorrectionError names what is wrong.
        """
        with self.transaction():
            if self.article_row(article_id) is None:
                raise CorrectionError(f"no article with id {article_id}")
            quotes = queries.article_quotes(self.conn, article_id)
            if not quotes:
                raise CorrectionError(f"article {article_id} has no quotes")
            if not 1 <= number <= len(quotes):
                raise CorrectionError(
                    f"article {article_id} has quotes 1 to {len(quotes)}; no quote {number}"
                )
            corrections.set_speaker(self.conn, article_id, quotes[number - 1].text, speaker)
            return queries.article_quotes(self.conn, article_id)[number - 1]

    def article_quotes(self, article_id: int) -> list[QuoteView]:
        """An article's quotes in article order, as the sidebar and `reader show` list them."""
        return queries.article_quotes(self.conn, article_id)

    def tag_counts(self) -> list[user_state.TagCount]:
        return user_state.tag_counts(self.conn)

    def rename_tag(self, old: str, new: str) -> str:
        with self.transaction():
            return user_state.rename_tag(self.conn, old, new)

    def delete_tag(self, name: str) -> int:
        with self.transaction():
            return user_state.delete_tag(self.conn, name)

    def save_search(self, name: str, query: str) -> None:
        from reader.query import parse

        parse(query)  # only a query that runs is saved
        with self.transaction():
            user_state.save_search(self.conn, name, query)

    def saved_searches(self) -> list[user_state.SavedSearch]:
        return user_state.saved_searches(self.conn)

    def delete_saved_search(self, name: str) -> bool:
        with self.transaction():
            return user_state.delete_saved_search(self.conn, name)

    def run_query(self, text: str, *, as_you_type: bool = False) -> queries.QueryResult:
        """Start a query (query language); its pages come from query_page."""
        return queries.run_query(self.conn, text, as_you_type=as_you_type)

    def query_page(self, result: queries.QueryResult, offset: int, limit: int) -> list[ArticleRow]:
        return queries.query_page(self.conn, result, offset, limit)

    def query_all_ids(self, result: queries.QueryResult) -> list[int]:
        """Every match of a query (for tagging a whole list), in no particular order."""
        if result.ids is not None:
            return list(result.ids)
        return [
            row[0]
            for row in self.conn.execute(
                f"SELECT id FROM articles WHERE {result.where}", result.params
            )
        ]

    def query_count(self, result: queries.QueryResult) -> int:
        return queries.query_count(self.conn, result)

    def query_ids(self, text: str) -> list[int]:
        """Articles matching a query of the query language, newest first; QueryError if bad."""
        return queries.query_ids(self.conn, text)

    def tags_of(self, article_id: int) -> list[str]:
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT tags.name FROM article_tags JOIN tags ON tags.id = article_tags.tag_id "
                "WHERE article_id = ? ORDER BY tags.name COLLATE NOCASE",
                (article_id,),
            )
        ]

    def set_bookmark(self, article_id: int, on: bool) -> bool:
        """Bookmark or unbookmark; True if that changed anything."""
        if on:
            cursor = self.conn.execute(
                "INSERT OR IGNORE INTO bookmarks (article_id, created_at) VALUES (?, ?)",
                (article_id, now_iso()),
            )
        else:
            cursor = self.conn.execute("DELETE FROM bookmarks WHERE article_id = ?", (article_id,))
        return cursor.rowcount > 0

    def set_read(self, article_id: int, on: bool) -> bool:
        """Mark read or unread; True if that changed anything."""
        if on:
            cursor = self.conn.execute(
                "INSERT OR IGNORE INTO read_state (article_id, read_at) VALUES (?, ?)",
                (article_id, now_iso()),
            )
        else:
            cursor = self.conn.execute("DELETE FROM read_state WHERE article_id = ?", (article_id,))
        return cursor.rowcount > 0

    # -- reading -----------------------------------------------------------

    def list_page(self, offset: int, limit: int) -> list[ArticleRow]:
        """Rows of the whole archive, newest first."""
        return queries.list_page(self.conn, offset, limit)

    def rows_for_ids(self, ids: list[int]) -> list[ArticleRow]:
        return queries.rows_for_ids(self.conn, ids)

    def search_ids(self, text: str) -> list[int]:
        """Articles matching a search, newest first; raises SearchError with a message."""
        return queries.search_ids(self.conn, text)

    def entity_article_ids(self, entity_id: int) -> list[int]:
        return queries.entity_article_ids(self.conn, entity_id)

    def speaker_quotes(self, entity_id: int) -> list[dict[str, Any]]:
        return queries.speaker_quotes(self.conn, entity_id)

    def article_view(self, article_id: int) -> ArticleView | None:
        return queries.article_view(self.conn, article_id)

    def entity(self, entity_id: int) -> queries.EntityView | None:
        return queries.entity(self.conn, entity_id)

    def toggle_bookmark(self, article_id: int) -> bool:
        """Flip the bookmark; returns the new state. Written at once."""
        with self.transaction():
            if self.set_bookmark(article_id, False):
                return False
            self.set_bookmark(article_id, True)
            return True

    def mark_read(self, article_id: int, on: bool = True) -> None:
        with self.transaction():
            self.set_read(article_id, on)

    # -- derived data ------------------------------------------------------

    def save_extraction(self, article_id: int, extraction: Extraction) -> None:
        """Store what extraction found, with the user's corrected speakers laid over it."""
        derived.save_extraction(self.conn, article_id, extraction)
        corrections.apply(self.conn, article_id)

    def related_to(self, article_id: int, limit: int = 10) -> list[Related]:
        """Ranked related articles: explicit links, shared rare entities, closeness in time."""
        return derived.related_to(self.conn, article_id, limit)

    def quotes_by_speaker(self, name: str, limit: int = 1000) -> list[dict[str, Any]]:
        """Everything a speaker said, newest first; each quote says if it was corrected by hand."""
        found = derived.quotes_by_speaker(self.conn, name, limit)
        ids = sorted({quote["article_id"] for quote in found})
        corrected = {
            (row[0], row[1])
            for start in range(0, len(ids), 500)
            for row in self.conn.execute(
                "SELECT article_id, text FROM quotes WHERE corrected = 1 AND article_id IN "
                f"({','.join('?' * len(ids[start : start + 500]))})",
                ids[start : start + 500],
            )
        }
        for quote in found:
            quote["corrected"] = (quote["article_id"], quote["text"]) in corrected
        return found

    def iter_quotes(self, query: str | None = None) -> Iterator[dict[str, Any]]:
        """Quotes (statements and partial quotes) with their article, newest article first."""
        where: str = ""
        params: list[object] = []
        if query:
            from reader.query import parse, to_sql

            clause, params = to_sql(parse(query))
            where = f"WHERE articles.id IN (SELECT id FROM articles WHERE {clause})"
        cursor = self.conn.execute(
            "SELECT quotes.text, quotes.speaker, quotes.kind, articles.id, articles.title, "
            "articles.published, articles.url, quotes.corrected FROM quotes JOIN articles "
            f"ON articles.id = quotes.article_id {where} "
            "ORDER BY articles.published DESC, articles.id DESC, quotes.start",
            params,
        )
        keys = ("text", "speaker", "kind", "article_id", "title", "published", "url", "corrected")
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    def iter_articles_needing_extraction(
        self, everything: bool = False, batch_size: int = 500
    ) -> Iterator[list[tuple[int, str]]]:
        """Batches of (id, body) whose extraction is older than this extractor (or all)."""
        last_id = 0
        while True:
            rows = self.conn.execute(
                "SELECT articles.id, articles.body FROM articles LEFT JOIN article_extraction "
                "ON article_extraction.article_id = articles.id WHERE articles.id > ? "
                "AND (? OR coalesce(article_extraction.version, 0) < ?) "
                "ORDER BY articles.id LIMIT ?",
                (last_id, everything, EXTRACTOR_VERSION, batch_size),
            ).fetchall()
            if not rows:
                return
            last_id = rows[-1][0]
            yield [(int(row[0]), str(row[1])) for row in rows]

    def article_details(self, article_id: int) -> dict[str, Any] | None:
        """An article with its tags, quotes, entities, links and related articles."""
        row = self.article_row(article_id)
        if row is None:
            return None
        extras = self._export_extras([article_id])
        quotes = queries.article_quotes(self.conn, article_id)
        return {
            **row,
            "authors": json.loads(row["authors"] or "[]"),
            "tags": extras["tags"].get(article_id, []),
            "bookmarked": article_id in extras["bookmarked"],
            "read": article_id in extras["read"],
            "quotes": quotes,
            "entities": extras["entities"].get(article_id, []),
            "links": extras["links"].get(article_id, []),
            "related": self.related_to(article_id),
        }

    # -- export ------------------------------------------------------------

    def iter_export(
        self, batch_size: int = 500, query: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every article (or those a query finds) with user state and extracted data, by id.

        Keyset pagination on the primary key: memory stays flat on any archive size.
        """
        where: str = ""
        params: list[object] = []
        if query:
            from reader.query import parse, to_sql

            clause, params = to_sql(parse(query))
            where = f" AND {clause}"
        last_id = 0
        while True:
            rows = list(
                self.db.query(
                    "SELECT id, url, title, authors, published, source, imported_from, body, "
                    f"link_only FROM articles WHERE id > ?{where} ORDER BY id LIMIT ?",
                    [last_id, *params, batch_size],
                )
            )
            if not rows:
                return
            ids = [row["id"] for row in rows]
            last_id = ids[-1]
            extras = self._export_extras(ids)
            for row in rows:
                article_id = row["id"]
                yield {
                    "id": article_id,
                    "url": row["url"],
                    "title": row["title"],
                    "authors": json.loads(row["authors"] or "[]"),
                    "published": row["published"],
                    "source": row["source"],
                    "imported_from": row["imported_from"],
                    "body": row["body"],
                    "link_only": bool(row["link_only"]),
                    "tags": extras["tags"].get(article_id, []),
                    "bookmarked": article_id in extras["bookmarked"],
                    "read": article_id in extras["read"],
                    "quotes": extras["quotes"].get(article_id, []),
                    "entities": extras["entities"].get(article_id, []),
                    "links": extras["links"].get(article_id, []),
                    "related": extras["related"].get(article_id, []),
                }

    def _export_extras(self, ids: list[int]) -> dict[str, Any]:
        marks = ",".join("?" * len(ids))
        tags: dict[int, list[str]] = {}
        for article_id, name in self.conn.execute(
            "SELECT article_id, tags.name FROM article_tags JOIN tags ON tags.id = tag_id "
            f"WHERE article_id IN ({marks}) ORDER BY article_id, tags.name COLLATE NOCASE",
            ids,
        ):
            tags.setdefault(article_id, []).append(name)
        bookmarked = {
            row[0]
            for row in self.conn.execute(
                f"SELECT article_id FROM bookmarks WHERE article_id IN ({marks})", ids
            )
        }
        read = {
            row[0]
            for row in self.conn.execute(
                f"SELECT article_id FROM read_state WHERE article_id IN ({marks})", ids
            )
        }
        tagged_quotes: dict[tuple[int, str], list[str]] = {}
        tagged_text: dict[tuple[int, str], str] = {}
        for article_id, key, name, text in self.conn.execute(
            "SELECT article_id, quote_key, tags.name, quote_text FROM quote_tags JOIN tags "
            f"ON tags.id = quote_tags.tag_id WHERE article_id IN ({marks}) "
            "ORDER BY tags.name COLLATE NOCASE",
            ids,
        ):
            tagged_quotes.setdefault((article_id, key), []).append(name)
            if text:
                tagged_text[(article_id, key)] = text
        # Corrections whose quote the text no longer holds, by (article, quote key).
        corrected_orphans: dict[tuple[int, str], tuple[str, str | None]] = {
            (article_id, key): (text, speaker)
            for article_id, key, text, speaker in self.conn.execute(
                "SELECT article_id, quote_key, quote_text, speaker FROM speaker_corrections "
                f"WHERE article_id IN ({marks})",
                ids,
            )
        }
        quotes: dict[int, list[dict[str, Any]]] = {}
        for article_id, text, speaker, corrected in self.conn.execute(
            "SELECT article_id, text, speaker, corrected FROM quotes "
            f"WHERE article_id IN ({marks}) ORDER BY article_id, start, id",
            ids,
        ):
            quote: dict[str, Any] = {"text": text, "speaker": speaker}
            key = quote_key(text) if tagged_quotes or corrected_orphans else ""
            quote_tag_names = tagged_quotes.get((article_id, key)) if tagged_quotes else None
            if quote_tag_names:
                quote["tags"] = quote_tag_names  # only tagged quotes carry the key
                tagged_text.pop((article_id, key), None)
            if corrected:
                quote["corrected"] = True  # only corrected quotes carry the key
            corrected_orphans.pop((article_id, key), None)
            quotes.setdefault(article_id, []).append(quote)
        # Tags and corrections on quotes the text no longer holds (the article was
        # edited): kept, and exported with the words they were given to, so that
        # nothing is lost.
        for article_id, key in sorted(set(tagged_text) | set(corrected_orphans)):
            text, speaker = corrected_orphans.get((article_id, key), (None, None))
            orphan: dict[str, Any] = {
                "text": text or tagged_text.get((article_id, key), ""),
                "speaker": speaker,
            }
            if (article_id, key) in tagged_text:
                orphan["tags"] = tagged_quotes[(article_id, key)]
            if (article_id, key) in corrected_orphans:
                orphan["corrected"] = True
            quotes.setdefault(article_id, []).append(orphan)
        entities: dict[int, list[dict[str, Any]]] = {}
        for article_id, name, type_, mentions in self.conn.execute(
            "SELECT article_id, entities.name, entities.type, mentions FROM article_entities "
            f"JOIN entities ON entities.id = entity_id WHERE article_id IN ({marks}) "
            "ORDER BY article_id, mentions DESC, entities.name",
            ids,
        ):
            entities.setdefault(article_id, []).append(
                {"name": name, "type": type_, "mentions": mentions}
            )
        links: dict[int, list[dict[str, Any]]] = {}
        for article_id, text, url, target in self.conn.execute(
            f"SELECT article_id, text, url, target_article_id FROM links "
            f"WHERE article_id IN ({marks}) ORDER BY article_id, id",
            ids,
        ):
            links.setdefault(article_id, []).append(
                {"text": text, "url": url, "article_id": target}
            )
        return {
            "tags": tags,
            "bookmarked": bookmarked,
            "read": read,
            "quotes": quotes,
            "entities": entities,
            "links": links,
            "related": {
                article_id: [
                    {"id": item.id, "title": item.title}
                    for item in derived.related_to(self.conn, article_id)
                ]
                for article_id in ids
            },
        }
