"""Snapshots of the screens whose layout matters: main at three sizes, help, an entity view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.tui import make_app
from reader.tui.widgets.section_list import SectionList

from .tui_helpers import settle


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare: Any, archive: Path, size: tuple[int, int]) -> None:
    async def ready(pilot: Pilot[None]) -> None:
        await settle(pilot)

    assert snap_compare(make_app(archive), terminal_size=size, run_before=ready)


def test_the_sidebar_at_80_columns(snap_compare: Any, archive: Path) -> None:
    async def ready(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("i")  # the quotes, on the smallest terminal
        await settle(pilot)

    assert snap_compare(make_app(archive), terminal_size=(80, 24), run_before=ready)


def test_help_screen(snap_compare: Any, archive: Path) -> None:
    async def ready(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(archive), terminal_size=(120, 36), run_before=ready)


def test_entity_view(snap_compare: Any, archive: Path) -> None:
    async def ready(pilot: Pilot[None]) -> None:
        await settle(pilot)
        entities = pilot.app.query_one("#entities", SectionList)
        entities.focus()
        entities.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(archive), terminal_size=(120, 36), run_before=ready)
