"""Import progress for people: a live bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from reader.importers import ImportListener, ImportSummary
from reader.sanitize import clean_line, clean_path


class PlainProgress(ImportListener):
    """A line every few seconds (for logs and pipes), problems as they happen."""

    def __init__(
        self, stream: TextIO | None = None, every: float = 2.0, verbose: bool = False
    ) -> None:
        self.stream = stream or sys.stderr
        self.verbose = verbose
        self.every = every
        self.total = 0
        self.started = self.last = time.monotonic()

    def start(self, total_files: int) -> None:
        self.total = total_files
        self.started = self.last = time.monotonic()

    def advance(self, summary: ImportSummary) -> None:
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            rate = summary.articles / max(now - self.started, 1e-9)
            print(
                f"{summary.files}/{self.total} files, {summary.articles} articles "
                f"({rate:,.0f} articles/s)",
                file=self.stream,
                flush=True,
            )

    def problem(self, path: str, reason: str, *, skipped: bool = False) -> None:
        if skipped and not self.verbose:
            return
        label = "skipped" if skipped else "error"
        print(f"{label}: {clean_path(path)}: {clean_line(reason)}", file=self.stream)

    def note(self, path: str, message: str) -> None:
        print(f"note: {clean_path(path)}: {clean_line(message)}", file=self.stream)


class BarProgress(ImportListener):
    """A rich progress bar with file counts, article counts and rate."""

    def __init__(self, verbose: bool = False) -> None:
        self.verbose = verbose
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("Importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TextColumn("{task.fields[articles]:,} articles · {task.fields[rate]:,.0f}/s"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self.task = self.progress.add_task("import", total=None, articles=0, rate=0.0)
        self.started = time.monotonic()
        self.last = 0.0

    def start(self, total_files: int) -> None:
        self.progress.update(self.task, total=total_files)
        self.started = time.monotonic()
        self.progress.start()

    def advance(self, summary: ImportSummary) -> None:
        now = time.monotonic()
        if now - self.last < 0.05:
            return
        self.last = now
        rate = summary.articles / max(now - self.started, 1e-9)
        self.progress.update(
            self.task, completed=summary.files, articles=summary.articles, rate=rate
        )

    def problem(self, path: str, reason: str, *, skipped: bool = False) -> None:
        from rich.text import Text

        if skipped and not self.verbose:
            return
        label = "skipped" if skipped else "error"
        line = f"{label}: {clean_path(path)}: {clean_line(reason)}"
        self.console.print(Text(line, style="yellow" if skipped else "red"))

    def note(self, path: str, message: str) -> None:
        from rich.text import Text

        self.console.print(Text(f"note: {clean_path(path)}: {clean_line(message)}", style="cyan"))

    def stop(self) -> None:
        self.progress.stop()


def listener_for(stream: TextIO, verbose: bool = False) -> PlainProgress | BarProgress:
    return BarProgress(verbose) if stream.isatty() else PlainProgress(stream, verbose=verbose)
