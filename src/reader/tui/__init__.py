"""The Textual reader, on top of the store's query API.

The app is imported on first use, so that the plain parts (the Navigator, the
views, the config) load without Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp, make_app

__all__ = ["ReaderApp", "make_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from reader.tui import app

        return getattr(app, name)
    raise AttributeError(name)
