"""Finding things in the article shown, for the main screen: the search's words marked
in the reading pane, the find box (f), and N / P between the hits.

A plain helper of :class:`MainScreen`, like :class:`ListViews`: the screen's
actions and handlers hand it the keys and messages, it keeps the pane and the
find box in step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.tui import finding
from reader.tui.widgets.find_bar import FindBar
from reader.tui.widgets.reading_pane import ReadingPane

if TYPE_CHECKING:
    from reader.tui.screens.main import MainScreen


class Finder:
    """What the reading pane marks: the find box's text if any, else the search's words."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    @property
    def pane(self) -> ReadingPane:
        return self.screen.query_one(ReadingPane)

    @property
    def bar(self) -> FindBar:
        return self.screen.query_one(FindBar)

    def mark(self) -> None:
        """Mark the hits in the article just shown (or the find box's text, changed)."""
        typed = self.bar.input.value if self.bar.display else ""
        if typed.strip():
            self.bar.count(self.pane.find(finding.typed_pattern(typed)))
            return
        view = self.screen.navigator.view
        words = view.words if view is not None else None
        searching = view is not None and view.kind == "search"
        self.pane.find(finding.search_pattern(words, prefix=searching))

    def open(self) -> None:
        self.bar.open()

    def done(self, cleared: bool) -> None:
        if cleared:
            self.mark()  # the search's words again
        else:
            self.pane.next_hit(1)
        self.pane.focus()

    def step(self, step: int) -> None:
        if not self.pane.next_hit(step):
            self.screen.notify("Nothing marked in this article: f finds a word in it.")
