"""The defects a newcomer met in the reader (issue 13), each driven as a user would.

Each test failed on the reader before its fix.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reader.cli import cli
from reader.store import ArchiveStore
from reader.tui import ReaderApp, make_app
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.sidebar import Sidebar

from .tui_helpers import article_id, settle


def stored(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with ArchiveStore(db) as store:
        return list(store.conn.execute(sql, params).fetchall())


def import_newer_articles(archive: Path, folder: Path, count: int) -> None:
    """Articles newer than every one of the sample: they sort above the cursor."""
    folder.mkdir()
    for number in range(count):
        (folder / f"late-{number}.md").write_text(
            f"# Late Arrival Number {number}\n\nJune {number + 1}, 2026\n\n"
            f"A short fictional report, number {number}.\n\nOriginal url:\n\n"
            f"<https://late.example/{number}>\n",
            encoding="utf-8",
        )
    result = CliRunner().invoke(cli, ["import", "--db", str(archive), str(folder)])
    assert result.exit_code == 0, result.output


def watch_now(app: ReaderApp) -> None:
    """What the two-second timer does: look for newly imported articles."""
    app.main.lists.watch()


# -- 1. rows arriving during an import ---------------------------------------------


async def test_an_import_keeps_the_cursor_on_its_article(archive: Path, tmp_path: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        articles = app.query_one(ArticleList)
        chosen = article_id(app)
        assert articles.cursor == 2 and chosen is not None
        import_newer_articles(archive, tmp_path / "late", 3)
        watch_now(app)
        await settle(pilot)
        assert articles.total == 52
        assert articles.cursor == 5  # three rows above it: the same article, three down
        current = articles.current
        assert current is not None and current.article_id == chosen
        assert article_id(app) == chosen
        await pilot.press("b")  # a key pressed after the import hits the article it is on
        await settle(pilot)
        assert stored(archive, "SELECT article_id FROM bookmarks") == [(chosen,)]
    assert stored(archive, "SELECT count(*) FROM read_state") == [(0,)]


# -- 2. the layout follows every resize ------------------------------------------------


async def test_the_layout_follows_every_resize(archive: Path) -> None:
    """The width classes are Textual's breakpoints, set before the layout of each resize.

    (The one-size-behind layout did not reproduce on the commit this rebuild started
    from, whose resize handler already read the event's size; this keeps it so.)
    """
    app = make_app(archive)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        sidebar, pane = app.query_one(Sidebar), app.query_one(ReadingPane)
        assert sidebar.region.width > 0
        for width, sidebar_shown in ((80, False), (160, True), (100, False), (160, True)):
            await pilot.resize_terminal(width, 30)
            await settle(pilot)
            assert (sidebar.region.width > 0) == sidebar_shown, width
            assert pane.region.width >= 30, width  # never a sliver of a reading pane


# -- 3. the sidebar below 110 columns ------------------------------------------------


async def test_tab_reaches_the_sidebar_on_a_narrow_terminal(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        sidebar = app.query_one(Sidebar)
        assert sidebar.region.width == 0  # folded away
        await pilot.press("tab", "tab")  # the list, the reading pane, then the sidebar
        await settle(pilot)
        assert sidebar.has_focus_within
        assert sidebar.region.width > 0
        assert sidebar.quotes  # the article's quotes, there to read
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, ArticleList)
        assert sidebar.region.width == 0


async def test_one_key_shown_in_the_footer_opens_the_sidebar_at_80_columns(
    archive: Path,
) -> None:
    app = make_app(archive)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = {
            key: active.binding.description
            for key, active in app.screen.active_bindings.items()
            if active.binding.show
        }
        assert shown.get("i") == "Sidebar"
        await pilot.press("i")
        await settle(pilot)
        sidebar = app.query_one(Sidebar)
        assert sidebar.has_focus_within and sidebar.region.width > 0
        await pilot.press("s")  # the speaker of the quote under the cursor: reachable too
        await settle(pilot)
        assert app.views[-1].kind == "speaker"


# -- 4. looking is not reading -------------------------------------------------------


async def test_looking_is_not_reading(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.pause(2.5)  # the first article, on screen since start-up
        await settle(pilot)
        assert stored(archive, "SELECT count(*) FROM read_state") == [(0,)]
        for _ in range(3):  # each press of 2 used to eat one unread article
            await pilot.press("2")
            await settle(pilot)
            await pilot.pause(2.5)
            await settle(pilot)
            assert app.views[-1].total == 49
        assert stored(archive, "SELECT count(*) FROM read_state") == [(0,)]


async def test_m_is_not_undone_by_a_timer(archive: Path, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("read_dwell = 0.5\n", encoding="utf-8")
    app = make_app(archive, config=tmp_path)  # even with the dwell opted into
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        shown = article_id(app)
        await pilot.press("enter")  # opened: read
        await settle(pilot)
        assert stored(archive, "SELECT article_id FROM read_state") == [(shown,)]
        await pilot.press("m")  # the user says: unread
        await settle(pilot)
        await pilot.pause(1.0)
        await settle(pilot)
        assert stored(archive, "SELECT article_id FROM read_state") == []
        current = app.query_one(ArticleList).current
        assert current is not None and not current.read
