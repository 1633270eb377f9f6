"""Article text full of escape sequences and markup: shown literally, never sent raw."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reader.cli import cli
from reader.store import ArchiveStore
from reader.tui import make_app
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane

from .tui_helpers import settle

EVIL_TITLE = "[bold red]Pwned[/] \x1b]0;window title\x07 \x1b[2J[link=http://evil.example]x[/link]"
EVIL_BODY = (
    "Mayor [b]Elena Varga[/b] said \x1b[31mred\x1b[0m and \x9b2J cleared.\n\n"
    "“[blink]Trust me[/blink],” Varga said. \x1b]52;c;ZXZpbA==\x07 \x1bP+q544e\x1b\\ done.\n\n"
    "A [link](javascript:alert(1)) and an OSC 8 \x1b]8;;http://evil.example\x1b\\hyperlink\x1b]8;;\x1b\\."
)


def evil_archive(tmp_path: Path) -> Path:
    source = tmp_path / "evil.md"
    source.write_text(
        f"# {EVIL_TITLE}\n\nMarch 3, 2026\n\n{EVIL_BODY}\n\nOriginal url:\n\n<https://evil.example/a>\n",
        encoding="utf-8",
    )
    db = tmp_path / "archive.db"
    assert CliRunner().invoke(cli, ["import", "--db", str(db), str(source)]).exit_code == 0
    return db


def screen_text(strips: list[object]) -> str:
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)  # type: ignore[attr-defined]


async def test_escapes_and_markup_never_reach_the_screen(tmp_path: Path) -> None:
    db = evil_archive(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        articles, pane = app.query_one(ArticleList), app.query_one(ReadingPane)
        rendered = screen_text([articles.render_line(y) for y in range(3)])
        rendered += screen_text([pane.render_line(y) for y in range(pane.size.height)])
        # Markup is shown as the characters it is made of.
        assert "[bold red]Pwned[/]" in rendered
        assert "[b]Elena Varga[/b]" in rendered
        # No escape sequence or control character, in any form, on the screen.
        for bad in ("\x1b", "\x9b", "\x07", "\x90", "\x9c", "]52;", "]8;;", "[2J", "[31m"):
            assert bad not in rendered, repr(bad)
        # And the whole frame the terminal would get carries none either.
        frame = app.export_screenshot()
        assert "\x1b" not in frame and "\x9b" not in frame
        assert "Pwned" in frame
        # The breadcrumb shows the title literally too.
        assert "[bold red]Pwned[/]" in str(app.query_one("#breadcrumb").render())


async def test_untrusted_text_is_cleaned_again_before_display(tmp_path: Path) -> None:
    """Even text that got into the archive some other way is cleaned when shown."""
    db = evil_archive(tmp_path)
    with ArchiveStore(db) as store, store.transaction():
        store.conn.execute(
            "UPDATE articles SET title = ?, body = ?",
            ("Raw \x1b[5mblink\x1b[0m", "Body \x1b]0;t\x07"),
        )
    app = make_app(db)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        articles, pane = app.query_one(ArticleList), app.query_one(ReadingPane)
        rendered = screen_text([articles.render_line(0)])
        rendered += screen_text([pane.render_line(y) for y in range(6)])
        assert "Raw blink" in rendered
        assert "\x1b" not in rendered and "\x07" not in rendered
