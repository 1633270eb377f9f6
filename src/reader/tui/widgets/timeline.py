"""An entity's or a speaker's timeline: mentions month by month, above their list.

Computed in a worker (:func:`reader.tui.jobs.timeline`); shown with Textual's
Sparkline, the busiest months named on the line above it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Sparkline

from reader.tui.messages import TimelineLoaded
from reader.tui.widgets.text_line import TextLine


class Timeline(Vertical):
    """Hidden unless the list is one entity's or one speaker's."""

    DEFAULT_CSS = """
    Timeline { height: auto; display: none; padding: 0 1; }
    Timeline > #timeline-label { color: $text-muted; }
    Timeline > Sparkline { height: 2; }
    Timeline > #timeline-quotes { height: 1; }
    Timeline > #timeline-quotes-label { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entity_id: int | None = None  # whose timeline is wanted
        self.months: list[str] = []

    def compose(self) -> ComposeResult:
        yield TextLine("", id="timeline-label")
        yield Sparkline([], id="timeline-chart")
        # Quotes a month, on the same months: shown when there are any.
        yield TextLine("", id="timeline-quotes-label")
        yield Sparkline([], id="timeline-quotes")

    def expect(self, entity_id: int | None) -> None:
        """The list is now this entity's (None: nobody's, no timeline)."""
        self.entity_id = entity_id
        if entity_id is None:
            self.display = False

    def show(self, message: TimelineLoaded) -> None:
        if message.entity_id != self.entity_id:
            return  # the list moved on meanwhile
        months = message.months
        self.months = [month.month for month in months]
        if not months:
            self.display = False
            return
        busiest = ", ".join(
            f"{month.month} ({month.articles:,} articles, {month.quotes:,} quotes)"
            for month in message.busiest
        )
        self.query_one("#timeline-label", TextLine).set(
            f"Mentions a month, {months[0].month} – {months[-1].month} · busiest: {busiest}"
        )
        self.query_one("#timeline-chart", Sparkline).data = [
            float(month.mentions) for month in months
        ]
        quotes = [float(month.quotes) for month in months]
        said = sum(quotes) > 0
        self.query_one("#timeline-quotes-label", TextLine).set(
            f"Quotes a month ({int(sum(quotes)):,} in all)" if said else ""
        )
        self.query_one("#timeline-quotes-label").display = said
        chart = self.query_one("#timeline-quotes", Sparkline)
        chart.data = quotes
        chart.display = said
        self.display = True
