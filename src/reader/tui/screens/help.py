"""The help screen: every key as the user has it (the live bindings, keymap applied)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.query import OPERATORS
from reader.sanitize import display_text
from reader.tui.keys import KeyHelp

# Textual's own keys, which the reader keeps.
APP_KEYS = [
    KeyHelp("App", "ctrl+p", "Palette", "command palette: every action, and the themes", "", ""),
    KeyHelp("App", "ctrl+q", "Quit", "quit", "", ""),
]


class HelpScreen(ModalScreen[None]):
    """Keys of the reader."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 80; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 1 2;
    }
    """

    def __init__(self, rows: list[KeyHelp]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table(title="reader — keys", show_header=False, box=None, expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        section = None
        for row in [*self.rows, *APP_KEYS]:
            if row.section != section:
                section = row.section
                table.add_row(Text(""), Text(display_text(section), style="italic"))
            # Plain Text, never markup: a key table built from a user's keymap is text too.
            table.add_row(Text(display_text(row.keys)), Text(display_text(row.help)))
        # The query language of the search box (/), saved searches and `reader search`.
        table.add_row(Text(""), Text("Search: the query language", style="italic"))
        for operator, example in OPERATORS:
            table.add_row(Text(operator), Text(example))
        with VerticalScroll():
            yield Static(table)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
