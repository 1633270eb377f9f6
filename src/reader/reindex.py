"""``reader reindex``: run extraction again over the archive, in worker processes.

Only derived data (quotes, entities, links) is rewritten; user state is never
touched. Articles are re-read in batches, each batch stored in one transaction.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TypeVar

from reader.extract import Extraction, extract_article, load
from reader.extract.stories import signature
from reader.pool import in_order
from reader.store import ArchiveStore
from reader.store.stories import MERGE_EVERY

Batch = TypeVar("Batch")
Result = TypeVar("Result")


def _extract_batch(batch: list[tuple[int, str]]) -> list[tuple[int, Extraction]]:
    return [(article_id, extract_article(body)) for article_id, body in batch]


def _sketch_batch(batch: list[tuple[int, str]]) -> list[tuple[int, bytes | None]]:
    return [(article_id, signature(body)) for article_id, body in batch]


def _each(
    function: Callable[[Batch], Result], batches: Iterable[Batch], workers: int
) -> Iterator[Result]:
    """``function`` over the batches, in worker processes when there are several, in order.

    Batches are read ahead of the writes they lead to (keyset pages: a page is
    fetched before the previous one is stored, so what is left to do never shifts).
    """
    if workers <= 1:
        yield from map(function, batches)
        return
    for batch, future in in_order(function, batches, workers, ahead=workers * 2, prepare=load):
        try:
            yield future.result()
        except BrokenProcessPool:
            yield function(batch)  # its worker died: redo the batch here


@dataclass(frozen=True, slots=True)
class Reindexed:
    """What a reindex did: the user was sent to it to have articles compared for
    stories, and must be told it did that too."""

    articles: int  # re-read by the extractor
    compared: int  # compared for stories for the first time (stored before them)
    seconds: float


def reindex_archive(
    store: ArchiveStore, *, everything: bool = False, jobs: int | None = None
) -> Reindexed:
    """Re-extract stale articles (or all), and group those never compared for stories."""
    started = time.perf_counter()
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    count = 0
    batches = store.iter_articles_needing_extraction(everything=everything, batch_size=200)
    for extracted in _each(_extract_batch, batches, workers):
        count += _store(store, extracted)
    # Articles stored before stories existed (or before the sketch changed) are
    # sketched, on every core, and grouped once.
    filed = compared = 0
    for sketches in _each(_sketch_batch, store.unfiled_for_stories(), workers):
        store.file_sketches(sketches)
        filed += len(sketches)
        compared += len(sketches)
        if filed >= MERGE_EVERY:
            store.merge_story_keys()
            filed = 0
    store.merge_story_keys()
    store.checkpoint()
    return Reindexed(count, compared, time.perf_counter() - started)


def _store(store: ArchiveStore, results: list[tuple[int, Extraction]]) -> int:
    with store.transaction():
        for article_id, extraction in results:
            store.save_extraction(article_id, extraction)
    return len(results)
