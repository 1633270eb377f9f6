"""Correcting who said a quote from the sidebar (`a`), checked in the archive afterwards."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input

from reader.store import ArchiveStore
from reader.store.queries import UNCERTAIN_BELOW, EntityView, QuoteView
from reader.tui import ReaderApp, make_app
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.speaker import SpeakerDialog, complete, speaker_names
from reader.tui.widgets.sidebar import QuoteList, QuoteOption, Sidebar, quote_prompt

from .tui_helpers import article_id, settle

SIZE = (140, 44)


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*[{" ": "space", "-": "minus", "'": "apostrophe"}.get(c, c) for c in text])


def stored_quote(db: Path, article: int, text: str) -> QuoteView:
    with ArchiveStore(db) as store:
        (quote,) = [quote for quote in store.article_quotes(article) if quote.text == text]
        return quote


def prompt_of(app: ReaderApp, index: int) -> Text:
    option = app.query_one("#quotes", QuoteList).get_option_at_index(index)
    assert isinstance(option, QuoteOption) and isinstance(option.prompt, Text)
    return option.prompt


async def on_quote(pilot: Pilot[None], index: int) -> QuoteView:
    """Put the cursor on the article's quote `index` in the sidebar."""
    quotes = pilot.app.query_one("#quotes", QuoteList)
    quotes.focus()
    quotes.highlighted = index
    await pilot.pause()
    return pilot.app.query_one(Sidebar).quotes[index]


async def test_a_sets_the_speaker_with_completion_and_marks_the_quote(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.article is not None
        quote = await on_quote(pilot, 1)
        names = speaker_names(app.article.entities)
        name = next(n for n in names if n != quote.speaker and " " in n)
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SpeakerDialog) and dialog.quote == quote
        field = dialog.query_one(Input)
        assert field.value == (quote.speaker or "")
        await type_text(pilot, name[:4])  # replaces the current name, selected
        await pilot.press("tab")
        assert field.value == name  # tab took the completion
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, SpeakerDialog)
        current = article_id(app) or 0
        stored = stored_quote(archive, current, quote.text)
        assert (stored.speaker, stored.corrected) == (name, True)
        assert stored.speaker_entity_id is not None  # tied to the article's entity
        # The sidebar shows it marked, the cursor still on it.
        assert prompt_of(app, 1).plain.startswith(f"✎ {name} — ")
        assert app.query_one("#quotes", QuoteList).highlighted == 1
        assert app.article is not None and app.article.quotes[1].corrected
        # `s` follows the correction, and marks it.
        await pilot.press("s")
        await settle(pilot)
        assert app.views[-1].label == f"Said by {name}"
        assert any(
            item.article_id == current and item.title.startswith(f"✎ “{quote.text}")
            for item in app.views[-1].loader(0, app.views[-1].total)
        )


async def test_enter_takes_the_completion_shown(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.article is not None
        quote = await on_quote(pilot, 0)
        name = speaker_names(app.article.entities)[-1]
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, name[:5].lower())
        await pilot.press("enter")
        await settle(pilot)
        assert stored_quote(archive, article_id(app) or 0, quote.text).speaker == name


async def test_a_with_an_empty_name_clears_the_speaker(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        quote = await on_quote(pilot, 0)
        assert quote.speaker is not None
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("backspace", "enter")  # the current name is selected: deleted
        await settle(pilot)
        stored = stored_quote(archive, article_id(app) or 0, quote.text)
        assert (stored.speaker, stored.speaker_entity_id, stored.corrected) == (None, None, True)
        assert prompt_of(app, 0).plain.startswith("✎ unattributed — ")
        assert any("Speaker cleared" in n.message for n in app._notifications)


async def test_escape_cancels_and_writes_nothing(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        quote = await on_quote(pilot, 0)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Nobody")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SpeakerDialog)
        stored = stored_quote(archive, article_id(app) or 0, quote.text)
        assert (stored.speaker, stored.corrected) == (quote.speaker, False)
        with ArchiveStore(archive) as store:
            count = store.conn.execute("SELECT count(*) FROM speaker_corrections").fetchone()
        assert count == (0,)


async def test_a_is_in_the_footer_on_quotes_and_in_help(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "a" not in app.screen.active_bindings  # only on a quote
        await on_quote(pilot, 0)
        active = app.screen.active_bindings["a"].binding
        assert active.id == "sidebar.attribute" and active.show
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert any(row.keys == "a" and "who said it" in row.help for row in app.screen.rows)


async def test_a_keymap_can_move_the_key(archive: Path, tmp_path: Path) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('"sidebar.attribute" = "w"\n', encoding="utf-8")
    app = make_app(archive, keymap_path=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_quote(pilot, 0)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, SpeakerDialog)


async def test_a_resize_under_the_dialog_reaches_the_main_screen(archive: Path) -> None:
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_quote(pilot, 0)
        await pilot.press("a")
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.has_class("-narrow")
        assert not app.query_one(Sidebar).display  # folded away


def test_quote_prompts_mark_corrected_and_uncertain_speakers() -> None:
    def quote(**fields: object) -> QuoteView:
        return QuoteView(1, "We will.", "Ann Example", None, "statement", 0, 8, **fields)  # type: ignore[arg-type]

    sure = quote_prompt(quote(confidence=0.95))
    assert sure.plain == "Ann Example — We will."
    unsure = quote_prompt(quote(confidence=UNCERTAIN_BELOW - 0.05))
    assert unsure.plain == "Ann Example? — We will."
    assert any("dim" in str(span.style) for span in unsure.spans)
    fixed = quote_prompt(quote(confidence=0.5, corrected=True))
    assert fixed.plain == "✎ Ann Example — We will."  # corrected by hand: not uncertain
    hostile = quote_prompt(QuoteView(1, "[bold]x[/]", "[red]Ann", None, "statement", 0, 1))
    assert hostile.plain == "[red]Ann — [bold]x[/]"  # text, never markup


def test_completion_and_the_names_offered() -> None:
    entities = [
        EntityView(1, "Coastal Water Authority", "ORG", 5, 1),
        EntityView(2, "Elena Varga", "PERSON", 1, 1),
        EntityView(3, "Port Linden", "GPE", 9, 1),
        EntityView(4, "Tomas Berg", "PERSON", 3, 1),
    ]
    names = speaker_names(entities)
    assert names == ["Tomas Berg", "Elena Varga", "Coastal Water Authority"]
    assert complete("elena varga", names) == "Elena Varga"
    assert complete("coa", names) == "Coastal Water Authority"
    assert complete("a port official", names) == "a port official"


async def test_the_read_timer_firing_as_the_app_closes_is_harmless(archive: Path) -> None:
    """Found in a full run: the 2-second 'read' timer fired while the app was closing
    with a dialog open, and its query for the article list raised NoMatches."""
    app = make_app(archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_quote(pilot, 0)
        await pilot.press("a")
        await settle(pilot)
        article = app.article
        assert article is not None
        article.read = False
        for widget in list(app.screen_stack[0].children):
            await widget.remove()  # as on closing
        app.main.commands.dwelt(article)  # what the timer does then: must not raise
        assert isinstance(app.screen, SpeakerDialog)
