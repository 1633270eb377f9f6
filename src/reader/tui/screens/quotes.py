"""The Quotes view (Q): quotes across the whole archive, whole and wrapped, filtered as
you type in the quote query language, enter opening the article at the quote.

Free words match what was said, ``said:`` the speaker (aliases too), ``tag:`` a
quote's tag, and every other operator the articles the quotes come from. Each
keystroke runs the query as a job (:func:`reader.tui.jobs.quote_hits`) whose
message comes back to this screen; an older one overtaken by typing posts nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList
from textual.widgets.option_list import Option

from reader.sanitize import display_text
from reader.store.search import QuoteHit
from reader.tui import jobs
from reader.tui.messages import QuotesFound
from reader.tui.widgets.text_line import TextLine

if TYPE_CHECKING:
    from reader.tui.screens.main import MainScreen

PLACEHOLDER = "Quotes: words of what was said  said:Varga  tag:key  source:  before:  sort:oldest"


class QuoteHitOption(Option):
    """A quote of the archive, carrying it: its date, outlet and speaker, then the
    whole quote, wrapped by the list."""

    def __init__(self, hit: QuoteHit) -> None:
        self.hit = hit
        prompt = Text(end="")
        head = " · ".join(
            part
            for part in (
                display_text(hit.published)[:10],
                display_text(hit.source),
                ("✎ " if hit.corrected else "") + (display_text(hit.speaker) or "unattributed"),
            )
            if part
        )
        prompt.append(head + "\n", "bold")
        prompt.append(f"“{display_text(hit.text)}”\n")
        prompt.append(display_text(hit.title), "dim italic")
        super().__init__(prompt)


class QuoteHits(OptionList):
    """The quotes found; enter opens one's article at it."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class QuotesScreen(Screen[QuoteHit | None]):
    """Every quote of the archive, narrowed by a quote query as it is typed."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="quotes.close", tooltip="back to the articles"),
        Binding("slash", "filter", "Filter", id="quotes.filter", tooltip="type a quote query"),
    ]

    DEFAULT_CSS = """
    QuotesScreen > Input { height: 3; border: tall $accent; }
    QuotesScreen > #quotes-status { padding: 0 1; color: $text-muted; }
    QuotesScreen > #quotes-status.-problem { color: $warning; }
    QuotesScreen > QuoteHits { height: 1fr; border: none; }
    QuotesScreen > QuoteHits > .option-list--option { padding: 0 1; }
    """

    def __init__(self, main: MainScreen) -> None:
        super().__init__()
        self.main = main
        self.text = ""  # the query the list shows (or is coming)
        self.loaded = 0  # quotes in the list
        self.more = False  # whether the last page was full: more may follow
        self.reading = False  # a next page is being read

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="quotes-query")
        yield TextLine("Reading the quotes…", id="quotes-status")
        yield QuoteHits(id="quote-hits")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._run("")

    def _run(self, text: str, offset: int = 0) -> None:
        self.text = text
        self.reading = offset > 0
        self.main.run_job(
            lambda a: jobs.quote_hits(a, text, offset), group="quotes", exclusive=True, to=self
        )

    @on(OptionList.OptionHighlighted, "#quote-hits")
    def _near_the_end(self, event: OptionList.OptionHighlighted) -> None:
        if self.more and not self.reading and event.option_index >= self.loaded - 20:
            self._run(self.text, self.loaded)

    @on(Input.Changed, "#quotes-query")
    def _changed(self, event: Input.Changed) -> None:
        self._run(event.value.strip())

    @on(Input.Submitted, "#quotes-query")
    def _submitted(self) -> None:
        self.query_one(QuoteHits).focus()

    def on_quotes_found(self, message: QuotesFound) -> None:
        if message.text != self.text or message.offset not in (0, self.loaded):
            return  # overtaken by typing
        self.reading = False
        status = self.query_one("#quotes-status", TextLine)
        status.set_class(message.problem is not None, "-problem")
        if message.problem is not None:
            status.set(message.problem)
            return  # the list stays as it was
        hits = self.query_one(QuoteHits)
        if message.offset == 0:
            hits.clear_options()
            self.loaded = 0
        hits.add_options([QuoteHitOption(hit) for hit in message.hits])
        if message.hits and message.offset == 0:
            hits.highlighted = 0
        self.loaded += len(message.hits)
        self.more = len(message.hits) >= jobs.QUOTES_SHOWN
        count = self.loaded
        more = "+" if self.more else ""
        status.set(
            f"{count:,}{more} quotes — enter opens the article at the quote, / filters, esc: back"
            if count
            else "No quote found."
        )

    @on(OptionList.OptionSelected, "#quote-hits")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, QuoteHitOption):
            self.dismiss(event.option.hit)

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def action_close(self) -> None:
        self.dismiss(None)
