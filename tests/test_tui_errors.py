"""A worker that fails says why and the app stays open; a write waits for an import."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from reader.store import ArchiveProblem, ArchiveStore
from reader.tui import make_app

from .tui_helpers import article_id, settle

SIZE = (120, 30)


def messages(app: object) -> list[str]:
    return [str(note.message) for note in app._notifications]  # type: ignore[attr-defined]


async def test_a_failing_write_is_a_message_and_the_app_stays_open(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: ArchiveStore, article_id: int) -> bool:
        raise ArchiveProblem(f"the archive at {archive} is read-only", kind="read-only")

    monkeypatch.setattr(ArchiveStore, "toggle_bookmark", refuse)
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert app.is_running
        assert any("is read-only" in message for message in messages(app))
        before = article_id(app)
        await pilot.press("j")  # and it still reads
        await settle(pilot)
        assert article_id(app) != before


async def test_a_write_waits_for_an_import_and_says_so(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = article_id(app)
        assert shown is not None
        # Another program (an import) holds the write lock for a while.
        holder = sqlite3.connect(archive, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        release = threading.Timer(4.0, lambda: holder.execute("COMMIT"))
        release.start()
        await pilot.press("b")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not any(
            m.startswith("waiting") for m in messages(app)
        ):
            await pilot.pause(0.2)
        assert any(m.startswith("waiting: another program is writing") for m in messages(app))
        release.join()
        await pilot.pause(1.0)
        await settle(pilot)
        assert app.is_running
        holder.close()
    with ArchiveStore(archive) as store:
        assert store.article_details(shown)["bookmarked"]  # type: ignore[index]


async def test_the_app_leaves_when_its_terminal_hangs_up_without_a_signal(archive: Path) -> None:
    """make run, killed with its terminal: the hangup ended make, and no SIGHUP came."""
    import os

    controller, terminal = os.openpty()
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.leave_if_hung_up(terminal)
        await pilot.pause(0.2)
        assert app.is_running  # the terminal is there
        os.close(controller)  # the window closes: its terminal is hung up
        app.leave_if_hung_up(terminal)
        for _ in range(50):
            await pilot.pause(0.05)
            if not app.is_running:
                break
        assert not app.is_running
    os.close(terminal)


async def test_the_app_leaves_when_its_terminal_goes_away(archive: Path) -> None:
    import os
    import signal

    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        os.kill(os.getpid(), signal.SIGHUP)  # what a closed terminal sends
        for _ in range(50):
            await pilot.pause(0.05)
            if not app.is_running:
                break
        assert not app.is_running
