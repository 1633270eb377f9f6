"""Search at research depth in the app (issue 14): the order key, snippets, find in the
article, the query language shown, the Quotes view and the timeline."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from textual.pilot import Pilot
from textual.widgets import Input, Static

from reader.query import OPERATORS
from reader.store import ArchiveStore
from reader.tui import ReaderApp, make_app
from reader.tui.screens.help import HelpScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.find_bar import FindBar
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.text_line import TextLine

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
