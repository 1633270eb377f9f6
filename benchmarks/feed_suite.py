"""Every feed of feedparser's own test suite through `reader import`, against feedparser.

    python benchmarks/feed_suite.py SNAPSHOT [--timeout 20] [--show 40]

SNAPSHOT is a checkout of kurtmckee/feedparser, or its bare git directory (as
`fetch` brings it: ``/work/.mirror/kurtmckee+feedparser/repo``, or the folder
holding ``repo``). Its ``tests/`` files are read in place from a checkout, or
extracted to a temporary folder from a bare repository; nothing is kept.

Each feed file (``.xml``, ``.json``) is imported on its own, in-process, into a
fresh archive with the library's ``run_import`` (what `reader import` calls),
under a timeout. The same bytes go to feedparser directly, to know whether
feedparser reads entries from the file. Printed:

- tracebacks: a "cannot parse: <Exception>" reason (a parser's bug, caught by the
  import) or anything raised out of ``run_import``, or a timeout; must be 0;
- files from which feedparser reads entries, and of those imported: must be all;
- item-less feeds (feedparser reads no entries from well-formed XML) reported as
  failures: must be 0; they are "a feed with no items", a notice.

Exit status 1 when any of those figures is off, so it can gate a change.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.store import ArchiveStore

FEED_SUFFIXES = (".xml", ".json")
# feedparser's own complaints that do not make the XML ill-formed.
HARMLESS_BOZO = frozenset({"CharacterEncodingOverride", "NonXMLContentType"})


@dataclass(slots=True)
class FileOutcome:
    """One file: what feedparser read from it, and what the import made of it."""

    path: str
    feedparser_entries: int
    well_formed: bool
    articles: int = 0
    failed: bool = False
    noticed: bool = False
    reasons: list[str] = field(default_factory=list)
    traceback: str = ""


@dataclass(slots=True)
class SuiteFigures:
    files: int = 0
    tracebacks: list[FileOutcome] = field(default_factory=list)
    with_entries: int = 0
    imported_of_those: int = 0
    not_imported: list[FileOutcome] = field(default_factory=list)
    itemless: int = 0
    itemless_failed: list[FileOutcome] = field(default_factory=list)
    lenient: int = 0
    notes: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not (self.tracebacks or self.not_imported or self.itemless_failed)


class _Timeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise _Timeout in the body after ``seconds`` (SIGALRM: main thread, Unix)."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise _Timeout(f"took more than {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def suite_folder(snapshot: Path, scratch: Path) -> Path | None:
    """The ``tests`` folder of a checkout, or extracted from a bare repository."""
    if (snapshot / "tests").is_dir():
        return snapshot / "tests"
    git_dir = snapshot / "repo" if (snapshot / "repo" / "HEAD").is_file() else snapshot
    if not (git_dir / "HEAD").is_file():
        return None
    archive = subprocess.run(
        ["git", f"--git-dir={git_dir}", "archive", "HEAD", "tests"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(scratch)], input=archive.stdout, check=True)
    return scratch / "tests" if (scratch / "tests").is_dir() else None


def feed_files(tests: Path) -> list[Path]:
    return sorted(p for p in tests.rglob("*") if p.is_file() and p.suffix in FEED_SUFFIXES)


def read_with_feedparser(data: bytes) -> tuple[int, bool]:
    """How many entries feedparser reads from the bytes, and whether the XML is well-formed."""
    import feedparser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed: Any = feedparser.parse(data)
    problem = parsed.get("bozo_exception")
    well_formed = not parsed.get("bozo") or type(problem).__name__ in HARMLESS_BOZO
    return len(parsed.entries), well_formed


def import_one(path: Path, store: ArchiveStore, timeout: float) -> FileOutcome:
    from reader.importers.runner import ImportListener, run_import

    entries, well_formed = read_with_feedparser(path.read_bytes())
    outcome = FileOutcome(str(path), entries, well_formed)

    class Recorder(ImportListener):
        def problem(self, where: str, reason: str, *, skipped: bool = False) -> None:
            outcome.reasons.append(reason)

        def note(self, where: str, message: str) -> None:
            outcome.reasons.append(message)

    try:
        with time_limit(timeout):
            summary = run_import(store, [path], Recorder(), jobs=1, force=True)
    except Exception as error:  # everything escaping the import is a traceback here
        outcome.traceback = f"{type(error).__name__}: {error}"
        if store.conn.in_transaction:
            store.conn.rollback()
        return outcome
    outcome.articles = summary.articles
    outcome.failed = summary.failed > 0
    outcome.noticed = summary.skipped > 0 and not summary.failed
    parse_bugs = [r for r in outcome.reasons if r.startswith("cannot parse:")]
    if parse_bugs:
        outcome.traceback = parse_bugs[0]
    return outcome


def run_suite(files: list[Path], scratch: Path, timeout: float) -> SuiteFigures:
    """Import each file on its own into one archive (opening a fresh one per file
    would cost more than the imports); ``force`` so a file is never taken as known."""
    from reader.importers import runner
    from reader.store import ArchiveStore

    # No one else writes to this scratch archive: no pause after commits, no fsync.
    runner.YIELD_SECONDS = 0.0
    figures = SuiteFigures(files=len(files))
    with ArchiveStore(scratch / "suite.db") as store:
        store.conn.execute("PRAGMA synchronous = OFF")
        for path in files:
            _tally(figures, import_one(path, store, timeout))
    return figures


def _tally(figures: SuiteFigures, outcome: FileOutcome) -> None:
    if outcome.traceback:
        figures.tracebacks.append(outcome)
    if outcome.feedparser_entries:
        figures.with_entries += 1
        if outcome.articles:
            figures.imported_of_those += 1
        else:
            figures.not_imported.append(outcome)
    elif outcome.well_formed:
        figures.itemless += 1
        if outcome.failed:
            figures.itemless_failed.append(outcome)
    if outcome.articles and any("read leniently" in r for r in outcome.reasons):
        figures.lenient += 1
    for reason in outcome.reasons:
        figures.notes[_reason_kind(reason)] += 1


def _reason_kind(reason: str) -> str:
    """A reason without its particulars (line numbers, counts), to tally them."""
    import re

    return re.sub(r"\d+", "N", reason.split(":", 1)[0] if reason.startswith("cannot") else reason)


def report(figures: SuiteFigures, tests: Path, show: int) -> None:
    def name(outcome: FileOutcome) -> str:
        return str(Path(outcome.path).relative_to(tests.parent))

    print(f"files:                                   {figures.files}")
    print(f"tracebacks (must be 0):                  {len(figures.tracebacks)}")
    print(f"feedparser reads entries from:           {figures.with_entries}")
    print(
        f"  of those imported (must be all):       {figures.imported_of_those}"
        f" of {figures.with_entries}"
    )
    print(f"  imported with a 'read leniently' note: {figures.lenient}")
    print(f"item-less well-formed feeds:             {figures.itemless}")
    print(f"  reported as failures (must be 0):      {len(figures.itemless_failed)}")
    print("reasons and notes, by kind:")
    for kind, count in figures.notes.most_common(15):
        print(f"  {count:5d}  {kind[:110]}")
    misses = [
        *(("traceback", o, o.traceback) for o in figures.tracebacks),
        *(("not imported", o, "; ".join(o.reasons)) for o in figures.not_imported),
        *(("item-less failed", o, "; ".join(o.reasons)) for o in figures.itemless_failed),
    ]
    if misses:
        print(f"misses ({len(misses)}):")
        for what, outcome, why in misses[:show]:
            print(f"  {what}: {name(outcome)}: {why[:160]}")
        if len(misses) > show:
            print(f"  … {len(misses) - show} more (--show N)")
    else:
        print("misses: none")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("snapshot", type=Path, help="feedparser checkout or bare git dir")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per file")
    parser.add_argument("--show", type=int, default=40, help="misses listed")
    args = parser.parse_args()
    if not args.snapshot.exists():
        print(f"skipped: no feedparser snapshot at {args.snapshot} (bring it with fetch)")
        return
    with tempfile.TemporaryDirectory(prefix="reader-feed-suite-") as folder:
        scratch = Path(folder)
        tests = suite_folder(args.snapshot, scratch)
        if tests is None:
            print(f"skipped: {args.snapshot} holds no feedparser tests/ folder")
            return
        files = feed_files(tests)
        print(f"feedparser suite: {tests}")
        figures = run_suite(files, scratch, args.timeout)
        report(figures, tests, args.show)
    sys.exit(0 if figures.ok else 1)


if __name__ == "__main__":
    main()
