"""Tags, bookmarks and read state from the reader's keys, checked in the archive afterwards."""

from __future__ import annotations

from pathlib import Path

from reader.store import ArchiveStore
from reader.tui import make_app
from reader.tui.screens.dialogs import Confirm, Prompt, TagEditor
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.sidebar import SectionList, Sidebar

from .tui_helpers import article_id, settle

SIZE = (140, 44)


def stored(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with ArchiveStore(db) as store:
        return list(store.conn.execute(sql, params).fetchall())


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*[{" ": "space", "-": "minus", "#": "number_sign"}.get(c, c) for c in text])


async def test_t_adds_and_removes_article_tags(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        current = article_id(app)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagEditor)
        await type_text(pilot, "water")
        await pilot.press("enter")
        await type_text(pilot, "harbour")
        await pilot.press("enter")
        await pilot.press("escape")
        await settle(pilot)
        with ArchiveStore(archive) as store:
            assert store.tags_of(current or 0) == ["harbour", "water"]
        item = app.query_one(ArticleList).current
        assert item is not None and item.tagged
        assert app.article is not None and app.article.tags == ["harbour", "water"]
        await pilot.press("t")
        await settle(pilot)
        await type_text(pilot, "-water")
        await pilot.press("enter", "escape")
        await settle(pilot)
        with ArchiveStore(archive) as store:
            assert store.tags_of(current or 0) == ["harbour"]


async def test_t_on_a_quote_tags_the_quote(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        quotes = app.query_one("#quotes", SectionList)
        quotes.focus()
        quotes.highlighted = 0
        quote = app.query_one(Sidebar).quotes[0]
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagEditor) and "quote" in app.screen.subject
        await type_text(pilot, "memorable")
        await pilot.press("enter", "escape")
        await settle(pilot)
        with ArchiveStore(archive) as store:
            assert store.quote_tags(article_id(app) or 0, quote.text) == ["memorable"]
            assert article_id(app) in store.query_ids("tag:memorable")


async def test_b_and_m_toggle_and_are_written_at_once(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        current = article_id(app)
        await pilot.press("b")
        await settle(pilot)
        assert stored(archive, "SELECT article_id FROM bookmarks") == [(current,)]
        assert app.query_one(ArticleList).current.bookmarked  # type: ignore[union-attr]
        await pilot.press("m")
        await settle(pilot)
        assert stored(archive, "SELECT 1 FROM read_state WHERE article_id = ?", current) == [(1,)]
        assert app.query_one(ArticleList).current.read  # type: ignore[union-attr]
        await pilot.press("m", "b")
        await settle(pilot)
        assert stored(archive, "SELECT article_id FROM bookmarks") == []
        assert stored(archive, "SELECT 1 FROM read_state WHERE article_id = ?", current) == []


async def test_reading_marks_read_unless_configured_not_to(archive: Path) -> None:
    app = make_app(archive, mark_read_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
    assert stored(archive, "SELECT count(*) FROM read_state") == [(0,)]


async def test_1_2_3_all_unread_bookmarked(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert app.views[-1].label == "Bookmarked" and app.views[-1].total == 1
        unread = stored(
            archive,
            "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM read_state)",
        )[0][0]
        await pilot.press("2")  # the view's first article is then opened, and read
        await settle(pilot)
        assert app.views[-1].label == "Unread" and app.views[-1].total == unread
        assert len(app.views) == 2  # 2 replaced 3 rather than stacking on it
        await pilot.press("1")
        await settle(pilot)
        assert len(app.views) == 1


async def test_tags_section_filters_and_T_tags_a_whole_list(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "quillon")
        await settle(pilot)
        await pilot.press("enter")  # to the list
        hits = app.views[-1].total
        assert hits > 3
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, Prompt)
        await type_text(pilot, "breach")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert f"{hits:,} articles" in app.screen.question  # the count is named
        await pilot.press("y")
        await settle(pilot)
        assert stored(
            archive,
            "SELECT count(*) FROM article_tags JOIN tags ON tags.id = tag_id "
            "WHERE tags.name = 'breach'",
        ) == [(hits,)]
        # The Tags section lists it with its count; enter narrows the list to it.
        sidebar = app.query_one(Sidebar)
        names = [name for kind, name, _ in sidebar.filters if kind == "tag"]
        assert "breach" in names
        tags = app.query_one("#tags", SectionList)
        tags.focus()
        tags.highlighted = names.index("breach")
        await pilot.press("enter")
        await settle(pilot)
        assert app.views[-1].label == "#breach" and app.views[-1].total == hits


async def test_T_asks_first_and_no_means_nothing(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "brenmark")
        await settle(pilot)
        await pilot.press("enter", "T")
        await settle(pilot)
        await type_text(pilot, "nope")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
    assert stored(archive, "SELECT count(*) FROM tags WHERE name = 'nope'") == [(0,)]


async def test_saved_search_rename_merge_and_delete(archive: Path) -> None:
    with ArchiveStore(archive) as store:
        store.tag(1, "harbour")
        store.tag(2, "water")
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "person:Varga")
        await settle(pilot)
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        await type_text(pilot, "varga")
        await pilot.press("enter")
        await settle(pilot)
        assert stored(archive, "SELECT name, query FROM saved_searches") == [
            ("varga", "person:Varga")
        ]
        sidebar = app.query_one(Sidebar)
        tags = app.query_one("#tags", SectionList)
        tags.focus()
        names = [name for _kind, name, _ in sidebar.filters]
        tags.highlighted = names.index("harbour")
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("Input").value = ""  # type: ignore[attr-defined]
        await type_text(pilot, "water")
        await pilot.press("enter")
        await settle(pilot)
        with ArchiveStore(archive) as store:
            assert [c.name for c in store.tag_counts()].count("water") == 1
            assert store.tags_of(1) == ["water"] and store.tags_of(2) == ["water"]
        names = [name for _kind, name, _ in sidebar.filters]
        tags.highlighted = names.index("water")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
    with ArchiveStore(archive) as store:
        assert store.tags_of(1) == [] and store.tags_of(2) == []
        assert "water" not in [c.name for c in store.tag_counts()]
