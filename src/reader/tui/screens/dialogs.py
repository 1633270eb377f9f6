"""Small modal dialogs: ask for a line of text, confirm an action, edit tags.

Questions quote the archive (a tag, a view's name, a search): each dialog shows
every word it is given through display_text, whoever calls it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from reader.sanitize import display_text

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 70; max-width: 95%; height: auto;
    border: round $accent; background: $surface; padding: 1 2;
}}
{name} Static {{ margin-bottom: 1; }}
"""


class CompletingInput(Input):
    """An Input whose grey completion is taken with tab or enter, not only with →.

    Enter takes the completion shown and submits; delete drops it first (for a new
    name that is the beginning of a known one).
    """

    BINDINGS = [
        Binding("tab", "complete", "Complete", show=False, id="input.complete"),
        Binding("delete", "drop_completion", "Drop completion", show=False, id="input.drop"),
    ]

    def _accept(self) -> bool:
        suggestion = self._suggestion
        if suggestion and len(suggestion) > len(self.value):
            self.value = suggestion
            self.cursor_position = len(suggestion)
            return True
        return False

    def action_complete(self) -> None:
        if not self._accept():
            self.screen.focus_next()

    def action_drop_completion(self) -> None:
        if self.cursor_at_end and self._suggestion:
            self._suggestion = ""
        else:
            self.action_delete_right()

    async def action_submit(self) -> None:
        self._accept()
        await super().action_submit()


class Prompt(ModalScreen[str | None]):
    """Ask for one line of text; enter gives it, escape gives None. Enter on an empty line
    gives None too, or "" where an empty answer means something (``empty``: no note)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]
    DEFAULT_CSS = DIALOG_CSS.format(name="Prompt")

    def __init__(
        self,
        question: str,
        value: str = "",
        suggestions: list[str] | None = None,
        *,
        empty: bool = False,
    ) -> None:
        super().__init__()
        self.empty = empty
        self.question = display_text(question)
        self.value = display_text(value)
        self.suggestions = [display_text(suggestion) for suggestion in suggestions or []]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question))
            yield CompletingInput(
                value=self.value,
                suggester=SuggestFromList(self.suggestions, case_sensitive=False)
                if self.suggestions
                else None,
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        answer = event.value.strip()
        self.dismiss(answer if answer or self.empty else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """Ask yes or no: y or enter says yes, n or escape says no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="Confirm")

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = display_text(question)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question))
            yield Static(Text("y / enter: yes    n / escape: no", style="dim"))

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class TagEditor(ModalScreen[list[tuple[str, str]]]):
    """Add and remove tags: 'name' adds, '-name' removes; escape closes.

    Returns the changes as ("add" | "remove", name) pairs; nothing is written
    here, so the app writes them at once, in one place.
    """

    BINDINGS = [Binding("escape", "close", "Done", id="tags.close")]
    DEFAULT_CSS = DIALOG_CSS.format(name="TagEditor")

    def __init__(self, subject: str, current: list[str], known: list[str]) -> None:
        super().__init__()
        self.subject = display_text(subject)
        self.current = [display_text(tag) for tag in current]
        self.known = [display_text(tag) for tag in known]
        self.changes: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Tags of {self.subject}"))
            yield Static(self._current_text(), id="current")
            yield CompletingInput(
                placeholder="a tag to add (tab or enter takes the grey completion), -tag to "
                "remove; enter on an empty line or escape when done",
                suggester=SuggestFromList(self.known, case_sensitive=False),
            )

    def _current_text(self) -> Text:
        if not self.current:
            return Text("no tags yet", style="dim")
        return Text(", ".join(f"#{display_text(tag)}" for tag in self.current), style="bold")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        event.input.value = ""
        if not value:
            self.dismiss(self.changes)
            return
        if value.startswith("-"):
            name = value[1:].strip().lstrip("#")
            if name:
                self.changes.append(("remove", name))
                self.current = [t for t in self.current if t.casefold() != name.casefold()]
        else:
            name = value.lstrip("#").strip()
            if name and name.casefold() not in (t.casefold() for t in self.current):
                self.changes.append(("add", name))
                self.current.append(name)
        self.query_one("#current", Static).update(self._current_text())

    def action_close(self) -> None:
        self.dismiss(self.changes)
