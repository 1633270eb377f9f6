"""Snapshots of the screens whose layout matters: main, help, an entity view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from reader.tui import make_app
from reader.tui.widgets.sidebar import SectionList

from .tui_helpers import settle

SIZE = (130, 38)


def test_main_screen(snap_compare: Any, archive: Path) -> None:
    async def ready(pilot: Pilot[None]) -> None:
        await settle(pilot)

    assert snap_compare(make_app(archive), terminal_size=SIZE, run_before=ready)


def test_help_screen(snap_compare: Any, archive: Path) -> None:
    async def ready(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(archive), terminal_size=SIZE, run_before=ready)


def test_entity_view(snap_compare: Any, archive: Path) -> None:
    async def ready(pilot: Pilot[None]) -> None:
        await settle(pilot)
        entities = pilot.app.query_one("#entities", SectionList)
        entities.focus()
        entities.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("tab")  # leave the list's cursor where a user would see it
        await settle(pilot)

    assert snap_compare(make_app(archive), terminal_size=SIZE, run_before=ready)
