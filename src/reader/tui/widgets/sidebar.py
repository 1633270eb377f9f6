"""The sidebar: who is quoted, who and what is named, and what is related."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.extract import TYPE_NAMES
from reader.sanitize import clean_line
from reader.store import ArticleView
from reader.store.derived import Related
from reader.store.queries import EntityView, QuoteView
from reader.tui.widgets.text_line import TextLine

# The sidebar is narrow: the longest heading is shortened.
_TYPE_NAMES = {**TYPE_NAMES, "NORP": "Groups"}


class SectionList(OptionList):
    """An OptionList that also moves with j/k."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="sidebar.down"),
        Binding("k", "cursor_up", "Up", show=False, id="sidebar.up"),
        Binding("g", "first", "Top", show=False, id="sidebar.top"),
        Binding("G", "last", "Bottom", show=False, id="sidebar.bottom"),
    ]


class Sidebar(Vertical, can_focus=False):
    """Quotes, entities and related articles of the article being read."""

    DEFAULT_CSS = """
    Sidebar { width: 42; }
    Sidebar > TextLine { padding: 0 1; text-style: bold; color: $accent; }
    Sidebar > SectionList { border: none; padding: 0; scrollbar-size-vertical: 1; }
    Sidebar > SectionList:focus { border: none; background-tint: $foreground 6%; }
    Sidebar > #quotes { height: 3fr; }
    Sidebar > #entities { height: 2fr; }
    Sidebar > #related { height: 2fr; }
    Sidebar > #tags { height: 2fr; }
    """

    class QuoteChosen(Message):
        def __init__(self, quote: QuoteView) -> None:
            self.quote = quote
            super().__init__()

    class EntityChosen(Message):
        def __init__(self, entity: EntityView) -> None:
            self.entity = entity
            super().__init__()

    class FilterChosen(Message):
        """A tag or a saved search: narrow the list to it."""

        def __init__(self, label: str, query: str) -> None:
            self.label = label
            self.query = query
            super().__init__()

    class RelatedChosen(Message):
        def __init__(self, related: Related, index: int) -> None:
            self.related = related
            self.index = index
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.quotes: list[QuoteView] = []
        self.entities: list[EntityView] = []
        self.related: list[Related] = []
        self.filters: list[tuple[str, str, str]] = []  # (kind, name, query)

    def compose(self) -> ComposeResult:
        yield TextLine("Quotes", id="quotes-label")
        yield SectionList(id="quotes")
        yield TextLine("Entities", id="entities-label")
        yield SectionList(id="entities")
        yield TextLine("Related", id="related-label")
        yield SectionList(id="related")
        yield TextLine("Tags and saved searches", id="tags-label")
        yield SectionList(id="tags")

    def show_article(self, article: ArticleView | None) -> None:
        self.quotes = [q for q in article.quotes if q.kind != "scare"] if article else []
        entities = article.entities if article else []
        order = list(_TYPE_NAMES)
        self.entities = sorted(
            entities,
            key=lambda e: (order.index(e.type) if e.type in order else 9, -e.mentions, e.name),
        )
        self.related = article.related if article else []

        # One add_options per list: each add_option would ask for a new layout.
        quote_options = []
        for index, quote in enumerate(self.quotes):
            prompt = Text(no_wrap=False)
            prompt.append(clean_line(quote.speaker) or "unattributed", "bold")
            prompt.append(" — " + clean_line(quote.text))
            quote_options.append(Option(prompt, id=f"q{index}"))
        _replace_options(self.query_one("#quotes", SectionList), quote_options)
        self.query_one("#quotes-label", TextLine).set(f"Quotes ({len(self.quotes)})")

        entity_options = []
        current_type = None
        for index, entity in enumerate(self.entities):
            if entity.type != current_type:
                current_type = entity.type
                heading = Text(_TYPE_NAMES.get(entity.type, entity.type), "italic dim")
                entity_options.append(Option(heading, disabled=True))
            prompt = Text(f"  {clean_line(entity.name)}")
            prompt.append(f"  ×{entity.mentions}", "dim")
            entity_options.append(Option(prompt, id=f"e{index}"))
        _replace_options(self.query_one("#entities", SectionList), entity_options)
        self.query_one("#entities-label", TextLine).set(f"Entities ({len(self.entities)})")

        related_options = []
        for index, item in enumerate(self.related):
            prompt = Text(clean_line(item.title))
            prompt.append(f"  {(item.published or '')[:10]}", "dim")
            related_options.append(Option(prompt, id=f"r{index}"))
        _replace_options(self.query_one("#related", SectionList), related_options)
        self.query_one("#related-label", TextLine).set(f"Related ({len(self.related)})")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        index = int(option_id[1:]) if option_id[1:].isdigit() else -1
        if option_id.startswith("q") and 0 <= index < len(self.quotes):
            self.post_message(self.QuoteChosen(self.quotes[index]))
        elif option_id.startswith("e") and 0 <= index < len(self.entities):
            self.post_message(self.EntityChosen(self.entities[index]))
        elif option_id.startswith("r") and 0 <= index < len(self.related):
            self.post_message(self.RelatedChosen(self.related[index], index))
        elif option_id.startswith("f") and 0 <= index < len(self.filters):
            kind, name, query = self.filters[index]
            label = f"#{name}" if kind == "tag" else f"Saved “{name}”"
            self.post_message(self.FilterChosen(label, query))

    def show_filters(self, tags: list[tuple[str, int]], saved: list[tuple[str, str]]) -> None:
        """Every tag with its count, then the saved searches."""
        self.filters = [("tag", name, f'tag:"{name}"') for name, _count in tags]
        self.filters += [("saved", name, query) for name, query in saved]
        options = []
        for index, (name, count) in enumerate(tags):
            prompt = Text(f"#{clean_line(name)}")
            prompt.append(f"  {count}", "dim")
            options.append(Option(prompt, id=f"f{index}"))
        for offset, (name, query) in enumerate(saved, start=len(tags)):
            prompt = Text(f"⌕ {clean_line(name)}", "italic")
            prompt.append(f"  {clean_line(query)}", "dim")
            options.append(Option(prompt, id=f"f{offset}"))
        _replace_options(self.query_one("#tags", SectionList), options)
        self.query_one("#tags-label", TextLine).set(
            f"Tags ({len(tags)}) and saved searches ({len(saved)})"
        )

    def selected_filter(self) -> tuple[str, str] | None:
        """(kind, name) of the tag or saved search under the cursor, if the Tags list has focus."""
        tags = self.query_one("#tags", SectionList)
        if not tags.has_focus or tags.highlighted is None:
            return None
        option_id = tags.get_option_at_index(tags.highlighted).id or ""
        index = int(option_id[1:]) if option_id[1:].isdigit() else -1
        if 0 <= index < len(self.filters):
            kind, name, _query = self.filters[index]
            return kind, name
        return None

    def selected_quote(self) -> QuoteView | None:
        quotes = self.query_one("#quotes", SectionList)
        if not quotes.has_focus or quotes.highlighted is None:
            return None
        option_id = quotes.get_option_at_index(quotes.highlighted).id or ""
        index = int(option_id[1:]) if option_id[1:].isdigit() else -1
        return self.quotes[index] if 0 <= index < len(self.quotes) else None

    def selected_speaker(self) -> tuple[int | None, str | None]:
        """The speaker under the cursor: a quote's speaker or a person entity."""
        focused = self.screen.focused
        if isinstance(focused, SectionList) and focused.highlighted is not None:
            option = focused.get_option_at_index(focused.highlighted)
            option_id = option.id or ""
            index = int(option_id[1:]) if option_id[1:].isdigit() else -1
            if option_id.startswith("q") and 0 <= index < len(self.quotes):
                quote = self.quotes[index]
                return quote.speaker_entity_id, quote.speaker
            if option_id.startswith("e") and 0 <= index < len(self.entities):
                entity = self.entities[index]
                if entity.type in ("PERSON", "ORG"):
                    return entity.id, entity.name
        return None, None


def _replace_options(options: SectionList, new: list[Option]) -> None:
    options.clear_options()
    options.add_options(new)
