"""Query-language speed on a large archive: time to the first page of results.

    python benchmarks/make_archive.py /tmp/million.db        # once, a few minutes
    python benchmarks/query_bench.py /tmp/million.db

For each query it times what the reader does before showing results (run the
query and fetch its first page of 100 rows), median of 5 runs after one
warm-up, and separately the exact count (which the reader does afterwards, in
the background). Targets on 1,000,000 articles: tag: and is: ≤ 20 ms, person:
≤ 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
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


if __name__ == "__main__":
    main()
