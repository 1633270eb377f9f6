"""The main screen: it composes the panes and routes their messages.

Widgets post messages up; the screen decides what follows (load an article,
narrow the list) and asks the :class:`Navigator` where to go. Every database call
is a job (:mod:`reader.tui.jobs`) run in a thread worker that returns a typed
message; the handlers below change what is shown, on the event loop. The user's
own state (tags, bookmarks, read, speakers) is in :class:`UserCommands`.
"""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, get_current_worker

from reader.store import ArticleView
from reader.tui import jobs
from reader.tui.bindings import MAIN_BINDINGS
from reader.tui.commands import LinkCommands, UserCommands
from reader.tui.config import Session, Settings
from reader.tui.data import ArchiveAccess
from reader.tui.items import ListItem
from reader.tui.messages import (
    ArchiveGrew,
    ArticleLoaded,
    Counted,
    DiffLoaded,
    FiltersLoaded,
    FirstPage,
    FlagsChanged,
    HighlightsChanged,
    Launched,
    Notice,
    Problem,
    SpeakerCorrected,
    TagsFetched,
    TimelineLoaded,
    ViewIds,
    ViewReady,
)
from reader.tui.navigator import Navigator, Origin
from reader.tui.screens.changes import Changes
from reader.tui.screens.lists import ListViews
from reader.tui.screens.opening import Opener
from reader.tui.screens.quotes import QuotesScreen
from reader.tui.screens.research import Finder
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.find_bar import FindBar
from reader.tui.widgets.marks import HighlightList, StoryList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.sidebar import QuoteList, Sidebar
from reader.tui.widgets.tags_list import TagsList
from reader.tui.widgets.text_line import TextLine
from reader.tui.widgets.timeline import Timeline

WATCH_INTERVAL = 2.0  # seconds between looks for newly imported articles
NARROW = 110  # below this width the sidebar is an overlay (i, or tab, opens it)
VERY_NARROW = 80  # and below this the list and the reading pane take turns


class MainScreen(Screen[None]):
    """The list, the reading pane and the sidebar, and the paths between them."""

    BINDINGS = MAIN_BINDINGS
    HORIZONTAL_BREAKPOINTS = [(0, "-very-narrow"), (VERY_NARROW, "-narrow"), (NARROW, "-wide")]

    def __init__(
        self,
        access: ArchiveAccess,
        settings: Settings,
        session: Session | None = None,
    ) -> None:
        super().__init__()
        self.access = access
        self.settings = settings
        self.navigator = Navigator()
        self.commands = UserCommands(self)
        self.links = LinkCommands(self)
        self.lists = ListViews(self, session)
        self.finder = Finder(self)
        self.changes = Changes(self)
        self.opener = Opener(self)
        self.article: ArticleView | None = None

    # -- running jobs ----------------------------------------------------------

    def run_job(
        self, job: jobs.Job, *, group: str, exclusive: bool = False, to: Screen[Any] | None = None
    ) -> Worker[None]:
        """Run job in a thread worker and post the message it returns to this screen
        (or to the screen ``to``, a view over this one such as the quotes).

        A job overtaken by a newer one of an exclusive group posts nothing. A job
        that raises is the app's one error handler's to report.
        """
        access, target = self.access, to or self

        def run() -> None:
            message = job(access)
            if message is not None and not get_current_worker().is_cancelled:
                target.post_message(message)

        # The app's worker, so that its one Worker.StateChanged handler sees a failure.
        return self.app.run_worker(
            run, thread=True, group=group, exclusive=exclusive, exit_on_error=False
        )

    # -- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TextLine("", id="breadcrumb")
        yield SearchBar(id="search-bar")
        yield Timeline(id="timeline")
        with Horizontal(id="panes"):
            yield ArticleList(id="articles")
            yield ReadingPane(id="reading")
            yield Sidebar(id="sidebar")
        yield FindBar(id="find-bar")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArticleList).focus()
        self.run_job(jobs.first_page, group="start")
        # Articles imported while the reader is open appear without a restart.
        self.set_interval(WATCH_INTERVAL, self.lists.watch)
        self.refresh_filters()

    @property
    def narrow(self) -> bool:
        return not self.has_class("-wide")

    def action_sidebar(self) -> None:
        """Show the sidebar and go into it (at narrow widths it comes over the panes)."""
        sidebar = self.query_one(Sidebar)
        if sidebar.has_focus_within:
            self.set_class(False, "sidebar-open")
            self.query_one(ArticleList).focus()
            return
        self.set_class(True, "sidebar-open")
        self.call_after_refresh(sidebar.focus_first)

    def action_focus_next(self) -> None:
        closed = self.narrow and not self.has_class("sidebar-open")
        last = isinstance(self.focused, ReadingPane) or (
            self.has_class("-very-narrow") and isinstance(self.focused, ArticleList)
        )
        if closed and last:
            self.action_sidebar()  # tab reaches the sidebar at any width
            return
        self.focus_next()

    def action_focus_previous(self) -> None:
        self.focus_previous()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.has_class("sidebar-open") and not self.query_one(Sidebar).has_focus_within:
            self.set_class(False, "sidebar-open")  # the overlay goes when focus leaves it

    # -- the list (the views are ListViews') --------------------------------

    def action_reload(self) -> None:
        """Read the list again from the archive (new imports, changed flags)."""
        self.lists.reload()

    def on_first_page(self, message: FirstPage) -> None:
        self.lists.first_page(message)

    def on_counted(self, message: Counted) -> None:
        self.lists.counted(message)

    def on_archive_grew(self, message: ArchiveGrew) -> None:
        self.lists.archive_grew(message)

    def on_view_ready(self, message: ViewReady) -> None:
        self.lists.view_ready(message)

    def on_timeline_loaded(self, message: TimelineLoaded) -> None:
        self.query_one(Timeline).show(message)

    def narrow_to(self, label: str, query: str) -> None:
        self.lists.narrow_to(label, query)

    def update_breadcrumb(self) -> None:
        self.lists.breadcrumb(self.article)

    @on(ArticleList.Highlighted)
    def _preview(self, message: ArticleList.Highlighted) -> None:
        self.open(message.item.article_id, "list", quote_id=message.item.quote_id)

    @on(ArticleList.Selected)
    def _select(self, message: ArticleList.Selected) -> None:
        self.open(message.item.article_id, "open", quote_id=message.item.quote_id)
        self.query_one(ReadingPane).focus()

    # -- opening articles (the Opener's) ------------------------------------

    def open(
        self,
        article_id: int,
        origin: Origin,
        *,
        quote_id: int | None = None,
        scroll: int | None = None,
    ) -> None:
        """Show an article; opened (not merely passed over in the list) it is being read."""
        self.opener.open(article_id, origin, quote_id=quote_id, scroll=scroll)

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        self.opener.loaded(message)

    def show_article(self, article: ArticleView | None) -> None:
        self.opener.show(article)

    def on_flags_changed(self, message: FlagsChanged) -> None:
        self.commands.apply_flags(message)

    # -- the sidebar and links ---------------------------------------------

    @on(Sidebar.QuoteChosen)
    def _quote_chosen(self, message: Sidebar.QuoteChosen) -> None:
        self.query_one(ReadingPane).highlight_quote(message.quote.start, message.quote.end)

    @on(Sidebar.EntityChosen)
    def _entity_chosen(self, message: Sidebar.EntityChosen) -> None:
        entity = message.entity
        self.run_job(
            lambda a: jobs.entity_articles(a, entity.id, entity.name), group="view", exclusive=True
        )
        self.query_one(ArticleList).focus()  # the list is what changes

    @on(Sidebar.FilterChosen)
    def _filter_chosen(self, message: Sidebar.FilterChosen) -> None:
        self.narrow_to(message.label, message.query)
        self.query_one(ArticleList).focus()

    @on(Sidebar.StoryChosen)
    def _story_chosen(self, message: Sidebar.StoryChosen) -> None:
        self.open(message.member.article_id, "related")

    @on(Sidebar.HighlightChosen)
    def _highlight_chosen(self, message: Sidebar.HighlightChosen) -> None:
        self.changes.go_to(message.highlight)

    @on(StoryList.CompareRequested)
    def _compare_requested(self, message: StoryList.CompareRequested) -> None:
        self.changes.compare(message.member)

    @on(ReadingPane.HighlightRequested)
    def _highlight_requested(self, message: ReadingPane.HighlightRequested) -> None:
        self.changes.highlight(message.passage, message.existing)

    @on(ReadingPane.UnhighlightRequested)
    def _unhighlight_requested(self, message: ReadingPane.UnhighlightRequested) -> None:
        self.changes.remove(message.highlight)

    @on(HighlightList.ChangeRequested)
    def _highlight_change(self, message: HighlightList.ChangeRequested) -> None:
        if message.change == "remove":
            self.changes.remove(message.highlight)
        else:
            self.changes.edit_note(message.highlight)

    def on_highlights_changed(self, message: HighlightsChanged) -> None:
        self.changes.highlights_changed(message)

    @on(Sidebar.RelatedChosen)
    def _related_chosen(self, message: Sidebar.RelatedChosen) -> None:
        if self.article is not None:
            related = [item.id for item in self.article.related]
            target = self.navigator.follow_related(self.article.id, related, message.index)
            self.open(target, "related")

    @on(ReadingPane.LinkChosen)
    def _link_chosen(self, message: ReadingPane.LinkChosen) -> None:
        if message.article_id is not None:
            self.open(message.article_id, "link")
        else:
            self.links.open_url(message.url)

    def on_launched(self, message: Launched) -> None:
        self.links.launched(message)

    def on_problem(self, message: Problem) -> None:
        if message.generation >= 0:  # a search being typed: its status line says it
            self.lists.search_problem(message)
        else:
            self.notify(message.text, severity="warning")

    def on_notice(self, message: Notice) -> None:
        self.notify(message.text)
        if message.filters_changed:
            self.refresh_filters()

    def refresh_filters(self) -> None:
        self.run_job(jobs.filters, group="filters", exclusive=True)

    def on_filters_loaded(self, message: FiltersLoaded) -> None:
        self.query_one(Sidebar).show_filters(message.tags, message.saved)

    @on(TagsList.Requested)
    def _tags_list_requested(self, message: TagsList.Requested) -> None:
        self.run_job(message.job, group="state")

    def on_tags_fetched(self, message: TagsFetched) -> None:
        self.commands.show_tag_editor(message)

    def on_view_ids(self, message: ViewIds) -> None:
        self.commands.ask_tag_all(message)

    @on(QuoteList.AttributeRequested)
    def _attribute_requested(self, message: QuoteList.AttributeRequested) -> None:
        self.commands.attribute(self.article, message.quote)

    def on_speaker_corrected(self, message: SpeakerCorrected) -> None:
        self.commands.speaker_corrected(message)

    # -- search ------------------------------------------------------------

    @on(SearchBar.Changed)
    def _search_changed(self, message: SearchBar.Changed) -> None:
        self.lists.search(message.text)

    @on(SearchBar.Done)
    def _search_done(self, message: SearchBar.Done) -> None:
        self.lists.search_done(message.cleared)
        self.query_one(ArticleList).focus()

    @on(FindBar.Changed)
    def _find_changed(self) -> None:
        self.finder.mark()

    @on(FindBar.Done)
    def _find_done(self, message: FindBar.Done) -> None:
        self.finder.done(message.cleared)

    def action_quotes(self) -> None:
        self.app.push_screen(QuotesScreen(self), self.changes.quote_picked)

    def action_fold(self) -> None:
        self.changes.fold()

    def action_diff(self) -> None:
        self.changes.diff()

    def on_diff_loaded(self, message: DiffLoaded) -> None:
        self.changes.diff_loaded(message)

    def action_find(self) -> None:
        self.finder.open()

    def action_next_hit(self, step: int) -> None:
        self.finder.step(step)

    def action_search(self) -> None:
        """A priority key: the box has focus before the next key ("/rain" typed at once)."""
        search = self.query_one(SearchBar)
        if search.input.has_focus:
            search.input.insert_text_at_cursor("/")  # a "/" typed in the query itself
        else:
            search.open()

    # -- actions -----------------------------------------------------------

    def action_leave(self) -> None:
        search = self.query_one(SearchBar)
        if self.changes.escape():
            return  # a diff: the article again
        if search.is_open:
            search.action_clear()
        elif self.has_class("sidebar-open"):
            self.action_sidebar()
        elif self.has_class("zen"):
            self.action_zen()
        else:
            self.lists.pop()

    def action_help(self) -> None:
        self.app.action_help()  # type: ignore[attr-defined]

    def action_next_article(self) -> None:
        articles = self.query_one(ArticleList)
        articles.move_to(articles.cursor + 1)

    def action_previous_article(self) -> None:
        articles = self.query_one(ArticleList)
        articles.move_to(articles.cursor - 1)

    def action_next_related(self) -> None:
        if not self.changes.step(1):  # on a diff: the change (or the outlet) after
            self.links.walk_related(1)

    def action_previous_related(self) -> None:
        if not self.changes.step(-1):
            self.links.walk_related(-1)

    def action_history_back(self) -> None:
        self.links.history(-1)

    def action_history_forward(self) -> None:
        self.links.history(1)

    def action_open_url(self) -> None:
        self.links.open_article_url(self.article)

    def action_copy_url(self) -> None:
        self.links.copy_article_url(self.article)

    def action_speaker(self) -> None:
        self.commands.speaker(*self.query_one(Sidebar).selected_speaker())

    def action_zen(self) -> None:
        self.toggle_class("zen")
        if self.has_class("zen"):
            self.query_one(ReadingPane).focus()

    def action_toggle_order(self) -> None:
        self.lists.toggle_order()

    def action_filter(self, which: str) -> None:
        self.lists.only(which)

    # With the list focused, a bookmark, the read mark and tags are for the article
    # under its cursor, which may not be shown yet: j then b typed quickly (its loading
    # waits for the cursor to rest, and the list's word that it moved may not even
    # have reached the screen). Then the row says which article, and whether it is read.

    def _row_loading(self) -> ListItem | None:
        articles = self.query_one(ArticleList)
        row = articles.current
        if not articles.has_focus or row is None:
            return None
        return row if self.article is None or row.article_id != self.article.id else None

    def action_toggle_bookmark(self) -> None:
        if row := self._row_loading():
            self.commands.bookmark(row.article_id)
        elif self.article is not None:
            self.commands.bookmark(self.article.id)

    def action_toggle_read(self) -> None:
        self.commands.cancel_dwell()  # m is the user's word: no timer overrides it
        if row := self._row_loading():
            self.commands.set_read(row.article_id, not row.read, say=True)
        elif self.article is not None:
            self.commands.set_article_read(self.article, not self.article.read, say=True)

    def action_edit_tags(self) -> None:
        if row := self._row_loading():
            self.commands.edit_tags(row.article_id, row.title, None)
        elif self.article is not None:
            quote = self.query_one(Sidebar).selected_quote()
            self.commands.edit_tags(self.article.id, self.article.title, quote)

    def action_tag_list(self) -> None:
        self.commands.tag_list(self.navigator.view)

    def action_save_search(self) -> None:
        self.commands.save_search(self.navigator.view)
