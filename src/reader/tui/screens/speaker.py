"""Who said a quote: a small dialog to set its speaker by hand, or to clear it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from reader.sanitize import display_text
from reader.store.corrections import SPEAKER_TYPES
from reader.store.queries import EntityView, QuoteView
from reader.tui.screens.dialogs import DIALOG_CSS

_LISTED = 12  # names listed under the input (all of them complete)


@dataclass(frozen=True, slots=True)
class SpeakerChoice:
    """The dialog's answer: the speaker to set, or None for a quote without one."""

    speaker: str | None


def speaker_names(entities: Iterable[EntityView]) -> list[str]:
    """The article's people, then its organisations, most mentioned first: the completions."""
    ordered = sorted(
        (entity for entity in entities if entity.type in SPEAKER_TYPES),
        key=lambda entity: (
            SPEAKER_TYPES.index(entity.type),
            # Not a number only in an archive written by another program: last.
            -entity.mentions if isinstance(entity.mentions, int) else 0,
            display_text(entity.name),
        ),
    )
    names: list[str] = []
    for entity in ordered:
        name = display_text(entity.name)
        if name and name not in names:
            names.append(name)
    return names


def complete(value: str, names: list[str]) -> str:
    """The name a typed value stands for: the one it spells or begins (as the completion
    shows it), else the value as typed."""
    folded = value.casefold()
    for name in names:
        if name.casefold() == folded:
            return name
    for name in names:
        if name.casefold().startswith(folded):
            return name
    return value


class SpeakerDialog(ModalScreen[SpeakerChoice | None]):
    """Set who said a quote: a name (tab completes from the article) and enter; empty clears.

    Nothing is written here: the app writes the answer, in a worker.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="speaker.cancel"),
        Binding("tab", "complete", "Complete", id="speaker.complete"),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="SpeakerDialog")

    def __init__(self, quote: QuoteView, names: list[str]) -> None:
        super().__init__()
        self.quote = quote
        self.names = names

    def compose(self) -> ComposeResult:
        text = display_text(self.quote.text)
        with Vertical():
            yield Static(Text(f"Who said “{text[:160]}{'…' if len(text) > 160 else ''}”?"))
            yield Static(self._now(), id="now")
            yield Input(
                value=display_text(self.quote.speaker),
                placeholder="a name, or nothing for no speaker",
                suggester=SuggestFromList(self.names, case_sensitive=False) if self.names else None,
            )
            if self.names:
                listed = ", ".join(self.names[:_LISTED])
                more = len(self.names) - _LISTED
                listed += f" and {more} more" if more > 0 else ""
                yield Static(Text(f"In this article: {listed}", style="dim"))
            yield Static(
                Text("tab completes · enter sets · empty clears · escape cancels", style="dim")
            )

    def _now(self) -> Text:
        now = Text("Now: ")
        now.append(display_text(self.quote.speaker) or "no speaker", "bold")
        if self.quote.corrected:
            now.append("  ✎ corrected by hand")
        elif self.quote.uncertain:
            now.append("  ? the extractor is unsure", "dim")
        if self.quote.cue and self.quote.speaker:
            now.append(f"  ({display_text(self.quote.cue)})", "dim")
        return now

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = display_text(event.value)
        self.dismiss(SpeakerChoice(complete(value, self.names) if value else None))

    def action_complete(self) -> None:
        """Take the completion shown after what was typed."""
        field = self.query_one(Input)
        field.action_end()
        field.action_cursor_right()  # at the end of the text, this accepts the completion

    def action_cancel(self) -> None:
        self.dismiss(None)
