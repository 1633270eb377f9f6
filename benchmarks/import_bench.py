"""Import throughput and memory, as a ratio to a raw insert measured in the same run.

    python benchmarks/import_bench.py                  # realistic news, 20,000 articles
    python benchmarks/import_bench.py --sizes 2000,20000 --corpus salad --html 2000
    python benchmarks/import_bench.py --sizes 0 --html 0 --feed 20000   # one big feed

For each size it writes N articles into a temporary folder and imports them into
a new archive in a fresh process, printing articles/s (FTS and extraction
included), that process's peak memory, and the same folder read and inserted by
sqlite-utils with an FTS index (the raw reference: the ratio is what to compare
across machines); then imports the folder again (every file unchanged).

Corpora: ``realistic`` (benchmarks/realistic.py: names, places, organisations,
4-8 quotes of the common shapes, 2-3 KB) and ``salad`` (lower-case word salad,
the old corpus, kept to compare with earlier figures). ``--feed N`` imports one
RSS file of N realistic items and, when newsboat is installed, times
``newsboat -x reload`` on the same file. Then HTML pages with page furniture.
Targets (issue 11): realistic import <= 3x the raw insert; the big feed <= 1.5x
newsboat with peak memory <= 250 MB; unchanged re-import >= 20,000 files/s;
HTML >= 100 pages/s.

Beside each realistic import it prints a floor: the same articles' extraction and
story sketch alone, on every core, with nothing parsed or written (the texts are
read before the clock starts). No import of those articles can be faster than
its floor, so a floor above a target says the target needs cheaper extraction,
not a cheaper import around it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import realistic

WORDS = (
    "the council harbour minister water report said agency port city plan vote election "
    "company data inquiry river farmers budget court police officials spokesperson region "
    "committee statement weeks month contract million workers union strike talks league "
    "coach season match injury transfer"
).split()
PEOPLE = ["Elena Varga", "Tomas Ekholm", "Mira Castell", "Jonas Weber", "Aiko Tanaka"]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return f"“{sentence(rng)} {sentence(rng)}” {rng.choice(PEOPLE)} said."
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


def body(rng: random.Random, size: int = 3000) -> list[str]:
    paragraphs: list[str] = []
    while sum(len(p) for p in paragraphs) < size:
        paragraphs.append(paragraph(rng))
    return paragraphs


def write_markdown(folder: Path, n: int) -> None:
    rng = random.Random(n)
    for i in range(n):
        sub = folder / f"{i // 1000:04d}"
        sub.mkdir(exist_ok=True)
        text = "\n\n".join(body(rng))
        (sub / f"{i:07d}.md").write_text(
            f"# Synthetic article {i}: {sentence(rng)[:60]}\n\nApril {1 + i % 28}, 2026\n\n\n\n"
            f"{rng.choice(PEOPLE)} at the harbour. [Example](https://example.org)\n\n{text}\n\n"
            f"Original url:\n\n<https://news.example/{i}/synthetic>\n",
            encoding="utf-8",
        )


def write_html(folder: Path, n: int) -> None:
    rng = random.Random(n)
    nav = "".join(f'<li><a href="/section/{w}">{w.title()}</a></li>' for w in WORDS[:25])
    footer = "".join(f'<a href="/about/{w}">{w.title()} info</a> ' for w in WORDS[:35])
    for i in range(n):
        sub = folder / f"{i // 1000:04d}"
        sub.mkdir(exist_ok=True)
        paragraphs = "".join(f"<p>{p}</p>" for p in body(rng))
        title = f"Synthetic page {i}: {sentence(rng)[:50]}"
        (sub / f"{i:07d}.html").write_text(
            f"""<!doctype html><html><head><meta charset="utf-8"><title>{title} | News</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://news.example/html/{i}">
<script type="application/ld+json">{
                json.dumps(
                    {
                        "@type": "NewsArticle",
                        "headline": title,
                        "datePublished": "2026-04-02T09:00:00Z",
                        "author": {"@type": "Person", "name": "Mira Castell"},
                    }
                )
            }
</script></head><body>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<header><nav><ul>{nav}</ul></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Mira Castell, <time datetime="2026-04-02">
April 2, 2026</time></p><div class="share">Share on social</div>{paragraphs}</article>
<aside class="most-read"><h2>Most read</h2><ol><li><a href="/a">Another story</a></li>
<li><a href="/b">A third story here</a></li></ol></aside>
<div class="newsletter">Sign up for our morning newsletter</div></main>
<footer>{footer}<p>© 2026 Example News</p></footer></body></html>""",
            encoding="utf-8",
        )


RAW_INSERT = """
import json, resource, sys, time
from pathlib import Path
import sqlite_utils
t = time.perf_counter()
db = sqlite_utils.Database(sys.argv[2])
def rows():
    for path in sorted(Path(sys.argv[1]).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        title, _, body = text.partition("\\n")
        yield {"url": str(path), "title": title.lstrip("# "), "body": body}
db["articles"].insert_all(rows(), batch_size=1000, pk="id")
db["articles"].enable_fts(["title", "body"], create_triggers=True)
db.conn.commit()
n = db["articles"].count
print(json.dumps({"seconds": time.perf_counter() - t, "files": n, "articles": n, "failed": 0,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "worker_rss_mb": 0}))
"""


def raw_insert(folder: Path, db: Path) -> dict[str, float]:
    """The reference: the same files read and inserted by sqlite-utils, with FTS."""
    output = subprocess.run(
        [sys.executable, "-c", RAW_INSERT, str(folder), str(db)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def newsboat_reload(feed: Path, folder: Path) -> float | None:
    """Seconds for newsboat to ingest the feed (``-x reload``), or None if not installed."""
    if shutil.which("newsboat") is None:
        return None
    urls, cache, config = folder / "urls", folder / "cache.db", folder / "config"
    urls.write_text(f"file://{feed}\n", encoding="utf-8")
    config.write_text("max-items 0\n", encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(
        ["newsboat", "-u", str(urls), "-c", str(cache), "-C", str(config), "-x", "reload"],
        check=True,
        capture_output=True,
        env={**os.environ, "HOME": str(folder)},
    )
    seconds = time.perf_counter() - started
    import sqlite3

    with sqlite3.connect(cache) as conn:
        items = conn.execute("SELECT count(*) FROM rss_item").fetchone()[0]
    print(f"(newsboat stored {items:,} items)")
    return seconds


def measure(folder: Path, db: Path) -> dict[str, float]:
    """Import in a fresh process; report seconds, articles and that process's peak RSS."""
    code = (
        "import json, resource, sys, time\n"
        "from reader.store import ArchiveStore\n"
        "from reader.importers import run_import\n"
        "t = time.perf_counter()\n"
        "with ArchiveStore(sys.argv[2]) as store:\n"
        "    s = run_import(store, [sys.argv[1]])\n"
        "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps({'seconds': time.perf_counter() - t, 'articles': s.articles,"
        " 'imported': s.imported, 'unchanged': s.unchanged, 'failed': s.failed,"
        " 'files': s.files, 'rss_mb': own / 1024, 'worker_rss_mb': kids / 1024}))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(db)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


FLOOR = """
import json, os, sys, time
from multiprocessing import get_context
from pathlib import Path
from reader.extract import extract_article, load
from reader.extract.stories import signature
from reader.importers.files import parse_bytes
texts = []
source = Path(sys.argv[1])
for path in sorted(source.rglob("*.md")) if source.is_dir() else [source]:
    parsed = parse_bytes("markdown" if source.is_dir() else "feed", path.read_bytes(), str(path))
    texts += [article.cleaned().body for article in parsed.articles]
load()
cores = os.cpu_count() or 1
def share(index, sketch):
    for text in texts[index::cores]:
        extract_article(text)
        if sketch:
            signature(text)
seconds = {}
for sketch in (False, True):
    t = time.perf_counter()
    workers = [get_context("fork").Process(target=share, args=(i, sketch)) for i in range(cores)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    seconds["sketch" if sketch else "extraction"] = time.perf_counter() - t
print(json.dumps({"articles": len(texts), "cores": cores, **seconds}))
"""


def floor(source: Path, reference: float, name: str = "raw") -> None:
    """Print the floor of a folder's or a feed's import: extraction (and the story
    sketch) alone on every core, and its ratio to the reference's seconds."""
    output = subprocess.run(
        [sys.executable, "-c", FLOOR, str(source)], check=True, capture_output=True, text=True
    ).stdout
    found = json.loads(output.strip().splitlines()[-1])
    for key, label in (("extraction", "extraction"), ("sketch", "extraction + sketch")):
        seconds = found[key]
        print(
            f"{'floor: ' + label + ' alone':<34} {found['articles']:>8,} texts {seconds:>7.2f}s "
            f"{found['articles'] / seconds:>8,.0f}/s   on {found['cores']} cores, nothing "
            f"parsed or written   {seconds / reference:5.1f}x {name}"
        )


def report(label: str, result: dict[str, float], reference: float | None = None) -> None:
    rate = result["files"] / result["seconds"]
    ratio = f"  {result['seconds'] / reference:5.1f}x raw" if reference else ""
    print(
        f"{label:<34} {int(result['files']):>8,} files {result['seconds']:>7.2f}s "
        f"{rate:>8,.0f}/s   main RSS {result['rss_mb']:>6.0f} MB   "
        f"worker RSS {result['worker_rss_mb']:>5.0f} MB   failed {int(result['failed'])}{ratio}"
    )


def folder_case(n: int, corpus: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder, db = Path(tmp) / "articles", Path(tmp) / "archive.db"
        folder.mkdir()
        started = time.perf_counter()
        (realistic.write_markdown if corpus == "realistic" else write_markdown)(folder, n)
        print(f"(wrote {n:,} {corpus} Markdown articles in {time.perf_counter() - started:.1f}s)")
        raw = raw_insert(folder, Path(tmp) / "raw.db")
        report(f"raw sqlite-utils insert + FTS, N={n:,}", raw)
        report(f"{corpus} import, N={n:,}", measure(folder, db), raw["seconds"])
        floor(folder, raw["seconds"])
        report(f"{corpus} re-import (unchanged)", measure(folder, db))


def feed_case(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        feed, db = Path(tmp) / "gazette.xml", Path(tmp) / "archive.db"
        realistic.write_feed(feed, n)
        size = feed.stat().st_size / 2**20
        print(f"(wrote one RSS file of {n:,} items, {size:.0f} MB)")
        result = measure(feed, db)
        result["files"] = result["articles"]
        report(f"one feed of {n:,} items", result)
        seconds = newsboat_reload(feed, Path(tmp))
        if seconds is None:
            print("newsboat is not installed: that row is skipped")
        else:
            print(
                f"{'newsboat -x reload, same file':<34} {n:>8,} items {seconds:>7.2f}s "
                f"{n / seconds:>8,.0f}/s   reader/newsboat time: {result['seconds'] / seconds:.2f}x"
            )
            floor(feed, seconds, "newsboat")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="20000", help="Markdown article counts (0 to skip)")
    parser.add_argument("--corpus", choices=["realistic", "salad"], default="realistic")
    parser.add_argument("--feed", type=int, default=20000, help="items of one big feed (0 skips)")
    parser.add_argument("--html", type=int, default=1000, help="HTML page count (0 to skip)")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    for n in [int(size) for size in args.sizes.split(",") if size and int(size)]:
        folder_case(n, args.corpus)
    if args.feed:
        feed_case(args.feed)
    if args.html:
        with tempfile.TemporaryDirectory() as tmp:
            folder, db = Path(tmp) / "pages", Path(tmp) / "archive.db"
            folder.mkdir()
            write_html(folder, args.html)
            report(f"html import, N={args.html:,}", measure(folder, db))
            report("html re-import (unchanged)", measure(folder, db))


if __name__ == "__main__":
    main()
