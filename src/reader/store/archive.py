"""ArchiveStore: the one way into an archive, for the importers, the CLI and the TUI.

A store owns one sqlite3 connection, which belongs to the thread that opened
it. Workers in other threads open a store of their own on the same file; WAL
mode lets readers go on while an import writes.

What the environment does to an archive (another writer holding the lock, a
read-only file or folder, a full disk, a damaged file, an archive from a newer
reader) comes out of the store as an :class:`ArchiveProblem`: one sentence a
person can act on, never an sqlite3 traceback.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import math
import os
import shlex
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import quote as url_quote

import sqlite_utils

from reader.extract import EXTRACTOR_VERSION, Extraction
from reader.models import Article
from reader.sanitize import clean_path
from reader.store import bulk, corrections, derived, queries, search, stories, user_state
from reader.store import highlights as marking
from reader.store import versions as versioning
from reader.store.bulk import ExtractionRows
from reader.store.corrections import CorrectionError
from reader.store.derived import Related
from reader.store.queries import ArticleRow, ArticleView, QuoteView
from reader.store.schema import (
    SCHEMA_VERSION,
    check_objects,
    migrate,
    schema_version,
    title_key,
)
from reader.store.search import QuoteHit
from reader.store.user_state import quote_key
from reader.urls import other_scheme

# "kept-longer": the archive's text is much longer than the copy offered, which was
# not stored (see KEEP_TEXT_OVER); the caller should say so.
UpsertStatus = Literal["imported", "updated", "unchanged", "kept-longer"]
# A stored text longer than this (characters) is never replaced by one under
# MUCH_SHORTER of its length: a feed's 200-character teaser arriving after the
# 5,000-character page under the same URL would otherwise erase the page.
KEEP_TEXT_OVER = 1000
MUCH_SHORTER = 0.5
# How long one statement waits for another writer before the store looks again
# (and tells on_wait that it is waiting), milliseconds.
BUSY_TIMEOUT_MS = 2000
# While waiting, how often a Ctrl-C gets its chance, milliseconds.
WAIT_POLL_MS = 250
# Between the pieces of a long write, a pause in which a writer waiting (a bookmark
# from the reader during an import) takes the lock, seconds.
YIELD_SECONDS = 0.03
# Rows of each index that PRAGMA optimize's analysis reads (see checkpoint).
ANALYSIS_ROWS = 1000

T = TypeVar("T")

ProblemKind = Literal[
    "missing", "locked", "read-only", "full", "damaged", "not-an-archive", "newer", "cannot-open"
]


class ArchiveProblem(Exception):
    """What the environment did to an archive, as one sentence for the user."""

    def __init__(self, message: str, *, kind: ProblemKind, path: Path | None = None) -> None:
        super().__init__(message)
        self.kind: ProblemKind = kind
        self.path = path

    @classmethod
    def from_error(cls, error: BaseException, path: Path | None) -> ArchiveProblem | None:
        """The environment's failure behind an error (or the errors it interrupted), if any.

        Walks the chain of causes: a "cannot rollback" raised while cleaning up
        after a full disk names the full disk, not itself.
        """
        seen: set[int] = set()
        current: BaseException | None = error
        found: ArchiveProblem | None = None
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            if isinstance(current, ArchiveProblem):
                return current
            if found is None and isinstance(current, sqlite3.Error):
                found = _classify(current, path)
            current = current.__cause__ or current.__context__
        return found


def _shown(path: Path | None) -> str:
    return clean_path(path) if path is not None else "the archive"


# SQLite's extended code for a write the file system refused.
_SQLITE_IOERR_WRITE = sqlite3.SQLITE_IOERR | (3 << 8)


def _error_code(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code of an error (None for errors Python raised itself)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _is_busy(error: sqlite3.Error) -> bool:
    return _error_code(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _classify(error: sqlite3.Error, path: Path | None) -> ArchiveProblem | None:
    """One sentence for an sqlite3 error the environment caused; None for any other."""
    at = f"the archive at {_shown(path)}"
    code = _error_code(error)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return ArchiveProblem(
            f"{at} is locked by another program (an import?); try again when it is done",
            kind="locked",
            path=path,
        )
    if code == sqlite3.SQLITE_READONLY:
        return ArchiveProblem(f"{at} is read-only", kind="read-only", path=path)
    if code == sqlite3.SQLITE_FULL:
        return ArchiveProblem(
            f"the disk holding {at} is full: the last change was not saved (what was saved "
            "before is kept); free some space and try again",
            kind="full",
            path=path,
        )
    if code == sqlite3.SQLITE_CORRUPT:
        return ArchiveProblem(
            f"{at} is damaged ({error}): restore it from a backup, or save what can be "
            f"read with `sqlite3 {shlex.quote(_shown(path))} .recover | sqlite3 recovered.db`",
            kind="damaged",
            path=path,
        )
    if code == sqlite3.SQLITE_NOTADB:
        return ArchiveProblem(
            f"{_shown(path)} is not a reader archive, or is damaged beyond reading ({error})",
            kind="not-an-archive",
            path=path,
        )
    if code == sqlite3.SQLITE_CANTOPEN:
        return ArchiveProblem(f"cannot open {at} ({error})", kind="cannot-open", path=path)
    if getattr(error, "sqlite_errorcode", None) == _SQLITE_IOERR_WRITE:
        # EFBIG or EDQUOT (ulimit -f, a quota): SQLite says only "disk I/O error".
        return ArchiveProblem(
            f"cannot write {at} ({error}): the disk is full, or a quota or file size limit "
            "was reached; the last change was not saved (what was saved before is kept)",
            kind="full",
            path=path,
        )
    if code == sqlite3.SQLITE_IOERR:
        return ArchiveProblem(
            f"cannot read or write {at} ({error}): is its disk still there?",
            kind="cannot-open",
            path=path,
        )
    return None


def _connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    # Autocommit mode: transactions are explicit (see transaction()), so that
    # an article is stored whole or not at all.
    conn = sqlite3.connect(target, isolation_level=None, uri=uri)
    # Text that is not UTF-8 (an archive written by another program) is read with
    # U+FFFD for the bad bytes: one such row must not stop an export or the reader.
    # A C callable: no Python frame for each value read.
    conn.text_factory = functools.partial(str, encoding="utf-8", errors="replace")
    # How quote tags find their quote (reader.query.to_quote_sql).
    conn.create_function("reader_quote_key", 1, user_state.quote_key, deterministic=True)
    return conn


def _writable(path: Path) -> bool:
    """Whether this process may write the archive and the folder its journal goes in.

    A root user passes every permission check, but not a read-only file system.
    """
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


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


def loses_text(stored: str | None, offered: str | None) -> bool:
    """Whether storing the offered text would lose most of a long stored one.

    "Much shorter": under MUCH_SHORTER (half) of a stored text over
    KEEP_TEXT_OVER characters. An empty offer never replaces anything anyway.
    """
    kept, new = len(stored or ""), len(offered or "")
    return kept > KEEP_TEXT_OVER and 0 < new < kept * MUCH_SHORTER


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

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        read_only: bool = False,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        """Open (or, with create, make) the archive at path.

        A writer waits as long as another holds the write lock; on_wait hears
        once per wait, with a sentence to show, that it is waiting. An archive
        this process cannot write opens read-only (``read_only`` tells), so
        reading works; writing raises ArchiveProblem("... is read-only").
        Anything the archive's environment refuses is an ArchiveProblem.
        """
        self.path = Path(path)
        self.on_wait = on_wait
        exists = self.path.exists()
        if not exists and (read_only or not create):
            raise ArchiveProblem(
                f"no archive at {_shown(self.path)}", kind="missing", path=self.path
            )
        if not self.path.parent.exists():
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise ArchiveProblem(
                    f"cannot make the folder for an archive at {_shown(self.path)} "
                    f"({error.strerror or error})",
                    kind="cannot-open",
                    path=self.path,
                ) from None
        if not exists and not os.access(self.path.parent, os.W_OK):
            raise ArchiveProblem(
                f"cannot make an archive at {_shown(self.path)}: its folder is read-only",
                kind="read-only",
                path=self.path,
            )
        self.read_only = read_only or (exists and not _writable(self.path))
        try:
            self.conn = self._open()
        except sqlite3.Error as error:
            problem = ArchiveProblem.from_error(error, self.path)
            if problem is None:
                raise
            raise problem from error
        self.db = sqlite_utils.Database(self.conn)

    def _open(self) -> sqlite3.Connection:
        if not self.read_only:
            self.conn = _connect(str(self.path))
            try:
                self._prepare_to_write()
                return self.conn
            except sqlite3.OperationalError as error:
                self.conn.close()
                # Opened for writing, the archive (or its folder) refused even to be
                # read that way: read it read-only.
                if _error_code(error) not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
                    raise
                if not self.path.exists():
                    raise
                self.read_only = True
            except BaseException:
                self.conn.close()
                raise
        self.conn = self._connect_read_only()
        try:
            self._check_version(schema_version(self.conn))
            check_objects(self.conn)  # read-only too: a view of theirs could never return
            self.conn.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            self.conn.close()
            raise
        return self.conn

    def _prepare_to_write(self) -> None:
        conn = self.conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Nothing is changed before the archive is known to be one this reader
        # understands: WAL mode alone rewrites the file's header.
        self._check_version(self._waiting(lambda: schema_version(conn)))
        self._waiting(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn, begin=self._begin_immediate)

    def _connect_read_only(self) -> sqlite3.Connection:
        target = "file:" + url_quote(str(self.path.absolute()), errors="surrogateescape")
        conn = _connect(f"{target}?mode=ro", uri=True)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            self._waiting(lambda: schema_version(conn), conn)
        except sqlite3.OperationalError as error:
            if _error_code(error) not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
                conn.close()
                raise
            conn.close()
            # A WAL archive in a folder this process cannot write, left without its
            # shared-memory file: readable only as immutable (no writer can be here).
            conn = _connect(f"{target}?mode=ro&immutable=1", uri=True)
        return conn

    def _check_version(self, version: int) -> None:
        """Refuse an archive this reader cannot read, before anything is written to it."""
        if version > SCHEMA_VERSION:
            raise ArchiveProblem(
                f"the archive at {_shown(self.path)} was made by a newer reader (schema "
                f"{version}; this reader knows up to {SCHEMA_VERSION}): upgrade reader to open "
                "it; the archive was not changed",
                kind="newer",
                path=self.path,
            )
        if version == 0 and self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise ArchiveProblem(
                f"{_shown(self.path)} is a database of another program, not a reader archive; "
                "it was not changed",
                kind="not-an-archive",
                path=self.path,
            )
        if self.read_only and version < SCHEMA_VERSION:
            raise ArchiveProblem(
                f"the archive at {_shown(self.path)} is read-only, and this reader must "
                f"upgrade it (schema {version} to {SCHEMA_VERSION}) before reading it",
                kind="read-only",
                path=self.path,
            )

    # -- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ArchiveStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _waiting(self, action: Callable[[], T], conn: sqlite3.Connection | None = None) -> T:
        """Do action, again and again while another program holds the lock it needs.

        The first try waits the connection's busy timeout; then on_wait is told
        once, and the tries go on for as long as it takes (Ctrl-C stops them).
        """
        conn = conn or self.conn
        try:
            return action()
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise
        if self.on_wait is not None:
            self.on_wait(
                f"waiting: another program is writing to {_shown(self.path)} (an import?)…"
            )
        conn.execute(f"PRAGMA busy_timeout = {WAIT_POLL_MS}")
        try:
            while True:
                try:
                    return action()
                except sqlite3.OperationalError as error:
                    if not _is_busy(error):
                        raise
        finally:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def _begin_immediate(self) -> None:
        self._waiting(lambda: self.conn.execute("BEGIN IMMEDIATE"))

    def require_writable(self) -> None:
        """Raise ArchiveProblem if this archive cannot be written."""
        if self.read_only:
            raise ArchiveProblem(
                f"the archive at {_shown(self.path)} is read-only", kind="read-only", path=self.path
            )

    def begin(self) -> None:
        """Start a write transaction, waiting as long as another writer holds the lock.

        ArchiveProblem if the archive is read-only or refuses (full, damaged).
        """
        self.require_writable()
        try:
            self._begin_immediate()
        except sqlite3.Error as error:
            raise self._problem(error) from error

    def _problem(self, error: BaseException) -> BaseException:
        """The ArchiveProblem behind an error, or the error itself."""
        return ArchiveProblem.from_error(error, self.path) or error

    def _rollback(self) -> None:
        # A full disk or an I/O error may have rolled the transaction back already.
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: commit on success, roll back on any exception (Ctrl-C too).

        Starting waits as long as another writer (an import) holds the lock; what
        the environment refuses (a full disk) comes out as an ArchiveProblem.
        """
        self.begin()
        try:
            yield
        except BaseException as error:
            self._rollback()
            problem = ArchiveProblem.from_error(error, self.path)
            if problem is None or problem is error:
                raise
            raise problem from error
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as error:
            self._rollback()
            raise self._problem(error) from error

    @contextmanager
    def savepoint(self, name: str = "item") -> Iterator[None]:
        """A nested all-or-nothing unit inside a transaction (one file's articles).

        An error the environment caused (a full disk, a damaged archive) comes
        out as an ArchiveProblem: it is no fault of the unit, and the next unit
        would meet it too.
        """
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException as error:
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
            problem = ArchiveProblem.from_error(error, self.path)
            if problem is None or problem is error:
                raise
            raise problem from error
        self.conn.execute(f"RELEASE {name}")

    def checkpoint(self) -> None:
        """Fold the WAL back into the database file after a large write.

        Skipped while another program writes (it will fold it in its turn).
        """
        if self.read_only:
            return
        try:
            # optimize analyses the tables this connection searched whose statistics
            # look stale: in full, that read all 16 million story keys of a million
            # articles (1 s) after the first import that looked stories up. A sample
            # of each index (as SQLite 3.46 and later do by themselves) takes 1 ms.
            self.conn.execute(f"PRAGMA analysis_limit = {ANALYSIS_ROWS}")
            self.conn.execute("PRAGMA optimize")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise self._problem(error) from error

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
        columns = "id, link_only, imported_at, updated_at, imported_from, " + ", ".join(
            _ARTICLE_FIELDS
        )
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
                article.id is None
                and not article.quote_tags
                and not article.speaker_corrections
                and not article.versions
                and not article.highlights
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

    def upsert_article(
        self, article: Article, *, say_kept_longer: bool = False
    ) -> tuple[int, UpsertStatus]:
        """Store an article: insert it, update it in place, or leave it as it is.

        Identity is the canonical URL, else the feed guid within its feed (the
        source), else the content hash.
        An update keeps the id and all user state; fields the new copy lacks keep
        their stored values. Tags, bookmark and read flags carried by the article
        (from our own exports) are added to the user state, never taken away.
        A copy whose text is much shorter than a long stored one (see
        :func:`loses_text`) does not replace it: it only fills in fields the
        stored article lacks and adds its user state. The status is then
        "kept-longer" if the caller says it will tell the user (say_kept_longer;
        :meth:`kept_longer_note` words it), else "updated" or "unchanged".
        """
        existing = self._find_existing(article)
        if existing is not None and article.link_only and not existing["link_only"]:
            # A saved link never replaces the text of the page: it adds only state.
            article_id = int(existing["id"])
            added = self._add_user_state(article_id, article)
            return article_id, "updated" if added else "unchanged"
        if existing is not None and loses_text(existing["body"], article.body):
            article_id = int(existing["id"])
            filled = self._fill_blanks(article_id, existing, article)
            added = self._add_user_state(article_id, article)
            if say_kept_longer:
                return article_id, "kept-longer"
            return article_id, "updated" if filled or added else "unchanged"
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
            # The wording this update replaces is kept as a version.
            versioning.keep_replaced(
                self.conn, article_id, existing, merged["title"], merged["body"]
            )
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
        stories.forget(self.conn, article_id)
        if not article.link_only:
            stories.file_articles(self.conn, [(article_id, stories.sketch_of(article))])

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

    def _fill_blanks(self, article_id: int, existing: dict[str, Any], article: Article) -> bool:
        """Give a stored article the metadata a copy has and it lacks (never its text);
        True if it lacked any."""
        offered: dict[str, Any] = {
            "authors": json.dumps(article.authors, ensure_ascii=False) if article.authors else None,
            "published": article.published,
            "source": article.source,
            "guid": article.guid,
        }
        blanks = {
            key: value
            for key, value in offered.items()
            if value not in (None, "") and existing[key] in (None, "", "[]")
        }
        if blanks:
            assignments = ", ".join(f"{key} = :{key}" for key in blanks)
            self.conn.execute(
                f"UPDATE articles SET {assignments}, updated_at = :now WHERE id = :id",
                {**blanks, "now": now_iso(), "id": article_id},
            )
        return bool(blanks)

    def kept_longer_note(self, article_id: int, article: Article) -> str:
        """What to tell the user when upsert_article answered "kept-longer"."""
        row = self.conn.execute(
            "SELECT length(body) FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        stored = int(row[0]) if row else 0
        which = clean_path(article.url) if article.url else f"“{clean_path(article.title)}”"
        return (
            f"kept the longer text the archive has for {which} ({stored:,} characters); "
            f"this copy has {len(article.body):,}"
        )

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
        if article.versions:
            added |= versioning.add_carried(self.conn, article_id, article.versions)
        if article.highlights:
            added |= marking.add_carried(self.conn, article_id, article.highlights, now_iso())
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

    def highlight(self, article_id: int, passage: str, note: str | None = None) -> bool:
        """Highlight a passage of the article's text (HighlightError if it has none such);
        a note given replaces the highlight's. True if anything changed."""
        if not passage.strip():
            raise marking.HighlightError("an empty passage")
        with self.transaction():
            row = self.conn.execute(
                "SELECT body FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            if row is None:
                raise marking.HighlightError(f"no article with id {article_id}")
            return marking.add(
                self.conn,
                article_id,
                passage,
                note=note,
                origin="reader",
                now=now_iso(),
                body=row[0],
            )

    def unhighlight(self, article_id: int, passage: str) -> bool:
        with self.transaction():
            return marking.remove(self.conn, article_id, passage)

    def note_highlight(self, article_id: int, passage: str, note: str | None) -> bool:
        """A highlight's note replaced (None or blank clears it); False if no such highlight."""
        with self.transaction():
            return marking.set_note(self.conn, article_id, passage, note)

    def highlights_of(self, article_id: int) -> list[marking.Highlight]:
        """An article's highlights in reading order, found in its current text."""
        row = self.conn.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
        return marking.of_article(self.conn, article_id, row[0]) if row else []

    def highlight_listing(
        self, query: str | None, limit: int = 500
    ) -> list[tuple[marking.Highlight, str, str | None]]:
        """Highlights (of the articles a query finds), newest first, with title and date."""
        ids = queries.query_ids(self.conn, query) if query else None
        return marking.listing(self.conn, ids, limit)

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

    def save_extraction(self, article_id: int, extraction: Extraction | ExtractionRows) -> None:
        """Store what extraction found, with the user's corrected speakers laid over it."""
        derived.save_extraction(self.conn, article_id, extraction)
        corrections.apply(self.conn, article_id)

    def related_to(self, article_id: int, limit: int = 10) -> list[Related]:
        """Ranked related articles: explicit links, shared rare entities, closeness in time."""
        return derived.related_to(self.conn, article_id, limit)

    def quote_hits(
        self, query: str | None, limit: int | None = None, offset: int = 0
    ) -> Iterator[QuoteHit]:
        """The quotes a query names: its words match what was said, said: the speaker,
        tag: a quote's tag, the rest the articles; QueryError if the query is bad.
        offset: from the offset-th on (a list's next page)."""
        if not offset:
            return search.iter_quote_hits(self.conn, query, limit)
        reach = None if limit is None else offset + limit
        return itertools.islice(search.iter_quote_hits(self.conn, query, reach), offset, None)

    def snippets(self, ids: list[int], words: str) -> dict[int, search.Snippet]:
        """Each article's passage around the words (QueryResult.words) of a search."""
        return search.snippets(self.conn, ids, words)

    def entities_named(self, name: str) -> list[queries.EntityView]:
        """Entities with this name or alias, the most written about first."""
        return [
            queries.EntityView(*row)
            for row in self.conn.execute(
                "SELECT id, name, type, 0, article_count FROM entities WHERE id IN "
                "(SELECT id FROM entities WHERE name = ? COLLATE NOCASE "
                "UNION SELECT entity_id FROM entity_aliases WHERE alias = ? COLLATE NOCASE) "
                "ORDER BY article_count DESC, id",
                (name, name),
            )
        ]

    def versions(self, article_id: int) -> list[versioning.Version]:
        """An article's wordings, oldest first, the current one last ([] if no article)."""
        return versioning.of_article(self.conn, article_id)

    def quote_changes(
        self, article_id: int, old: versioning.Version, new: versioning.Version
    ) -> tuple[list[str], list[str]]:
        """The quotes only the old wording has, and those only the new one has."""
        return versioning.only_in_each(
            versioning.quote_texts(self.conn, article_id, old),
            versioning.quote_texts(self.conn, article_id, new),
        )

    def same_story(self, article_id: int) -> list[stories.StoryMember]:
        """The other outlets' copies of an article (its story), oldest first."""
        return stories.members(self.conn, article_id)

    def unfiled_for_stories(self, batch: int = 500) -> Iterator[list[tuple[int, str]]]:
        """Batches of (id, body) of the articles with text and no sketch, by id: those
        stored before stories existed, or before the sketch changed."""
        after = 0
        while found := stories.unfiled(self.conn, after, batch):
            yield found
            after = found[-1][0]

    def file_sketches(self, sketches: list[tuple[int, bytes | None]]) -> None:
        """Store these articles' sketches and group them into stories (reindex's part;
        an import files its own)."""
        with self.transaction():
            stories.file_articles(self.conn, sketches)

    def count_unfiled_stories(self) -> int:
        """The articles with text older than the oldest one sketched: those stored before
        stories existed, or before the sketch changed (schema 14), which `reader
        reindex` files. Counted on indexes, never the articles' rows: a hint to print
        after an import, so it must cost milliseconds on a million articles."""
        row = self.conn.execute(
            "SELECT coalesce((SELECT min(article_id) FROM story_signatures), "
            "(SELECT max(id) + 1 FROM articles), 0)"
        ).fetchone()
        below = int(row[0])
        counted = self.conn.execute(
            "SELECT (SELECT count(*) FROM articles WHERE id < ?1) "
            "- (SELECT count(*) FROM articles WHERE link_only = 1 AND id < ?1)",
            (below,),
        ).fetchone()
        return max(0, int(counted[0]))

    def merge_story_keys(self) -> None:
        """Move the story keys filed lately into the archive's index of them, when they
        are due a move (see reader.store.stories.merge_due)."""
        done = not stories.merge_due(self.conn)
        done = done or not self.conn.execute("SELECT 1 FROM story_keys_recent LIMIT 1").fetchone()
        while not done:
            with self.transaction():
                done = stories.merge_recent(self.conn)
            if not done:
                time.sleep(YIELD_SECONDS)  # another writer waiting gets its turn

    def quotes_between(self, first: int, second: int) -> tuple[list[str], list[str]]:
        """The quotes only the first article has, and those only the second has."""
        return versioning.only_in_each(
            versioning.stored_quote_texts(self.conn, first),
            versioning.stored_quote_texts(self.conn, second),
        )

    def timeline(self, entity_id: int) -> list[search.Month]:
        """An entity month by month: articles, mentions, quotes."""
        return search.timeline(self.conn, entity_id)

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
            "authors": queries.stored_authors(row["authors"]),
            "tags": extras["tags"].get(article_id, []),
            "bookmarked": article_id in extras["bookmarked"],
            "read": article_id in extras["read"],
            "quotes": quotes,
            "entities": extras["entities"].get(article_id, []),
            "links": extras["links"].get(article_id, []),
            "related": self.related_to(article_id),
            "highlights": marking.of_article(self.conn, article_id, row["body"]),
            "story": stories.members(self.conn, article_id),
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
            from reader.query import parse_sorted, to_sql

            node, _order = parse_sorted(query)  # an export goes by id, whatever the sort
            if node is not None:
                clause, params = to_sql(node)
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
                    "authors": queries.stored_authors(row["authors"]),
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
                    "versions": extras["versions"].get(article_id, []),
                    "highlights": extras["highlights"].get(article_id, []),
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
            "related": related_many(self.conn, ids),
            "versions": versioning.for_export(self.conn, ids),
            "highlights": marking.for_export(self.conn, ids),
        }


# As in derived.related_to: co-mentioning articles weighed per shared entity on
# either side in id order, and the entities of an article considered.
_NEIGHBOURS = 150
_ENTITIES = 12


def related_many(
    conn: sqlite3.Connection, ids: list[int], limit: int = 10
) -> dict[int, list[dict[str, Any]]]:
    """derived.related_to for many articles at once: the same articles, in the same order.

    related_to reads, for each entity an article shares, the 150 articles on
    either side that mention it too, then weighs them. Articles exported together
    are close in id, so those windows overlap: here each entity's articles around
    the batch are read once and every article's windows are sliced from them.
    The arithmetic and the order of every step are related_to's, so that ties
    break the same way.
    """
    if not ids:
        return {}
    batch = sorted(set(ids))
    total = max(derived._article_count_estimate(conn), 2)
    own: dict[int, tuple[str | None, str | None]] = {}  # id: (source, published)
    linked: dict[int, set[int]] = {article_id: set() for article_id in batch}
    for start in range(0, len(batch), 500):
        chunk = batch[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for article_id, source, published in conn.execute(
            f"SELECT id, source, published FROM articles WHERE id IN ({marks})", chunk
        ):
            own[article_id] = (source, published)
        for article_id, other in conn.execute(
            f"SELECT article_id, target_article_id FROM links WHERE article_id IN ({marks}) "
            f"AND target_article_id IS NOT NULL UNION SELECT target_article_id, article_id "
            f"FROM links WHERE target_article_id IN ({marks})",
            chunk + chunk,
        ):
            if other != article_id:
                linked[article_id].add(other)
    # Each article's entities by the very statement related_to runs, so that
    # entities as rare as each other come in the same order.
    chosen: dict[int, list[tuple[int, str, int]]] = {}
    users: dict[int, list[int]] = {}  # entity: the batch's articles that weigh it
    for article_id in batch:
        source = own.get(article_id, (None, None))[0]
        chosen[article_id] = conn.execute(
            "SELECT entities.id, entities.name, entities.article_count FROM article_entities "
            "JOIN entities ON entities.id = article_entities.entity_id "
            "WHERE article_entities.article_id = ? AND entities.article_count > 1 "
            "AND entities.name IS NOT ? "
            "ORDER BY entities.article_count LIMIT ?",
            (article_id, source, _ENTITIES),
        ).fetchall()
        for entity_id, _, _ in chosen[article_id]:
            users.setdefault(entity_id, []).append(article_id)
    windows = {
        entity_id: _windows(conn, entity_id, articles) for entity_id, articles in users.items()
    }
    best: dict[int, list[tuple[int, float]]] = {}
    for article_id in batch:
        scores: dict[int, float] = dict.fromkeys(sorted(linked[article_id]), 1000.0)
        for entity_id, _, count in chosen[article_id]:
            weight = math.log(total / count) + 0.1
            # related_to's scores[other] = scores.get(other, 0.0) + weight, row by
            # row, in bulk: an article seen before keeps its place and adds the
            # weight, a new one comes after, in window order, with 0.0 + weight.
            window = dict.fromkeys(windows[entity_id][article_id], weight)
            for other in window.keys() & scores.keys():
                window[other] = scores[other] + weight
            scores.update(window)
        # Highest first; reverse keeps a stable sort stable, so ties stay in the
        # order they came, as in related_to's sort on the negated score.
        best[article_id] = sorted(scores.items(), key=itemgetter(1), reverse=True)[: limit * 4]
    details: dict[int, tuple[str, int | None]] = {}  # id: (title, day)
    wanted = sorted({other for found in best.values() for other, _ in found})
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for other, title, published in conn.execute(
            f"SELECT id, title, published FROM articles WHERE id IN ({marks})", chunk
        ):
            details[other] = (title, _day(published))
    related: dict[int, list[dict[str, Any]]] = {}
    for article_id in batch:
        day = _day(own.get(article_id, (None, None))[1])
        scored = []
        for other, score in best[article_id]:
            if other not in details:
                continue
            title, other_day = details[other]
            closeness = (
                0.0
                if day is None or other_day is None
                else 0.5 * math.exp(-abs(day - other_day) / 30)
            )
            scored.append((score + closeness, other, title))
        scored.sort(key=lambda item: (-item[0], item[1]))
        related[article_id] = [{"id": other, "title": title} for _, other, title in scored[:limit]]
    return related


def _day(published: str | None) -> int | None:
    """A date as a day number, as derived._closeness reads it (None: no date)."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def _windows(conn: sqlite3.Connection, entity_id: int, articles: list[int]) -> dict[int, list[int]]:
    """For each article, the articles mentioning the entity nearest in id: the 150 below
    (nearest first), then the 150 above, as related_to reads them."""
    below_sql = (
        "SELECT article_id FROM article_entities WHERE entity_id = ? AND article_id < ? "
        "ORDER BY article_id DESC LIMIT ?"
    )
    above_sql = (
        "SELECT article_id FROM article_entities WHERE entity_id = ? AND article_id > ? "
        "ORDER BY article_id LIMIT ?"
    )
    first, last = articles[0], articles[-1]
    if len(articles) == 1 or last - first > 2 * _NEIGHBOURS * len(articles):
        # Far apart (an export of a query): reading what lies between would cost more.
        return {
            article_id: [
                row[0] for row in conn.execute(below_sql, (entity_id, article_id, _NEIGHBOURS))
            ]
            + [row[0] for row in conn.execute(above_sql, (entity_id, article_id, _NEIGHBOURS))]
            for article_id in articles
        }
    mentions = [row[0] for row in conn.execute(below_sql, (entity_id, first, _NEIGHBOURS))]
    mentions.reverse()
    mentions += [
        row[0]
        for row in conn.execute(
            "SELECT article_id FROM article_entities WHERE entity_id = ? "
            "AND article_id BETWEEN ? AND ? ORDER BY article_id",
            (entity_id, first, last),
        )
    ]
    mentions += [row[0] for row in conn.execute(above_sql, (entity_id, last, _NEIGHBOURS))]
    windows = {}
    for article_id in articles:
        at = bisect.bisect_left(mentions, article_id)
        below = mentions[max(at - _NEIGHBOURS, 0) : at]
        below.reverse()
        windows[article_id] = below + mentions[at + 1 : at + 1 + _NEIGHBOURS]
    return windows
