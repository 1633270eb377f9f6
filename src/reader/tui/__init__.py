"""The Textual reader, on top of the store's query API."""

from reader.tui.app import ReaderApp, make_app

__all__ = ["ReaderApp", "make_app"]
