"""What the reading pane marks over an article: words found (N / P), the reader's
highlights and the passage cursor that makes them (h).

The base of :class:`ReadingPane`: a widget's keys and state, split from the
pane's layout and drawing by concern. The pane draws the marks (``_line_marks``).
"""

from __future__ import annotations

import re

from textual.binding import Binding
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.store import ArticleView
from reader.store.highlights import Highlight
from reader.tui import finding
from reader.tui.finding import Hit
from reader.tui.passages import PassageCursor
from reader.tui.render import Document


class MarkingPane(ScrollView):
    """Finding words and highlighting passages in the document shown."""

    BINDINGS = [
        Binding(
            "h",
            "highlight",
            "Highlight",
            id="reading.highlight",
            tooltip="a passage cursor on the first sentence shown: j/k move it, J/K make it "
            "a sentence longer/shorter, w the whole paragraph; h or enter highlights it "
            "(with a note if you like), esc leaves it",
        ),
        Binding("J", "extend(1)", "Longer", show=False, id="reading.extend"),
        Binding("K", "extend(-1)", "Shorter", show=False, id="reading.shrink"),
        Binding("w", "whole_paragraph", "Paragraph", show=False, id="reading.paragraph"),
        Binding(
            "d",
            "unhighlight",
            "Remove highlight",
            show=False,
            id="reading.unhighlight",
            tooltip="the passage cursor on a highlight: remove it (after a confirmation); "
            "h or enter on it edits its note",
        ),
        Binding("escape", "leave_passage", "Leave passage", show=False, id="reading.leave"),
    ]

    class HighlightRequested(Message):
        """h (or enter) on the passage cursor: highlight this passage or, the cursor
        within a highlight (``existing``), edit that one's note."""

        def __init__(self, passage: str, existing: Highlight | None = None) -> None:
            self.passage = passage
            self.existing = existing
            super().__init__()

    class UnhighlightRequested(Message):
        """d on the passage cursor: remove the highlight under it."""

        def __init__(self, highlight: Highlight) -> None:
            self.highlight = highlight
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: ArticleView | None = None
        self.document: Document | None = None
        self._cache: dict[int, Strip] = {}
        # Words found in the article (the search's, or the find box's), N / P between them.
        self.hits: list[Hit] = []
        self.current_hit: int | None = None
        self._hits_of_block: dict[int, list[int]] = {}
        self.showing_diff = False  # D: the latest change shown in place of the text
        self.highlights: list[Highlight] = []  # the reader's, in the article's text
        self.marks: list[tuple[int, int]] = []  # where they stand (body offsets)
        self.passage: PassageCursor | None = None  # h: the passage being chosen
        self._on_highlight: int | None = None  # the highlight the cursor is on, said once

    # -- finding words -------------------------------------------------------

    def find(self, pattern: re.Pattern[str] | None) -> int:
        """Mark what pattern finds in the article (None: nothing); how many hits."""
        texts = [block.text for block in self.document.blocks] if self.document else []
        self.hits, self.current_hit = finding.find(texts, pattern), None
        self._hits_of_block = {}
        for number, hit in enumerate(self.hits):
            self._hits_of_block.setdefault(hit.block, []).append(number)
        self._cache = {}
        self.refresh()
        return len(self.hits)

    def next_hit(self, step: int) -> bool:
        """Go to the next (1) or previous (-1) hit after the one shown; False if none."""
        if not self.hits or self.document is None:
            return False
        if self.current_hit is None:
            self.current_hit = 0 if step > 0 else len(self.hits) - 1
        else:
            self.current_hit = (self.current_hit + step) % len(self.hits)
        hit = self.hits[self.current_hit]
        for number, line in enumerate(self.document.lines):
            if line.block == hit.block and line.start <= hit.start <= line.end:
                self.scroll_to(y=max(number - 3, 0), animate=False)
                break
        self._cache = {}
        self.refresh()
        return True

    # -- highlights ----------------------------------------------------------

    def show_highlights(self, highlights: list[Highlight]) -> None:
        """Mark the reader's highlights whose passage is still in the text."""
        self.highlights = [h for h in highlights if h.start is not None and h.end]
        self.marks = [(h.start, h.end) for h in self.highlights if h.start is not None and h.end]
        self._cache = {}
        self.refresh()

    def scroll_to_body_offset(self, offset: int | None) -> None:
        line = self.document.line_of_body_offset(offset) if self.document and offset else None
        if line is not None:
            self.scroll_to(y=max(line - 2, 0), animate=False)

    def under_cursor(self, *, within: bool = False) -> Highlight | None:
        """The highlight the passage cursor is on: overlapping it or, within, holding all
        of the cursor's sentences."""
        if self.passage is None or self.document is None:
            return None
        first, last = self.passage.span
        for highlight in self.highlights:
            if highlight.start is None or highlight.end is None:
                continue
            found = self.document.text_range(self.passage.block, highlight.start, highlight.end)
            if found is None:
                continue
            start, end = found
            if (start <= first and last <= end) if within else (start < last and first < end):
                return highlight
        return None

    def action_highlight(self) -> None:
        if self.passage is not None:
            existing = self.under_cursor(within=True)
            self.post_message(self.HighlightRequested(self.passage.passage, existing))
            self.action_leave_passage()
        elif self.document is not None and self.article is not None and not self.showing_diff:
            self.passage = PassageCursor.at_line(self.document, round(self.scroll_offset.y))
            self._passage_moved()

    def action_scroll_down(self) -> None:
        if self.passage is None:
            super().action_scroll_down()
        else:
            self.passage.move(1)
            self._passage_moved()

    def action_scroll_up(self) -> None:
        if self.passage is None:
            super().action_scroll_up()
        else:
            self.passage.move(-1)
            self._passage_moved()

    def action_extend(self, step: int) -> None:
        if self.passage is not None:
            self.passage.extend(step)
            self._passage_moved()

    def action_whole_paragraph(self) -> None:
        if self.passage is not None:
            self.passage.whole_paragraph()
            self._passage_moved()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The passage cursor's keys are there only while it is: esc backs out as ever."""
        if action in ("extend", "whole_paragraph", "leave_passage", "unhighlight"):
            return self.passage is not None
        return True

    def action_unhighlight(self) -> None:
        highlight = self.under_cursor()
        if highlight is None:
            self.notify("The passage cursor is not on a highlight.")
            return
        self.post_message(self.UnhighlightRequested(highlight))
        self.action_leave_passage()

    def action_leave_passage(self) -> None:
        self.passage = None
        self._cache = {}
        self.refresh()

    def _passage_moved(self) -> None:
        self._cache = {}
        on = self.under_cursor()
        if on is not None and on.id != self._on_highlight:
            self.notify("On a highlight: h edits its note, d removes it.", timeout=3)
        self._on_highlight = on.id if on is not None else None
        if self.passage is not None and self.document is not None:
            for number, line in enumerate(self.document.lines):
                if line.block == self.passage.block:
                    top = round(self.scroll_offset.y)
                    if not top <= number < top + self.size.height - 2:
                        self.scroll_to(y=max(number - 2, 0), animate=False)
                    break
        self.refresh()
