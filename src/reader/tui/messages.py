"""What workers send back: one typed message per kind of result.

A worker (see :mod:`reader.tui.jobs`) only reads and writes the archive and
returns one of these; the main screen's handlers change what is shown, on the
event loop. A worker that raises is turned into a notice by the app's one error
handler instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from reader.store import ArticleView
from reader.store.highlights import Highlight
from reader.store.queries import QuoteView
from reader.store.search import Month, QuoteHit
from reader.store.stories import StoryMember
from reader.tui.diff_view import Compared
from reader.tui.items import ListItem
from reader.tui.render import Document
from reader.tui.views import View


class ArticleLoaded(Message):
    """An article read from the archive, and the quote to highlight in it."""

    def __init__(
        self,
        article: ArticleView | None,
        quote: tuple[int | None, int | None] | None,
        *,
        opened: bool,
        scroll: int | None = None,
        story: list[StoryMember] | None = None,
        highlights: list[Highlight] | None = None,
    ) -> None:
        self.article = article
        self.quote = quote
        self.story = story or []  # the other outlets' copies of it
        self.highlights = highlights or []  # the reader's marks in it
        self.opened = opened  # the user opened it (enter, a link): it is being read
        self.scroll = scroll  # where to put the pane (back and forward), None: the top
        super().__init__()


class QuotesFound(Message):
    """The quotes a quote query names (the Quotes view), or why the query cannot run."""

    def __init__(
        self, text: str, hits: list[QuoteHit], problem: str | None = None, offset: int = 0
    ) -> None:
        self.text = text
        self.hits = hits
        self.problem = problem
        self.offset = offset  # where in the list these hits go: 0, or the next page
        super().__init__()


class TimelineLoaded(Message):
    """An entity's months (mentions, articles, quotes) and its busiest ones."""

    def __init__(self, entity_id: int, months: list[Month], busiest: list[Month]) -> None:
        self.entity_id = entity_id
        self.months = months
        self.busiest = busiest
        super().__init__()


class DiffLoaded(Message):
    """A diff laid out for the reading pane: a change of an article's versions, or two
    outlets' copies of its story (``compared`` says which, for [ / ] to step on)."""

    def __init__(self, article_id: int, document: Document, compared: Compared) -> None:
        self.article_id = article_id
        self.document = document
        self.compared = compared
        super().__init__()


class HighlightsChanged(Message):
    """An article's highlights after one was made, removed or noted: the pane and the
    sidebar show them, and the notice says what was done."""

    def __init__(self, article_id: int, highlights: list[Highlight], said: str = "") -> None:
        self.article_id = article_id
        self.highlights = highlights
        self.said = said
        super().__init__()


class FirstPage(Message):
    """The archive's first rows at start-up; its length follows in Counted."""

    def __init__(self, view: View, rows: list[ListItem], newest: int | None) -> None:
        self.view = view
        self.rows = rows
        self.newest = newest
        super().__init__()


class ViewReady(Message):
    """A narrowed list (search, tag, entity, speaker) with its first page."""

    def __init__(
        self, view: View, *, replace: bool = False, generation: int = -1, cursor: int = 0
    ) -> None:
        self.view = view
        self.replace = replace
        self.cursor = cursor  # the row to put the cursor on (a fold: the story's row)
        self.generation = generation  # a search's keystroke; -1: not a search
        super().__init__()


class Counted(Message):
    """A view's exact length, counted after its first page was shown."""

    def __init__(self, view: View, total: int) -> None:
        self.view = view
        self.total = total
        super().__init__()


class ArchiveGrew(Message):
    """Articles were imported while the reader is open.

    ``position`` is where the article under the cursor now is in the whole
    archive's list: the cursor follows the article, not the row number.
    """

    def __init__(
        self, newest: int | None, total: int, position: int | None, article_id: int | None
    ) -> None:
        self.newest = newest
        self.total = total
        self.position = position
        self.article_id = article_id  # whose position it is
        super().__init__()


class Problem(Message):
    """Something the user asked for could not be done; the words say why."""

    def __init__(self, text: str, *, generation: int = -1) -> None:
        self.text = text
        self.generation = generation  # a search's keystroke, as in ViewReady
        super().__init__()


class Notice(Message):
    """Done: say so (a saved search, a renamed tag)."""

    def __init__(self, text: str, *, filters_changed: bool = False) -> None:
        self.text = text
        self.filters_changed = filters_changed
        super().__init__()


@dataclass(frozen=True)
class Flags:
    """An article's flags after a change; None: unchanged."""

    read: bool | None = None
    bookmarked: bool | None = None
    tagged: bool | None = None


class FlagsChanged(Message):
    """The read, bookmark or tag state of articles changed."""

    def __init__(self, article_ids: list[int], flags: Flags, text: str = "") -> None:
        self.article_ids = article_ids
        self.flags = flags
        self.text = text  # what to tell the user, if anything
        super().__init__()


class FiltersLoaded(Message):
    """Every tag with its count, and the saved searches, for the sidebar."""

    def __init__(self, tags: list[tuple[str, int]], saved: list[tuple[str, str]]) -> None:
        self.tags = tags
        self.saved = saved
        super().__init__()


class SpeakerCorrected(Message):
    def __init__(self, article_id: int, quotes: list[QuoteView], speaker: str | None) -> None:
        self.article_id = article_id
        self.quotes = quotes
        self.speaker = speaker
        super().__init__()


class TagsFetched(Message):
    """The tags of an article (or of a quote) and every known tag, for the tag editor."""

    def __init__(
        self,
        article_id: int,
        quote_text: str | None,
        subject: str,
        current: list[str],
        known: list[str],
    ) -> None:
        self.article_id = article_id
        self.quote_text = quote_text
        self.subject = subject
        self.current = current
        self.known = known
        super().__init__()


class ViewIds(Message):
    """Every article of a view, for tagging them all (T)."""

    def __init__(self, view: View, ids: list[int]) -> None:
        self.view = view
        self.ids = ids
        super().__init__()


class Launched(Message):
    """What became of a link handed to a browser, or the clipboard: the words to say."""

    def __init__(self, text: str, *, failed: bool = False, offer_copy: str | None = None) -> None:
        self.text = text
        self.failed = failed
        self.offer_copy = offer_copy  # no browser: the link to offer to copy
        super().__init__()
