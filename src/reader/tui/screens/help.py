"""The help screen: every key, from the same table the README shows."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.sanitize import display_text


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

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table(title="reader — keys", show_header=False, box=None, expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, what in self.rows:
            # Plain Text, never markup: a key table built from a user's keymap is text too.
            table.add_row(Text(display_text(keys)), Text(display_text(what)))
        with VerticalScroll():
            yield Static(table)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
