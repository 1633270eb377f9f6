"""Shared helpers for the TUI tests: waiting for workers, the open article."""

from __future__ import annotations

import os
import tempfile

from textual.pilot import Pilot

from reader.tui import ReaderApp
from reader.tui.app import BROWSE_DELAY

# The reader reads config.toml and keymap.toml and writes state.toml in its config
# directory: never the user's own during tests.
# The tests open the same archive more than once: each run starts afresh, not where
# the last one closed (tests of that give the app a config directory of their own).
if "READER_CONFIG_DIR" not in os.environ:
    os.environ["READER_CONFIG_DIR"] = tempfile.mkdtemp(prefix="reader-tests-config-")
    with open(os.path.join(os.environ["READER_CONFIG_DIR"], "config.toml"), "w") as config:
        config.write("restore_session = false\n")


async def settle(pilot: Pilot[None]) -> None:
    """Let messages flow and every worker finish, twice (workers start workers).

    The list loads the article under its cursor once the cursor rests
    (BROWSE_DELAY), so wait a little longer than that first.
    """
    await pilot.pause(BROWSE_DELAY * 1.5)
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def article_id(app: ReaderApp) -> int | None:
    return app.article.id if app.article is not None else None
