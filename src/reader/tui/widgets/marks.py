"""Two lists of the sidebar with keys of their own: the same story in other outlets (D
compares one with the article) and the reader's highlights (d removes one, e edits
its note). Their keys show in the footer while the list has focus, and nowhere else.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets.option_list import Option

from reader.sanitize import display_text
from reader.store.highlights import Highlight
from reader.store.stories import StoryMember
from reader.tui.widgets.section_list import SectionList

HighlightChange = Literal["remove", "note"]


class StoryOption(Option):
    """Another outlet's copy of the article, carrying it."""

    def __init__(self, member: StoryMember) -> None:
        prompt = Text(display_text(member.source) or "unknown outlet", "bold")
        prompt.append(f"  {display_text(member.title)}")
        prompt.append(f"  {display_text(member.published)[:10]}", "dim")
        super().__init__(prompt)
        self.member = member


class HighlightOption(Option):
    """A passage the reader marked, with its note; one whose passage vanished is said so."""

    def __init__(self, highlight: Highlight) -> None:
        prompt = Text("✗ gone from the text: " if highlight.vanished else "", "dim")
        prompt.append(f"“{display_text(highlight.passage)}”", "italic")
        if highlight.note:
            prompt.append(f"\n  ✎ {display_text(highlight.note)}", "bold")
        super().__init__(prompt)
        self.highlight = highlight


class StoryList(SectionList):
    """The other outlets' copies: enter reads one, D shows how it words the story."""

    BINDINGS = [
        Binding(
            "D",
            "compare",
            "Compare",
            id="story.compare",
            tooltip="in Same story: how that outlet worded it — the word diff against the "
            "article open, and the quotes only one of them has; [ / ] the other outlets, "
            "D again or esc the article",
        )
    ]

    class CompareRequested(Message):
        """Show how this copy words the story against the article open."""

        def __init__(self, member: StoryMember) -> None:
            self.member = member
            super().__init__()

    def action_compare(self) -> None:
        option = self.current()
        if isinstance(option, StoryOption):
            self.post_message(self.CompareRequested(option.member))


class HighlightList(SectionList):
    """The article's highlights: enter goes to one, d removes it, e edits its note."""

    BINDINGS = [
        Binding(
            "d",
            "change('remove')",
            "Remove",
            id="highlights.remove",
            tooltip="in Highlights: remove the highlight under the cursor, its note with it "
            "(after a confirmation)",
        ),
        Binding(
            "e",
            "change('note')",
            "Edit note",
            id="highlights.note",
            tooltip="in Highlights: edit the note of the highlight under the cursor "
            "(empty clears it)",
        ),
    ]

    class ChangeRequested(Message):
        """Remove a highlight, or edit its note."""

        def __init__(self, highlight: Highlight, change: HighlightChange) -> None:
            self.highlight = highlight
            self.change: HighlightChange = change
            super().__init__()

    def action_change(self, change: HighlightChange) -> None:
        option = self.current()
        if isinstance(option, HighlightOption):
            self.post_message(self.ChangeRequested(option.highlight, change))
