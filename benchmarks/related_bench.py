"""Related-articles speed on a large archive.

    python benchmarks/make_archive.py /tmp/million.db        # once, a few minutes
    python benchmarks/related_bench.py /tmp/million.db

Times ArchiveStore.related_to for 500 random articles (after 20 to warm the
page cache) and prints p50, p95 and max. Target: <= 20 ms per article on a
1,000,000-article archive.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from reader.store import ArchiveStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--samples", type=int, default=500)
    args = parser.parse_args()
    with ArchiveStore(args.path, create=False) as store:
        top = int(store.conn.execute("SELECT max(id) FROM articles").fetchone()[0])
        rng = random.Random(1)
        for _ in range(20):
            store.related_to(rng.randint(1, top))
        timings = []
        for _ in range(args.samples):
            article_id = rng.randint(1, top)
            started = time.perf_counter()
            related = store.related_to(article_id)
            timings.append((time.perf_counter() - started) * 1000)
            assert related, f"no related articles for {article_id}"
    timings.sort()
    print(f"archive: {top:,} articles")
    print(
        f"related_to: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {timings[int(len(timings) * 0.95)]:.1f} ms, max {timings[-1]:.1f} ms "
        f"({args.samples} articles)"
    )


if __name__ == "__main__":
    main()
