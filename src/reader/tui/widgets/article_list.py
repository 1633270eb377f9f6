"""The article list: a virtual list that fetches rows from SQLite page by page.

Only the rows on screen are rendered (Line API: ``render_line``), and only the
pages those rows fall in are fetched, in a thread worker; a million articles
open as fast as ten. DataTable, ListView and OptionList hold every row and
took seconds at 100,000.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.sanitize import display_text
from reader.tui.items import PAGE, ListItem, PageLoader

LINK_ONLY_MARK = "↗ "
SOURCE_WIDTH = 16  # the source column, cut with "…"


class ArticleList(ScrollView, can_focus=True):
    """Titles, dates, sources and markers, newest first, fetched as they come into view."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "Top", show=False, id="list.top"),
        Binding("G,end", "last", "Bottom", show=False, id="list.bottom"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("enter", "select", "Open", id="list.open"),
    ]

    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--date",
        "article-list--source",
        "article-list--marker",
        "article-list--snippet",
        "article-list--hit",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        overflow-x: hidden;
        scrollbar-gutter: stable;
    }
    ArticleList > .article-list--cursor {
        background: $accent 40%;
        text-style: bold;
    }
    ArticleList:focus > .article-list--cursor {
        background: $accent;
        color: $text;
    }
    ArticleList > .article-list--unread {
        text-style: bold;
    }
    ArticleList > .article-list--date {
        color: $text-muted;
    }
    ArticleList > .article-list--source {
        color: $text-primary;
    }
    ArticleList > .article-list--marker {
        color: $warning;
    }
    ArticleList > .article-list--snippet {
        color: $text-muted;
    }
    ArticleList > .article-list--hit {
        color: $text-warning;
        text-style: bold;
    }
    """

    cursor = reactive(0)

    class Highlighted(Message):
        """The cursor moved onto an item."""

        def __init__(self, item: ListItem, index: int) -> None:
            self.item = item
            self.index = index
            super().__init__()

    class Selected(Message):
        """The user chose an item (enter or click)."""

        def __init__(self, item: ListItem, index: int) -> None:
            self.item = item
            self.index = index
            super().__init__()

    class Loaded(Message):
        """A page of rows arrived from the archive."""

        def __init__(self, generation: int, page: int, items: list[ListItem]) -> None:
            self.generation = generation
            self.page = page
            self.items = items
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._loader: PageLoader | None = None
        self._total = 0
        self._pages: dict[int, list[ListItem]] = {}
        self._pending: set[int] = set()
        self._generation = 0
        self._wanted_cursor: int | None = None
        self._strips: dict[tuple[ListItem, bool, int, int], Strip] = {}
        # Screen lines per item: 2 when a search shows its passage under each title.
        self.row_height = 1
        self._quiet = False  # moving the cursor without announcing it

    # -- the source of rows --------------------------------------------------

    def show(
        self,
        loader: PageLoader,
        total: int,
        cursor: int = 0,
        first_page: list[ListItem] | None = None,
        *,
        announce: bool = True,
        tall: bool = False,
    ) -> None:
        """Show a new list: ``loader(offset, limit)`` fetches rows (in a worker thread).

        ``first_page``, when the caller already has it, is shown without a query.
        ``announce=False``: the same list grown (an import), the cursor kept on its
        article; nothing new is under it, so nothing is opened. ``tall``: each item
        takes two lines, its title and the passage around its hits (a search's snippet).
        """
        self._generation += 1
        self._loader = loader
        self._pages = {0: first_page} if first_page is not None else {}
        self._pending = set()
        self._total = total
        # Where the cursor is on screen, in items.
        row = (self.cursor * self.row_height - round(self.scroll_offset.y)) // self.row_height
        self.row_height = 2 if tall else 1
        # A row still to be announced (a key pressed while its page loaded) stays so.
        pending = self._wanted_cursor is not None
        self._wanted_cursor = cursor if announce or pending else None
        self.virtual_size = Size(self.size.width, total * self.row_height)
        self._quiet = not announce
        self.cursor = min(cursor, max(total - 1, 0))
        self._quiet = False
        # A new list puts the cursor mid-screen; the same list grown keeps it where it was.
        top = self.cursor - (self._visible_items // 2 if announce else row)
        self.scroll_to(y=max(top, 0) * self.row_height, animate=False)
        self._request(self.cursor // PAGE)
        self.refresh()
        if self._wanted_cursor is not None and self.item(self.cursor) is not None:
            self._wanted_cursor = None
            self.announce()

    def set_total(self, total: int) -> None:
        """The full length, once counted (the first page may be shown before)."""
        self._total = total
        self.virtual_size = Size(self.size.width, total * self.row_height)
        self.refresh()

    @property
    def _visible_items(self) -> int:
        return max(self.size.height // self.row_height, 1)

    @property
    def total(self) -> int:
        return self._total

    def item(self, index: int) -> ListItem | None:
        page = self._pages.get(index // PAGE)
        if page is None or not 0 <= index % PAGE < len(page):
            return None
        return page[index % PAGE]

    @property
    def current(self) -> ListItem | None:
        return self.item(self.cursor)

    def update_item(self, article_id: int, **changes: object) -> None:
        """Reflect a change (read, bookmarked) in loaded rows without a reload."""
        from dataclasses import replace

        for number, page in self._pages.items():
            for index, item in enumerate(page):
                if item.article_id == article_id:
                    page[index] = replace(item, **changes)  # type: ignore[arg-type]
                    self.refresh_line(number * PAGE + index)

    def _request(self, page: int) -> None:
        if page in self._pages or page in self._pending or self._loader is None:
            return
        if page * PAGE >= max(self._total, PAGE):
            return
        self._pending.add(page)
        generation, loader = self._generation, self._loader

        def load() -> None:
            self.post_message(self.Loaded(generation, page, loader(page * PAGE, PAGE)))

        # The app's worker: its one error handler reports a page that cannot be read.
        self.app.run_worker(load, thread=True, group="list-pages", exit_on_error=False)

    def on_article_list_loaded(self, message: Loaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._pending.discard(message.page)
        self._pages[message.page] = message.items
        if len(self._pages) > 200:  # keep memory flat while scrolling far
            for page in sorted(self._pages, key=lambda p: abs(p - message.page))[100:]:
                del self._pages[page]
        self.refresh()
        if self._wanted_cursor is not None and self.item(self.cursor) is not None:
            self._wanted_cursor = None
            self.announce()

    # -- drawing -----------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index, part = divmod(round(self.scroll_offset.y) + y, self.row_height)
        width = self.scrollable_content_region.width
        if index >= self._total:
            return Strip.blank(width, self.rich_style)
        item = self.item(index)
        if item is None:
            self._request(index // PAGE)
            return Strip([Segment(" " * width, self.rich_style)], width)
        key = (item, index == self.cursor, width, part)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 2000:
                self._strips.clear()
            render = self._render_snippet if part else self._render_item
            strip = self._strips[key] = render(item, index == self.cursor, width)
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a new theme or focus state: render rows again

    def _render_item(self, item: ListItem, is_cursor: bool, width: int) -> Strip:
        base = self.rich_style
        if is_cursor:
            base = base + self.get_component_rich_style("article-list--cursor")
        marker_style = self.get_component_rich_style("article-list--marker")
        date_style = self.get_component_rich_style("article-list--date")
        source_style = self.get_component_rich_style("article-list--source")
        title_style = (
            self.get_component_rich_style("article-list--unread") if not item.read else Style()
        )
        markers = (
            ("●" if not item.read else " ")
            + ("★" if item.bookmarked else " ")
            + ("#" if item.tagged else " ")
            # Changed, or in a story: in the space before the title (no column of its own,
            # so the title keeps its width in a narrow list).
            + ("Δ" if item.changed else "≡" if item.story is not None else " ")
        )
        # Cleaned first, cut after: a cut must not leave half an escape sequence.
        date = display_text(item.published)[:10]
        title = display_text(item.title)
        # Fixed columns, so that dates and sources line up whatever each row holds.
        show_source = width >= 60
        fixed = 4 + 11 + (SOURCE_WIDTH + 2 if show_source else 0)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(markers, marker_style)
        if item.link_only:
            text.append(LINK_ONLY_MARK, marker_style)  # a saved link, no text yet
        text.append(title, title_style)
        text.truncate(max(width - fixed + 4, 8), overflow="ellipsis", pad=True)
        text.append(" " + date.ljust(10), date_style)
        if show_source:
            source = Text(display_text(item.source), source_style, no_wrap=True, end="")
            source.truncate(SOURCE_WIDTH, overflow="ellipsis", pad=True)
            text.append("  ")
            text.append_text(source)
        text.stylize(base)
        segments = list(text.render(self.app.console))
        return Strip(segments).adjust_cell_length(width, base).apply_style(base)

    def _render_snippet(self, item: ListItem, is_cursor: bool, width: int) -> Strip:
        """The passage under a search hit: its hit words styled (rich Text, never markup)."""
        base = self.rich_style
        if is_cursor:
            base = base + self.get_component_rich_style("article-list--cursor")
        hit = self.get_component_rich_style("article-list--hit")
        plain = self.get_component_rich_style("article-list--snippet")
        text = Text("  ", no_wrap=True, overflow="ellipsis", end="")
        lead = max(width // 4, 4)  # the words before the first hit that stay in a narrow list
        for number, (part, is_hit) in enumerate(item.snippet):
            shown = _spaced(part)
            if number == 0 and not is_hit and len(shown) > lead:
                shown = "…" + shown[-lead:]
            text.append(shown, hit if is_hit else plain)
        text.truncate(max(width, 8), overflow="ellipsis")
        text.stylize(base)
        segments = list(text.render(self.app.console))
        return Strip(segments).adjust_cell_length(width, base).apply_style(base)

    # -- moving ------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._request(new // PAGE)
        self._scroll_cursor_into_view()
        if not self._quiet:
            self.announce()

    def refresh_line(self, index: int) -> None:
        y = index * self.row_height - round(self.scroll_offset.y)
        if -self.row_height < y < self.size.height:
            self.refresh(Region(0, y, self.size.width, self.row_height))

    def _scroll_cursor_into_view(self) -> None:
        top = round(self.scroll_offset.y)
        height = max(self.size.height, 1)
        first, last = self.cursor * self.row_height, (self.cursor + 1) * self.row_height - 1
        if first < top:
            self.scroll_to(y=first, animate=False)
        elif last >= top + height:
            self.scroll_to(y=last - height + 1, animate=False)

    def announce(self) -> None:
        """Say which item is under the cursor (the screen shows its article).

        A row not fetched yet is announced when its page arrives: the article shown
        is always the one under the cursor, also while an import reloads the list.
        """
        item = self.item(self.cursor)
        if item is not None:
            self.post_message(self.Highlighted(item, self.cursor))
        elif self._loader is not None and self.cursor < self._total:
            self._wanted_cursor = self.cursor

    def move_to(self, index: int) -> None:
        if self._total:
            self.cursor = max(0, min(index, self._total - 1))

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self._total - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(self._visible_items - 1, 1))

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(self._visible_items - 1, 1))

    def action_select(self) -> None:
        item = self.item(self.cursor)
        if item is not None:
            self.post_message(self.Selected(item, self.cursor))

    async def _on_click(self, event: object) -> None:
        y = getattr(event, "y", None)
        if isinstance(y, int):
            self.move_to((round(self.scroll_offset.y) + y) // self.row_height)
            self.action_select()


def _spaced(part: str) -> str:
    """A snippet's part cleaned for display, with the space that joins it to the next
    kept (display_text trims it: "the Coastal " + "Water" must not run together)."""
    core = display_text(part)
    if not core:
        return " " if part[:1].isspace() else ""
    return (" " if part[:1].isspace() else "") + core + (" " if part[-1:].isspace() else "")
