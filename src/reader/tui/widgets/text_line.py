"""A one-line text widget that repaints without asking for a new layout.

``Static.update`` and ``Label.update`` refresh the whole screen's layout (66 ms
on a full screen here); a breadcrumb or a section title changes its words, not
its size, so it only needs a repaint.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from reader.sanitize import display_text


class TextLine(Widget):
    """One line of plain text (never markup, always through display_text), set with :meth:`set`."""

    DEFAULT_CSS = """
    TextLine { height: 1; width: 1fr; }
    """

    def __init__(
        self, text: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._text = display_text(text)

    @property
    def text(self) -> str:
        return self._text

    def set(self, text: str) -> None:
        text = display_text(text)
        if text != self._text:
            self._text = text
            self.refresh()

    def render(self) -> Text:
        return Text(self._text, no_wrap=True, overflow="ellipsis", end="")
