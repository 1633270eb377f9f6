"""Query-language speed on a large archive: time to the first page of results.

    python benchmarks/make_archive.py /tmp/million.db        # once, a few minutes
    python benchmarks/query_bench.py /tmp/million.db

For each query it times what the reader does before showing results (run the
query and fetch its first page of 100 rows), median of 5 runs after one
warm-up, and separately the exact count (which the reader does afterwards, in
the background). Targets on 1,000,000 articles: tag: and is: ≤ 20 ms, person:
≤ 50 ms. Then research depth (issue 14): the first page of ranked results with
their snippets for a word in 2% of articles ≤ 150 ms; the first page of a quote
search for a word in 1% of quotes ≤ 100 ms; the timeline of an entity in about
100,000 articles ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from reader.store import ArchiveStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    with ArchiveStore(args.path, create=False) as store:
        common = store.conn.execute(
            "SELECT name FROM entities WHERE type = 'PERSON' ORDER BY article_count DESC LIMIT 1"
        ).fetchone()[0]
        middling = store.conn.execute(
            "SELECT name FROM entities WHERE type = 'PERSON' AND article_count BETWEEN 1000 "
            "AND 3000 LIMIT 1"
        ).fetchone()[0]
        rare = store.conn.execute(
            "SELECT name FROM entities WHERE type = 'PERSON' AND article_count BETWEEN 20 "
            "AND 100 LIMIT 1"
        ).fetchone()[0]
        tag = store.conn.execute(
            "SELECT tags.name FROM tags JOIN article_tags ON tag_id = tags.id "
            "GROUP BY tags.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        queries = [
            f"tag:{tag}",
            "is:bookmarked",
            "is:unread",
            "is:read",
            f'person:"{common}"',
            f'person:"{middling}"',
            f'person:"{rare}"',
            f'person:"{common}" is:unread',
            f"tag:{tag} OR is:bookmarked",
        ]
        total = store.count_articles()
        print(f"archive: {total:,} articles")
        print(f"{'query':<44} {'first page':>11} {'matches':>9} {'count':>9}")
        for query in queries:
            store.query_page(store.run_query(query), 0, 100)  # warm-up
            times = []
            for _ in range(5):
                started = time.perf_counter()
                result = store.run_query(query)
                store.query_page(result, 0, 100)
                times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            matches = store.query_count(result)
            counting = (time.perf_counter() - started) * 1000
            print(
                f"{query:<44} {statistics.median(times):>8.1f} ms {matches:>9,} {counting:>6.0f} ms"
            )
        research_depth(store)


def median_ms(action: Callable[[], object]) -> float:
    """The median of 5 timed runs after a warm-up, in milliseconds."""
    action()
    times = []
    for _ in range(5):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def research_depth(store: ArchiveStore) -> None:
    def ranked_page() -> int:
        result = store.run_query("zephyr sort:relevance")
        rows = store.query_page(result, 0, 100)
        assert result.words is not None
        store.snippets([row.id for row in rows[:50]], result.words)  # a screenful
        return len(rows)

    def quote_page() -> int:
        return len(list(store.quote_hits("aurora", 100)))

    entity_id, articles = store.conn.execute(
        "SELECT id, article_count FROM entities ORDER BY abs(article_count - 100000) LIMIT 1"
    ).fetchone()
    print(f"{'research depth (issue 14)':<44} {'time':>11}  target")
    rows = [
        ("zephyr sort:relevance, page + 50 snippets", median_ms(ranked_page), 150),
        ("quotes: aurora (1% of quotes), first 100", median_ms(quote_page), 100),
        (
            f"timeline, entity in {articles:,} articles",
            median_ms(lambda: store.timeline(entity_id)),
            200,
        ),
    ]
    for label, ms, target in rows:
        print(f"{label:<44} {ms:>8.1f} ms  <= {target} ms")


if __name__ == "__main__":
    main()
