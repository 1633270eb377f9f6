"""``reader import``: parse files (on every core) and store their articles.

The main process owns the archive and writes; worker processes parse. Writes
are grouped into transactions of a few hundred articles, with a savepoint per
file, so a file's articles are stored together or not at all and an interrupted
import (Ctrl-C, kill) leaves the archive consistent: run it again to go on.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from reader.extract import load as load_extractor
from reader.importers import feedstream
from reader.importers.errors import ImportFailure, NothingToImport
from reader.importers.feedstream import NotStreamable
from reader.importers.files import (
    FileResult,
    Found,
    is_problem,
    iter_files,
    parse_file,
    prepare,
    sha_of_path,
)
from reader.importers.jsonl import iter_jsonl
from reader.importers.parsed import FieldMap, Parsed
from reader.models import Article
from reader.pool import in_order
from reader.store import ArchiveStore, KnownFile
from reader.store.archive import YIELD_SECONDS
from reader.store.stories import MERGE_EVERY

# (a file the walk found, what the archive knows of it, the user's --map for JSON and CSV)
Task = tuple[Found, KnownFile | None, FieldMap | None]

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 64
CHUNK_FILES = 32
# Chunks (and a large feed's pieces) in flight a parser process: enough parsed work
# that the parsers keep busy while the writer stores a batch and commits. At 4
# chunks (128 files) a worker, the parsers ran dry at each commit and the cores were
# 87 % busy; at 16, 96 %, and a 20,000-file import took a tenth less time.
AHEAD_CHUNKS = 16
AHEAD_PIECES = 8
COMMIT_EVERY_ARTICLES = 1000
# Parsed articles stored together in bulk (one statement per table).
BATCH_ARTICLES = 500
COMMIT_EVERY_SECONDS = 0.5
# SQLite's page cache while importing, in KiB (negative: a size, not pages). Its
# default, 2 MB, is smaller than one batch's share of the indexes and the full-text
# index, so pages were written out and read back within a batch.
IMPORT_CACHE_KIB = 64 * 1024
# Lines of one JSONL file named one by one; past this they are counted.
MAX_LINE_PROBLEMS = 10


@dataclass(slots=True)
class ImportSummary:
    """What an import did, in articles (imported/updated/unchanged) and files."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    files: int = 0
    seconds: float = 0.0
    problems: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return self.imported + self.updated + self.unchanged


class ImportListener:
    """Receives progress as an import runs; the CLI draws it, tests record it."""

    def start(self, total_files: int) -> None:
        """Called once, with the number of files to look at."""

    def advance(self, summary: ImportSummary) -> None:
        """Called after each file."""

    def problem(self, path: str, reason: str, *, skipped: bool = False) -> None:
        """Called for each file that failed (or was skipped) with the reason."""

    def note(self, path: str, message: str) -> None:
        """Called for what the user should hear of a file that did not fail: a feed list,
        a feed read leniently, highlights not imported."""


def count_files(paths: Iterable[str | Path]) -> int:
    return sum(1 for _ in iter_files(paths))


def run_import(
    store: ArchiveStore,
    paths: Iterable[str | Path],
    listener: ImportListener | None = None,
    *,
    jobs: int | None = None,
    force: bool = False,
    field_map: FieldMap | None = None,
) -> ImportSummary:
    """Import every file under ``paths`` into ``store`` and say what happened."""
    paths = list(paths)
    listener = listener or ImportListener()
    summary = ImportSummary()
    started = time.perf_counter()
    total = count_files(paths)
    listener.start(total)
    writer = _Writer(store, summary, listener)
    writer.force = force
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    writer.workers = workers
    results = (
        _parse_in_pool(store, paths, workers, force, field_map)
        if workers > 1 and total >= PARALLEL_THRESHOLD
        else _parse_here(store, paths, force, field_map)
    )
    cache = store.conn.execute("PRAGMA cache_size").fetchone()[0]
    store.conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        for result in results:
            writer.write(result)
        writer.flush()
        store.merge_story_keys()
    finally:
        results.close()  # at once, not when collected: ends the workers on Ctrl-C
        writer.close()
        store.conn.execute(f"PRAGMA cache_size = {int(cache)}")
    summary.seconds = time.perf_counter() - started
    store.checkpoint()
    return summary


def _tasks(
    store: ArchiveStore, paths: list[str | Path], force: bool, field_map: FieldMap | None
) -> Iterator[tuple[list[FileResult], list[Task]]]:
    """Chunks of files: those known unchanged, and the tasks left to parse.

    A file with the size and time the archive recorded is unchanged without being
    read or sent to a worker: re-importing a folder costs a stat a file.
    """
    files = iter_files(paths)
    while chunk := list(islice(files, CHUNK_FILES)):
        known = {} if force else store.known_files(found.path for found in chunk)
        ready: list[FileResult] = []
        tasks: list[Task] = []
        for found in chunk:
            record = known.get(found.path)
            if record is not None and not found.skip and _unchanged(found.path, record):
                ready.append(FileResult(found.path, "unchanged", known_articles=record.articles))
            else:
                tasks.append((found, record, field_map))
        yield ready, tasks


def _unchanged(path: str, record: KnownFile) -> bool:
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return bool(record.sha) and (stat.st_size, stat.st_mtime_ns) == (record.size, record.mtime_ns)


def _parse_chunk(chunk: list[Task]) -> list[FileResult]:
    results = []
    for found, known, field_map in chunk:
        if found.skip:
            if is_problem(found.skip):
                results.append(FileResult(found.path, "failed", reason=found.skip))
            else:
                results.append(FileResult(found.path, "skipped", reason=found.skip))
            continue
        result = parse_file(
            found.path,
            known.sha if known else None,
            found.explicit,
            field_map,
        )
        result.known_articles = known.articles if known else 0
        results.append(result)
    return results


def _parse_here(
    store: ArchiveStore, paths: list[str | Path], force: bool, field_map: FieldMap | None
) -> Generator[FileResult]:
    for ready, tasks in _tasks(store, paths, force, field_map):
        yield from ready
        yield from _parse_chunk(tasks)


def _parse_in_pool(
    store: ArchiveStore,
    paths: list[str | Path],
    workers: int,
    force: bool,
    field_map: FieldMap | None,
) -> Generator[FileResult]:
    """Parse chunks in worker processes, a bounded number in flight, results in order."""
    ready: deque[FileResult] = deque()

    def to_parse() -> Iterator[list[Task]]:
        for known, tasks in _tasks(store, paths, force, field_map):
            ready.extend(known)
            if tasks:
                yield tasks

    for chunk, future in in_order(
        _parse_chunk, to_parse(), workers, ahead=workers * AHEAD_CHUNKS, prepare=load_extractor
    ):
        while ready:
            yield ready.popleft()
        try:
            yield from future.result()
        except BrokenProcessPool:
            # A parser crashed its process: parse the chunk here, one file at a time,
            # so the one bad file is named and the others still import.
            yield from _parse_chunk(chunk)
    while ready:
        yield ready.popleft()


def _feed_pieces(path: str, workers: int) -> Generator[Parsed]:
    """A large feed's pieces, parsed and extracted in worker processes, in order."""
    pieces = ((piece, path) for piece in feedstream.pieces(path))
    if workers <= 1:
        yield from map(feedstream.parse_piece, pieces)
        return
    for _, future in in_order(
        feedstream.parse_piece,
        pieces,
        workers,
        ahead=workers * AHEAD_PIECES,
        prepare=load_extractor,
    ):
        yield future.result()


class _Writer:
    """Stores parse results in grouped transactions."""

    def __init__(
        self,
        store: ArchiveStore,
        summary: ImportSummary,
        listener: ImportListener,
    ) -> None:
        self.store = store
        self.summary = summary
        self.listener = listener
        self.force = False
        self.workers = 1
        self.in_transaction = False
        self.pending_articles = 0
        self.since_merge = 0  # articles stored since the story keys were merged
        self.last_commit = time.monotonic()
        # Parsed files waiting to be stored together.
        self.batch: list[FileResult] = []
        self.batch_articles = 0

    def write(self, result: FileResult) -> None:
        summary = self.summary
        summary.files += 1
        if result.status == "failed":
            self._fail(result.path, result.reason)
        elif result.status == "skipped":
            summary.skipped += 1
            self.listener.problem(result.path, result.reason, skipped=True)
        elif result.status == "notice":
            summary.skipped += 1
            self._note(result.path, result.reason)
        elif result.status == "unchanged":
            summary.unchanged += result.known_articles
        elif result.status == "stream" and result.format == "feed":
            self._write_batch()
            self._write_feed_stream(result)
        elif result.status == "stream":
            self._write_batch()
            self._write_stream(result, force=self.force)
        else:
            self.batch.append(result)
            self.batch_articles += len(result.articles)
            if self.batch_articles >= BATCH_ARTICLES or self._due():
                self._write_batch()
        for note in result.notes:
            self._note(result.path, note)
        self.listener.advance(summary)

    def _write_batch(self, *, record: bool = True) -> None:
        """Store the parsed files waiting: new articles in bulk, the rest one by one.

        A file goes in bulk when all its articles are new (see ArchiveStore.new_articles);
        a file with an article the archive has, or that repeats one of the batch, goes
        through the one-by-one path that merges. Files keep their order, so ids come
        out as one by one would give them. Each file is all or nothing: if a bulk write
        fails, its files take the one-by-one path, which names the file refused.
        """
        batch, self.batch, self.batch_articles = self.batch, [], 0
        if not batch:
            return
        self._begin()
        articles = [article for result in batch for article in result.articles]
        fresh = iter(self.store.new_articles(articles))
        run: list[FileResult] = []
        for result in batch:
            if all([next(fresh) for _ in result.articles]):
                run.append(result)
                continue
            self._store_run(run, record)
            run = []
            self._store(result.path, result.articles, record=result if record else None)
        self._store_run(run, record)
        self._maybe_commit()

    def _store_run(self, run: list[FileResult], record: bool) -> None:
        if run and not self._store_bulk(run, record):
            for result in run:
                self._store(result.path, result.articles, record=result if record else None)

    def _remember(self, result: FileResult, articles: int, sha: str | None = None) -> None:
        """Record the file as imported, so an unchanged copy is not read again."""
        self.store.record_file(
            result.path,
            size=result.size,
            mtime_ns=result.mtime_ns,
            sha=result.sha if sha is None else sha,
            format=result.format,
            articles=articles,
        )

    def _store_bulk(self, results: list[FileResult], record: bool) -> bool:
        self._begin()
        try:
            with self.store.savepoint("bulk"):
                self.store.insert_new([a for result in results for a in result.articles])
                for result in results if record else []:
                    self._remember(result, len(result.articles))
        except (sqlite3.Error, ValueError, TypeError):
            return False  # each file again on its own, to name the one refused
        stored = sum(len(result.articles) for result in results)
        self.summary.imported += stored
        self.pending_articles += stored
        return True

    def _due(self) -> bool:
        return time.monotonic() - self.last_commit >= COMMIT_EVERY_SECONDS

    def _note(self, path: str, message: str) -> None:
        self.summary.notes.append((path, message))
        self.listener.note(path, message)

    def _fail(self, path: str, reason: str, *, count: bool = True) -> None:
        self.summary.failed += count
        self.summary.problems.append((path, reason))
        self.listener.problem(path, reason)

    def _store(self, path: str, articles: list[Article], record: FileResult | None) -> bool:
        """Store a file's articles (and remember the file) all together, or nothing."""
        self._begin()
        counts = {"imported": 0, "updated": 0, "unchanged": 0, "kept-longer": 0}
        kept: list[str] = []
        try:
            with self.store.savepoint("file"):
                for article in articles:
                    article_id, status = self.store.upsert_article(article, say_kept_longer=True)
                    counts[status] += 1
                    if status == "kept-longer":  # a teaser did not replace the page
                        kept.append(self.store.kept_longer_note(article_id, article))
                if record is not None:
                    self._remember(record, len(articles))
        except (sqlite3.Error, ValueError, TypeError) as error:
            # The store refused it (a bad tag, a field of the wrong type): name the
            # file, keep everything else.
            self._fail(path, f"cannot store: {error}")
            return False
        self.summary.imported += counts["imported"]
        self.summary.updated += counts["updated"]
        self.summary.unchanged += counts["unchanged"] + counts["kept-longer"]
        for note in kept:
            self._note(path, note)
        self.pending_articles += len(articles)
        self._maybe_commit()
        return True

    def _write_feed_stream(self, result: FileResult) -> None:
        """A large feed, cut into small feeds parsed and extracted on every core.

        Each piece is stored whole or not at all; the file is remembered only once
        all its pieces are in, so an interrupted import reads it again (what was
        stored merges unchanged). Ill-formed XML cannot be cut: it is read whole.
        """
        known = None if self.force else self.store.known_files([result.path]).get(result.path)
        sha = sha_of_path(result.path)
        if known and known.size == result.size and known.sha == sha:
            self.summary.unchanged += known.articles
            return
        stored = 0
        notes: dict[str, None] = {}
        try:
            with closing(_feed_pieces(result.path, self.workers)) as pieces:
                for parsed in pieces:
                    notes.update(dict.fromkeys(parsed.notes))
                    stored += len(parsed.articles)
                    self.batch.append(
                        FileResult(result.path, "parsed", "feed", articles=parsed.articles)
                    )
                    self.batch_articles += len(parsed.articles)
                    if self.batch_articles >= BATCH_ARTICLES:
                        self._write_batch(record=False)
                    self.listener.advance(self.summary)
        except NotStreamable:
            self._write_batch(record=False)
            whole = parse_file(result.path, None, explicit=True, whole=True)
            self.summary.files -= 1  # counted once, as the stream
            counted = self.summary.unchanged
            self.write(whole)
            self._write_batch()
            # The pieces stored before the XML broke were counted as they were stored:
            # read whole, they are the same articles, not unchanged ones.
            self.summary.unchanged -= min(stored, self.summary.unchanged - counted)
            return
        except (ImportFailure, NothingToImport) as problem:
            self._write_batch(record=False)
            if isinstance(problem, NothingToImport) and not stored:
                self.summary.skipped += 1
                self._note(result.path, str(problem))
            else:
                self._fail(result.path, str(problem))
            return
        self._write_batch(record=False)
        for note in notes:
            self._note(result.path, note)
        self._begin()
        self._remember(result, stored, sha)

    def _write_stream(self, result: FileResult, force: bool = False) -> None:
        """A JSONL export: streamed line by line, each line stored whole or not at all."""
        known = None if force else self.store.known_files([result.path]).get(result.path)
        if known and known.size == result.size and known.sha == sha_of_path(result.path):
            self.summary.unchanged += known.articles
            return
        digest = hashlib.blake2b(digest_size=16)
        stored = line_failures = 0
        with open(result.path, "rb") as handle:

            def lines() -> Iterator[bytes]:
                for line in handle:
                    digest.update(line)
                    yield line

            for item in iter_jsonl(lines(), result.path):
                ready = None if isinstance(item, ImportFailure) else prepare(Parsed([item]))
                if ready is not None and ready.articles:
                    stored += self._store(result.path, ready.articles, record=None)
                    continue
                line_failures += 1  # unreadable, or over the size limit
                if line_failures <= MAX_LINE_PROBLEMS:
                    reason = str(item) if ready is None else ready.notes[-1]
                    self._fail(result.path, reason, count=False)
        if line_failures:
            more = line_failures - MAX_LINE_PROBLEMS
            self._fail(
                result.path,
                f"{line_failures} lines could not be read"
                + (f" ({more} not listed)" if more > 0 else ""),
            )
        self._begin()
        # A file with bad lines is read again next time, not taken as unchanged.
        self._remember(result, stored, "" if line_failures else digest.hexdigest())

    def _begin(self) -> None:
        # The store's begin waits as long as another writer (a second import, a
        # tag from the reader) holds the lock, and refuses a read-only archive.
        if not self.in_transaction:
            self.store.begin()
            self.in_transaction = True

    def _maybe_commit(self) -> None:
        if (
            self.pending_articles >= COMMIT_EVERY_ARTICLES
            or time.monotonic() - self.last_commit >= COMMIT_EVERY_SECONDS
        ):
            self.flush()

    def flush(self) -> None:
        self._write_batch()
        if self.in_transaction:
            self.store.conn.execute("COMMIT")
            self.in_transaction = False
            time.sleep(YIELD_SECONDS)  # a tag or bookmark written meanwhile gets the lock
        self.since_merge += self.pending_articles
        if self.since_merge >= MERGE_EVERY:
            self.store.merge_story_keys()
            self.since_merge = 0
        self.pending_articles = 0
        self.last_commit = time.monotonic()

    def close(self) -> None:
        """Roll back what is not committed (on an error or Ctrl-C)."""
        if self.in_transaction:
            # SQLite may have rolled back already (a full disk): then there is nothing
            # to undo, and trying would hide the cause behind "cannot rollback".
            if self.store.conn.in_transaction:
                self.store.conn.execute("ROLLBACK")
            self.in_transaction = False
