"""Generate a large synthetic archive for benchmarks (not an import benchmark).

    python benchmarks/make_archive.py /tmp/million.db --articles 1000000

Articles get titles, dates over ten years, sources, Markdown bodies (one in
500 is 2,000 words long, the rest about 250; "zephyr" is in 2% of them and
"quasar" in 0.1%, for search timings; "aurora" in 1% of quotes), entities drawn from a Zipf-like
distribution over 50,000 names (so some are in 100,000 articles and most in a
handful), two quotes each, some links, tags, bookmarks and read state. Rows
are written directly in bulk, with the full-text index built at the end; the
schema is the store's own, so every query runs as it would on a real archive.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path

from reader.store import ArchiveStore
from reader.store.schema import create_fts_triggers, title_key

WORDS = (
    "the council harbour minister water report said agency port city plan vote election "
    "company data inquiry river farmers budget court police officials spokesperson region "
    "committee statement weeks month contract million workers union strike talks league "
    "coach season match injury transfer solvent basin permit drought subsidy breach fine "
    "regulator market shares profit loss hospital school road bridge rail ferry storm"
).split()
SOURCES = ["Harbour Gazette", "Valley Courier", "Northline News", "Meridian Post", "Ledger"]
TYPES = ["PERSON", "ORG", "GPE", "NORP"]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def body(rng: random.Random, words: int) -> str:
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(sentence(rng, rng.randint(10, 20)) for _ in range(3))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(paragraphs)


def _rare_words(article_id: int) -> str:
    """Words for search benchmarks: "zephyr" in 2% of articles, "quasar" in 0.1%."""
    extra = ""
    if article_id % 50 == 0:
        extra += " A zephyr crossed the harbour."
    if article_id % 1000 == 0:
        extra += " A quasar was named."
    return extra


def generate(path: Path, articles: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    path.unlink(missing_ok=True)
    with ArchiveStore(path):
        pass  # create the schema at the current version
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("DROP TRIGGER articles_fts_ai")
    conn.execute("DROP TRIGGER quotes_fts_ai")
    conn.execute("BEGIN")
    entity_count = 50_000
    conn.executemany(
        "INSERT INTO entities (id, name, type, article_count) VALUES (?, ?, ?, 0)",
        [(i, f"Entity {i:05d} Name", TYPES[i % 4]) for i in range(1, entity_count + 1)],
    )
    conn.executemany(
        "INSERT INTO tags (id, name, created_at) VALUES (?, ?, 'now')",
        [(i, f"tag-{i}") for i in range(1, 51)],
    )
    start_day = date(2016, 1, 1)
    counts = [0] * (entity_count + 1)
    started = time.perf_counter()
    batch = 20_000
    for first in range(1, articles + 1, batch):
        ids = range(first, min(first + batch, articles + 1))
        rows, links, mentions, quotes, tags, marks, reads = [], [], [], [], [], [], []
        for article_id in ids:
            day = start_day + timedelta(days=article_id * 3650 // max(articles, 1))
            title = f"{sentence(rng, rng.randint(5, 10))[:-1]} ({article_id})"
            words = 2000 if article_id % 500 == 0 else 250
            rows.append(
                (
                    article_id,
                    f"https://news.example/{article_id}",
                    title,
                    f"{day.isoformat()}T{article_id % 24:02d}:00:00",
                    SOURCES[article_id % len(SOURCES)],
                    body(rng, words) + _rare_words(article_id),
                    f"h{article_id}",
                    title_key(title),
                )
            )
            chosen = {min(int(rng.paretovariate(0.6)), entity_count) for _ in range(6)}
            for entity_id in chosen:
                mentions.append((article_id, entity_id, rng.randint(1, 6)))
                counts[entity_id] += 1
            speaker = rng.choice(sorted(chosen))
            for n in range(2):
                said = sentence(rng, 12)
                if rng.random() < 0.01:
                    said = said[:-1] + " aurora."
                quotes.append((article_id, said, f"Entity {speaker:05d} Name", speaker, n * 100))
            if article_id > 10 and rng.random() < 0.2:
                links.append(
                    (
                        article_id,
                        "Related",
                        f"https://news.example/{article_id - 7}",
                        article_id - 7,
                    )
                )
            if rng.random() < 0.05:
                tags.append((article_id, rng.randint(1, 50)))
            if rng.random() < 0.01:
                marks.append((article_id,))
            if rng.random() < 0.3:
                reads.append((article_id,))
        conn.executemany(
            "INSERT INTO articles (id, url, title, authors, published, source, body, "
            "imported_from, content_hash, imported_at, title_key) "
            "VALUES (?, ?, ?, '[]', ?, ?, ?, 'generated', ?, 'now', ?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO article_entities (article_id, entity_id, mentions) VALUES (?, ?, ?)",
            mentions,
        )
        conn.executemany(
            "INSERT INTO quotes (article_id, text, speaker, speaker_entity_id, kind, start, end, "
            "rule, confidence) VALUES (?, ?, ?, ?, 'statement', ?, 0, 'after', 0.9)",
            quotes,
        )
        conn.executemany(
            "INSERT INTO links (article_id, text, url, target_article_id) VALUES (?, ?, ?, ?)",
            links,
        )
        conn.executemany(
            "INSERT OR IGNORE INTO article_tags (article_id, tag_id, tagged_at) "
            "VALUES (?, ?, 'now')",
            tags,
        )
        conn.executemany("INSERT INTO bookmarks (article_id, created_at) VALUES (?, 'now')", marks)
        conn.executemany("INSERT INTO read_state (article_id, read_at) VALUES (?, 'now')", reads)
        conn.executemany(
            "INSERT INTO article_extraction (article_id, version) VALUES (?, 1)",
            [(row[0],) for row in rows],
        )
        done = ids[-1]
        print(f"\r{done:,} articles ({done / (time.perf_counter() - started):,.0f}/s)", end="")
    conn.executemany(
        "UPDATE entities SET article_count = ? WHERE id = ?",
        [(count, i) for i, count in enumerate(counts) if count],
    )
    print("\nbuilding the full-text index…")
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')")
    create_fts_triggers(conn)
    create_fts_triggers(conn, "quotes")
    conn.execute("COMMIT")
    conn.execute("PRAGMA optimize")
    conn.close()
    size = path.stat().st_size / 2**30
    print(f"done in {time.perf_counter() - started:.0f}s: {path} ({size:.1f} GB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--articles", type=int, default=1_000_000)
    args = parser.parse_args()
    generate(args.path, args.articles)


if __name__ == "__main__":
    main()
