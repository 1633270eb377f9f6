"""Where articles differ, for the main screen: an article's latest change (D), the same
story across outlets (its sidebar section, the fold) and the reader's highlights.

A plain helper of :class:`MainScreen`, like :class:`ListViews`: the screen's
actions and handlers hand it the keys and the jobs' messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.store.search import QuoteHit
from reader.tui import jobs
from reader.tui.messages import DiffLoaded
from reader.tui.widgets.reading_pane import ReadingPane

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

    def quote_picked(self, hit: QuoteHit | None) -> None:
        """The Quotes view's choice: its article, at the quote."""
        if hit is not None:
            self.screen.open(hit.article_id, "open", quote_id=hit.quote_id)
            self.pane.focus()
