"""The Tags list of the sidebar: every tag and saved search, and the keys that change them.

It owns r (rename a tag; onto another: merge) and d (delete a tag or a saved
search): they are shown in the footer while it has focus, and nowhere else.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets.option_list import Option

from reader.tui import jobs
from reader.tui.screens.dialogs import Confirm, Prompt
from reader.tui.widgets.section_list import SectionList

FilterKind = Literal["tag", "saved"]


class FilterOption(Option):
    """A tag (kind "tag") or a saved search (kind "saved") and the query it stands for."""

    def __init__(self, prompt: Text, kind: FilterKind, name: str, query: str) -> None:
        super().__init__(prompt)
        self.kind: FilterKind = kind
        self.name = name
        self.query = query


class TagsList(SectionList):
    """Tags with their counts, then saved searches; enter narrows the list to one."""

    BINDINGS = [
        Binding(
            "r",
            "rename",
            "Rename tag",
            id="tags.rename",
            tooltip="in the Tags list: rename a tag (onto another: merge them)",
        ),
        Binding(
            "d",
            "delete",
            "Delete",
            id="tags.delete",
            tooltip="in the Tags list: delete a tag or a saved search",
        ),
    ]

    class Requested(Message):
        """A change to run against the archive (a rename, a deletion)."""

        def __init__(self, job: jobs.Job) -> None:
            self.job = job
            super().__init__()

    def chosen(self) -> FilterOption | None:
        option = self.current()
        return option if isinstance(option, FilterOption) else None

    def action_rename(self) -> None:
        option = self.chosen()
        if option is None or option.kind != "tag":
            self.notify("Put the cursor on a tag first.")
            return
        old = option.name

        def renamed(new: str | None) -> None:
            if new and new != old:
                self._run(lambda a: jobs.rename_tag(a, old, new))

        self.app.push_screen(Prompt(f"Rename #{old} to (an existing tag merges):", old), renamed)

    def action_delete(self) -> None:
        option = self.chosen()
        if option is None:
            self.notify("Put the cursor on a tag or a saved search first.")
            return
        kind, name = option.kind, option.name

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            if kind == "tag":
                self._run(lambda a: jobs.delete_tag(a, name))
            else:
                self._run(lambda a: jobs.delete_saved_search(a, name))

        what = (
            f"the tag #{name} from every article" if kind == "tag" else f"the saved search “{name}”"
        )
        self.app.push_screen(Confirm(f"Delete {what}?"), confirmed)

    def _run(self, job: jobs.Job) -> None:
        # The screen runs it: its message (a Notice, or a Problem) comes back there.
        self.post_message(self.Requested(job))
