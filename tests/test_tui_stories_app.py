"""Issue 15 in the app, what the first pass left: how two outlets worded one story (D on
a "Same story" entry), which change of an article's versions ([ / ] on the diff),
highlights removed and their notes edited (the sidebar's keys, and the passage
cursor's), and a highlight across a link or bold words found and shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Input

from reader.cli import cli
from reader.store import ArchiveStore
from reader.tui import ReaderApp, make_app
from reader.tui.diff_view import ADDED, REMOVED, OutletPair, VersionPair
from reader.tui.screens.dialogs import Confirm, Prompt
from reader.tui.screens.help import HelpScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.marks import HighlightList, StoryList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.sidebar import Sidebar
from reader.tui.widgets.text_line import TextLine

from .test_stories import COPIES, WIRE, outlet_copy, write
from .test_versions import FIRST, SECOND, save
from .tui_helpers import settle

SIZE = (140, 44)
THIRD = (
    "Council Narrowly Votes On Harbour Wall Rebuild",
    "The council voted 6 to 3 on Tuesday night to rebuild the harbour wall.\n\n"
    '"We will fix the wall before the autumn storms," Elena Varga said.\n\n'
    "Work starts in April.",
)
# A fourth outlet's copy, with a quote of its own.
LEDGER = (
    "Eastern Basin Shut As Solvent Is Found",
    outlet_copy(
        WIRE[0], extra='"The basin is the heart of this port," said Ivo Marsh, a ferry captain.'
    ),
)
MARKED_UP = (
    "Basin Reopens To Ferries",
    "The [Port Linden harbour authority](https://gazette.example/authority) reopened the "
    "eastern basin on Monday. Officials said **every sample had come back clean** after "
    "three weeks of tests.\n\nFerries resumed on the morning tide.",
)


def run(*args: str | Path) -> None:
    result = CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """Four outlets' copies of one wire story, an article captured three times with
    other words, and one whose sentences run across a link and bold words."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, (title, body) in {**COPIES, "ledger": LEDGER}.items():
        write(folder, name, title, body, name.title())
    db = tmp_path / "archive.db"
    run("import", "--db", db, folder)
    page = tmp_path / "wall.md"
    for wording in (FIRST, SECOND, THIRD):
        save(page, *wording)
        run("import", "--db", db, page)
    marked = tmp_path / "basin.md"
    save(marked, *MARKED_UP)
    marked.write_text(
        marked.read_text(encoding="utf-8")
        .replace("Harbour Gazette", "Basin Weekly")
        .replace("/wall", "/reopened"),
        encoding="utf-8",
    )
    run("import", "--db", db, marked)
    return db


def ids_by_source(db: Path) -> dict[str, int]:
    with ArchiveStore(db) as store:
        return dict(store.conn.execute("SELECT source, id FROM articles").fetchall())


async def open_article(app: ReaderApp, pilot: object, article_id: int) -> None:
    articles = app.screen.query_one(ArticleList)
    row = next(
        index
        for index in range(articles.total)
        if (item := articles.item(index)) is not None and item.article_id == article_id
    )
    articles.move_to(row)
    await settle(pilot)  # type: ignore[arg-type]
    assert app.article is not None and app.article.id == article_id


def texts(pane: ReadingPane) -> list[str]:
    assert pane.document is not None
    return [block.text for block in pane.document.blocks]


def marked(pane: ReadingPane) -> set[tuple[str, str]]:
    assert pane.document is not None
    return {
        (name, block.text[start:end])
        for block in pane.document.blocks
        for start, end, name in block.spans
    }


async def test_d_on_a_same_story_entry_shows_how_the_two_outlets_worded_it(desk: Path) -> None:
    ids = ids_by_source(desk)
    app = make_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_article(app, pilot, ids["Courier"])
        sidebar = app.screen.query_one(Sidebar)
        story = app.screen.query_one("#story", StoryList)
        assert {m.source for m in sidebar.story} == {"Gazette", "Post", "Ledger"}
        story.focus()
        story.highlighted = [m.source for m in sidebar.story].index("Ledger")
        await pilot.press("D")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.showing_diff
        assert app.screen.changes.showing == OutletPair(ids["Courier"], ids["Ledger"])
        shown = texts(pane)
        assert "How two outlets worded the story: Courier → Ledger" in shown
        assert f"Courier: “{COPIES['courier'][0]}” · 2024-03-17" in shown
        assert f"Ledger: “{LEDGER[0]}” · 2024-03-16" in shown
        # The words only the open article has struck, those only the other has added.
        words = marked(pane)
        assert (REMOVED, "Linden's") in words and (REMOVED, "was closed") in words
        assert (ADDED, "Linden harbour authority closed the") in words
        # Every word of both titles, apart (a diff's pieces once ran together).
        assert shown[0].split() == (
            "Solvent In Harbour Water Shuts Eastern Basin Shut As Solvent Is Found".split()
        )
        # The quote only one of them has, under its heading.
        assert "Quotes only Ledger has" in shown
        assert (ADDED, "The basin is the heart of this port,") in words
        assert "Quotes only Courier has" not in shown
        # ]: the story's next outlet, the sidebar's cursor on it.
        await pilot.press("right_square_bracket")
        await settle(pilot)
        showing = app.screen.changes.showing
        assert isinstance(showing, OutletPair) and showing.other_id != ids["Ledger"]
        option = story.current()
        assert option is not None and option.member.article_id == showing.other_id  # type: ignore[attr-defined]
        # The same key again: the article.
        await pilot.press("D")
        await settle(pilot)
        assert not pane.showing_diff and texts(pane)[0] == COPIES["courier"][0]
        # Escape, too, leaves a comparison for the article.
        await pilot.press("D")
        await settle(pilot)
        assert pane.showing_diff
        await pilot.press("escape")
        await settle(pilot)
        assert not pane.showing_diff and app.article is not None
        assert app.article.id == ids["Courier"]


async def test_esc_leaves_a_comparison_before_it_clears_the_search_that_found_it(
    desk: Path,
) -> None:
    ids = ids_by_source(desk)
    app = make_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *f"story:{ids['Gazette']}", "enter")
        await settle(pilot)
        assert len(app.views) == 2
        await pilot.press("enter")  # read the first
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#story", StoryList).focus()
        await pilot.press("D")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.showing_diff
        await pilot.press("escape")
        await settle(pilot)
        assert not pane.showing_diff and len(app.views) == 2  # the search stays
        await pilot.press("escape")  # then esc goes on as ever
        await settle(pilot)
        assert len(app.views) == 1  # the search cleared


async def test_at_a_narrow_width_the_comparison_takes_the_sidebar_s_place(desk: Path) -> None:
    ids = ids_by_source(desk)
    app = make_app(desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_article(app, pilot, ids["Gazette"])
        await pilot.press("i")
        await settle(pilot)
        story = app.screen.query_one("#story", StoryList)
        story.focus()
        await pilot.press("D")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.showing_diff and pane.has_focus
        assert not app.screen.has_class("sidebar-open")
        assert texts(pane)[1].startswith("How two outlets worded the story: Gazette → ")


async def test_brackets_step_through_an_article_s_changes_named_in_the_header(
    desk: Path,
) -> None:
    wall = ids_by_source(desk)["Harbour Gazette"]
    app = make_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_article(app, pilot, wall)
        pane = app.screen.query_one(ReadingPane)
        changes = app.screen.changes
        await pilot.press("D")  # the latest change: version 2 against the current 3
        await settle(pilot)
        assert changes.showing == VersionPair(wall, 2, 3)
        header = texts(pane)[1:3]
        assert header[0].startswith("What changed: Version 2 of 3, captured ")
        assert header[0].endswith(" from wall.md")
        assert header[1].startswith("→ version 3 of 3 (the current text), captured ")
        assert (REMOVED, "March.") in marked(pane) and (ADDED, "April.") in marked(pane)
        assert "Work starts in March. April." in texts(pane)  # each word apart
        await pilot.press("left_square_bracket")  # the change before: 1 → 2
        await settle(pilot)
        assert changes.showing == VersionPair(wall, 1, 3)
        assert texts(pane)[1].startswith("What changed: Version 1 of 3, captured ")
        assert texts(pane)[2].startswith("→ version 2 of 3, captured ")
        words = marked(pane)
        assert (REMOVED, "7") in words or (REMOVED, "7 to 2") in words
        assert not any("April" in text for _name, text in words)
        assert "] the change after" in texts(pane)[3]
        await pilot.press("left_square_bracket")  # none before the first: said, stays
        await settle(pilot)
        assert changes.showing == VersionPair(wall, 1, 3)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert changes.showing == VersionPair(wall, 2, 3)
        await pilot.press("D")
        await settle(pilot)
        assert changes.showing is None and texts(pane)[0] == THIRD[0]
        # Off a diff, ] walks the related articles as ever: no diff comes up.
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert changes.showing is None


async def test_a_highlight_s_note_is_edited_and_the_highlight_removed_from_the_sidebar(
    desk: Path,
) -> None:
    gazette = ids_by_source(desk)["Gazette"]
    run("highlight", "--db", desk, gazette, WIRE[1].split(". ")[0], "--note", "ask the port")
    app = make_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_article(app, pilot, gazette)
        pane = app.screen.query_one(ReadingPane)
        assert len(pane.marks) == 1
        listed = app.screen.query_one("#highlights", HighlightList)
        listed.focus()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        assert app.screen.query_one(Input).value == "ask the port"
        await pilot.press("end", *" and the ferries", "enter")
        await settle(pilot)
        with ArchiveStore(desk) as store:
            (stored,) = store.highlights_of(gazette)
        assert stored.note == "ask the port and the ferries"
        sidebar = app.screen.query_one(Sidebar)
        assert [h.note for h in sidebar.highlights] == ["ask the port and the ferries"]
        # Emptied, the note goes; the highlight stays.
        listed.focus()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        with ArchiveStore(desk) as store:
            (stored,) = store.highlights_of(gazette)
        assert stored.note is None
        # d asks first: no keeps it, yes removes it from the archive, the pane and the list.
        listed.focus()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await settle(pilot)
        with ArchiveStore(desk) as store:
            assert len(store.highlights_of(gazette)) == 1
        listed.focus()
        await pilot.press("d", "y")
        await settle(pilot)
        with ArchiveStore(desk) as store:
            assert store.highlights_of(gazette) == []
        assert pane.marks == [] and sidebar.highlights == []
        assert not app.screen.query_one("#highlights-label", TextLine).display


async def test_the_passage_cursor_on_a_highlight_edits_its_note_and_removes_it(
    desk: Path,
) -> None:
    gazette = ids_by_source(desk)["Gazette"]
    first = WIRE[0]
    app = make_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_article(app, pilot, gazette)
        pane = app.screen.query_one(ReadingPane)
        pane.focus()
        # A highlight with no note: enter on the empty note keeps it (it made none).
        await pilot.press("h", "h")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        await pilot.press("enter")
        await settle(pilot)
        with ArchiveStore(desk) as store:
            (stored,) = store.highlights_of(gazette)
        assert stored.passage == first and stored.note is None
        assert len(pane.marks) == 1
        # h on it again: its note, not a second highlight.
        await pilot.press("h")
        await pilot.pause()
        assert pane.under_cursor(within=True) == stored
        assert any("On a highlight" in str(n.message) for n in app._notifications)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        await pilot.press(*"check", "enter")
        await settle(pilot)
        with ArchiveStore(desk) as store:
            (stored,) = store.highlights_of(gazette)
        assert stored.note == "check"
        # d on it: removed, after yes.
        await pilot.press("h", "d")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        with ArchiveStore(desk) as store:
            assert store.highlights_of(gazette) == []
        assert pane.marks == [] and pane.passage is None


async def test_a_highlight_across_a_link_and_bold_words_is_found_and_shown(desk: Path) -> None:
    basin = ids_by_source(desk)["Basin Weekly"]
    app = make_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_article(app, pilot, basin)
        pane = app.screen.query_one(ReadingPane)
        pane.focus()
        await pilot.press("h", "J")  # the paragraph's two sentences: a link, bold words
        await pilot.pause()
        assert pane.passage is not None
        passage = pane.passage.passage
        assert passage == (
            "The Port Linden harbour authority reopened the eastern basin on Monday. "
            "Officials said every sample had come back clean after three weeks of tests."
        )
        await pilot.press("h", *"sources", "enter")
        await settle(pilot)
        with ArchiveStore(desk) as store:
            (stored,) = store.highlights_of(basin)
        assert not stored.vanished and stored.passage == passage and stored.note == "sources"
        assert pane.marks == [(stored.start, stored.end)]
        # Marked on screen from the link's words to the bold ones' end.
        lines = [pane.render_line(y) for y in range(pane.size.height)]
        colour = pane.get_component_rich_style("reading-pane--marked").bgcolor
        lit = "".join(
            s.text
            for line in lines
            for s in line
            if s.style is not None and s.style.bgcolor == colour
        )
        for words in ("Port Linden", "harbour authority", "every sample", "three weeks of tests"):
            assert words in lit
        assert "Ferries resumed" not in lit
        # And the sidebar lists it in the words read.
        sidebar = app.screen.query_one(Sidebar)
        assert [h.passage for h in sidebar.highlights] == [passage]


async def test_after_a_diff_the_article_s_highlights_are_marked_again(desk: Path) -> None:
    wall = ids_by_source(desk)["Harbour Gazette"]
    run("highlight", "--db", desk, wall, "Elena Varga said.")
    app = make_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_article(app, pilot, wall)
        pane = app.screen.query_one(ReadingPane)
        assert len(pane.marks) == 1
        await pilot.press("D")
        await settle(pilot)
        assert pane.showing_diff and pane.marks == []
        await pilot.press("D")
        await settle(pilot)
        assert not pane.showing_diff and len(pane.marks) == 1


async def test_help_lists_the_new_keys_where_they_work(desk: Path) -> None:
    app = make_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {(row.section, row.keys, row.binding_id) for row in app.screen.rows}
        assert ("Sidebar: same story", "D", "story.compare") in rows
        assert ("Sidebar: highlights", "e", "highlights.note") in rows
        assert ("Sidebar: highlights", "d", "highlights.remove") in rows
        assert ("Reading pane: highlights", "d", "reading.unhighlight") in rows
        help_of = {row.binding_id: row.help for row in app.screen.rows}
        assert "the change before / after" in help_of["app.diff"]
        assert "on a diff" in help_of["app.next_related"]
