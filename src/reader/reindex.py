"""``reader reindex``: run extraction again over the archive, in worker processes.

Only derived data (quotes, entities, links) is rewritten; user state is never
touched. Articles are re-read in batches, each batch stored in one transaction.
"""

from __future__ import annotations

import os
import time
from concurrent.futures.process import BrokenProcessPool

from reader.extract import Extraction, extract_article
from reader.pool import in_order
from reader.store import ArchiveStore


def _extract_batch(batch: list[tuple[int, str]]) -> list[tuple[int, Extraction]]:
    return [(article_id, extract_article(body)) for article_id, body in batch]


def reindex_archive(
    store: ArchiveStore, *, everything: bool = False, jobs: int | None = None
) -> tuple[int, float]:
    """Re-extract stale articles (or all); returns (articles, seconds)."""
    started = time.perf_counter()
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    count = 0
    batches = store.iter_articles_needing_extraction(everything=everything, batch_size=200)
    if workers <= 1:
        for batch in batches:
            count += _store(store, _extract_batch(batch))
    else:
        # Keyset pages are read ahead of the writes they lead to; a page is
        # fetched before the previous one is stored, so "stale" never shifts.
        for batch, future in in_order(_extract_batch, batches, workers, ahead=workers * 2):
            try:
                extracted = future.result()
            except BrokenProcessPool:
                extracted = _extract_batch(batch)  # its worker died: redo the batch here
            count += _store(store, extracted)
    # Articles stored before stories existed are sketched and grouped once.
    store.file_unfiled_stories()
    store.checkpoint()
    return count, time.perf_counter() - started


def _store(store: ArchiveStore, results: list[tuple[int, Extraction]]) -> int:
    with store.transaction():
        for article_id, extraction in results:
            store.save_extraction(article_id, extraction)
    return len(results)
