"""The search box and its one status line: what the search found, or why it could not run.

Typing posts :class:`SearchBar.Changed` on every keystroke; the screen runs the
search and tells the bar what came of it (:meth:`found`, :meth:`problem`). The
bar says it on its own line, replaced at each keystroke, never as a pile of toasts.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input

from reader.query import OPERATORS
from reader.tui.views import View
from reader.tui.widgets.text_line import TextLine

# The query language at a glance, an example of each operator (? lists them all).
PLACEHOLDER = "Search: " + "  ".join(example.split("  ")[0] for _, example in OPERATORS)


class SearchBar(Vertical):
    """A search input shown on demand, with a status line under it."""

    BINDINGS = [
        Binding(
            "escape",
            "clear",
            "Clear search",
            id="search.clear",
            tooltip="clear the search and close the box",
        ),
    ]

    DEFAULT_CSS = """
    SearchBar { height: auto; display: none; }
    SearchBar > Input { height: 3; border: tall $accent; }
    SearchBar > #search-status { padding: 0 1; color: $text-muted; }
    SearchBar > #search-status.-problem { color: $warning; }
    """

    class Changed(Message):
        """The words in the box changed (stripped)."""

        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    class Done(Message):
        """Enter (keep the results) or escape (cleared: back to the list before)."""

        def __init__(self, cleared: bool) -> None:
            self.cleared = cleared
            super().__init__()

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="search")
        yield TextLine("", id="search-status")

    @property
    def input(self) -> Input:
        return self.query_one("#search", Input)

    @property
    def is_open(self) -> bool:
        return self.display

    def open(self) -> None:
        """Show the box and focus it at once: keys typed right after / must land in it
        (focus() waits for the queue, behind those keys)."""
        self.display = True
        self.screen.set_focus(self.input)

    def _status(self, text: str, problem: bool = False) -> None:
        status = self.query_one("#search-status", TextLine)
        status.set(text)
        status.set_class(problem, "-problem")

    def found(self, view: View) -> None:
        if view.total == 0:
            self._status(f"Nothing found for “{view.query}”.", problem=True)
        else:
            more = "+" if not view.counted else ""
            self._status(f"{view.total:,}{more} found — enter to read them, esc to clear.")

    def restore(self, text: str) -> None:
        """Put back a search of the last session, for / to edit (the box stays closed)."""
        with self.input.prevent(Input.Changed):
            self.input.value = text

    def problem(self, text: str) -> None:
        self._status(text, problem=True)

    @on(Input.Changed, "#search")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        self._status("Searching…" if text else "")
        self.post_message(self.Changed(text))

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done(cleared=False))

    def action_clear(self) -> None:
        with self.input.prevent(Input.Changed):
            self.input.value = ""
        self._status("")
        self.display = False
        self.post_message(self.Done(cleared=True))
