"""Shared set-up for the TUI tests: a sample archive per test, and waiting for workers."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from textual.pilot import Pilot

from reader.cli import cli
from reader.tui import ReaderApp
from reader.tui.app import BROWSE_DELAY

from .conftest import SAMPLE_DATA

_TEMPLATE: dict[str, Path] = {}


def sample_archive(tmp_path: Path, cache_dir: Path) -> Path:
    """A copy of the sample archive (imported once per test session)."""
    template = _TEMPLATE.get("sample")
    if template is None:
        template = cache_dir / "sample.db"
        result = CliRunner().invoke(cli, ["import", "--db", str(template), str(SAMPLE_DATA)])
        assert result.exit_code == 0, result.output
        _TEMPLATE["sample"] = template
    target = tmp_path / "archive.db"
    shutil.copy(template, target)
    return target


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
