"""The reader: article list, reading pane, sidebar, and the paths between articles.

Widgets post messages up; this app routes them. Every database call runs in a
thread worker with that thread's own connection (see :mod:`reader.tui.data`),
and comes back as a message, so typing and scrolling never wait on a query.

Nothing read from an archive is trusted (it may be someone else's): every widget
shows it through :func:`reader.sanitize.display_text`, and so does :meth:`notify`.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState, get_current_worker

from reader.query import QueryError
from reader.sanitize import display_text
from reader.store import ArchiveProblem, ArticleView
from reader.store.corrections import CorrectionError
from reader.store.queries import QuoteView
from reader.store.user_state import TagError
from reader.tui.browser import Browser, BrowserChoice, Launch, find_browser, launch
from reader.tui.data import ArchiveAccess
from reader.tui.screens.dialogs import Confirm, Prompt, TagEditor
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.speaker import SpeakerChoice, SpeakerDialog, speaker_names
from reader.tui.views import View, all_articles, article_ids, speaker_quotes
from reader.tui.views import query as query_view
from reader.tui.widgets.article_list import ArticleList, ListItem
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.sidebar import QuoteList, SectionList, Sidebar
from reader.tui.widgets.text_line import TextLine
from reader.urls import is_web_url

WATCH_INTERVAL = 2.0  # seconds between looks for newly imported articles
READ_DWELL = 2.0  # seconds a previewed article stays on screen before it counts as read
BROWSE_DELAY = 0.08  # seconds the list cursor rests before its article loads
NARROW = 110  # below this width the sidebar folds away
VERY_NARROW = 80  # and below this the list does too while reading


@dataclass
class HistoryEntry:
    article_id: int
    origin: str  # "list", "related", "entity", "link", "quote", "history"


class ReaderApp(App[None]):
    """A terminal reader for a news archive."""

    TITLE = "reader"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("slash", "search", "Search", id="app.search"),
        Binding("escape", "leave", "Back out", show=False, id="app.leave"),
        Binding("tab", "focus_next", "Next pane", show=False, id="app.focus_next"),
        Binding(
            "shift+tab", "focus_previous", "Previous pane", show=False, id="app.focus_previous"
        ),
        Binding("n", "next_article", "Next", id="app.next"),
        Binding("p", "previous_article", "Prev", id="app.previous"),
        Binding("right_square_bracket", "next_related", "Related ›", id="app.next_related"),
        Binding(
            "left_square_bracket",
            "previous_related",
            "‹ Related",
            show=False,
            id="app.previous_related",
        ),
        Binding("backspace,alt+left", "history_back", "Back", id="app.back"),
        Binding("alt+right", "history_forward", "Forward", show=False, id="app.forward"),
        Binding("o", "open_url", "Open URL", show=False, id="app.open_url"),
        Binding("y", "copy_url", "Copy URL", show=False, id="app.copy_url"),
        Binding("s", "speaker", "Speaker", id="app.speaker"),
        Binding("z", "zen", "Zen", show=False, id="app.zen"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="app.reload"),
        Binding("t", "edit_tags", "Tags", id="app.tag"),
        Binding("T", "tag_list", "Tag all", show=False, id="app.tag_list"),
        Binding("b", "toggle_bookmark", "Bookmark", id="app.bookmark"),
        Binding("m", "toggle_read", "Read", show=False, id="app.read"),
        Binding("1", "filter('all')", "All", show=False, id="app.all"),
        Binding("2", "filter('unread')", "Unread", show=False, id="app.unread"),
        Binding("3", "filter('bookmarked')", "Bookmarked", show=False, id="app.bookmarked"),
        Binding("ctrl+s", "save_search", "Save search", show=False, id="app.save_search"),
        Binding("r", "rename_tag", "Rename tag", show=False, id="app.rename_tag"),
        Binding("d", "delete_tag", "Delete tag", show=False, id="app.delete_tag"),
    ]

    class ArticleLoaded(Message):
        def __init__(
            self,
            article: ArticleView | None,
            quote: tuple[int | None, int | None] | None,
            marked: bool = True,
        ) -> None:
            self.article = article
            self.quote = quote
            self.marked = marked
            super().__init__()

    class ViewReady(Message):
        def __init__(self, view: View, replace: bool, generation: int) -> None:
            self.view = view
            self.replace = replace
            self.generation = generation
            super().__init__()

    class Problem(Message):
        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    def __init__(
        self,
        db_path: Path,
        *,
        keymap_path: Path | None = None,
        mark_read_on_open: bool | None = None,
    ) -> None:
        super().__init__()
        settings = _settings()
        self.mark_read_on_open = (
            mark_read_on_open
            if mark_read_on_open is not None
            else bool(settings.get("mark_read_on_open", True))
        )
        self.db_path = db_path
        self.access = ArchiveAccess(db_path, on_wait=self._waiting_for_writer)
        self.keymap_path = keymap_path
        self.views: list[View] = []
        self.history: list[HistoryEntry] = []
        self.history_index = -1
        self.article: ArticleView | None = None
        self.related_origin: ArticleView | None = None
        self.related_index = -1
        self._search_generation = 0
        self._wanted_article: int | None = None
        self._newest_id: int | None = None
        self._open_timer: Timer | None = None
        self._read_timer: Timer | None = None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one error path: a worker that fails says why, and the app stays open."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, ArchiveProblem):
            message = str(error)
        else:
            message = f"That did not work: {type(error).__name__}: {error}"
        self.notify(message, severity="error", timeout=8)

    def _waiting_for_writer(self, message: str) -> None:
        # Called from a worker thread whose write waits for another writer (an import).
        self.call_from_thread(self.notify, message, timeout=6)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications quote article text and searches: never markup, always display_text."""
        super().notify(
            display_text(message, lines=True),
            title=display_text(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    # -- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TextLine("", id="breadcrumb")
        yield Input(placeholder='Search: words or "a phrase" — esc to clear', id="search")
        with Horizontal(id="panes"):
            yield ArticleList(id="articles")
            yield ReadingPane(id="reading")
            yield Sidebar(id="sidebar")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search", Input).display = False
        self._load_keymap()
        self.query_one(ArticleList).focus()
        self._start()
        # Articles imported while the reader is open appear without a restart.
        self.set_interval(WATCH_INTERVAL, self._watch_archive)
        self._refresh_filters()
        # The terminal went away (a closed window, a killed tmux session): leave,
        # rather than go on drawing to nobody.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.exit)

    def _load_keymap(self) -> None:
        """A user keymap: a TOML table of binding id = "keys" (see the README)."""
        import tomllib

        path = self.keymap_path or _default_keymap_path()
        if path is None or not path.exists():
            return
        try:
            keymap = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            self.notify(f"keymap {path} not loaded: {error}", severity="error")
            return
        self.set_keymap({str(k): str(v) for k, v in keymap.items()})

    def on_resize(self, event: events.Resize) -> None:
        width = event.size.width  # self.size may not have caught up yet
        # Every screen: a resize while a dialog is open must reach the main one too.
        for screen in self.screen_stack:
            screen.set_class(width < NARROW, "narrow")
            screen.set_class(width < VERY_NARROW, "very-narrow")

    def on_unmount(self) -> None:
        self.access.close()
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)

    # -- the list ----------------------------------------------------------

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch_archive(self) -> None:
        newest = self.access.store().newest_id()
        if self._newest_id is not None and newest != self._newest_id:
            self.call_from_thread(self._archive_changed, newest)
        self._newest_id = newest

    def _archive_changed(self, newest: int | None) -> None:
        if self.views and self.views[0].kind == "all":
            self.notify("New articles in the archive: the list is up to date.")
            self._refresh_all_view()

    def action_reload(self) -> None:
        """Read the list again from the archive (new imports, changed flags)."""
        self._refresh_all_view()

    @work(thread=True, exclusive=True, group="start", exit_on_error=False)
    def _refresh_all_view(self) -> None:
        store = self.access.store()
        total = store.count_articles()
        self.call_from_thread(self._reload_all, total)

    def _reload_all(self, total: int) -> None:
        base = self.views[0] if self.views else None
        if base is None:
            return
        base.total = total
        if len(self.views) == 1:
            articles = self.query_one(ArticleList)
            articles.show(base.loader, total, cursor=articles.cursor)
        self._update_breadcrumb()

    @work(thread=True, group="start", exit_on_error=False)
    def _start(self) -> None:
        store = self.access.store()
        self._newest_id = store.newest_id()
        first = [ListItem.from_row(row) for row in store.list_page(0, 100)]
        view = all_articles(self.access, len(first) if len(first) < 100 else 100)
        self.call_from_thread(self._show_first_page, view, first)
        total = store.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        self.call_from_thread(self._set_total, view, int(total))

    def _show_first_page(self, view: View, first: list[ListItem]) -> None:
        self.views = [view]
        self.query_one(ArticleList).show(view.loader, view.total, first_page=first)
        self._update_breadcrumb()
        if not first:
            self.query_one(ReadingPane).show_article(None)
            self.notify("The archive is empty: `reader import PATH` adds articles.")

    def _set_total(self, view: View, total: int) -> None:
        view.total = total
        if self.views and self.views[-1] is view:
            self.query_one(ArticleList).set_total(total)
            self._update_breadcrumb()

    def _push_view(self, view: View, replace: bool = False) -> None:
        articles = self.query_one(ArticleList)
        if self.views:
            self.views[-1].cursor = articles.cursor
        if replace and len(self.views) > 1:
            self.views[-1] = view
        else:
            self.views.append(view)
        articles.show(view.loader, view.total, first_page=view.first_page)
        view.first_page = None  # later visits load pages as they come
        self._update_breadcrumb()

    def _pop_view(self) -> bool:
        if len(self.views) <= 1:
            return False
        self.views.pop()
        view = self.views[-1]
        self.query_one(ArticleList).show(view.loader, view.total, view.cursor)
        self._update_breadcrumb()
        return True

    def _update_breadcrumb(self) -> None:
        parts = [
            f"{view.label} ({view.total:,}{'' if view.counted else '+, counting…'})"
            for view in self.views
        ]
        if self.article is not None:
            parts.append(display_text(self.article.title)[:60])
        self.query_one("#breadcrumb", TextLine).set(" › ".join(parts))

    @on(ArticleList.Highlighted)
    def _preview(self, message: ArticleList.Highlighted) -> None:
        self._open(message.item.article_id, "list", quote_id=message.item.quote_id)

    @on(ArticleList.Selected)
    def _select(self, message: ArticleList.Selected) -> None:
        self._open(message.item.article_id, "open", quote_id=message.item.quote_id)
        self.query_one(ReadingPane).focus()

    # -- opening articles --------------------------------------------------

    def _open(
        self, article_id: int, origin: str, *, quote_id: int | None = None, record: bool = True
    ) -> None:
        if record:
            self._record(article_id, origin)
        if origin != "related":
            self.related_origin = None
            self.related_index = -1
        self._wanted_article = article_id
        if self._open_timer is not None:
            self._open_timer.stop()
            self._open_timer = None
        # A preview from the list is read once it has stayed on screen READ_DWELL
        # seconds; opening it (enter, a link, a related article) reads it at once.
        mark = origin != "list"
        if origin == "list" and self.article is not None and self.article.id != article_id:
            # Holding j flicks past articles: load the one the cursor rests on.
            self._open_timer = self.set_timer(
                BROWSE_DELAY, lambda: self._load_article(article_id, quote_id, mark)
            )
        else:
            self._load_article(article_id, quote_id, mark)

    def _record(self, article_id: int, origin: str) -> None:
        del self.history[self.history_index + 1 :]
        if (
            self.history
            and origin in ("list", "open")
            and self.history[-1].origin in ("list", "open")
        ):
            self.history[-1] = HistoryEntry(article_id, origin)  # j/k is one step, not fifty
        elif not self.history or self.history[-1].article_id != article_id:
            self.history.append(HistoryEntry(article_id, origin))
        self.history_index = len(self.history) - 1

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _load_article(self, article_id: int, quote_id: int | None, mark: bool = True) -> None:
        store = self.access.store()
        worker = get_current_worker()
        article = store.article_view(article_id)
        if worker.is_cancelled:
            return  # the cursor moved on: neither shown nor marked read
        quote = None
        if article is not None and quote_id is not None:
            for item in article.quotes:
                if item.id == quote_id:
                    quote = (item.start, item.end)
        self.post_message(self.ArticleLoaded(article, quote, mark))
        if mark and article is not None and not article.read and self.mark_read_on_open:
            # After the article is on screen: during an import this write may
            # have to wait for the importer's lock, and reading must not.
            store.mark_read(article_id)

    def on_reader_app_article_loaded(self, message: ArticleLoaded) -> None:
        article = message.article
        if article is not None and article.id != self._wanted_article:
            return  # overtaken by a newer choice
        self.article = article
        with self.batch_update():  # one repaint for the pane, the sidebar and the list
            self.query_one(ReadingPane).show_article(article)
            self.query_one(Sidebar).show_article(article)
            if article is not None and message.quote is not None:
                self.query_one(ReadingPane).highlight_quote(*message.quote)
            if article is not None and not article.read and self.mark_read_on_open:
                if message.marked:
                    self.query_one(ArticleList).update_item(article.id, read=True)
                    article.read = True
                else:
                    self._arm_read_timer(article.id)
            self._update_breadcrumb()

    def _arm_read_timer(self, article_id: int) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
        self._read_timer = self.set_timer(READ_DWELL, lambda: self._dwelt(article_id))

    def _dwelt(self, article_id: int) -> None:
        """Still on screen after READ_DWELL seconds: it has been read."""
        lists = self.query(ArticleList)
        if not lists:
            return  # the app is closing: its widgets are gone, the timer fired anyway
        if self.article is not None and self.article.id == article_id and not self.article.read:
            self.article.read = True
            lists.first().update_item(article_id, read=True)
            self._mark_read_quietly(article_id)

    @work(thread=True, group="state", exit_on_error=False)
    def _mark_read_quietly(self, article_id: int) -> None:
        self.access.store().mark_read(article_id)

    # -- sidebar and links ---------------------------------------------------

    @on(Sidebar.QuoteChosen)
    def _quote_chosen(self, message: Sidebar.QuoteChosen) -> None:
        pane = self.query_one(ReadingPane)
        pane.highlight_quote(message.quote.start, message.quote.end)

    @on(Sidebar.EntityChosen)
    def _entity_chosen(self, message: Sidebar.EntityChosen) -> None:
        entity = message.entity
        self._entity_view(entity.id, entity.name)

    @work(thread=True, exclusive=True, group="view", exit_on_error=False)
    def _entity_view(self, entity_id: int, name: str) -> None:
        ids = self.access.store().entity_article_ids(entity_id)
        view = article_ids(self.access, f"Mentions {name}", ids, "entity")
        self.post_message(self.ViewReady(view, False, -1))

    @on(Sidebar.RelatedChosen)
    def _related_chosen(self, message: Sidebar.RelatedChosen) -> None:
        self.related_origin = self.article
        self.related_index = message.index
        self._open(message.related.id, "related")

    @on(ReadingPane.LinkChosen)
    def _link_chosen(self, message: ReadingPane.LinkChosen) -> None:
        if message.article_id is not None:
            self._open(message.article_id, "link")
        elif is_web_url(message.url):
            self._open_in_browser(message.url)
        else:
            self.notify(f"Not a web link: {display_text(message.url)[:80]}", severity="warning")

    def on_reader_app_view_ready(self, message: ViewReady) -> None:
        if message.generation >= 0 and message.generation != self._search_generation:
            return  # an older search, overtaken by typing
        self._push_view(message.view, replace=message.replace)
        if not message.view.counted:
            self._count_view(message.view)
        if message.view.total == 0:
            self.notify(f"Nothing found: {message.view.label}", severity="warning")

    @work(thread=True, group="count", exit_on_error=False)
    def _count_view(self, view: View) -> None:
        """A large query's exact length, counted after its first page is on screen."""
        total = self.access.store().query_count(view.result)  # type: ignore[arg-type]
        self.call_from_thread(self._counted, view, total)

    def _counted(self, view: View, total: int) -> None:
        view.total, view.counted = total, True
        if self.views and self.views[-1] is view:
            self.query_one(ArticleList).set_total(total)
            self._update_breadcrumb()

    def on_reader_app_problem(self, message: Problem) -> None:
        self.notify(message.text, severity="warning")

    # -- search ------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._search_generation += 1
        text = event.value.strip()
        if not text:
            if self.views and self.views[-1].kind == "search":
                self._pop_view()
            return
        self._run_search(text, self._search_generation)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one(ArticleList).focus()

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _run_search(self, text: str, generation: int) -> None:
        try:
            view = query_view(self.access, f"Search “{text}”", text, "search", True)
        except (QueryError, sqlite3.OperationalError) as error:
            self.post_message(self.Problem(str(error)))
            return
        replace = bool(self.views) and self.views[-1].kind == "search"
        self.post_message(self.ViewReady(view, replace, generation))

    # -- actions -----------------------------------------------------------

    def action_leave(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus or search.display:
            search.value = ""
            search.display = False
            self.query_one(ArticleList).focus()
            if self.views and self.views[-1].kind == "search":
                self._pop_view()
            return
        if self.screen.has_class("zen"):
            self.action_zen()
            return
        self._pop_view()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self._key_table()))

    def action_next_article(self) -> None:
        articles = self.query_one(ArticleList)
        articles.move_to(articles.cursor + 1)

    def action_previous_article(self) -> None:
        articles = self.query_one(ArticleList)
        articles.move_to(articles.cursor - 1)

    def action_next_related(self) -> None:
        self._walk_related(1)

    def action_previous_related(self) -> None:
        self._walk_related(-1)

    def _walk_related(self, step: int) -> None:
        origin = self.related_origin or self.article
        if origin is None or not origin.related:
            self.notify("No related articles.", severity="information")
            return
        index = (
            self.related_index + step
            if self.related_origin is not None
            else (0 if step > 0 else len(origin.related) - 1)
        )
        if not 0 <= index < len(origin.related):
            self.notify("No more related articles.", severity="information")
            return
        self.related_origin = origin
        self.related_index = index
        self._open(origin.related[index].id, "related")

    def action_history_back(self) -> None:
        if self.history_index <= 0:
            self.notify("Nothing to go back to.", severity="information")
            return
        self.history_index -= 1
        self._open(self.history[self.history_index].article_id, "history", record=False)

    def action_history_forward(self) -> None:
        if self.history_index >= len(self.history) - 1:
            self.notify("Nothing to go forward to.", severity="information")
            return
        self.history_index += 1
        self._open(self.history[self.history_index].article_id, "history", record=False)

    def action_open_url(self) -> None:
        if self.article is None or not is_web_url(self.article.url):
            self.notify("This article has no web address to open.", severity="warning")
            return
        assert self.article.url is not None
        self._open_in_browser(self.article.url)

    def _open_in_browser(self, url: str) -> None:
        # The address as shown is the one opened: a bidi control or an escape in it
        # must not make the browser go somewhere other than what the pane says.
        shown = display_text(url)
        if not is_web_url(shown):  # only http(s), whatever the article says
            self.notify("Only http and https links are opened.", severity="warning")
            return
        self._browse(shown)

    @work(thread=True, group="browser", exit_on_error=False)
    def _browse(self, url: str) -> None:
        """Open url in a browser beside the reader, never in its terminal (see browser.py).

        Runs in a thread: finding the browser looks at the disk, and the launch is
        watched for a moment for an early failure. Says what happened, truthfully.
        """
        try:
            choice = find_browser()
            if choice.browser is None:
                self.call_from_thread(self._offer_copy, url, choice)
                return
            launched = launch(choice.browser, url)
        except Exception as error:  # a worker never ends the app; say it instead
            self.post_message(self.Problem(f"The link was not opened: {error}"))
            return
        self.call_from_thread(self._launched, url, choice.browser, launched)

    def _launched(self, url: str, browser: Browser, launched: Launch) -> None:
        if launched.outcome == "opened":
            self.notify(f"Opened {url[:80]} in {browser.name}.")
        elif launched.outcome == "opening":
            self.notify(f"Opening {url[:80]} in {browser.name}.")
        else:
            self.notify(
                f"{browser.name} did not open {url[:80]}: {launched.detail}.", severity="error"
            )

    def _offer_copy(self, url: str, choice: BrowserChoice) -> None:
        """No browser can run beside the reader: say why, and offer the link to copy."""
        if choice.console is not None:
            why = f"{choice.console.name} is a console browser: it cannot run inside the reader."
        elif choice.missing:
            why = f"No browser found: $BROWSER names {', '.join(choice.missing)}, not installed."
        else:
            why = "No browser found: set $BROWSER to a graphical browser."

        def answered(copy: bool | None) -> None:
            if copy:
                self.copy_to_clipboard(url)
                self.notify(f"Copied {url[:80]}")

        self.push_screen(Confirm(f"{why} Copy {url[:80]} instead?"), answered)

    def action_copy_url(self) -> None:
        url = display_text(self.article.url) if self.article is not None else ""
        if not url:
            self.notify("This article has no web address.", severity="warning")
            return
        # What the pane shows, not raw bytes that a paste would carry into a shell.
        self.copy_to_clipboard(url)
        self.notify("Copied the article's URL.")

    def action_speaker(self) -> None:
        entity_id, name = self.query_one(Sidebar).selected_speaker()
        if entity_id is None or name is None:
            self.notify(
                "Put the cursor on a quote or a person in the sidebar first.",
                severity="information",
            )
            return
        self._speaker_view(entity_id, name)

    @work(thread=True, exclusive=True, group="view", exit_on_error=False)
    def _speaker_view(self, entity_id: int, name: str) -> None:
        quotes = self.access.store().speaker_quotes(entity_id)
        view = speaker_quotes(self.access, f"Said by {name}", quotes)
        self.post_message(self.ViewReady(view, False, -1))

    def action_zen(self) -> None:
        self.screen.toggle_class("zen")
        if self.screen.has_class("zen"):
            self.query_one(ReadingPane).focus()

    # -- tags, bookmarks, read state -----------------------------------------

    def action_toggle_bookmark(self) -> None:
        if self.article is not None:
            self._change_state(self.article.id, "bookmark")

    def action_toggle_read(self) -> None:
        if self.article is not None:
            self._change_state(self.article.id, "read")

    @work(thread=True, group="state", exit_on_error=False)
    def _change_state(self, article_id: int, what: str) -> None:
        store = self.access.store()
        if what == "bookmark":
            on = store.toggle_bookmark(article_id)
            changes: dict[str, object] = {"bookmarked": on}
            message = "Bookmarked." if on else "Bookmark removed."
        else:
            view = store.article_view(article_id)
            on = not (view.read if view else False)
            store.mark_read(article_id, on)
            changes = {"read": on}
            message = "Marked read." if on else "Marked unread."
        self.call_from_thread(self._state_changed, article_id, changes, message)

    def _state_changed(self, article_id: int, changes: dict[str, object], message: str) -> None:
        self.query_one(ArticleList).update_item(article_id, **changes)
        if self.article is not None and self.article.id == article_id:
            for name, value in changes.items():
                setattr(self.article, name, value)
        self.notify(message)
        self._refresh_filters()

    def action_filter(self, which: str) -> None:
        while len(self.views) > 1:
            self._pop_view()
        if which == "all":
            return
        query, label = {
            "unread": ("is:unread", "Unread"),
            "bookmarked": ("is:bookmarked", "Bookmarked"),
        }[which]
        self._query_view(label, query)

    @on(Sidebar.FilterChosen)
    def _filter_chosen(self, message: Sidebar.FilterChosen) -> None:
        self._query_view(message.label, message.query)

    @work(thread=True, exclusive=True, group="view", exit_on_error=False)
    def _query_view(self, label: str, query: str) -> None:
        try:
            view = query_view(self.access, label, query, "query", False)
        except (QueryError, sqlite3.OperationalError) as error:
            self.post_message(self.Problem(str(error)))
            return
        self.post_message(self.ViewReady(view, False, -1))

    def action_edit_tags(self) -> None:
        if self.article is None:
            return
        article = self.article
        quote = self.query_one(Sidebar).selected_quote()
        self._open_tag_editor(article.id, quote.text if quote else None, article.title)

    @work(thread=True, group="state", exit_on_error=False)
    def _open_tag_editor(self, article_id: int, quote_text: str | None, title: str) -> None:
        store = self.access.store()
        current = (
            store.quote_tags(article_id, quote_text) if quote_text else store.tags_of(article_id)
        )
        known = [count.name for count in store.tag_counts()]
        # Cleaned before it is cut: a cut must not leave half an escape sequence.
        subject = (
            f"the quote “{display_text(quote_text)[:50]}…”"
            if quote_text
            else f"“{display_text(title)[:60]}”"
        )
        self.call_from_thread(
            self._show_tag_editor, article_id, quote_text, subject, current, known
        )

    def _show_tag_editor(
        self,
        article_id: int,
        quote_text: str | None,
        subject: str,
        current: list[str],
        known: list[str],
    ) -> None:
        def apply(changes: list[tuple[str, str]] | None) -> None:
            if changes:
                self._apply_tag_changes(article_id, quote_text, changes)

        self.push_screen(TagEditor(subject, current, known), apply)

    @work(thread=True, group="state", exit_on_error=False)
    def _apply_tag_changes(
        self, article_id: int, quote_text: str | None, changes: list[tuple[str, str]]
    ) -> None:
        store = self.access.store()
        try:
            for change, name in changes:
                if quote_text is not None:
                    if change == "add":
                        store.tag_quote(article_id, quote_text, name)
                    else:
                        store.untag_quote(article_id, quote_text, name)
                elif change == "add":
                    store.tag(article_id, name)
                else:
                    store.untag(article_id, name)
        except TagError as error:
            self.post_message(self.Problem(str(error)))
        tagged = bool(store.tags_of(article_id))
        self.call_from_thread(self._tags_changed, article_id, tagged)

    def _tags_changed(self, article_id: int, tagged: bool) -> None:
        self.query_one(ArticleList).update_item(article_id, tagged=tagged)
        if self.article is not None and self.article.id == article_id:
            self._load_article(article_id, None)  # the pane shows the tags
        self._refresh_filters()

    @on(QuoteList.AttributeRequested)
    def _attribute_requested(self, message: QuoteList.AttributeRequested) -> None:
        article, quote = self.article, message.quote
        if article is None:
            return

        def chosen(choice: SpeakerChoice | None) -> None:
            if choice is not None:
                self._correct_speaker(article.id, quote.text, choice.speaker)

        self.push_screen(SpeakerDialog(quote, speaker_names(article.entities)), chosen)

    @work(thread=True, group="state", exit_on_error=False)
    def _correct_speaker(self, article_id: int, text: str, speaker: str | None) -> None:
        store = self.access.store()
        try:
            store.correct_speaker(article_id, text, speaker)
        except CorrectionError as error:
            self.post_message(self.Problem(str(error)))
            return
        quotes = store.article_quotes(article_id)
        # The name as stored: "berg" becomes the article's "Tomas Berg".
        speaker = next((quote.speaker for quote in quotes if quote.text == text), speaker)
        self.call_from_thread(self._speaker_corrected, article_id, quotes, speaker)

    def _speaker_corrected(
        self, article_id: int, quotes: list[QuoteView], speaker: str | None
    ) -> None:
        if self.article is not None and self.article.id == article_id:
            self.article.quotes = quotes
            self.query_one(Sidebar).show_quotes(quotes)
        self.notify(f"✎ Said by {display_text(speaker)}." if speaker else "✎ Speaker cleared.")

    def action_tag_list(self) -> None:
        view = self.views[-1] if self.views else None
        if view is None or view.kind == "all":
            self.notify("Narrow the list first (search, a tag, an entity): T tags all of it.")
            return
        self._collect_view_ids(view)

    @work(thread=True, group="state", exit_on_error=False)
    def _collect_view_ids(self, view: View) -> None:
        store = self.access.store()
        if view.ids:
            ids = list(view.ids)
        elif view.result is not None:
            ids = store.query_all_ids(view.result)  # type: ignore[arg-type]
        else:
            ids = sorted({item.article_id for item in view.loader(0, view.total)})
        self.call_from_thread(self._ask_tag_all, view, ids)

    def _ask_tag_all(self, view: View, ids: list[int]) -> None:
        if not ids:
            self.notify("This list is empty.")
            return

        def ask_tag(answer: str | None) -> None:
            if not answer:
                return
            count = len(ids)

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._tag_all(ids, answer)

            self.push_screen(
                Confirm(f"Tag all {count:,} articles of “{view.label}” with #{answer}?"), confirmed
            )

        self.push_screen(Prompt(f"Tag every article of “{view.label}” with:"), ask_tag)

    @work(thread=True, group="state", exit_on_error=False)
    def _tag_all(self, ids: list[int], name: str) -> None:
        try:
            added = self.access.store().tag_many(ids, name)
        except TagError as error:
            self.post_message(self.Problem(str(error)))
            return
        self.call_from_thread(self._tagged_all, ids, name, added)

    def _tagged_all(self, ids: list[int], name: str, added: int) -> None:
        articles = self.query_one(ArticleList)
        for article_id in ids[:5000]:
            articles.update_item(article_id, tagged=True)
        self.notify(f"Tagged {added:,} more articles with #{name}.")
        self._refresh_filters()

    def action_save_search(self) -> None:
        view = self.views[-1] if self.views else None
        if view is None or not view.query:
            self.notify("Search first (/), then save the search.")
            return

        def named(name: str | None) -> None:
            if name:
                self._save_search(name, view.query)

        self.push_screen(Prompt(f"Save “{view.query}” as:"), named)

    @work(thread=True, group="state", exit_on_error=False)
    def _save_search(self, name: str, query: str) -> None:
        try:
            self.access.store().save_search(name, query)
        except (QueryError, TagError) as error:
            self.post_message(self.Problem(str(error)))
            return
        self.call_from_thread(self.notify, f"Saved the search as “{name}”.")
        self.call_from_thread(self._refresh_filters)

    def action_rename_tag(self) -> None:
        chosen = self.query_one(Sidebar).selected_filter()
        if chosen is None or chosen[0] != "tag":
            self.notify("Put the cursor on a tag in the Tags list first.")
            return
        old = chosen[1]

        def renamed(new: str | None) -> None:
            if new and new != old:
                self._rename_tag(old, new)

        self.push_screen(Prompt(f"Rename #{old} to (an existing tag merges):", old), renamed)

    @work(thread=True, group="state", exit_on_error=False)
    def _rename_tag(self, old: str, new: str) -> None:
        try:
            outcome = self.access.store().rename_tag(old, new)
        except TagError as error:
            self.post_message(self.Problem(str(error)))
            return
        self.call_from_thread(
            self.notify, f"#{old} {outcome} {'into' if outcome == 'merged' else 'to'} #{new}."
        )
        self.call_from_thread(self._refresh_filters)

    def action_delete_tag(self) -> None:
        chosen = self.query_one(Sidebar).selected_filter()
        if chosen is None:
            self.notify("Put the cursor on a tag or a saved search in the Tags list first.")
            return
        kind, name = chosen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete_filter(kind, name)

        what = (
            f"the tag #{name} from every article" if kind == "tag" else f"the saved search “{name}”"
        )
        self.push_screen(Confirm(f"Delete {what}?"), confirmed)

    @work(thread=True, group="state", exit_on_error=False)
    def _delete_filter(self, kind: str, name: str) -> None:
        store = self.access.store()
        if kind == "tag":
            try:
                count = store.delete_tag(name)
            except TagError as error:  # removed meanwhile, from another window
                self.post_message(self.Problem(str(error)))
                self.call_from_thread(self._refresh_filters)
                return
            message = f"Deleted #{name} from {count:,} articles."
        else:
            store.delete_saved_search(name)
            message = f"Deleted the saved search “{name}”."
        self.call_from_thread(self.notify, message)
        self.call_from_thread(self._refresh_filters)

    @work(thread=True, exclusive=True, group="filters", exit_on_error=False)
    def _refresh_filters(self) -> None:
        store = self.access.store()
        tags = [(count.name, count.articles) for count in store.tag_counts()]
        saved = [(search.name, search.query) for search in store.saved_searches()]
        self.call_from_thread(lambda: self.query_one(Sidebar).show_filters(tags, saved))

    # -- commands and help -----------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.action in ("quit",):
                continue
            yield SystemCommand(
                binding.description,
                f"{binding.description} ({_keys(binding)})",
                lambda action=binding.action: self.run_action(action),
            )
        for widget_binding, callback in (
            ("Next link in the article", lambda: self.query_one(ReadingPane).action_next_link()),
            ("Follow the focused link", lambda: self.query_one(ReadingPane).action_follow_link()),
        ):
            yield SystemCommand(widget_binding, widget_binding, callback)

    def _key_table(self) -> list[tuple[str, str]]:
        rows = [
            ("j / k, ↓ / ↑", "move down / up"),
            ("g / G", "top / bottom"),
            ("enter", "open the article, activate the sidebar item, follow a link"),
            ("tab / shift+tab", "next / previous pane"),
            ("n / p", "next / previous article of the current list"),
            ("] / [", "next / previous related article"),
            ("backspace, alt+←", "back"),
            ("alt+→", "forward"),
            ("/", "search (full text, results as you type)"),
            ("escape", "clear the search, leave a view"),
            ("l / L", "next / previous link in the article"),
            ("o", "open the article's URL in the browser (http/https only)"),
            ("y", "copy the article's URL"),
            ("s", "on a quote or person: everything that speaker said"),
            ("a", "on a quote: correct who said it (empty: nobody)"),
            ("z", "hide the list and sidebar for reading"),
            ("ctrl+r", "read the list again (new imports show by themselves)"),
            ("t", "tags of the article (or of the quote under the cursor)"),
            ("T", "tag every article of the current list (after a confirmation)"),
            ("b", "bookmark / unbookmark"),
            ("m", "mark read / unread (opening an article marks it read)"),
            ("1 / 2 / 3", "all / unread / bookmarked articles"),
            ("ctrl+s", "save the current search under a name"),
            ("r / d", "in the Tags list: rename (onto another tag: merge) / delete a tag"),
            ("ctrl+p", "command palette: every action, and themes"),
            ("?", "this help"),
            ("q", "quit"),
        ]
        return rows


def _settings() -> dict[str, object]:
    """reader's settings: config.toml in the user config directory, if there is one."""
    import tomllib

    path = _default_keymap_path()
    if path is None:
        return {}
    config = path.with_name("config.toml")
    try:
        return dict(tomllib.loads(config.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def _keys(binding: Binding) -> str:
    return binding.key.replace("_", " ")


def _default_keymap_path() -> Path | None:
    try:
        from platformdirs import user_config_path
    except ImportError:  # pragma: no cover - a dependency, always there
        return None
    return user_config_path("reader", appauthor=False) / "keymap.toml"


def make_app(
    db_path: Path, *, keymap_path: Path | None = None, mark_read_on_open: bool | None = None
) -> ReaderApp:
    """The one way to build the app, for the CLI and the tests alike."""
    return ReaderApp(db_path, keymap_path=keymap_path, mark_read_on_open=mark_read_on_open)


# The list's widget classes for CSS and tests.
__all__ = ["ArticleList", "ReaderApp", "ReadingPane", "SectionList", "Sidebar", "make_app"]
