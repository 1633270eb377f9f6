"""The reader driven by keys, as a user would, asserting on what changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from reader.store import ArchiveStore
from reader.tui import ReaderApp, make_app
from reader.tui.screens.help import HelpScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.sidebar import SectionList, Sidebar

from .tui_helpers import article_id, settle

SIZE = (140, 40)


def newest_ids(db: Path, count: int) -> list[int]:
    with ArchiveStore(db) as store:
        return [row.id for row in store.list_page(0, count)]


async def test_opens_on_the_newest_article_with_its_quotes(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        assert articles.total == 49
        assert article_id(app) == newest_ids(archive, 1)[0]
        sidebar = app.query_one(Sidebar)
        assert sidebar.quotes and sidebar.entities and sidebar.related
        assert app.query_one(ReadingPane).document is not None


async def test_j_k_and_arrows_move_and_show_the_article(archive: Path) -> None:
    ids = newest_ids(archive, 4)
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, expected in (("j", 1), ("down", 2), ("k", 1), ("up", 0), ("j", 1)):
            await pilot.press(key)
            await settle(pilot)
            assert app.query_one(ArticleList).cursor == expected
            assert article_id(app) == ids[expected]


async def test_g_and_G_jump_to_top_and_bottom(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        articles = app.query_one(ArticleList)
        assert articles.cursor == 48
        current = articles.current
        assert current is not None and article_id(app) == current.article_id
        await pilot.press("g")
        await settle(pilot)
        assert articles.cursor == 0


def read_ids(db: Path) -> set[int]:
    with ArchiveStore(db) as store:
        return {row[0] for row in store.conn.execute("SELECT article_id FROM read_state")}


async def test_glancing_at_articles_does_not_mark_them_read(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "k")
        await settle(pilot)
        await pilot.pause(2.5)  # longer than the two seconds that used to mark it
        await settle(pilot)
        assert not app.query_one(ArticleList).item(1).read  # type: ignore[union-attr]
        assert not app.query_one(ArticleList).item(0).read  # type: ignore[union-attr]
    assert read_ids(archive) == set()


async def test_opening_an_article_marks_it_read_at_once(archive: Path) -> None:
    first = newest_ids(archive, 1)[0]
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one(ArticleList).item(0).read  # type: ignore[union-attr]
    assert read_ids(archive) == {first}


async def test_a_dwell_set_in_config_counts_an_article_left_on_screen_as_read(
    archive: Path, tmp_path: Path
) -> None:
    (tmp_path / "config.toml").write_text("read_dwell = 0.2\n")
    first = newest_ids(archive, 1)[0]
    app = make_app(archive, config=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.5)
        await settle(pilot)
        assert app.query_one(ArticleList).item(0).read  # type: ignore[union-attr]
    assert read_ids(archive) == {first}


async def test_enter_tab_and_shift_tab_move_between_panes(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, ArticleList)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, ReadingPane)
        await pilot.press("tab")
        assert isinstance(app.focused, SectionList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, ReadingPane)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, ArticleList)


async def test_n_and_p_walk_the_list(archive: Path) -> None:
    ids = newest_ids(archive, 3)
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "n", "n")
        await settle(pilot)
        assert article_id(app) == ids[2]
        await pilot.press("p")
        await settle(pilot)
        assert article_id(app) == ids[1]


async def test_related_keys_and_history(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        start = app.article
        assert start is not None and len(start.related) >= 2
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert article_id(app) == start.related[0].id
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert article_id(app) == start.related[1].id
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert article_id(app) == start.related[0].id
        await pilot.press("backspace")
        await settle(pilot)
        assert article_id(app) == start.related[1].id
        await pilot.press("alt+left", "alt+left")
        await settle(pilot)
        assert article_id(app) == start.id
        await pilot.press("alt+right")
        await settle(pilot)
        assert article_id(app) == start.related[0].id


async def test_search_as_you_type_and_escape(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"brenm")  # a prefix: results as you type
        await settle(pilot)
        assert app.views[-1].kind == "search"
        hits = app.views[-1].total
        assert 5 < hits < 49
        assert "Search" in str(app.query_one("#breadcrumb").render())
        await pilot.press(*"ark")
        await settle(pilot)
        assert len(app.views) == 2 and app.views[-1].total == hits  # replaced, not stacked
        await pilot.press("escape")
        await settle(pilot)
        assert len(app.views) == 1
        assert app.query_one(ArticleList).total == 49


@pytest.mark.parametrize("typed", ['"', "AND", "NEAR(x", "*", "(", "title:^x"])
async def test_malformed_search_gives_a_message_not_an_error(archive: Path, typed: str) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*typed)
        await settle(pilot)
        assert app.is_running
        assert app.views[-1].kind in ("all", "search")


async def test_entity_view_and_escape(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entities = app.query_one("#entities", SectionList)
        entities.focus()
        entities.highlighted = 1  # index 0 is the first type heading
        await pilot.press("enter")
        await settle(pilot)
        view = app.views[-1]
        assert view.kind == "entity"
        name = app.query_one(Sidebar).entities[0].name
        assert view.label == f"Mentions {name}"
        assert view.total >= 1
        await pilot.press("escape")
        await settle(pilot)
        assert len(app.views) == 1


async def test_quote_enter_highlights_and_s_shows_the_speaker(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        quotes = app.query_one("#quotes", SectionList)
        quotes.focus()
        quotes.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        pane = app.query_one(ReadingPane)
        quote = app.query_one(Sidebar).quotes[0]
        assert pane.highlight == (quote.start, quote.end)
        await pilot.press("s")
        await settle(pilot)
        view = app.views[-1]
        assert view.kind == "speaker" and view.total >= 1
        assert quote.speaker and quote.speaker in view.label
        # Each quote leads to its article, with the quote highlighted.
        app.query_one(ArticleList).focus()
        await pilot.press("enter")
        await settle(pilot)
        first = app.query_one(ArticleList).item(0)
        assert first is not None and article_id(app) == first.article_id
        assert app.query_one(ReadingPane).highlight is not None


async def test_s_without_a_speaker_explains(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert len(app.views) == 1
        assert any("quote or a person" in n.message for n in app._notifications)


async def test_links_by_keyboard_follow_to_the_linked_article(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Find an article whose links point at another article in the archive.
        articles = app.query_one(ArticleList)
        for _ in range(49):
            article = app.article
            if article and any(link.article_id for link in article.links):
                break
            await pilot.press("j")
            await settle(pilot)
        article = app.article
        assert article is not None
        target = next(link.article_id for link in article.links if link.article_id)
        pane = app.query_one(ReadingPane)
        pane.focus()
        assert pane.document is not None
        for _ in range(len(pane.document.links)):
            await pilot.press("l")
            link = pane.document.links[pane.focused_link or 0]
            if pane._link_targets.get(link.index) == target:
                break
        await pilot.press("enter")
        await settle(pilot)
        assert article_id(app) == target
        assert app.navigator.history[-1].origin == "link"
        del articles


async def test_o_opens_only_web_urls(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("reader.tui.links.open_link", lambda url: opened.append(url))
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert app.article is not None
        assert opened == [app.article.url]
        app.main.links.open_url("javascript:alert(1)")
        app.main.links.open_url("file:///etc/passwd")
        await settle(pilot)
        assert len(opened) == 1


async def test_y_copies_the_url(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        assert app.article is not None
        assert app.clipboard == app.article.url


async def test_z_hides_list_and_sidebar(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await pilot.pause()
        assert not app.query_one(ArticleList).display or not app.query_one(ArticleList).region
        assert app.screen.has_class("zen")
        assert isinstance(app.focused, ReadingPane)
        await pilot.press("z")
        await pilot.pause()
        assert not app.screen.has_class("zen")


async def test_help_screen_and_quit(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_command_palette_lists_the_actions(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for title in ("Search", "Next", "Related ›", "Back", "Speaker", "Zen", "Help"):
            assert title in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_user_keymap_overrides_a_binding(archive: Path, tmp_path: Path) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('"app.search" = "f"\n', encoding="utf-8")
    app = make_app(archive, keymap_path=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.focused, Input)


async def test_narrow_terminal_folds_the_sidebar(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-narrow")
        assert app.query_one(Sidebar).region.width == 0
        assert app.query_one(ArticleList).region.width > 0


async def test_mouse_click_opens_an_article(archive: Path) -> None:
    ids = newest_ids(archive, 3)
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(ArticleList, offset=(10, 2))
        await settle(pilot)
        assert article_id(app) == ids[2]


def test_make_app_is_the_cli_s_app(archive: Path) -> None:
    assert isinstance(make_app(archive), ReaderApp)


async def test_articles_imported_while_open_appear(archive: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from reader.cli import cli

    new = tmp_path / "new.md"
    new.write_text(
        "# A Late Arrival\n\nJune 1, 2026\n\nBody.\n\nOriginal url:\n\n<https://x.example/late>\n",
        encoding="utf-8",
    )
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.query_one(ArticleList).total == 49
        result = CliRunner().invoke(cli, ["import", "--db", str(archive), str(new)])
        assert result.exit_code == 0
        app.main.lists.watch()  # what the two-second timer does
        await settle(pilot)
        articles = app.query_one(ArticleList)
        assert articles.total == 50
        first = articles.item(0)
        assert first is not None and first.title == "A Late Arrival"


async def test_l_and_L_cycle_links(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.query_one(ReadingPane)
        pane.focus()
        assert pane.document is not None and len(pane.document.links) >= 2
        await pilot.press("l")
        assert pane.focused_link == 0
        await pilot.press("l")
        assert pane.focused_link == 1
        await pilot.press("L", "L")
        assert pane.focused_link == len(pane.document.links) - 1  # wraps around


async def test_every_key_on_an_empty_archive_is_harmless(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    ArchiveStore(empty).close()
    app = make_app(empty)
    keys = (
        "j k g G enter n p right_square_bracket left_square_bracket backspace alt+right o y s "
        "z z t escape T escape b m 1 2 3 slash x escape ctrl+s escape r d l L tab shift+tab "
        "question_mark escape"
    ).split()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)
        assert app.is_running
        assert app.article is None
        assert app.query_one(ArticleList).total == 0
