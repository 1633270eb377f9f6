"""Import throughput and memory: synthetic seed-layout articles and HTML pages.

    python benchmarks/import_bench.py                 # 2,000 / 10,000 / 30,000 Markdown articles
    python benchmarks/import_bench.py --sizes 1000,100000 --html 2000

For each size it writes N articles (about 3 KB each) into a temporary folder,
imports them into a new archive in a fresh process, and prints articles/s
(FTS included) and that process's peak memory; then imports the same folder
again (every file unchanged). Then the same for HTML pages with realistic page
furniture. Targets on a 2-core machine: >= 1,000 Markdown articles/s (aim
3,000), >= 60 HTML pages/s, re-import >= 5,000 files/s, peak memory flat in N.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def report(label: str, result: dict[str, float]) -> None:
    rate = result["files"] / result["seconds"]
    print(
        f"{label:<34} {int(result['files']):>8,} files {result['seconds']:>7.2f}s "
        f"{rate:>8,.0f}/s   main RSS {result['rss_mb']:>6.0f} MB   "
        f"worker RSS {result['worker_rss_mb']:>5.0f} MB   failed {int(result['failed'])}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,10000,30000", help="Markdown article counts")
    parser.add_argument("--html", type=int, default=1000, help="HTML page count (0 to skip)")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {resource.getpagesize()} B pages")
    for n in [int(size) for size in args.sizes.split(",") if size]:
        with tempfile.TemporaryDirectory() as tmp:
            folder, db = Path(tmp) / "articles", Path(tmp) / "archive.db"
            folder.mkdir()
            started = time.perf_counter()
            write_markdown(folder, n)
            print(f"(wrote {n:,} Markdown articles in {time.perf_counter() - started:.1f}s)")
            report(f"markdown import, N={n:,}", measure(folder, db))
            report("markdown re-import (unchanged)", measure(folder, db))
    if args.html:
        with tempfile.TemporaryDirectory() as tmp:
            folder, db = Path(tmp) / "pages", Path(tmp) / "archive.db"
            folder.mkdir()
            write_html(folder, args.html)
            report(f"html import, N={args.html:,}", measure(folder, db))
            report("html re-import (unchanged)", measure(folder, db))


if __name__ == "__main__":
    main()
