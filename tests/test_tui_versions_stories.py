"""What changed, the same story and highlights in the app (issue 15): the list marks a
changed article and D shows its latest change; the sidebar's "Same story" and the fold;
the highlight key."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.store import ArchiveStore
from reader.tui import ReaderApp, make_app
from reader.tui.diff_view import ADDED, REMOVED
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane

from .test_stories import COPIES, SAME_SUBJECT, write
from .test_versions import FIRST, SECOND, save
from .tui_helpers import settle

SIZE = (140, 44)


def run(*args: str | Path) -> None:
    result = CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """Three outlets' copies of one wire story, a feature on its subject, and an
    article captured twice with other words."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, (title, body) in COPIES.items():
        write(folder, name, title, body, name.title())
    write(folder, "feature", *SAME_SUBJECT, "Feature Weekly")
    db = tmp_path / "archive.db"
    run("import", "--db", db, folder)
    page = tmp_path / "wall.md"
    save(page, *FIRST)
    run("import", "--db", db, page)
    save(page, *SECOND)
    run("import", "--db", db, page)
    return db


def ids_by_source(db: Path) -> dict[str, int]:
    with ArchiveStore(db) as store:
        return dict(store.conn.execute("SELECT source, id FROM articles").fetchall())


def row_of(app: ReaderApp, article_id: int) -> int:
    articles = app.screen.query_one(ArticleList)
    return next(
        index
        for index in range(articles.total)
        if (item := articles.item(index)) is not None and item.article_id == article_id
    )


async def test_the_list_marks_a_changed_article_and_d_shows_its_latest_change(
    desk: Path,
) -> None:
    with ArchiveStore(desk) as store:
        (changed,) = store.query_ids("is:changed")
    app = make_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        row = row_of(app, changed)
        item = articles.item(row)
        assert item is not None and item.changed
        assert all(
            not other.changed
            for index in range(articles.total)
            if (other := articles.item(index)) is not None and other.article_id != changed
        )
        assert "Δ" in articles.render_line(row).text
        articles.move_to(row)
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        await pilot.press("D")
        await settle(pilot)
        assert pane.showing_diff and pane.document is not None
        marked = {
            (name, block.text[start:end])
            for block in pane.document.blocks
            for start, end, name in block.spans
        }
        assert (REMOVED, "7 to 2") in marked or (REMOVED, "7") in marked
        assert any(name == ADDED and "Narrowly" in text for name, text in marked)  # the title
        assert any(name == ADDED and "autumn storms" in text for name, text in marked)
        # Struck and coloured on screen: the removed words' segments.
        lines = [pane.render_line(y) for y in range(pane.size.height)]
        struck = [s for line in lines for s in line if s.style is not None and s.style.strike]
        assert struck and any("before summer" in s.text or "summer" in s.text for s in struck)
        await pilot.press("D")
        await settle(pilot)
        assert not pane.showing_diff
        assert pane.document is not None and "Narrowly" in pane.document.blocks[0].text
        # An article that never changed says so.
        articles.move_to(row_of(app, ids_by_source(desk)["Feature Weekly"]))
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert not pane.showing_diff
