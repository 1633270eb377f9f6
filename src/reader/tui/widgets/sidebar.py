"""The sidebar: who is quoted, who and what is named, who else told the story, what the
reader marked, and what is related.

Every word here comes from the archive, and goes through display_text: names,
types, titles, dates, counts (a column of numbers may hold text in an archive
written by another program), tags and saved searches.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.extract import TYPE_NAMES
from reader.sanitize import display_text
from reader.store import ArticleView
from reader.store.derived import Related
from reader.store.highlights import Highlight
from reader.store.queries import EntityView, QuoteView
from reader.store.stories import StoryMember
from reader.tui.widgets.marks import HighlightList, HighlightOption, StoryList, StoryOption
from reader.tui.widgets.section_list import SectionList
from reader.tui.widgets.tags_list import FilterKind, FilterOption, TagsList
from reader.tui.widgets.text_line import TextLine

# The sidebar is narrow: the longest heading is shortened.
_TYPE_NAMES = {**TYPE_NAMES, "NORP": "Groups"}


class QuoteOption(Option):
    """A quote of the sidebar, carrying it."""

    def __init__(self, quote: QuoteView) -> None:
        super().__init__(quote_prompt(quote))
        self.quote = quote


class EntityOption(Option):
    def __init__(self, entity: EntityView) -> None:
        prompt = Text(f"  {display_text(entity.name)}")
        prompt.append(f"  ×{display_text(entity.mentions)}", "dim")
        super().__init__(prompt)
        self.entity = entity


class RelatedOption(Option):
    def __init__(self, related: Related, index: int) -> None:
        prompt = Text(display_text(related.title))
        prompt.append(f"  {display_text(related.published)[:10]}", "dim")
        super().__init__(prompt)
        self.related = related
        self.index = index


def quote_prompt(quote: QuoteView) -> Text:
    """Speaker — text; a corrected speaker marked ✎, an uncertain one dimmed with '?'."""
    prompt = Text(no_wrap=False)
    if quote.corrected:
        prompt.append("✎ ", "bold")
    speaker = display_text(quote.speaker) or "unattributed"
    if quote.uncertain:
        prompt.append(speaker + "?", "bold dim")
    else:
        prompt.append(speaker, "bold")
    prompt.append(" — " + display_text(quote.text))
    return prompt


class QuoteList(SectionList):
    """The article's quotes; `a` asks to correct who said the one under the cursor."""

    BINDINGS = [
        Binding(
            "a",
            "attribute",
            "Who said it",
            id="sidebar.attribute",
            tooltip="on a quote: who said it — type a name (tab completes), empty clears it",
        )
    ]

    class AttributeRequested(Message):
        def __init__(self, quote: QuoteView) -> None:
            self.quote = quote
            super().__init__()

    def action_attribute(self) -> None:
        option = self.current()
        if isinstance(option, QuoteOption):
            self.post_message(self.AttributeRequested(option.quote))


class Sidebar(Vertical, can_focus=False):
    """Quotes, entities, the same story in other outlets, highlights and related articles
    of the article being read, and the archive's tags and saved searches. The story and
    the highlights take the room they need, up to a few lines: the lists are short."""

    DEFAULT_CSS = """
    Sidebar { width: 42; }
    Sidebar > TextLine { padding: 0 1; text-style: bold; color: $text-primary; }
    Sidebar > SectionList { border: none; padding: 0; scrollbar-size-vertical: 1; }
    Sidebar > SectionList:focus { border: none; background-tint: $foreground 6%; }
    Sidebar > #quotes { height: 3fr; }
    Sidebar > #entities { height: 2fr; }
    Sidebar > #related { height: 2fr; }
    Sidebar > #story { height: auto; max-height: 6; }
    Sidebar > #highlights { height: auto; max-height: 6; }
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

    class StoryChosen(Message):
        """Another outlet's copy of the article: read it."""

        def __init__(self, member: StoryMember) -> None:
            self.member = member
            super().__init__()

    class HighlightChosen(Message):
        """A highlight: go to its passage."""

        def __init__(self, highlight: Highlight) -> None:
            self.highlight = highlight
            super().__init__()

    class RelatedChosen(Message):
        def __init__(self, related: Related, index: int) -> None:
            self.related = related
            self.index = index
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article_id: int | None = None
        self.quotes: list[QuoteView] = []
        self.entities: list[EntityView] = []
        self.related: list[Related] = []
        self.story: list[StoryMember] = []
        self.highlights: list[Highlight] = []
        self.filters: list[tuple[FilterKind, str, str]] = []  # (kind, name, query), as listed

    def compose(self) -> ComposeResult:
        yield TextLine("Quotes", id="quotes-label")
        yield QuoteList(id="quotes")
        yield TextLine("Entities", id="entities-label")
        yield SectionList(id="entities")
        yield TextLine("Same story", id="story-label")
        yield StoryList(id="story")
        yield TextLine("Highlights", id="highlights-label")
        yield HighlightList(id="highlights")
        yield TextLine("Related", id="related-label")
        yield SectionList(id="related")
        yield TextLine("Tags and saved searches", id="tags-label")
        yield TagsList(id="tags")

    def show_article(self, article: ArticleView | None) -> None:
        same = article is not None and article.id == self.article_id
        self.article_id = article.id if article else None
        self.show_quotes(article.quotes if article else [], keep_cursor=same)
        entities = article.entities if article else []
        order = list(_TYPE_NAMES)
        self.entities = sorted(
            entities,
            key=lambda e: (
                order.index(e.type) if e.type in order else 9,
                -_count(e.mentions),
                display_text(e.name),
            ),
        )
        self.related = article.related if article else []

        # One add_options per list: each add_option would ask for a new layout.
        entity_options: list[Option] = []
        current_type = None
        for entity in self.entities:
            if entity.type != current_type:
                current_type = entity.type
                heading = Text(
                    display_text(_TYPE_NAMES.get(entity.type, entity.type)), "italic dim"
                )
                entity_options.append(Option(heading, disabled=True))
            entity_options.append(EntityOption(entity))
        _replace_options(self.query_one("#entities", SectionList), entity_options)
        self.query_one("#entities-label", TextLine).set(f"Entities ({len(self.entities)})")

        related_options = [RelatedOption(item, index) for index, item in enumerate(self.related)]
        _replace_options(self.query_one("#related", SectionList), related_options)
        self.query_one("#related-label", TextLine).set(f"Related ({len(self.related)})")

    def show_marks(self, story: list[StoryMember], highlights: list[Highlight]) -> None:
        """The other outlets' copies of the article, and the reader's highlights in it."""
        self.story, self.highlights = story, highlights
        _replace_options(self.query_one("#story", SectionList), [StoryOption(m) for m in story])
        outlets = ", ".join(dict.fromkeys(display_text(m.source) for m in story if m.source))
        self.query_one("#story-label", TextLine).set(
            f"Same story ({len(story)}): {outlets}" if outlets else f"Same story ({len(story)})"
        )
        options = [HighlightOption(highlight) for highlight in highlights]
        _replace_options(self.query_one("#highlights", SectionList), options)
        self.query_one("#highlights-label", TextLine).set(f"Highlights ({len(highlights)})")
        # Sections with nothing in them leave their room to the others.
        for name, shown in (("story", bool(story)), ("highlights", bool(highlights))):
            self.query_one(f"#{name}-label").display = shown
            self.query_one(f"#{name}").display = shown

    def point_at_story(self, article_id: int) -> None:
        """The Same story cursor on this copy (the one the pane compares with)."""
        for index, member in enumerate(self.story):
            if member.article_id == article_id:
                self.query_one("#story", StoryList).highlighted = index

    def show_quotes(self, quotes: list[QuoteView], *, keep_cursor: bool = True) -> None:
        """The quotes list; the cursor stays on its line when the same article's are shown."""
        self.quotes = [quote for quote in quotes if quote.kind != "scare"]
        quote_list = self.query_one("#quotes", QuoteList)
        cursor = quote_list.highlighted if keep_cursor else None
        _replace_options(quote_list, [QuoteOption(quote) for quote in self.quotes])
        if cursor is not None and cursor < len(self.quotes):
            quote_list.highlighted = cursor
        self.query_one("#quotes-label", TextLine).set(f"Quotes ({len(self.quotes)})")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option = event.option
        if isinstance(option, QuoteOption):
            self.post_message(self.QuoteChosen(option.quote))
        elif isinstance(option, EntityOption):
            self.post_message(self.EntityChosen(option.entity))
        elif isinstance(option, StoryOption):
            self.post_message(self.StoryChosen(option.member))
        elif isinstance(option, HighlightOption):
            self.post_message(self.HighlightChosen(option.highlight))
        elif isinstance(option, RelatedOption):
            self.post_message(self.RelatedChosen(option.related, option.index))
        elif isinstance(option, FilterOption):
            label = f"#{option.name}" if option.kind == "tag" else f"Saved “{option.name}”"
            self.post_message(self.FilterChosen(label, option.query))

    def show_filters(self, tags: list[tuple[str, int]], saved: list[tuple[str, str]]) -> None:
        """Every tag with its count, then the saved searches."""
        self.filters = [("tag", name, f'tag:"{name}"') for name, _count in tags]
        self.filters += [("saved", name, query) for name, query in saved]
        tag_list = self.query_one("#tags", TagsList)
        cursor = tag_list.highlighted
        counts = dict(tags)
        options: list[Option] = []
        for kind, name, query in self.filters:
            if kind == "tag":
                prompt = Text(f"#{display_text(name)}")
                prompt.append(f"  {display_text(counts[name])}", "dim")
            else:
                prompt = Text(f"⌕ {display_text(name)}", "italic")
                prompt.append(f"  {display_text(query)}", "dim")
            options.append(FilterOption(prompt, kind, name, query))
        _replace_options(tag_list, options)
        if options:
            tag_list.highlighted = min(cursor or 0, len(options) - 1)
        self.query_one("#tags-label", TextLine).set(
            f"Tags ({len(tags)}) and saved searches ({len(saved)})"
        )

    def focus_first(self) -> None:
        """Go into the sidebar: its first list with something in it."""
        for section in self.query(SectionList):
            if section.option_count:
                section.focus()
                return
        self.query_one("#quotes", QuoteList).focus()

    def selected_quote(self) -> QuoteView | None:
        quotes = self.query_one("#quotes", QuoteList)
        option = quotes.current() if quotes.has_focus else None
        return option.quote if isinstance(option, QuoteOption) else None

    def selected_speaker(self) -> tuple[int | None, str | None]:
        """The speaker under the cursor: a quote's speaker or a person entity."""
        focused = self.screen.focused
        option = focused.current() if isinstance(focused, SectionList) else None
        if isinstance(option, QuoteOption):
            return option.quote.speaker_entity_id, option.quote.speaker
        if isinstance(option, EntityOption) and option.entity.type in ("PERSON", "ORG"):
            return option.entity.id, option.entity.name
        return None, None


def _count(value: object) -> int:
    """A count to sort by, even where an archive written elsewhere holds text."""
    return value if isinstance(value, int) else 0


def _replace_options(options: SectionList, new: Sequence[Option]) -> None:
    """New options, the cursor on the first one that can be chosen: focus is seen at once."""
    options.clear_options()
    options.add_options(new)
    first = next((index for index, option in enumerate(new) if not option.disabled), None)
    if first is not None:
        options.highlighted = first
