"""The reading pane: an article's title, byline and body, fast at any length.

Layout (word wrap) is done once per width; styled segments are made only for
the lines on screen, so a 20,000-word article scrolls like a 200-word one.
Links can be reached with the keyboard (l / L, enter) as well as the mouse.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip

from reader.sanitize import display_text
from reader.store import ArticleView
from reader.tui.render import Document, Line, build_document
from reader.tui.widgets.marking_pane import MarkingPane
from reader.urls import canonical_url

# What the pane says of a saved link that no file has brought the text of.
LINK_ONLY_NOTICE = (
    "Saved link — no text yet. Importing the page (or a feed or export with its text) "
    "fills it in and keeps its tags; o opens it in the browser."
)


def _names(authors: object) -> list[object]:
    """The authors as a list, whatever an archive written elsewhere holds there."""
    if isinstance(authors, list | tuple):
        return list(authors)
    return [authors] if authors else []


class ReadingPane(MarkingPane, can_focus=True):
    """Shows one article."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="reading.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="reading.up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="reading.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="reading.bottom"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="reading.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="reading.page_up"),
        Binding("l", "next_link", "Next link", id="reading.next_link"),
        Binding("L", "previous_link", "Previous link", show=False, id="reading.previous_link"),
        Binding("enter", "follow_link", "Follow link", show=False, id="reading.follow"),
    ]

    COMPONENT_CLASSES = {
        "reading-pane--title",
        "reading-pane--meta",
        "reading-pane--heading",
        "reading-pane--quote",
        "reading-pane--link",
        "reading-pane--link-focus",
        "reading-pane--highlight",
        "reading-pane--rule",
        "reading-pane--code",
        "reading-pane--find",
        "reading-pane--find-current",
        "reading-pane--removed",
        "reading-pane--marked",
        "reading-pane--passage",
        "reading-pane--added",
    }

    DEFAULT_CSS = """
    ReadingPane {
        padding: 0 1 0 2;
        overflow-x: hidden;
        scrollbar-gutter: stable;
    }
    ReadingPane > .reading-pane--title { text-style: bold; color: $text-primary; }
    ReadingPane > .reading-pane--meta { color: $text-muted; }
    ReadingPane > .reading-pane--heading { text-style: bold; color: $text-secondary; }
    ReadingPane > .reading-pane--quote { text-style: italic; color: $text-muted; }
    ReadingPane > .reading-pane--link { color: $text-primary; text-style: underline; }
    ReadingPane > .reading-pane--link-focus { background: $primary; color: $text; }
    ReadingPane > .reading-pane--highlight { background: $warning 35%; }
    ReadingPane > .reading-pane--rule { color: $panel-lighten-2; }
    ReadingPane > .reading-pane--code { color: $text-success; }
    ReadingPane > .reading-pane--find { background: $secondary 45%; text-style: bold; }
    ReadingPane > .reading-pane--marked { background: $success 30%; }
    ReadingPane > .reading-pane--passage { background: $accent; color: $text; }
    ReadingPane > .reading-pane--removed { color: $text-error; text-style: strike; }
    ReadingPane > .reading-pane--added { color: $text-success; text-style: bold underline; }
    ReadingPane > .reading-pane--find-current { background: $secondary; color: $text; }
    """

    class LinkChosen(Message):
        """The user followed a link (enter on a focused link, or a click)."""

        def __init__(self, text: str, url: str, article_id: int | None) -> None:
            self.text = text
            self.url = url
            self.article_id = article_id
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: ArticleView | None = None
        self.document: Document | None = None
        self._link_targets: dict[int, int | None] = {}
        self.focused_link: int | None = None
        self.highlight: tuple[int, int] | None = None  # body offsets
        self._cache: dict[int, Strip] = {}

    # -- content -------------------------------------------------------------

    def show_article(self, article: ArticleView | None) -> None:
        self.article = article
        self.focused_link = None
        self.highlight = None
        self.hits, self.current_hit, self._hits_of_block = [], None, {}
        self.showing_diff, self.highlights, self.marks, self.passage = False, [], [], None
        if article is None:
            self.document = None
        else:
            # Every part is shown through display_text (in build_document), and is
            # cut only after that: a cut must not leave half an escape sequence.
            published = display_text(article.published)[:16].replace("T", " ")
            meta = [
                " · ".join(
                    part
                    for part in (
                        ("By " + ", ".join(map(display_text, _names(article.authors))))
                        if article.authors
                        else "",
                        published,
                        display_text(article.source),
                    )
                    if part
                ),
                display_text(article.url),
                ("Tags: " + ", ".join(map(display_text, article.tags))) if article.tags else "",
                LINK_ONLY_NOTICE if article.link_only else "",
            ]
            self.document = build_document(article.title, meta, article.body)
            # Links are matched on their text and address together: two links
            # reading "here" may lead to different places.
            targets = {(link.text, link.url): link.article_id for link in article.links}
            self._link_targets = {
                link.index: targets.get((link.text, canonical_url(link.url) or link.url))
                for link in self.document.links
            }
        self._relayout()
        self.scroll_to(y=0, animate=False)

    def show_diff(self, document: Document) -> None:
        """Show what changed in the article (a document of its own, no links), in
        place of its text until the article is shown again."""
        self.show_article(self.article)
        self.document, self._link_targets, self.showing_diff = document, {}, True
        self._relayout()

    def _relayout(self) -> None:
        self._cache = {}
        width = max(self.scrollable_content_region.width, 20)
        if self.document is not None:
            self.document.layout(width)
            self.virtual_size = Size(width, len(self.document.lines))
        else:
            self.virtual_size = Size(width, 0)
        self.refresh()

    def on_resize(self) -> None:
        if self.document is not None and self.document.width != max(
            self.scrollable_content_region.width, 20
        ):
            self._relayout()

    def highlight_quote(self, start: int | None, end: int | None) -> None:
        """Scroll to a quotation (body offsets) and mark it."""
        if self.document is None or not isinstance(start, int) or not isinstance(end, int):
            return  # none, or not numbers (an archive written by another program)
        self.highlight = (start, end)
        self._cache = {}
        line = self.document.line_of_body_offset(start)
        if line is not None:
            self.scroll_to(y=max(line - 2, 0), animate=False)
        self.refresh()

    # -- drawing -----------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        document = self.document
        if document is None or index >= len(document.lines):
            return Strip.blank(width, self.rich_style)
        cached = self._cache.get(index)
        if cached is None:
            cached = self._cache[index] = self._render_document_line(
                document, document.lines[index], width
            )
        return cached

    def _render_document_line(self, document: Document, line: Line, width: int) -> Strip:
        base = self.rich_style
        if line.block < 0:
            return Strip.blank(width, base)
        block = document.blocks[line.block]
        if block.kind == "rule":
            style = self.get_component_rich_style("reading-pane--rule")
            return self._strip(Text("─" * width, style), width)
        lead = block.prefix if line.first else " " * block.indent
        text = Text(lead, end="", no_wrap=True)
        piece = block.text[line.start : line.end]
        body = Text(piece, self._block_style(block.kind), end="", no_wrap=True)
        for start, end, style_name in block.spans:
            if end <= line.start or start >= line.end:
                continue
            body.stylize(
                self._span_style(style_name),
                max(start, line.start) - line.start,
                min(end, line.end) - line.start,
            )
        for first, last, name in self._line_marks(document, line.block):
            if last > line.start and first < line.end:
                body.stylize(
                    self.get_component_rich_style(f"reading-pane--{name}"),
                    max(first, line.start) - line.start,
                    min(last, line.end) - line.start,
                )
        text.append_text(body)
        return self._strip(text, width)

    def _line_marks(self, document: Document, block: int) -> list[tuple[int, int, str]]:
        """What is marked in a block, as character ranges and the style's name: the
        focused link, highlights, the passage cursor, the quote, words found."""
        marks: list[tuple[int, int, str]] = []
        if self.focused_link is not None and document.links[self.focused_link].block == block:
            link = document.links[self.focused_link]
            marks.append((link.start, link.end, "link-focus"))
        for offsets, name in [(mark, "marked") for mark in self.marks] + (
            [(self.highlight, "highlight")] if self.highlight is not None else []
        ):
            found = document.text_range(block, *offsets)
            if found:
                marks.append((*found, name))
        if self.passage is not None and self.passage.block == block:
            marks.append((*self.passage.span, "passage"))
        for number in self._hits_of_block.get(block, ()):
            hit = self.hits[number]
            marks.append(
                (hit.start, hit.end, "find-current" if number == self.current_hit else "find")
            )
        return marks

    def _strip(self, text: Text, width: int) -> Strip:
        segments = list(text.render(self.app.console))
        base = self.rich_style
        return Strip(segments).adjust_cell_length(width, base).apply_style(base)

    def _block_style(self, kind: str) -> Style:
        name = {
            "title": "reading-pane--title",
            "meta": "reading-pane--meta",
            "heading": "reading-pane--heading",
            "quote": "reading-pane--quote",
            "pre": "reading-pane--code",
        }.get(kind)
        return self.get_component_rich_style(name) if name else Style()

    def _span_style(self, name: str) -> Style:
        if name == "link":
            return self.get_component_rich_style("reading-pane--link")
        if name == "code":
            return self.get_component_rich_style("reading-pane--code")
        if name in ("diff-removed", "diff-added"):
            return self.get_component_rich_style(f"reading-pane--{name[5:]}")
        return Style.parse(name)

    # -- keys --------------------------------------------------------------

    def action_next_link(self) -> None:
        self._move_link(1)

    def action_previous_link(self) -> None:
        self._move_link(-1)

    def _move_link(self, step: int) -> None:
        if self.document is None or not self.document.links:
            self.app.notify("This article has no links.", severity="information")
            return
        count = len(self.document.links)
        if self.focused_link is None:
            self.focused_link = 0 if step > 0 else count - 1
        else:
            self.focused_link = (self.focused_link + step) % count
        self._cache = {}
        link = self.document.links[self.focused_link]
        for number, line in enumerate(self.document.lines):
            if line.block == link.block and line.start <= link.start <= line.end:
                top = round(self.scroll_offset.y)
                if not top <= number < top + self.size.height:
                    self.scroll_to(y=max(number - 2, 0), animate=False)
                break
        self.refresh()

    def action_follow_link(self) -> None:
        if self.passage is not None:
            self.action_highlight()  # enter on the passage cursor: highlight it
            return
        if self.document is None or self.focused_link is None:
            return
        link = self.document.links[self.focused_link]
        self.post_message(self.LinkChosen(link.text, link.url, self._link_targets.get(link.index)))

    async def _on_click(self, event: object) -> None:
        document = self.document
        x, y = getattr(event, "x", None), getattr(event, "y", None)
        if document is None or not isinstance(x, int) or not isinstance(y, int):
            return
        index = round(self.scroll_offset.y) + y
        if not 0 <= index < len(document.lines):
            return
        line = document.lines[index]
        block = document.blocks[line.block] if line.block >= 0 else None
        if block is None:
            return
        lead = len(block.prefix if line.first else " " * block.indent)
        column = line.start + x - self.styles.padding.left - lead
        for link in document.links:
            if link.block == line.block and link.start <= column < link.end:
                self.focused_link = link.index
                self._cache = {}
                self.refresh()
                self.action_follow_link()
                return

    def region_of_line(self, index: int) -> Region:
        return Region(0, index - round(self.scroll_offset.y), self.size.width, 1)
