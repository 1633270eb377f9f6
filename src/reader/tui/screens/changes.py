"""Where articles differ, for the main screen: an article's latest change (D), the same
story across outlets (its sidebar section, the fold) and the reader's highlights.

A plain helper of :class:`MainScreen`, like :class:`ListViews`: the screen's
actions and handlers hand it the keys and the jobs' messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.store.highlights import Highlight
from reader.store.search import QuoteHit
from reader.tui import jobs
from reader.tui.messages import ArticleLoaded, DiffLoaded, HighlightsChanged
from reader.tui.screens.dialogs import Prompt
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.sidebar import Sidebar

if TYPE_CHECKING:
    from reader.tui.screens.main import MainScreen


class Changes:
    """D's diff, the story fold and highlights, kept in step with the article shown."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    @property
    def pane(self) -> ReadingPane:
        return self.screen.query_one(ReadingPane)

    def diff(self) -> None:
        """D: the latest change of the article in the pane, and back to its text."""
        article = self.screen.article
        if self.pane.showing_diff or article is None:
            self.pane.show_article(article)
            self.screen.finder.mark()
            return
        article_id = article.id
        self.screen.run_job(lambda a: jobs.latest_change(a, article_id), group="article")

    def diff_loaded(self, message: DiffLoaded) -> None:
        article = self.screen.article
        if article is not None and message.article_id == article.id:
            self.pane.show_diff(message.document)

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

    def shown(self, message: ArticleLoaded) -> None:
        """An article shown: its story and highlights in the sidebar, its highlights marked."""
        self.screen.query_one(Sidebar).show_marks(message.story, message.highlights)
        self.pane.show_highlights(message.highlights)

    def go_to(self, highlight: Highlight) -> None:
        if highlight.vanished:
            self.screen.notify("That passage is no longer in the article's text.")
            return
        self.pane.scroll_to_body_offset(highlight.start)

    def highlight(self, passage: str) -> None:
        """The passage the cursor was on: highlighted, with the note asked for (optional)."""
        article = self.screen.article
        if article is None:
            return
        article_id = article.id

        def noted(note: str | None) -> None:
            if note is None:
                return  # escape: no highlight
            text = note.strip() or None
            self.screen.run_job(
                lambda a: jobs.highlight(a, article_id, passage, text), group="state"
            )

        self.screen.app.push_screen(
            Prompt(f"Highlight “{passage[:60]}…” — a note (optional), enter to keep:"), noted
        )

    def highlights_changed(self, message: HighlightsChanged) -> None:
        article = self.screen.article
        if article is not None and message.article_id == article.id:
            self.screen.query_one(Sidebar).show_marks(
                self.screen.query_one(Sidebar).story, message.highlights
            )
            self.pane.show_highlights(message.highlights)
            self.screen.notify(f"Highlighted ({len(message.highlights)} in this article).")

    def quote_picked(self, hit: QuoteHit | None) -> None:
        """The Quotes view's choice: its article, at the quote."""
        if hit is not None:
            self.screen.open(hit.article_id, "open", quote_id=hit.quote_id)
            self.pane.focus()
