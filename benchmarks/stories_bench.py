"""Stories: grouping precision and recall on planted near copies, and what grouping costs.

    python benchmarks/stories_bench.py                     # 100,000 articles, 10 % copies
    python benchmarks/stories_bench.py --articles 20000
    python benchmarks/stories_bench.py --polnear SNAPSHOT  # real news: pairs found

Writes N Markdown articles of which 10 % are near copies of another article as
another outlet would run it: a new title, a new first sentence, about one word in
twenty changed, half of them without the last paragraph. Imports the folder twice
into new archives, with stories and with grouping switched off, and prints:
precision and recall of the pairs of articles grouped, against the planted pairs;
the import time of each and the share grouping adds (target ≤ 20 %); the time of
the sidebar's lookup, store.same_story (target ≤ 20 ms).

Two corpora (--corpus):
- ``news`` (the default): benchmarks/realistic.py's articles, with names, quotes
  and the stock phrases of news ("did not respond to a request for comment"), so
  unrelated articles share runs of words as real ones do; its import does the
  extraction a news archive's does, which is the time grouping is a share of.
- ``madeup``: prose of a vocabulary of 30,000 made-up words drawn Zipf-like, so
  that unrelated texts share words but not sentences. Nothing in it for the
  extractor to find, so its import is cheap and grouping's share of it large: the
  harder figure, printed to keep the easy one honest.

With --archive, the cost at scale: the N articles are imported into two copies of
a large archive (benchmarks/make_archive.py's million), with and without grouping,
so that every lookup and every key filed meets an archive-sized index. An archive
with no sketches gets random ones first, in place, once (16 keys an article, as
real ones have; random sketches make no false candidates, as real news makes few:
0.011 an article in PolNeAR), and the keys of its newest sixteenth are put in the
recent table, where a used archive has them on average.

With --polnear, the real news of PolNeAR's train and dev splits are sketched and
the pairs found printed, to see what counts as one story in real copy.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import realistic
from reader.store import ArchiveStore
from reader.store import stories as store_stories

SYLLABLES = "ka lo mi ne ru sa te vo di ba qu er an is ol un ya zo fe gi hu pe ri ta".split()


def vocabulary(rng: random.Random, size: int = 30_000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


class Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = vocabulary(rng)
        # Summed once: choices() would add up 30,000 weights for every sentence.
        self.cumulative = list(accumulate(1 / (rank + 1) for rank in range(len(self.words))))

    def sentence(self) -> str:
        words = self.rng.choices(
            self.words, cum_weights=self.cumulative, k=self.rng.randint(12, 26)
        )
        return " ".join(words).capitalize() + "."

    def article(self) -> list[str]:
        return [
            " ".join(self.sentence() for _ in range(self.rng.randint(2, 4)))
            for _ in range(self.rng.randint(5, 8))
        ]

    def copy_of(self, paragraphs: list[str]) -> list[str]:
        return outlet_copy(self.rng, paragraphs, self.sentence(), self.words[:2000])


def outlet_copy(
    rng: random.Random, paragraphs: list[str], lede: str, words: list[str]
) -> list[str]:
    """Another outlet's run of the story: a new first sentence (lede), a word in twenty
    changed (to one of words), half of them without the last paragraph."""
    first = paragraphs[0].split(". ", 1)
    changed = [lede + (" " + first[1] if len(first) > 1 else ""), *paragraphs[1:]]
    if rng.random() < 0.5 and len(changed) > 3:
        changed = changed[:-1]
    out = []
    for paragraph in changed:
        said = paragraph.split(" ")
        for _ in range(len(said) // 20):
            said[rng.randrange(len(said))] = rng.choice(words)
        out.append(" ".join(said))
    return out


class NewsWriter:
    """benchmarks/realistic.py's news, and another outlet's run of one of them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.number = 0

    def sentence(self) -> str:
        return realistic.statement(self.rng) + "."

    def article(self) -> list[str]:
        self.number += 1
        return realistic.article(self.rng, self.number).paragraphs

    def copy_of(self, paragraphs: list[str]) -> list[str]:
        return outlet_copy(self.rng, paragraphs, self.sentence(), list(realistic.WORDS))


def write_corpus(
    folder: Path, articles: int, seed: int = 3, corpus: str = "news"
) -> list[tuple[int, int]]:
    """Write the articles; the planted pairs (file numbers of the original and copy)."""
    rng = random.Random(seed)
    writer: Writer | NewsWriter = NewsWriter(rng) if corpus == "news" else Writer(rng)
    texts: list[list[str]] = []
    planted: list[tuple[int, int]] = []
    for number in range(articles):
        if texts and rng.random() < 0.10:
            original = rng.randrange(len(texts))
            texts.append(writer.copy_of(texts[original]))
            planted.append((original, number))
        else:
            texts.append(writer.article())
        sub = folder / f"{number // 1000:04d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{number:07d}.md").write_text(
            f"---\ntitle: {writer.sentence()[:60]}\nsource: Outlet {number % 7}\n"
            f"url: https://outlet{number % 7}.example/{number}\n---\n"
            + "\n\n".join(texts[-1])
            + "\n",
            encoding="utf-8",
        )
    return planted


IMPORT = """
import json, resource, sys, time
from reader.importers.runner import run_import
from reader.store import ArchiveStore
if sys.argv[3] == "plain":
    from reader.extract import stories as sketching
    from reader.store import stories as filing
    filing.file_articles = lambda conn, sketches: None
    sketching.signature = lambda text: None
started = time.perf_counter()
with ArchiveStore(sys.argv[2]) as store:
    run_import(store, [sys.argv[1]], jobs=int(sys.argv[4]) if len(sys.argv) > 4 else None)
wall = time.perf_counter() - started
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([wall, own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime]))
"""


@dataclass(frozen=True)
class Timing:
    """One import: wall time, and the CPU time of the writer (the importing process)
    and of its parser processes."""

    wall: float
    writer: float
    parsers: float

    @property
    def cpu(self) -> float:
        return self.writer + self.parsers


def import_folder(folder: Path, db: Path, grouping: bool) -> Timing:
    """Import time and CPU time, with grouping, or with neither sketching (in the
    workers, which are forked after the switch) nor filing (in the writer). CPU time
    is what to compare on a shared machine: wall time moves with the neighbours.
    Each import runs in a process of its own, whose parser processes have all ended
    when it does: in one process, the parsers of the first import were still
    counted in the second's CPU time."""
    import json
    import subprocess

    output = subprocess.run(
        [sys.executable, "-c", IMPORT, str(folder), str(db), "grouped" if grouping else "plain"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    wall, writer, parsers = json.loads(output.strip().splitlines()[-1])
    return Timing(float(wall), float(writer), float(parsers))


def instructions(folder: Path, db: Path, grouping: bool) -> int:
    """The instructions an import executes, counted by valgrind's callgrind, in one
    process (the parsing too): a count that does not move with the machine's load,
    where CPU time moves by tens of percent. User space only: the kernel's reads and
    writes for the import are not in it. About fifty times slower than the import."""
    import re
    import subprocess

    mode = "grouped" if grouping else "plain"
    result = subprocess.run(
        [
            *("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"),
            *(sys.executable, "-c", IMPORT, str(folder), str(db), mode, "1"),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise SystemExit(f"callgrind printed no count: {result.stderr[-500:]}")
    return int(found.group(1))


def instructions_at_scale(archive: Path, scratch: Path, articles: int) -> None:
    """What grouping adds in instructions, importing a small corpus into the archive."""
    if shutil.which("valgrind") is None:
        print("skipped the instruction count: no valgrind")
        return
    folder = scratch / "few"
    folder.mkdir()
    write_corpus(folder, articles, corpus="news")
    counted = {}
    for grouping in (False, True):
        copy = scratch / "counted.db"
        shutil.copyfile(archive, copy)
        counted[grouping] = instructions(folder, copy, grouping)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
    print(
        f"{articles:,} articles into the archive, one process: {counted[False] / 1e9:.2f} "
        f"billion instructions without grouping, {counted[True] / 1e9:.2f} with: "
        f"+{100 * (counted[True] / counted[False] - 1):.1f}%"
    )


def pairs_grouped(db: Path) -> set[tuple[int, int]]:
    """Pairs of file numbers in one story (file numbers from the URLs)."""
    with ArchiveStore(db) as store:
        rows = store.conn.execute(
            "SELECT story_members.story_id, articles.url FROM story_members "
            "JOIN articles ON articles.id = story_members.article_id"
        ).fetchall()
    stories: dict[int, list[int]] = {}
    for story, url in rows:
        stories.setdefault(story, []).append(int(url.rsplit("/", 1)[1]))
    return {(a, b) for members in stories.values() for a in members for b in members if a < b}


def closure(planted: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Every pair of articles in one planted story (a copy of a copy is one story)."""
    group: dict[int, int] = {}

    def root(item: int) -> int:
        while group.get(item, item) != item:
            item = group[item]
        return item

    for a, b in planted:
        group[root(b)] = root(a)
    stories: dict[int, list[int]] = {}
    for item in {x for pair in planted for x in pair}:
        stories.setdefault(root(item), []).append(item)
    return {(a, b) for members in stories.values() for a in members for b in members if a < b}


def lookup_ms(db: Path, samples: int = 500) -> tuple[float, float]:
    with ArchiveStore(db) as store:
        top = store.count_articles()
        rng = random.Random(1)
        times = []
        for _ in range(samples):
            article_id = rng.randint(1, top)
            started = time.perf_counter()
            store.same_story(article_id)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def polnear(snapshot: Path) -> None:
    import subprocess

    from reader.extract.stories import keys, signature, similarity

    git = ["git", f"--git-dir={snapshot}"]
    names = subprocess.run(
        [*git, "ls-tree", "-r", "--name-only", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.split()
    names = [n for n in names if n.startswith(("data/train/text/", "data/dev/text/"))]
    texts = [
        subprocess.run([*git, "show", f"HEAD:{n}"], capture_output=True, text=True).stdout
        for n in names
    ]
    sketches = [signature(text) for text in texts]
    index: dict[int, list[int]] = {}
    found = []
    candidates = 0
    for number, sketch in enumerate(sketches):
        if sketch is None:
            continue
        seen: set[int] = set()
        for key in keys(sketch):
            seen.update(index.setdefault(key, [])[-20:])
            index[key].append(number)
        candidates += len(seen)
        for other in seen:
            score = similarity(sketch, sketches[other] or b"")
            if score >= store_stories.SAME_STORY:
                found.append((score, names[other], names[number]))
    print(f"PolNeAR: {len(texts)} articles, {candidates / len(texts):.3f} candidates each")
    for score, first, second in sorted(found, reverse=True):
        print(f"  {score:.2f}  {first.rsplit('/', 1)[1][:45]}  ~  {second.rsplit('/', 1)[1][:45]}")


def fill_sketches(archive: Path) -> None:
    """Give every article of a benchmark archive a random sketch and its keys, once."""
    import sqlite3
    from array import array

    from reader.extract.stories import BINS, keys

    with closing(sqlite3.connect(archive)) as conn:
        if conn.execute("SELECT 1 FROM story_signatures LIMIT 1").fetchone():
            return
        started = time.perf_counter()
        conn.execute("PRAGMA cache_size = -1000000")
        rng = random.Random(5)
        ids = [row[0] for row in conn.execute("SELECT id FROM articles WHERE link_only = 0")]
        for start in range(0, len(ids), 50_000):
            sketches = [
                (article_id, array("I", [rng.getrandbits(30) for _ in range(BINS)]).tobytes())
                for article_id in ids[start : start + 50_000]
            ]
            conn.executemany("INSERT INTO story_signatures VALUES (?, ?)", sketches)
            rows = sorted(
                (key, article_id) for article_id, sketch in sketches for key in keys(sketch)
            )
            conn.executemany("INSERT OR IGNORE INTO story_keys VALUES (?, ?)", rows)
            conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(
            f"(gave {len(ids):,} articles a random sketch in {time.perf_counter() - started:.0f}s)"
        )


def age_keys(archive: Path) -> None:
    """Move the keys of the newest sixteenth of the archive's articles out of the
    big index into the recent table, as a used archive has them halfway between
    two merges (they move once an eighth of the keys are recent), once. An archive
    whose recent table is empty flatters an import: the pages its commits rewrite
    there are few."""
    import sqlite3

    with closing(sqlite3.connect(archive)) as conn:
        if conn.execute("SELECT 1 FROM story_keys_recent LIMIT 1").fetchone():
            return
        started = time.perf_counter()
        newest = conn.execute("SELECT max(article_id) FROM story_signatures").fetchone()[0]
        since = newest - newest // 16
        conn.execute(
            "INSERT INTO story_keys_recent SELECT key, article_id FROM story_keys "
            "WHERE article_id > ? ORDER BY key, article_id",
            (since,),
        )
        conn.execute("DELETE FROM story_keys WHERE article_id > ?", (since,))
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(
            f"(moved the keys of articles after {since:,} to the recent table in "
            f"{time.perf_counter() - started:.0f}s)"
        )


def report_cost(runs: list[tuple[Timing, Timing]]) -> None:
    """What grouping adds, run by run (each a pair of imports, without and with it),
    and the median: single runs on a shared machine move by tens of percent."""
    shares = []
    for number, (plain, grouped) in enumerate(runs, 1):
        share = 100 * (grouped.cpu / plain.cpu - 1)
        shares.append(share)
        print(
            f"run {number}: CPU without grouping {plain.cpu:.1f}s (writer {plain.writer:.1f}, "
            f"parsers {plain.parsers:.1f}), with {grouped.cpu:.1f}s (writer "
            f"{grouped.writer:.1f}, parsers {grouped.parsers:.1f}): {share:+.1f}%; "
            f"wall {plain.wall:.1f}s -> {grouped.wall:.1f}s"
        )
    print(
        f"grouping adds {statistics.median(shares):.1f}% CPU time, median of {len(runs)} "
        f"(range {min(shares):.1f} to {max(shares):.1f}; target <= 20%)"
    )


def cost_at_scale(archive: Path, folder: Path, scratch: Path, articles: int, repeats: int) -> None:
    with ArchiveStore(archive) as store:  # first: opening may migrate it (and drop sketches)
        size = store.count_articles()
    fill_sketches(archive)
    age_keys(archive)
    runs = []
    for _ in range(repeats):
        timings = []
        for grouping in (False, True):
            copy = scratch / "copy.db"
            shutil.copyfile(archive, copy)
            timings.append(import_folder(folder, copy, grouping))
            copy.unlink()
        runs.append((timings[0], timings[1]))
    print(f"{articles:,} news articles imported into an archive of {size:,}")
    print(f"without grouping {articles / runs[0][0].wall:,.0f} articles/s in the first run")
    report_cost(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--corpus", choices=["news", "madeup"], default="news")
    parser.add_argument("--polnear", type=Path, help="a PolNeAR snapshot (git directory)")
    parser.add_argument("--archive", type=Path, help="a large benchmark archive to import into")
    parser.add_argument(
        "--runs", type=int, default=3, help="pairs of imports timed (the median is reported)"
    )
    parser.add_argument(
        "--instructions",
        type=int,
        metavar="N",
        help="with --archive: also count the instructions of importing N articles "
        "(valgrind; slow, but the same on a loaded machine)",
    )
    args = parser.parse_args()
    if args.runs < 1 and not args.archive:
        parser.error("--runs 0 only goes with --archive (and --instructions)")
    if args.polnear:
        if not args.polnear.exists():
            print(f"skipped: no PolNeAR snapshot at {args.polnear}")
            return
        polnear(args.polnear)
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "articles"
        folder.mkdir()
        planted = write_corpus(folder, args.articles, corpus=args.corpus)
        if args.archive:
            if not args.archive.exists():
                print(f"skipped: no archive at {args.archive}")
                return
            if args.runs:
                cost_at_scale(args.archive, folder, Path(scratch), args.articles, args.runs)
            if args.instructions:
                instructions_at_scale(args.archive, Path(scratch), args.instructions)
            return
        expected = closure(planted)
        grouped_db = Path(scratch) / "stories.db"
        runs = []
        for _ in range(args.runs):
            for db in (grouped_db, Path(scratch) / "plain.db"):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
            runs.append(
                (
                    import_folder(folder, Path(scratch) / "plain.db", grouping=False),
                    import_folder(folder, grouped_db, grouping=True),
                )
            )
        found = pairs_grouped(grouped_db)
        right = len(found & expected)
        precision = right / len(found) if found else 1.0
        recall = right / len(expected) if expected else 1.0
        p50, p95 = lookup_ms(grouped_db)
    print(f"{args.articles:,} {args.corpus} articles, {len(planted):,} planted copies")
    print(f"pairs grouped {len(found):,}, planted {len(expected):,}")
    print(f"precision {precision:.3f}  recall {recall:.3f}   (targets >= 0.95)")
    print(f"without grouping {args.articles / runs[0][0].wall:,.0f} articles/s in the first run")
    report_cost(runs)
    print(f"same_story lookup p50 {p50:.2f} ms, p95 {p95:.2f} ms (target <= 20 ms)")


if __name__ == "__main__":
    main()
