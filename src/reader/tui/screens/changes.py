"""Where articles differ, for the main screen: an article's versions (D, then [ / ] to the
change before or after), how another outlet worded its story (D on a "Same story"
entry), the story fold and the reader's highlights (made, noted, removed).

A plain helper of :class:`MainScreen`, like :class:`ListViews`: the screen's
actions and handlers hand it the keys and the jobs' messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.sanitize import display_text
from reader.store.highlights import Highlight
from reader.store.search import QuoteHit
from reader.store.stories import StoryMember
from reader.tui import jobs
from reader.tui.diff_view import Compared, OutletPair, VersionPair
from reader.tui.messages import ArticleLoaded, DiffLoaded, HighlightsChanged
from reader.tui.screens.dialogs import Confirm, Prompt
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.sidebar import Sidebar

if TYPE_CHECKING:
    from reader.tui.screens.main import MainScreen


def _quoted(passage: str, length: int = 60) -> str:
    shown = display_text(passage)  # cleaned before it is cut: no half escape sequence
    return f"“{shown[:length]}…”" if len(shown) > length else f"“{shown}”"


class Changes:
    """The diffs, the story fold and highlights, kept in step with the article shown."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.compared: Compared | None = None  # what the diff in the pane compares

    @property
    def pane(self) -> ReadingPane:
        return self.screen.query_one(ReadingPane)

    @property
    def sidebar(self) -> Sidebar:
        return self.screen.query_one(Sidebar)

    # -- diffs -----------------------------------------------------------------

    @property
    def showing(self) -> Compared | None:
        """What the diff in the pane compares; None when the pane shows the article."""
        return self.compared if self.pane.showing_diff else None

    def diff(self) -> None:
        """D: the latest change of the article in the pane, and back to its text."""
        article = self.screen.article
        if self.showing is not None or article is None:
            self.back()
            return
        self._versions(article.id, None)

    def back(self) -> None:
        """The article again in place of a diff, with its highlights and words found."""
        self.pane.show_article(self.screen.article)
        self.pane.show_highlights(self.sidebar.highlights)
        self.screen.finder.mark()

    def escape(self) -> bool:
        """esc on a diff in sight: the article again (True). The search being typed in,
        and the sidebar come over the pane, have esc first."""
        screen = self.screen
        covered = screen.narrow and screen.has_class("sidebar-open")
        if self.showing is None or covered or screen.query_one(SearchBar).input.has_focus:
            return False
        self.back()
        return True

    def compare(self, member: StoryMember) -> None:
        """D on a Same story entry: how that outlet worded the story; again, the article."""
        article = self.screen.article
        if article is None:
            return
        if self.showing == OutletPair(article.id, member.article_id):
            self.back()
            return
        article_id, others = article.id, len(self.sidebar.story)
        self.screen.run_job(
            lambda a: jobs.outlets_change(a, article_id, member.article_id, others),
            group="diff",
            exclusive=True,  # [ / ] pressed fast: only the last one's diff comes
        )
        if self.screen.narrow:  # the sidebar covers the pane: go to what was asked for
            self.screen.set_class(False, "sidebar-open")
            self.pane.focus()

    def step(self, step: int) -> bool:
        """[ / ] on a diff: the change before or after, or the story's previous or next
        outlet; False when no diff is shown (the keys walk related articles then)."""
        shown = self.showing
        if isinstance(shown, VersionPair):
            older = shown.older + step
            if not 1 <= older < shown.total:
                self.screen.notify(
                    "That is the earliest change kept."
                    if step < 0
                    else "That is the latest change."
                )
            else:
                self._versions(shown.article_id, older)
            return True
        if isinstance(shown, OutletPair):
            others = [member.article_id for member in self.sidebar.story]
            if len(others) < 2 or shown.other_id not in others:
                self.screen.notify("The story has no other outlet to compare.")
                return True
            article_id, count = shown.article_id, len(others)
            other = others[(others.index(shown.other_id) + step) % count]
            self.screen.run_job(
                lambda a: jobs.outlets_change(a, article_id, other, count),
                group="diff",
                exclusive=True,
            )
            return True
        return False

    def _versions(self, article_id: int, older: int | None) -> None:
        self.screen.run_job(
            lambda a: jobs.version_change(a, article_id, older), group="diff", exclusive=True
        )

    def diff_loaded(self, message: DiffLoaded) -> None:
        article = self.screen.article
        if article is not None and message.article_id == article.id:
            self.compared = message.compared
            self.pane.show_diff(message.document)
            if isinstance(message.compared, OutletPair):
                self.sidebar.point_at_story(message.compared.other_id)

    # -- the story fold ---------------------------------------------------------

    def fold(self) -> None:
        """F: the story under the cursor folded to its row (its other copies out), and back."""
        view = self.screen.navigator.view
        if view is None:
            return
        if view.unfolded is not None:
            self.screen.lists.pop()
            return
        item = self.screen.query_one(ArticleList).current
        if item is None or item.story is None:
            self.screen.notify("F folds a story: put the cursor on an article in one (≡).")
            return
        keep = item.article_id
        self.screen.run_job(lambda a: jobs.fold(a, view, keep), group="view", exclusive=True)

    # -- highlights -------------------------------------------------------------

    def shown(self, message: ArticleLoaded) -> None:
        """An article shown: its story and highlights in the sidebar, its highlights marked."""
        self.sidebar.show_marks(message.story, message.highlights)
        self.pane.show_highlights(message.highlights)

    def go_to(self, highlight: Highlight) -> None:
        if highlight.vanished:
            self.screen.notify("That passage is no longer in the article's text.")
            return
        if self.showing is not None:
            self.back()
        self.pane.scroll_to_body_offset(highlight.start)

    def highlight(self, passage: str, existing: Highlight | None = None) -> None:
        """The passage the cursor was on: highlighted, with the note asked for (optional);
        a highlight already, its note edited."""
        article = self.screen.article
        if existing is not None:
            self.edit_note(existing)
            return
        if article is None:
            return
        article_id = article.id

        def noted(note: str | None) -> None:
            if note is None:
                return  # escape: no highlight
            self.screen.run_job(
                lambda a: jobs.highlight(a, article_id, passage, note or None), group="state"
            )

        self.screen.app.push_screen(
            Prompt(
                f"Highlight {_quoted(passage)} — a note if you like, enter to keep:", empty=True
            ),
            noted,
        )

    def edit_note(self, marked: Highlight) -> None:
        def noted(note: str | None) -> None:
            if note is not None and note != (marked.note or ""):
                self.screen.run_job(
                    lambda a: jobs.note_highlight(a, marked, note or None), group="state"
                )

        self.screen.app.push_screen(
            Prompt(
                f"The note on {_quoted(marked.passage)} (empty: no note):",
                marked.note or "",
                empty=True,
            ),
            noted,
        )

    def remove(self, marked: Highlight) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.screen.run_job(lambda a: jobs.unhighlight(a, marked), group="state")

        with_note = " and its note" if marked.note else ""
        self.screen.app.push_screen(
            Confirm(f"Remove the highlight {_quoted(marked.passage)}{with_note}?"), confirmed
        )

    def highlights_changed(self, message: HighlightsChanged) -> None:
        article = self.screen.article
        if article is not None and message.article_id == article.id:
            self.sidebar.show_marks(self.sidebar.story, message.highlights)
            self.pane.show_highlights(message.highlights)
        if message.said:
            self.screen.notify(message.said)

    def quote_picked(self, hit: QuoteHit | None) -> None:
        """The Quotes view's choice: its article, at the quote."""
        if hit is not None:
            self.screen.open(hit.article_id, "open", quote_id=hit.quote_id)
            self.pane.focus()
