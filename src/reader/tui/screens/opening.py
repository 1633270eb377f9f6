"""Opening an article, for the main screen: the job that reads it, and showing it once it
arrives (unless a newer choice overtook it).

A plain helper of :class:`MainScreen`, like :class:`ListViews`: the screen's
``open`` and its ``ArticleLoaded`` handler hand it the work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer

from reader.store import ArticleView
from reader.tui import jobs
from reader.tui.messages import ArticleLoaded
from reader.tui.navigator import Origin
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.sidebar import Sidebar

if TYPE_CHECKING:
    from reader.tui.screens.main import MainScreen

BROWSE_DELAY = 0.08  # seconds the list cursor rests before its article loads


class Opener:
    """Which article was asked for last, and the pane, sidebar and breadcrumb showing it."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.wanted: int | None = None  # the article asked for last
        self._timer: Timer | None = None

    def open(
        self,
        article_id: int,
        origin: Origin,
        *,
        quote_id: int | None = None,
        scroll: int | None = None,
    ) -> None:
        """Show an article; opened (not merely passed over in the list) it is being read."""
        screen = self.screen
        pane = screen.query_one(ReadingPane)
        screen.navigator.visit(article_id, origin, scroll=round(pane.scroll_y))
        self.wanted = article_id
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        opened = origin not in ("list", "restore")

        def load() -> None:
            screen.run_job(
                lambda a: jobs.load_article(a, article_id, quote_id, opened=opened, scroll=scroll),
                group="article",
                exclusive=True,
            )

        if origin == "list" and screen.article is not None and screen.article.id != article_id:
            self._timer = screen.set_timer(BROWSE_DELAY, load)  # holding j flicks past
        else:
            load()

    def loaded(self, message: ArticleLoaded) -> None:
        screen = self.screen
        article = message.article
        if article is not None and article.id != self.wanted:
            return  # overtaken by a newer choice
        visit = screen.navigator.current
        if article is None and visit is not None and visit.origin == "restore":
            screen.query_one(ArticleList).announce()  # gone since: the article under the cursor
            return
        with screen.app.batch_update():  # one repaint for the pane, the sidebar and the list
            self.show(article)
            pane = screen.query_one(ReadingPane)
            if article is not None and message.quote is not None:
                pane.highlight_quote(*message.quote)
            if message.scroll is not None:
                pane.scroll_to(y=message.scroll, animate=False)
            screen.finder.mark()
            screen.changes.shown(message)
        screen.commands.shown(article, opened=message.opened)

    def show(self, article: ArticleView | None) -> None:
        screen = self.screen
        if article is None:
            self.wanted = None
        screen.article = article
        screen.query_one(ReadingPane).show_article(article)
        screen.query_one(Sidebar).show_article(article)
        screen.update_breadcrumb()
