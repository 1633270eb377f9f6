"""Search at research depth in the app (issue 14): the order key, snippets, find in the
article, the query language shown, the Quotes view and the timeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.table import Table
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input, Sparkline, Static

from reader.query import OPERATORS
from reader.store import ArchiveStore
from reader.store.search import QuoteHit, busiest
from reader.tui import ReaderApp, make_app
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.quotes import QuoteHitOption, QuoteHits, QuotesScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.find_bar import FindBar
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.section_list import SectionList
from reader.tui.widgets.sidebar import Sidebar
from reader.tui.widgets.text_line import TextLine
from reader.tui.widgets.timeline import Timeline

from .tui_helpers import settle

SIZE = (140, 44)


async def search(pilot: Pilot[None], text: str) -> None:
    await pilot.press("slash", *[{" ": "space", ":": "colon"}.get(c, c) for c in text], "enter")
    await settle(pilot)


def shown_ids(app: ReaderApp, count: int) -> list[int]:
    articles = app.screen.query_one(ArticleList)
    return [item.article_id for i in range(count) if (item := articles.item(i)) is not None]


async def test_r_orders_a_search_by_relevance_and_back(archive: Path) -> None:
    with ArchiveStore(archive) as store:
        ranked = store.run_query("water sort:relevance").ids or []
        newest = [row.id for row in store.query_page(store.run_query("water"), 0, 10)]
    assert ranked[:5] != newest[:5]  # the corpus tells the two orders apart
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "water")
        assert shown_ids(app, 5) == newest[:5]
        await pilot.press("r")
        await settle(pilot)
        assert app.views[-1].order == "relevance"
        assert shown_ids(app, 5) == ranked[:5]
        assert len(app.views) == 2  # the search reordered, not a view on top of it
        assert "best first" in app.views[-1].crumb()
        await pilot.press("r")
        await settle(pilot)
        assert app.views[-1].order == "newest"
        assert shown_ids(app, 5) == newest[:5]


async def test_a_search_shows_the_passage_under_each_hit_with_the_words_marked(
    archive: Path,
) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.row_height == 1  # the whole archive: one line a row
        await search(pilot, "water")
        assert articles.row_height == 2
        item = articles.item(0)
        assert item is not None and item.snippet
        hits = [text for text, hit in item.snippet if hit]
        assert hits and all(text.lower() == "water" for text in hits)
        # The second screen line is the passage, its hit word styled apart.
        line = articles.render_line(1)
        assert "water" in line.text.lower()
        styles = {segment.style for segment in line if "water" in segment.text.lower()}
        assert styles and all(style is not None and style.bold for style in styles)
        # j moves by items, not by lines.
        await pilot.press("j")
        await settle(pilot)
        assert articles.cursor == 1
        assert app.article is not None and app.article.id == shown_ids(app, 2)[1]
        # A query without words has no passages.
        await pilot.press("escape")
        await settle(pilot)
        await search(pilot, "is:unread")
        assert articles.row_height == 1


async def test_the_search_box_and_help_show_the_query_operators(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        placeholder = app.screen.query_one("#search", Input).placeholder
        for _operator, example in OPERATORS:
            assert example.split("  ")[0] in placeholder
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(Static).content
        assert isinstance(table, Table)
        cells = [str(cell) for column in table.columns for cell in column._cells]
        for operator, example in OPERATORS:
            assert operator in cells and example in cells
        assert any("best match first" in cell for cell in cells)  # r, from its binding


def hit_texts(pane: ReadingPane) -> list[str]:
    assert pane.document is not None
    return [pane.document.blocks[hit.block].text[hit.start : hit.end] for hit in pane.hits]


async def test_the_search_words_are_marked_in_the_article_and_n_p_find_f_finds_any(
    archive: Path,
) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.hits == []  # no search: nothing marked
        await search(pilot, "water")
        await pilot.press("enter")  # from the search box to the list: open the first hit
        await settle(pilot)
        found = hit_texts(pane)
        assert len(found) >= 2 and {text.lower() for text in found} == {"water"}
        # Marked on screen: the hit's line has the find style.
        await pilot.press("N")
        await pilot.pause()
        assert pane.current_hit == 0
        await pilot.press("N")
        await pilot.pause()
        assert pane.current_hit == 1
        assert pane.document is not None
        hit_line = next(
            number
            for number, line in enumerate(pane.document.lines)
            if line.block == pane.hits[1].block and line.start <= pane.hits[1].start <= line.end
        )
        assert round(pane.scroll_y) <= hit_line < round(pane.scroll_y) + pane.size.height
        strip = pane.render_line(hit_line - round(pane.scroll_y))
        marked = [segment for segment in strip if segment.text.lower() == "water"]
        assert marked and all(s.style is not None and s.style.bgcolor for s in marked)
        await pilot.press("P")
        await pilot.pause()
        assert pane.current_hit == 0
        # f: any other word, as it is typed.
        await pilot.press("f")
        await pilot.pause()
        assert app.screen.query_one(FindBar).display
        word = "the"
        await pilot.press(*word)
        await pilot.pause()
        assert hit_texts(pane) and {text.lower() for text in hit_texts(pane)} == {word}
        assert "found" in app.screen.query_one("#find-count", TextLine).text
        await pilot.press("escape")  # the search's own words again
        await pilot.pause()
        assert not app.screen.query_one(FindBar).display
        assert {text.lower() for text in hit_texts(pane)} == {"water"}
        # Another article of the search: its hits are its own.
        await pilot.press("n")
        await settle(pilot)
        assert {text.lower() for text in hit_texts(pane)} == {"water"}


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*[{" ": "space", ":": "colon"}.get(c, c) for c in text])


async def test_the_quotes_view_filters_as_you_type_and_opens_the_article_at_the_quote(
    archive: Path,
) -> None:
    with ArchiveStore(archive) as store:
        everyone = list(store.quote_hits(None, 300))
        vargas = list(store.quote_hits("said:Varga", 300))
    assert 0 < len(vargas) < len(everyone)
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("Q")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuotesScreen)
        hits = screen.query_one(QuoteHits)

        def shown() -> list[QuoteHit]:
            options = [hits.get_option_at_index(i) for i in range(hits.option_count)]
            return [option.hit for option in options if isinstance(option, QuoteHitOption)]

        assert [hit.quote_id for hit in shown()] == [hit.quote_id for hit in everyone]
        await type_text(pilot, "said:Varga")
        await settle(pilot)
        assert [hit.quote_id for hit in shown()] == [hit.quote_id for hit in vargas]
        # The whole quote, wrapped: a long one takes more than one line.
        longest = max(vargas, key=lambda hit: len(hit.text))
        assert len(longest.text) > SIZE[0]
        option = hits.get_option_at_index(vargas.index(longest))
        assert isinstance(option.prompt, Text) and longest.text in option.prompt.plain
        # Three lines each (who, the quote, the title), and more for a quote wrapped.
        assert hits.virtual_size.height > 3 * hits.option_count
        await pilot.press("enter", "j", "enter")  # into the list, the second quote, open it
        await settle(pilot)
        assert not isinstance(app.screen, QuotesScreen)
        chosen = vargas[1]
        assert app.article is not None and app.article.id == chosen.article_id
        quote = next(q for q in app.article.quotes if q.id == chosen.quote_id)
        assert app.screen.query_one(ReadingPane).highlight == (quote.start, quote.end)


async def test_the_quotes_view_reads_the_next_page_as_the_cursor_nears_the_end(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.tui import jobs

    monkeypatch.setattr(jobs, "QUOTES_SHOWN", 25)  # pages of 25: the archive has more
    with ArchiveStore(archive) as store:
        everyone = [hit.quote_id for hit in store.quote_hits(None)]
    assert len(everyone) > 50
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("Q")
        await settle(pilot)
        hits = app.screen.query_one(QuoteHits)
        assert hits.option_count == 25
        hits.focus()
        for _ in range(3):
            hits.highlighted = hits.option_count - 1  # to the end of what is loaded
            await settle(pilot)
        shown = [hits.get_option_at_index(i) for i in range(hits.option_count)]
    assert [o.hit.quote_id for o in shown if isinstance(o, QuoteHitOption)] == everyone[
        : len(shown)
    ]
    assert len(shown) >= 75


async def test_a_quote_query_that_cannot_run_says_why_and_keeps_the_list(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("Q")
        await settle(pilot)
        hits = app.screen.query_one(QuoteHits)
        before = hits.option_count
        app.screen.query_one(Input).value = "before:nonsense"  # pasted at once
        await settle(pilot)
        status = app.screen.query_one("#quotes-status", TextLine)
        assert status.has_class("-problem") and status.text
        assert hits.option_count == before
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, QuotesScreen)


async def test_an_entity_and_a_speaker_show_their_timeline_above_the_list(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline = app.screen.query_one(Timeline)
        assert not timeline.display  # the whole archive: no timeline
        entities = app.screen.query_one("#entities", SectionList)
        entities.focus()
        entities.highlighted = 1  # index 0 is the first type heading
        await pilot.press("enter")
        await settle(pilot)
        entity = app.screen.query_one(Sidebar).entities[0]
        with ArchiveStore(archive) as store:
            months = store.timeline(entity.id)
        top = busiest(months)
        assert app.views[-1].entity_id == entity.id
        assert timeline.display
        assert timeline.query_one("#timeline-chart", Sparkline).data == [
            float(m.mentions) for m in months
        ]
        label = timeline.query_one("#timeline-label", TextLine).text
        assert top and all(month.month in label for month in top)
        assert timeline.region.y < app.screen.query_one(ArticleList).region.y  # above the list
        await pilot.press("escape")
        await settle(pilot)
        assert not timeline.display
        # A speaker's quotes: the speaker's timeline.
        people = [e for e in app.screen.query_one(Sidebar).entities if e.type == "PERSON"]
        entities.focus()
        entities.highlighted = next(
            index
            for index in range(entities.option_count)
            if getattr(entities.get_option_at_index(index), "entity", None) == people[0]
        )
        await pilot.press("s")
        await settle(pilot)
        assert app.views[-1].kind == "speaker" and app.views[-1].entity_id == people[0].id
        assert timeline.display and timeline.entity_id == people[0].id
        # A speaker's quotes a month, on a chart of their own under the mentions.
        with ArchiveStore(archive) as store:
            said = [float(m.quotes) for m in store.timeline(people[0].id)]
        quotes = timeline.query_one("#timeline-quotes", Sparkline)
        assert sum(said) > 0 and quotes.display and quotes.data == said


async def test_a_snippet_keeps_the_spaces_around_its_hit_words(archive: Path) -> None:
    """Each part was cleaned alone and lost its spaces: "the CoastalWaterAuthority"."""
    app = make_app(archive)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "water")
        articles = app.screen.query_one(ArticleList)
        for index in range(5):
            item = articles.item(index)
            assert item is not None
            line = articles.render_line(index * 2 + 1).text
            words = "".join(text for text, _hit in item.snippet).split()
            shown = line.split()
            assert [word for word in shown if word in words], line
            assert "CoastalWater" not in line and "drinkingwater" not in line


def test_the_words_marked_in_the_article_fold_accents_as_the_search_does() -> None:
    """The index folds accents (remove_diacritics): "cafe" finds "Café", and the pane
    must mark it; "café" finds "cafe" too."""
    from reader.tui.finding import find, search_pattern

    text = ["Le Café des Quais, near Zürich; the CAFÉ, not a cafeteria."]
    hits = find(text, search_pattern('"cafe" OR "zurich"', prefix=False))
    assert [text[0][hit.start : hit.end] for hit in hits] == ["Café", "Zürich", "CAFÉ"]
    accented = find(["the cafe is open"], search_pattern('"café"', prefix=False))
    assert [(hit.start, hit.end) for hit in accented] == [(4, 8)]
