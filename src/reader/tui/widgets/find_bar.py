"""The find box: any word in the article shown, found as it is typed (f).

Typing posts :class:`FindBar.Changed`; the screen has the reading pane mark the
hits and says how many on the box's line. Enter keeps the hits (N / P go between
them), escape clears the box and brings back the search's own words.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input

from reader.tui.widgets.text_line import TextLine


class FindBar(Horizontal):
    """A find-in-the-article input shown on demand, with its count beside it."""

    BINDINGS = [
        Binding(
            "escape",
            "clear",
            "Clear find",
            id="find.clear",
            tooltip="clear the find box (the search's words are marked again)",
        ),
    ]

    DEFAULT_CSS = """
    FindBar { height: 1; display: none; background: $boost; }
    FindBar > Input { width: 1fr; height: 1; border: none; padding: 0 1; }
    FindBar > #find-count { width: auto; padding: 0 1; color: $text-muted; }
    """

    class Changed(Message):
        """The text in the box changed."""

        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    class Done(Message):
        """Enter (keep the hits) or escape (cleared)."""

        def __init__(self, cleared: bool) -> None:
            self.cleared = cleared
            super().__init__()

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Find in the article — enter: keep, N/P: next/previous", id="find")
        yield TextLine("", id="find-count")

    @property
    def input(self) -> Input:
        return self.query_one("#find", Input)

    def open(self) -> None:
        self.display = True
        self.screen.set_focus(self.input)

    def count(self, hits: int) -> None:
        text = self.input.value.strip()
        self.query_one("#find-count", TextLine).set(
            "" if not text else f"{hits:,} found" if hits else "not in this article"
        )

    @on(Input.Changed, "#find")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#find")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done(cleared=False))

    def action_clear(self) -> None:
        with self.input.prevent(Input.Changed):
            self.input.value = ""
        self.count(0)
        self.display = False
        self.post_message(self.Done(cleared=True))
