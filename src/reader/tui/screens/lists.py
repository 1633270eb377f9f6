"""What the article list shows, for the main screen: the archive, narrowed views, searches.

A plain helper of :class:`MainScreen`: the screen's handlers hand it the
messages about lists (the first page, counts, imports, views, search), and it
keeps the :class:`Navigator`'s view stack and the list widget in step. Rows that
arrive during an import keep the cursor on its article, not on its row number.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from reader.sanitize import display_text
from reader.store import ArticleView
from reader.tui import jobs
from reader.tui.config import Session
from reader.tui.messages import ArchiveGrew, Counted, FirstPage, Problem, ViewReady
from reader.tui.views import View
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.text_line import TextLine
from reader.tui.widgets.timeline import Timeline

if TYPE_CHECKING:
    from reader.tui.screens.main import MainScreen


class ListViews:
    """The views the article list shows, from start-up, imports, narrowing and search."""

    def __init__(self, screen: MainScreen, session: Session | None = None) -> None:
        self.screen = screen
        # The last session's article, to show again once the list is there.
        self.restoring = session
        self.navigator = screen.navigator
        self.newest: int | None = None  # the newest article id seen
        self.search_generation = 0  # one per keystroke: older results are dropped
        # Searches' order, kept while typing and between searches: r switches it.
        self.order: Literal["newest", "relevance"] = "newest"

    @property
    def articles(self) -> ArticleList:
        return self.screen.query_one(ArticleList)

    # -- the whole archive -------------------------------------------------------

    def watch(self) -> None:
        known, shown = self.newest, self._base_article()
        self.screen.run_job(lambda a: jobs.watch(a, known, shown), group="watch", exclusive=True)

    def reload(self) -> None:
        shown = self._base_article()
        self.screen.run_job(lambda a: jobs.reload(a, shown), group="watch", exclusive=True)

    def _base_article(self) -> int | None:
        """The article under the whole archive's cursor (shown, or under a narrowed view)."""
        if not self.navigator.views:
            return None
        if not self.navigator.narrowed:
            current = self.articles.current
            return current.article_id if current else None
        return self.navigator.views[0].cursor_article

    def first_page(self, message: FirstPage) -> None:
        self.newest = message.newest
        view = message.view
        self.navigator.start(view)
        session = self.restoring if message.rows else None
        self.restoring = session
        restore = session.article_id if session is not None else None
        self.articles.show(view.loader, view.total, first_page=message.rows, announce=not restore)
        self.screen.run_job(lambda a: jobs.count(a, view), group="count")
        self.screen.update_breadcrumb()
        if not message.rows:
            self.screen.show_article(None)
            self.screen.notify("The archive is empty: `reader import PATH` adds articles.")
        elif session is not None and session.view_query and session.view_kind == "search":
            self.restore_search(session.view_query)
        elif session is not None and session.view_query:
            self.narrow_to(session.view_label or session.view_query, session.view_query)
        elif restore is not None:
            self.restoring = None
            self.screen.run_job(lambda a: jobs.reload(a, restore), group="watch", exclusive=True)
        if restore is not None:
            self.screen.open(restore, "restore")

    def counted(self, message: Counted) -> None:
        view = message.view
        view.total, view.counted = message.total, True
        if self.navigator.view is view:
            self.articles.set_total(message.total)
        self.screen.update_breadcrumb()

    def archive_grew(self, message: ArchiveGrew) -> None:
        """New rows: the list grows, and the cursor stays on the article it was on."""
        if not self.navigator.views:
            return
        if message.article_id != self._base_article():
            # The cursor moved while the position was being found: find the new one.
            self.reload()
            return
        grew = self.newest is not None and message.newest != self.newest
        self.newest = message.newest
        base = self.navigator.views[0]
        base.total = message.total
        if message.position is not None:
            base.cursor = message.position
        elif not self.navigator.narrowed:
            base.cursor = self.articles.cursor  # no article known under it: keep the row
        if not self.navigator.narrowed:
            self.articles.show(base.loader, message.total, cursor=base.cursor, announce=False)
            if grew:
                self.screen.notify("New articles in the archive: the list is up to date.")
        self.screen.update_breadcrumb()

    # -- narrowed views ------------------------------------------------------

    def narrow_to(self, label: str, query: str, *, replace: bool = False) -> None:
        self.screen.run_job(
            lambda a: jobs.query(a, label, query, replace), group="view", exclusive=True
        )

    def toggle_order(self) -> None:
        """r: a search (or a tag's, a saved search's list) newest first, or best match first."""
        view = self.navigator.view
        if view is None or view.kind not in ("search", "query") or not view.words:
            self.screen.notify("r orders a search with words: newest first or best match first.")
            return
        self.order = "newest" if view.order == "relevance" else "relevance"
        text = _ordered(view.query, self.order)
        if view.kind == "search":
            self.search_generation += 1
            generation = self.search_generation
            self.screen.run_job(
                lambda a: jobs.search(a, text, generation, True), group="search", exclusive=True
            )
        else:
            self.narrow_to(view.label, text, replace=True)
        self.screen.notify("Best matches first." if self.order == "relevance" else "Newest first.")

    def only(self, which: str) -> None:
        """1, 2, 3: all, unread or bookmarked articles, from the whole archive."""
        while self.navigator.narrowed:
            self.pop()
        if which == "unread":
            self.narrow_to("Unread", "is:unread")
        elif which == "bookmarked":
            self.narrow_to("Bookmarked", "is:bookmarked")

    def view_ready(self, message: ViewReady) -> None:
        view = message.view
        if message.generation >= 0:
            if message.generation != self.search_generation:
                return  # an older search, overtaken by typing
            self.screen.query_one(SearchBar).found(view)
        restore = self.restoring.article_id if self.restoring is not None else None
        self.restoring = None
        if restore is not None and restore in view.ids:  # the session's place in its view
            self.push(view, cursor=view.ids.index(restore), announce=False)
        else:
            self.push(view, replace=message.replace, cursor=message.cursor)
        if not view.counted:
            self.screen.run_job(lambda a: jobs.count(a, view), group="count")
        if view.total == 0 and message.generation < 0:
            self.screen.notify(f"Nothing found: {view.label}", severity="warning")

    def push(
        self, view: View, replace: bool = False, *, cursor: int = 0, announce: bool = True
    ) -> None:
        self._remember_cursor()
        self.navigator.push(view, cursor=self.articles.cursor, replace=replace)
        self._show(view, cursor, announce=announce)

    def pop(self) -> bool:
        self._remember_cursor()
        view = self.navigator.pop()
        if view is None:
            return False
        self._show(view, view.cursor)
        return True

    def _show(self, view: View, cursor: int = 0, *, announce: bool = True) -> None:
        first, view.first_page = view.first_page, None  # later visits load pages as they come
        self.articles.show(
            view.loader,
            view.total,
            cursor,
            first_page=first,
            announce=announce,
            tall=bool(view.words),  # a passage under each hit
        )
        self._timeline(view)
        self.screen.update_breadcrumb()
        if view.total == 0:  # nothing under the cursor: nothing in the pane either
            self.screen.show_article(None)

    def _timeline(self, view: View) -> None:
        """An entity's or a speaker's list has its months above it, counted in a worker."""
        entity_id = view.entity_id
        self.screen.query_one(Timeline).expect(entity_id)
        if entity_id is not None:
            self.screen.run_job(
                lambda a: jobs.timeline(a, entity_id), group="timeline", exclusive=True
            )

    def _remember_cursor(self) -> None:
        view, current = self.navigator.view, self.articles.current
        if view is not None:
            view.cursor = self.articles.cursor
            view.cursor_article = current.article_id if current else None

    def breadcrumb(self, article: ArticleView | None) -> None:
        """Where the reader is: the views narrowed to, and the article shown."""
        parts = self.navigator.crumbs()
        if article is not None:
            parts.append(_cut(display_text(article.title), 60))
        self.screen.query_one("#breadcrumb", TextLine).set(" › ".join(parts))

    def session(self, article: ArticleView | None) -> Session:
        """Where the reader is, to come back to next time: a narrowed list, an article."""
        view = self.navigator.view
        if view is not None and view.unfolded is not None:
            # A fold is not kept (its query is the list's): the list it folded is.
            view = view.unfolded
        narrowed = view is not None and view.kind in ("search", "query") and bool(view.query)
        return Session(
            view.query if view is not None and narrowed else None,
            view.label if view is not None and narrowed else None,
            article.id if article is not None else None,
            view.kind if view is not None and narrowed else None,
        )

    # -- search --------------------------------------------------------------

    def search(self, text: str) -> None:
        self.search_generation += 1
        view = self.navigator.view
        searching = view is not None and view.kind == "search"
        if not text:
            if searching:
                self.pop()
            return
        generation = self.search_generation
        if self.order == "relevance" and "sort:" not in text:
            text = _ordered(text, "relevance")
        self.screen.run_job(
            lambda a: jobs.search(a, text, generation, searching), group="search", exclusive=True
        )

    def restore_search(self, text: str) -> None:
        """The last session's search, as a search: in the box for / to edit, and
        replaced by the next one typed (restored as a list, a new search stacked on
        it: All › Search “x” › Search “x”)."""
        self.screen.query_one(SearchBar).restore(text)
        self.search_generation += 1
        generation = self.search_generation
        self.screen.run_job(
            lambda a: jobs.search(a, text, generation, False), group="search", exclusive=True
        )

    def search_problem(self, message: Problem) -> None:
        """A query that cannot run says why on the search's line; the list stays as it was."""
        if message.generation == self.search_generation:
            self.screen.query_one(SearchBar).problem(message.text)

    def search_done(self, cleared: bool) -> None:
        if cleared:
            self.search("")


def _ordered(text: str, order: str) -> str:
    """The query with its sort: term set to order (newest: none, the default)."""
    bare = re.sub(r"(?<!\S)sort:\S*", "", text).strip()
    return f"{bare} sort:relevance" if order == "relevance" else bare


def _cut(text: str, width: int) -> str:
    """Text cut to width, with "…" when it was cut."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
