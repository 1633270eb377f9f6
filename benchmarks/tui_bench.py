"""The reader's speed on a large archive, in a real terminal (a pseudo-terminal).

    python benchmarks/make_archive.py /tmp/million.db          # once, a few minutes
    python benchmarks/tui_bench.py /tmp/million.db

Runs `reader` in a child process on a pty and times frames as the terminal
gets them (by hooking the app's display of each frame; `pilot.press` would add
~80 ms of waiting for idle to every figure):

- process start → first full frame (list filled, article shown); target ≤ 1.0 s
- j/k → next frame, p50 and p99 over 300 presses; targets ≤ 17 ms and ≤ 50 ms
- a 2,000-word article selected → shown in the reading pane; target ≤ 50 ms
- a search for a word in 2% of articles → results on screen (the view and its
  first page of rows); target ≤ 100 ms
- resident memory at the end; target ≤ 150 MB
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import select
import statistics
import subprocess
import sys
import time
from pathlib import Path

CHILD = r"""
import json, os, resource, sys, time
START = float(sys.argv[2])
from textual import events
from reader.tui import make_app
from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import ArticleList

results = {}
frames = []
waiting = []  # (label, condition, t0)

original = ReaderApp._display

def display(self, screen, renderable):
    original(self, screen, renderable)
    if renderable is None:
        return
    now = time.perf_counter()
    frames.append(now)
    if "first_frame_abs" not in results and full():
        results["first_frame_abs"] = time.time()
    for entry in list(waiting):
        label, condition, t0 = entry
        if condition():
            waiting.remove(entry)
            results.setdefault(label, []).append((now - t0) * 1000)

ReaderApp._display = display
app = make_app(__import__("pathlib").Path(sys.argv[1]))

def full():
    try:
        articles = app.query_one(ArticleList)
    except Exception:
        return False
    return articles.item(0) is not None and app.article is not None

async def drive():
    import asyncio
    while "first_frame_abs" not in results:
        await asyncio.sleep(0.005)
    await asyncio.sleep(1.0)  # let the count and the first page settle
    articles = app.query_one(ArticleList)
    # j/k: a key event as the terminal driver posts it, timed to the next frame.
    for n in range(300):
        key = "j" if (n // 50) % 2 == 0 else "k"
        before = articles.cursor
        waiting.append(("jk", lambda b=before: articles.cursor != b, time.perf_counter()))
        app.post_message(events.Key(key, key))
        await asyncio.sleep(0.03)
    # A 2,000-word article (every 500th id in the generated archive).
    for target in (500, 1500, 2500, 3500, 4500, 5500, 6500, 7500, 8500, 9500):
        waiting.append(("article", lambda t=target: app.article is not None and app.article.id == t,
                        time.perf_counter()))
        app.main.open(target, "open")  # as enter opens the article under the cursor
        await asyncio.sleep(0.3)
    # Search for a word in 2% of the articles, typed as a whole word.
    from textual.widgets import Input
    search = app.query_one("#search", Input)
    app.main.action_search()
    await asyncio.sleep(0.2)
    for word in ("zephyr", "quasar") * 5:
        search.value = ""
        await asyncio.sleep(0.3)
        waiting.append(("search_" + word,
                        lambda w=word: app.views[-1].kind == "search" and w in app.views[-1].query,
                        time.perf_counter()))
        search.value = word
        await asyncio.sleep(1.0)
        results.setdefault("hits_" + word, app.views[-1].total)
    results["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open(os.environ["READER_BENCH_OUT"], "w") as out:
        json.dump(results, out)
    app.exit()

app.call_later(lambda: app.run_worker(drive(), exclusive=False))
app.run()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"tui_bench_{os.getpid()}.json"
    env = {
        **os.environ,
        "READER_BENCH_OUT": str(out),
        "TERM": "xterm-256color",
        "COLUMNS": "160",
        "LINES": "45",
    }
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 160, 0, 0))
    started = time.time()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(args.path), str(started)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    first_output = None
    while child.poll() is None:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                data = os.read(master, 1 << 16)
            except OSError:
                break
            if data and first_output is None:
                first_output = time.time()
    child.wait()
    os.close(master)
    results = json.loads(out.read_text())
    out.unlink()
    # First full frame: from process start (the parent's clock before spawning).
    jk = sorted(results["jk"])
    print(f"archive: {args.path}")
    print(f"start → first full frame: {results['first_frame_abs'] - started:.2f} s")
    print(
        f"j/k → next frame: p50 {statistics.median(jk):.1f} ms, "
        f"p99 {jk[int(len(jk) * 0.99) - 1]:.1f} ms ({len(jk)} presses)"
    )
    article = sorted(results["article"])
    print(
        f"2,000-word article shown: p50 {statistics.median(article):.1f} ms, "
        f"max {article[-1]:.1f} ms"
    )
    for word in ("zephyr", "quasar"):
        times = results.get("search_" + word, [])
        if times:
            print(
                f"search '{word}' ({results['hits_' + word]:,} hits) → results on screen: "
                f"p50 {statistics.median(times):.0f} ms, max {max(times):.0f} ms "
                f"({len(times)} searches)"
            )
    print(f"peak RSS: {results['rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
