"""The main screen's commands that change things: the user's state (b, m, t, T, ctrl+s, a), links.

Plain helpers of :class:`MainScreen` (no widgets of their own): they ask what
they need in dialogs and run the work as jobs; the jobs' messages come back to
the screen, whose handlers hand them here to show the change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer

from reader.sanitize import display_text
from reader.store import ArticleView
from reader.store.queries import QuoteView
from reader.tui import jobs, links
from reader.tui.messages import FlagsChanged, Launched, SpeakerCorrected, TagsFetched, ViewIds
from reader.tui.screens.dialogs import Confirm, Prompt, TagEditor
from reader.tui.screens.speaker import SpeakerChoice, SpeakerDialog, speaker_names
from reader.tui.views import View
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.sidebar import Sidebar
from reader.urls import is_web_url

if TYPE_CHECKING:
    from reader.tui.screens.main import MainScreen


class UserCommands:
    """Tags, bookmarks, read state, saved searches and speaker corrections."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._dwell: Timer | None = None

    def shown(self, article: ArticleView | None, *, opened: bool) -> None:
        """An article is on screen: read if opened; after the dwell, if the user set one."""
        self.cancel_dwell()
        settings = self.screen.settings
        if article is None or article.read:
            return
        if opened and settings.mark_read_on_open:
            self.set_article_read(article, True, say=False)
        elif not opened and settings.read_dwell is not None:
            self._dwell = self.screen.set_timer(settings.read_dwell, lambda: self.dwelt(article))

    def dwelt(self, article: ArticleView) -> None:
        """Still on screen after the dwell the user chose: it has been read."""
        if self.screen.article is article and not article.read and self.screen.query(ArticleList):
            self.set_article_read(article, True, say=False)

    def cancel_dwell(self) -> None:
        if self._dwell is not None:
            self._dwell.stop()
            self._dwell = None

    def bookmark(self, article_id: int) -> None:
        self.screen.run_job(lambda a: jobs.toggle_bookmark(a, article_id), group="state")

    def set_article_read(self, article: ArticleView, read: bool, *, say: bool) -> None:
        """The article shown read or not: its view too, which the next m toggles."""
        article.read = read
        self.set_read(article.id, read, say=say)

    def set_read(self, article_id: int, read: bool, *, say: bool) -> None:
        """Written at once; shown at once too, so that a slow write (an import) is not seen."""
        self.screen.query_one(ArticleList).update_item(article_id, read=read)
        self.screen.run_job(lambda a: jobs.set_read(a, article_id, read, say=say), group="state")

    def edit_tags(self, article_id: int, title: str, quote: QuoteView | None) -> None:
        text = quote.text if quote else None
        self.screen.run_job(lambda a: jobs.tags_of(a, article_id, text, title), group="state")

    def show_tag_editor(self, fetched: TagsFetched) -> None:
        def apply(changes: list[tuple[str, str]] | None) -> None:
            if changes:
                self.screen.run_job(
                    lambda a: jobs.apply_tags(a, fetched.article_id, fetched.quote_text, changes),
                    group="state",
                )

        self.screen.app.push_screen(
            TagEditor(fetched.subject, fetched.current, fetched.known), apply
        )

    def tag_list(self, view: View | None) -> None:
        if view is None or view.kind == "all":
            self.screen.notify(
                "Narrow the list first (search, a tag, an entity): T tags all of it."
            )
            return
        self.screen.run_job(lambda a: jobs.view_ids(a, view), group="state")

    def ask_tag_all(self, found: ViewIds) -> None:
        view, ids = found.view, found.ids
        if not ids:
            self.screen.notify("This list is empty.")
            return

        def ask_tag(answer: str | None) -> None:
            if not answer:
                return

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.screen.run_job(lambda a: jobs.tag_all(a, ids, answer), group="state")

            count = f"{len(ids):,} {'article' if len(ids) == 1 else 'articles'}"
            self.screen.app.push_screen(
                Confirm(f"Tag all {count} of “{view.label}” with #{answer}?"), confirmed
            )

        self.screen.app.push_screen(Prompt(f"Tag every article of “{view.label}” with:"), ask_tag)

    def save_search(self, view: View | None) -> None:
        if view is None or not view.query:
            self.screen.notify("Search first (/), then save the search.")
            return
        text = view.query

        def named(name: str | None) -> None:
            if name:
                self.screen.run_job(lambda a: jobs.save_search(a, name, text), group="state")

        self.screen.app.push_screen(Prompt(f"Save “{text}” as:"), named)

    def attribute(self, article: ArticleView | None, quote: QuoteView) -> None:
        if article is None:
            return
        article_id = article.id

        def chosen(choice: SpeakerChoice | None) -> None:
            if choice is not None:
                speaker = choice.speaker
                self.screen.run_job(
                    lambda a: jobs.correct_speaker(a, article_id, quote.text, speaker),
                    group="state",
                )

        self.screen.app.push_screen(SpeakerDialog(quote, speaker_names(article.entities)), chosen)

    def apply_flags(self, message: FlagsChanged) -> None:
        """Show changed flags in the list and the pane (the pane's tags are read again)."""
        flags = message.flags
        changes = {
            name: value
            for name, value in (
                ("read", flags.read),
                ("bookmarked", flags.bookmarked),
                ("tagged", flags.tagged),
            )
            if value is not None
        }
        articles = self.screen.query_one(ArticleList)
        for article_id in message.article_ids:
            articles.update_item(article_id, **changes)
        article = self.screen.article
        if article is not None and article.id in message.article_ids:
            if flags.read is not None:
                article.read = flags.read
            if flags.bookmarked is not None:
                article.bookmarked = flags.bookmarked
            if flags.tagged is not None:
                shown = article.id
                self.screen.run_job(
                    lambda a: jobs.load_article(a, shown, None, opened=False),
                    group="article",
                    exclusive=True,
                )
        if flags.tagged is not None:
            self.screen.refresh_filters()
        if message.text:
            self.screen.notify(message.text)

    def speaker(self, entity_id: int | None, name: str | None) -> None:
        """s: everything the speaker under the sidebar's cursor said."""
        if entity_id is None or name is None:
            self.screen.notify("Put the cursor on a quote or a person in the sidebar first.")
            return
        self.screen.run_job(
            lambda a: jobs.speaker(a, entity_id, name), group="view", exclusive=True
        )

    def speaker_corrected(self, message: SpeakerCorrected) -> None:
        article = self.screen.article
        if article is not None and article.id == message.article_id:
            article.quotes = message.quotes
            self.screen.query_one(Sidebar).show_quotes(message.quotes)
        speaker = display_text(message.speaker)
        self.screen.notify(f"✎ Said by {speaker}." if speaker else "✎ Speaker cleared.")


class LinkCommands:
    """o, y and followed links: to a browser beside the reader, or to the clipboard."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def walk_related(self, step: int) -> None:
        """] and [: the next (1) or previous (-1) related article of the walk."""
        article = self.screen.article
        if article is None:
            return
        related = [item.id for item in article.related]
        target = self.screen.navigator.walk_related(article.id, related, step)
        if target == "none":
            self.screen.notify("No related articles.")
        elif target == "end":
            self.screen.notify("No more related articles.")
        else:
            self.screen.open(target, "related")

    def history(self, step: int) -> None:
        """Back (-1) or forward (1) through the articles gone to, to where each was read."""
        navigator = self.screen.navigator
        scroll = round(self.screen.query_one(ReadingPane).scroll_y)
        visit = navigator.back(scroll) if step < 0 else navigator.forward(scroll)
        if visit is None:
            self.screen.notify(f"Nothing to go {'back' if step < 0 else 'forward'} to.")
            return
        self.screen.open(visit.article_id, "history", scroll=visit.scroll)

    def open_url(self, url: str) -> None:
        # The address as shown is the one opened: a bidi control or an escape in it
        # must not make the browser go somewhere other than what the pane says.
        shown = display_text(url)
        if not is_web_url(shown):  # only http(s), whatever the article says
            self.screen.notify(
                f"Only http and https links are opened: {shown[:80]}", severity="warning"
            )
            return
        self.screen.run_job(lambda _a: links.open_link(shown), group="browser")

    def launched(self, message: Launched) -> None:
        url = message.offer_copy
        if url is None:
            self.screen.notify(message.text, severity="error" if message.failed else "information")
            return

        def answered(copy: bool | None) -> None:
            if copy:
                self.copy(url)

        self.screen.app.push_screen(Confirm(f"{message.text} Copy {url[:80]} instead?"), answered)

    def open_article_url(self, article: ArticleView | None) -> None:
        """o: the article's address in the browser."""
        if article is None or not is_web_url(article.url):
            self.screen.notify("This article has no web address to open.", severity="warning")
            return
        self.open_url(article.url or "")

    def copy_article_url(self, article: ArticleView | None) -> None:
        """y: the address as the pane shows it, not raw bytes a paste would carry into a shell."""
        url = display_text(article.url) if article is not None else ""
        if not url:
            self.screen.notify("This article has no web address.", severity="warning")
            return
        self.copy(url)

    def copy(self, text: str) -> None:
        """To the terminal's clipboard (OSC 52) and, where there is one, the system's."""
        self.screen.app.copy_to_clipboard(text)
        self.screen.run_job(lambda _a: links.copy_with_program(text), group="clipboard")
