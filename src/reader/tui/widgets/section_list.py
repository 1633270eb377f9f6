"""A list of the sidebar: an OptionList that also moves with j/k."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class SectionList(OptionList):
    """An OptionList that also moves with j/k."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="sidebar.down"),
        Binding("k", "cursor_up", "Up", show=False, id="sidebar.up"),
        Binding("g", "first", "Top", show=False, id="sidebar.top"),
        Binding("G", "last", "Bottom", show=False, id="sidebar.bottom"),
        Binding(
            "enter",
            "select",
            "Choose",
            id="sidebar.choose",
            tooltip="quote: show it in the article; entity, tag, saved search: list its "
            "articles; related: open it",
        ),
    ]

    def current(self) -> Option | None:
        """The option under the cursor."""
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted)
