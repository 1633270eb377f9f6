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
from reader.tui.screens.dialogs import Prompt
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.section_list import SectionList
from reader.tui.widgets.sidebar import Sidebar
from reader.tui.widgets.text_line import TextLine

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


async def test_the_list_marks_a_changed_article_and_d_shows_its_version_change(
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


async def test_the_sidebar_shows_the_same_story_and_f_folds_it_to_one_row(desk: Path) -> None:
    ids = ids_by_source(desk)
    copies = {ids["Gazette"], ids["Courier"], ids["Post"]}
    app = make_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.total == 5
        row = row_of(app, ids["Courier"])
        item = articles.item(row)
        assert item is not None and item.story is not None
        assert "≡" in articles.render_line(row).text
        articles.move_to(row)
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        assert {member.source for member in sidebar.story} == {"Gazette", "Post"}
        label = app.screen.query_one("#story-label", TextLine).text
        assert label.startswith("Same story (2)") and "Gazette" in label and "Post" in label
        # Choosing another outlet's copy reads it.
        story = app.screen.query_one("#story", SectionList)
        story.focus()
        story.highlighted = 0
        target = sidebar.story[0].article_id
        await pilot.press("enter")
        await settle(pilot)
        assert app.article is not None and app.article.id == target
        # F: the story folded to the row under the cursor; the rest stays.
        articles.focus()
        articles.move_to(row_of(app, ids["Courier"]))
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        shown = {item.article_id for i in range(articles.total) if (item := articles.item(i))}
        assert shown == (set(ids.values()) - copies) | {ids["Courier"]}
        assert articles.total == 3 and "story folded" in app.views[-1].label
        current = articles.current
        assert current is not None and current.article_id == ids["Courier"]
        await pilot.press("F")  # unfolded
        await settle(pilot)
        assert articles.total == 5 and len(app.views) == 1
        # Not on a story: F says so and the list stays.
        articles.move_to(row_of(app, ids["Feature Weekly"]))
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert len(app.views) == 1 and articles.total == 5


async def test_h_highlights_a_passage_with_a_note_shown_in_the_pane_and_the_sidebar(
    desk: Path,
) -> None:
    feature = ids_by_source(desk)["Feature Weekly"]
    app = make_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        articles.move_to(row_of(app, feature))
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        pane.focus()
        await pilot.press("h")  # the cursor on the first sentence shown
        await pilot.pause()
        assert pane.passage is not None
        assert (
            pane.passage.passage
            == "Down on the western quays on Wednesday morning, the talk among the crews was of "
            "little else."
        )
        await pilot.press("J")  # a sentence longer
        await pilot.pause()
        passage = pane.passage.passage
        assert passage.endswith("nobody could say when it would open again.")
        # Drawn as the cursor.
        strip = pane.render_line(
            next(y for y in range(pane.size.height) if "Down on" in pane.render_line(y).text)
        )
        assert any(s.style is not None and s.style.bgcolor for s in strip if "Down" in s.text)
        await pilot.press("j")  # moved on: the next sentence alone
        await pilot.pause()
        assert pane.passage.passage.startswith("Harbour officials have not said")
        await pilot.press("k")  # back: the sentence before, alone
        await pilot.pause()
        assert pane.passage.passage.startswith("The eastern basin")
        await pilot.press("k", "J", "h")  # the first again, longer, highlight it
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        await pilot.press(*"ask", "space", *"crews", "enter")
        await settle(pilot)
        assert pane.passage is None
        with ArchiveStore(desk) as store:
            (stored,) = store.highlights_of(feature)
            assert store.query_ids("is:highlighted") == [feature]
            assert store.query_ids("note:crews") == [feature]
        assert stored.passage == passage and stored.note == "ask crews"
        assert pane.marks == [(stored.start, stored.end)]
        sidebar = app.screen.query_one(Sidebar)
        assert [h.passage for h in sidebar.highlights] == [passage]
        assert app.screen.query_one("#highlights-label", TextLine).text == "Highlights (1)"
        # Marked in the pane.
        strip = pane.render_line(
            next(y for y in range(pane.size.height) if "Down on" in pane.render_line(y).text)
        )
        assert any(s.style is not None and s.style.bgcolor for s in strip if "Down" in s.text)
        # Escape leaves the cursor without highlighting; then backs out as ever.
        await pilot.press("h", "escape")
        await pilot.pause()
        assert pane.passage is None and not isinstance(app.screen, Prompt)
        with ArchiveStore(desk) as store:
            assert len(store.highlights_of(feature)) == 1


async def test_a_folded_search_is_remembered_as_the_search_not_as_a_fold(desk: Path) -> None:
    """Closing the reader on a folded story kept the fold's label ("· story folded")
    with the search's query, so the next start showed all the copies under it."""
    ids = ids_by_source(desk)
    app = make_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"basin", "enter")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.total == 4  # the three copies and the feature
        articles.focus()
        articles.move_to(row_of(app, ids["Courier"]))
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert articles.total == 2 and "story folded" in app.views[-1].label
        session = app.main.lists.session(None)
        assert session.view_query is not None and "basin" in session.view_query
        assert session.view_label is not None and "folded" not in session.view_label
