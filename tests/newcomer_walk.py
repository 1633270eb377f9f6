"""The newcomer's walk through the reader, in a real terminal (tmux), scripted.

    python tests/newcomer_walk.py            # prints each step, exit status 1 if one fails

What a new user met (issue 13), done as they did it, with the reader in a tmux
pane and its screen read back with capture-pane:

1. an import runs in the background while the reader is open: the article under
   the cursor stays under it, and b bookmarks that article, not another;
2. resize 160 → 80 → 160: the sidebar goes and comes back with each resize;
3. at 80×24 the quotes are reached (i, or tab), and escape closes them again;
4. a query typed slowly: one status line says what was found or why not, no pile
   of notices, and the list is never flipped back to all articles.

Needs tmux; builds its archive from sample_data/ in a temporary folder, with a
config directory of its own.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
READER = Path(sys.executable).with_name("reader")


class Walk:
    """A reader in a tmux session, and the checks made on its screen."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = folder / "walk.db"
        self.session = f"reader-walk-{os.getpid()}"
        self.failures: list[str] = []
        self.env = {**os.environ, "READER_CONFIG_DIR": str(folder / "config")}
        (folder / "config").mkdir()
        (folder / "config" / "config.toml").write_text("restore_session = false\n")

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(args, capture_output=True, text=True, env=self.env, check=check)
        return done.stdout

    def screen(self) -> str:
        return self.run("tmux", "capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str, pause: float = 0.15) -> None:
        for key in keys:
            self.run("tmux", "send-keys", "-t", self.session, key)
            time.sleep(pause)

    def resize(self, width: int, height: int) -> None:
        self.run("tmux", "resize-window", "-t", self.session, "-x", str(width), "-y", str(height))

    def wait(self, condition: Callable[[str], bool], seconds: float = 10.0) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition(self.screen()):
                return True
            time.sleep(0.1)
        return False

    def check(self, what: str, ok: bool) -> None:
        print(("ok    " if ok else "FAIL  ") + what)
        if not ok:
            self.failures.append(what)
            print(
                f"      screen ({self.pane_size()}):\n"
                + "\n".join("      | " + line for line in self.screen().splitlines())
            )

    def pane_size(self) -> str:
        return self.run(
            "tmux", "display", "-p", "-t", self.session, "#{pane_width}x#{pane_height}"
        ).strip()

    def breadcrumb(self) -> str:
        lines = self.screen().splitlines()
        return lines[0] if lines else ""

    # -- the walk --------------------------------------------------------------

    def start(self) -> None:
        self.run(str(READER), "import", "--db", str(self.db), str(REPO / "sample_data"))
        command = f"{READER} --db {self.db}"
        self.run("tmux", "new-session", "-d", "-s", self.session, "-x", "160", "-y", "45", command)
        self.check("the reader opens on the archive", self.wait(lambda s: "All articles (49)" in s))

    def import_in_the_background(self) -> None:
        self.keys("j", "j", "j")
        time.sleep(0.5)
        before = self.breadcrumb().split(" › ", 1)[-1].strip()
        late = self.folder / "late"
        late.mkdir()
        for number in range(30):
            (late / f"late-{number:02}.md").write_text(
                f"# Late Fictional Report {number}\n\nJune {number % 28 + 1}, 2026\n\n"
                f"A short fictional report, number {number}.\n\nOriginal url:\n\n"
                f"<https://late.example/{number}>\n",
                encoding="utf-8",
            )
        importing = subprocess.Popen(
            [str(READER), "import", "--db", str(self.db), str(late)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=self.env,
        )
        for _ in range(6):  # keys pressed while the import runs
            self.keys("j", "k", pause=0.2)
        importing.wait()
        grown = self.wait(lambda s: "All articles (79)" in s)
        self.check("the list grows by the 30 imported articles", grown)
        # Once the keys typed meanwhile are all handled (the reader may lag behind them):
        same = self.wait(lambda s: s.splitlines()[0].split(" › ", 1)[-1].strip() == before, 10)
        self.check(f"the article under the cursor is still “{before}”", same)
        self.keys("b")
        time.sleep(1.0)
        with sqlite3.connect(self.db) as conn:
            marked = conn.execute(
                "SELECT title FROM articles JOIN bookmarks ON bookmarks.article_id = articles.id"
            ).fetchall()
            read = conn.execute("SELECT count(*) FROM read_state").fetchone()[0]
        self.check("b bookmarked that article and no other", [row[0] for row in marked] == [before])
        self.check("nothing was marked read by being looked at", read == 0)

    def resize_160_80_160(self) -> None:
        for width, shown in ((80, False), (160, True), (80, False), (160, True)):
            self.resize(width, 45)
            ok = self.wait(lambda s, shown=shown: ("Quotes (" in s) == shown, 10)
            self.check(f"at {width} columns the sidebar is {'shown' if shown else 'folded'}", ok)

    def quotes_at_80_by_24(self) -> None:
        self.resize(80, 24)
        self.wait(lambda s: "Quotes (" not in s, 10)
        self.keys("i")
        self.check("i opens the quotes at 80×24", self.wait(lambda s: "Quotes (" in s, 10))
        self.check(
            "the footer names the key", "i Sidebar" in self.screen() or "Sidebar" in self.screen()
        )
        self.keys("Escape")
        self.check("escape closes them", self.wait(lambda s: "Quotes (" not in s, 10))
        self.keys("Tab", "Tab")
        self.check("tab reaches them too", self.wait(lambda s: "Quotes (" in s, 10))
        self.keys("Escape")
        self.wait(lambda s: "Quotes (" not in s, 10)
        self.resize(160, 45)
        self.wait(lambda s: "Quotes (" in s, 10)  # as a user, looks before typing on

    def slow_query(self) -> None:
        self.keys("/")
        self.wait(lambda s: "Search: words" in s, 10)
        for char in "rain":
            self.keys(char, pause=0.4)
        found = self.wait(lambda s: "found — enter" in s and "Search “rain”" in s, 10)
        self.check("typing “rain” slowly shows its results and one status line", found)
        for char in [" ", "O", "R"]:
            self.keys("Space" if char == " " else char, pause=0.4)
        said = self.wait(lambda s: "OR needs something" in s, 10)
        screen = self.screen()
        self.check("a malformed query says why, once", said and screen.count("OR needs") == 1)
        self.check("the list is not flipped to all articles", "Search “rain" in self.breadcrumb())
        self.check("no pile of notices", screen.count("Nothing found") <= 1)
        self.keys("Escape")
        back = self.wait(lambda s: s.splitlines()[0].lstrip().startswith("All articles (79)"), 10)
        self.check("escape clears the search", back)

    def quit(self) -> None:
        self.keys("q")
        gone = False
        for _ in range(50):
            if subprocess.run(
                ["tmux", "has-session", "-t", self.session], capture_output=True
            ).returncode:
                gone = True
                break
            time.sleep(0.1)
        self.check("q quits", gone)
        self.run("tmux", "kill-session", "-t", self.session, check=False)


def main() -> int:
    if shutil.which("tmux") is None:
        print("tmux is needed for the walk")
        return 2
    with tempfile.TemporaryDirectory(prefix="reader-walk-") as folder:
        walk = Walk(Path(folder))
        try:
            walk.start()
            walk.import_in_the_background()
            walk.resize_160_80_160()
            walk.quotes_at_80_by_24()
            walk.slow_query()
            walk.quit()
        finally:
            walk.run("tmux", "kill-session", "-t", walk.session, check=False)
        print(f"{len(walk.failures)} of the walk's checks failed" if walk.failures else "all held")
        return 1 if walk.failures else 0


if __name__ == "__main__":
    sys.exit(main())
