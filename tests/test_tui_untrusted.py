"""Article text full of escape sequences and markup: shown literally, never sent raw."""

from __future__ import annotations

import contextlib
import html
import json
import os
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot

from reader.cli import cli
from reader.sanitize import display_text
from reader.store import ArchiveStore
from reader.tui import ReaderApp, make_app
from reader.tui.browser import Browser, BrowserChoice, find_browser
from reader.tui.screens.dialogs import Confirm, TagEditor
from reader.tui.screens.speaker import SpeakerDialog
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.sidebar import SectionList

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


# -- a shared archive, written by some other program -------------------------------

# One of every kind of thing that must never reach the screen: CSI (clear, colour,
# a device status report the terminal would answer by typing), OSC 0 (window title),
# OSC 52 (clipboard), DCS, the 8-bit introducers, BEL, backspace, C1 NEL, bidi
# overrides and marks, zero-width and tag characters.
PAYLOAD = (
    "\x1b[2J\x1b[31m\x1b[6n"
    "\x1b]0;pwned-title\x07"
    "\x1b]52;c;ZXZpbA==\x1b\\"
    "\x1bP+q544e\x1b\\"
    "\x9b6n\x90qsixel\x9c\x9d8;;http://evil.example\x9c"
    "\x07\x08\x85\x00"
    "\u202e\u200f\u200e\u061c\u2066\u200b\ufeff\U000e0041"
)
NEVER_SHOWN = (
    {chr(code) for code in range(0x20) if chr(code) != "\n"}
    | {chr(code) for code in range(0x7F, 0xA0)}
    | set("\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u061c\u2066\u2067\u2068\u2069")
    | set("\u200b\ufeff\U000e0041")
)
# What the payload's sequences say, had they been shown as text.
NEVER_SHOWN_WORDS = ("pwned-title", "ZXZpbA", "+q544e", "qsixel", "evil.example", "[2J", "[6n")


def poison(value: str) -> str:
    return f"{PAYLOAD}{value}{PAYLOAD}"


def crafted_archive(archive: Path) -> Path:
    """The sample archive with every text column rewritten by plain sqlite3, as
    another program could: escapes and controls around every value."""
    ArchiveStore(archive).close()  # migrated first: no writes of ours after this
    conn = sqlite3.connect(archive)
    payload = (PAYLOAD, PAYLOAD)
    with conn:
        for table, columns in {
            "articles": ("title", "published", "source", "url", "body", "imported_from", "guid"),
            "entities": ("name",),
            "quotes": ("text", "speaker", "cue"),
            "links": ("text", "url"),
        }.items():
            for column in columns:
                conn.execute(
                    f"UPDATE {table} SET {column} = ? || {column} || ? WHERE {column} IS NOT NULL",
                    payload,
                )
        conn.execute("UPDATE articles SET authors = ?", (json.dumps([poison("Ana Ruiz")]),))
        # An entity type nobody knows, shown as a heading; counts that are not numbers.
        conn.execute("UPDATE entities SET type = ? WHERE type = 'ORG'", (poison("GUILD"),))
        conn.execute(
            "UPDATE article_entities SET mentions = ? WHERE entity_id % 2 = 0", (poison("7"),)
        )
        ids = [row[0] for row in conn.execute("SELECT id FROM articles")]
        conn.execute(
            "INSERT INTO tags (id, name, created_at) VALUES (900, ?, '2026-01-01')",
            (poison("harbourwatch"),),
        )
        conn.executemany(
            "INSERT INTO article_tags (article_id, tag_id, tagged_at) VALUES (?, 900, '2026')",
            [(article,) for article in ids],
        )
        conn.execute(
            "INSERT INTO saved_searches (name, query, created_at) VALUES (?, ?, '2026')",
            (poison("floodsearch"), poison("flood")),
        )
    conn.close()
    return archive


def shown_text(app: ReaderApp) -> str:
    """Everything the app shows or would show on scrolling: the frame as the terminal
    gets it, and every line of the list, the pane and the sidebar's lists."""
    parts = [html.unescape(app.export_screenshot()).replace("\xa0", " ")]
    for screen in app.screen_stack:
        for widget in screen.walk_children(with_self=True):
            if widget.size.area:
                parts += [strip.text for strip in widget.render_lines(widget.region.reset_offset)]
    articles = app.query_one(ArticleList)
    for index in range(articles.total):
        item = articles.item(index)
        if item is not None:
            parts.append(articles._render_item(item, False, 100).text)
    pane = app.query_one(ReadingPane)
    if pane.document is not None:
        parts += [
            pane._render_document_line(pane.document, line, 80).text for line in pane.document.lines
        ]
    for options in app.query(SectionList):
        parts += [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    parts += [notification.message for notification in app._notifications]
    return "\n".join(parts)


def assert_clean(app: ReaderApp, where: str, *visible: str) -> None:
    text = shown_text(app)
    found = sorted(repr(ch) for ch in NEVER_SHOWN if ch in text)
    assert not found, f"{where}: {found}"
    for word in NEVER_SHOWN_WORDS:
        assert word not in text, f"{where}: {word!r}"
    for word in visible:
        assert word in text, f"{where}: {word!r} not shown"


async def test_a_crafted_archive_shows_no_escape_anywhere(archive: Path) -> None:
    """Every widget, dialog and message, over an archive another program wrote."""
    db = crafted_archive(archive)
    with ArchiveStore(db) as store:
        newest = store.list_page(0, 1)[0]
        title = display_text(newest.title)
    app = make_app(db)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert app.article is not None and app.article.quotes and app.article.related
        # The list (titles, dates, sources), the pane (title, byline, date, source,
        # URL, tags, body), the sidebar (quotes, speakers, entities and their
        # headings and counts, related titles and dates, tags, saved searches),
        # the breadcrumb.
        assert_clean(app, "main", title[:30], "Ana Ruiz", "#harbourwatch", "floodsearch", "GUILD")
        document = app.query_one(ReadingPane).document
        assert document is not None  # the date, cleaned before it was cut, still shows
        assert any(block.kind == "meta" and "2026" in block.text for block in document.blocks)

        quotes = app.query_one("#quotes", SectionList)
        quotes.focus()
        quotes.highlighted = 0
        await pilot.press("a")  # who said it: the speaker dialog
        await settle(pilot)
        assert isinstance(app.screen, SpeakerDialog)
        assert_clean(app, "speaker dialog", "Who said")
        await pilot.press("escape")
        await pilot.press("t")  # the quote's tags
        await settle(pilot)
        assert isinstance(app.screen, TagEditor)
        assert_clean(app, "quote tag editor", "Tags of the quote")
        await pilot.press("escape")
        await pilot.press("s")  # everything this speaker said: a list of quotes
        await settle(pilot)
        assert app.views[-1].kind == "speaker"
        assert_clean(app, "speaker view", "Said by")
        await pilot.press("escape")
        await settle(pilot)

        entities = app.query_one("#entities", SectionList)
        entities.focus()
        entities.highlighted = 1
        await pilot.press("enter")  # an entity's articles; its name in the breadcrumb
        await settle(pilot)
        assert app.views[-1].kind == "entity"
        assert_clean(app, "entity view", "Mentions")
        await pilot.press("T")  # tag all of it: the question names the view
        await settle(pilot)
        assert_clean(app, "tag-all prompt", "Tag every article")
        await pilot.press("escape")
        await pilot.press("escape")
        await settle(pilot)

        tags = app.query_one("#tags", SectionList)
        tags.focus()
        tags.highlighted = 0
        await pilot.press("r")  # rename: the question and the value quote the name
        await settle(pilot)
        assert_clean(app, "rename prompt", "Rename #", "harbourwatch")
        await pilot.press("escape")
        await pilot.press("d")
        await settle(pilot)
        assert_clean(app, "delete confirm", "Delete the tag #", "harbourwatch")
        await pilot.press("n")
        await pilot.press("enter")  # the tag's articles
        await settle(pilot)
        assert_clean(app, "tag view", "#harbourwatch")
        tags.focus()
        tags.highlighted = tags.option_count - 1
        await pilot.press("enter")  # the saved search, whose query is poisoned too
        await settle(pilot)
        assert_clean(app, "saved search", "floodsearch")
        await pilot.press("ctrl+s")  # save it again: the question quotes the query
        await settle(pilot)
        assert_clean(app, "save search prompt", "Save")
        await pilot.press("escape")

        app.query_one(ArticleList).focus()
        await pilot.press("t")  # the article's tags, with completions from the archive
        await settle(pilot)
        assert_clean(app, "article tag editor", "#harbourwatch")
        await pilot.press("escape")
        await pilot.press("o")  # the article's URL is no longer a web address
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard and not NEVER_SHOWN & set(app.clipboard)
        pane = app.query_one(ReadingPane)
        pane.focus()
        await pilot.press("l", "enter")  # a link of the body
        await settle(pilot)
        assert_clean(app, "after a link")
        if isinstance(app.screen, Confirm):  # no browser here: offered to copy it
            await pilot.press("n")
        await pilot.press("question_mark")
        await settle(pilot)
        assert_clean(app, "help", "keys")
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        assert_clean(app, "command palette")


# -- links open beside the reader, never in its terminal ----------------------------


def fake_which(*names: str) -> Callable[[str], str | None]:
    return lambda name: f"/usr/bin/{name}" if name in names else None


def test_browser_variable_first_graphical_entry_wins() -> None:
    choice = find_browser({"BROWSER": "w3m:firefox"}, "linux", fake_which("w3m", "firefox"))
    assert choice.browser is not None and choice.browser.name == "firefox"
    choice = find_browser({"BROWSER": "lynx"}, "linux", fake_which("lynx", "xdg-open"))
    assert choice.browser is None and choice.console is not None
    assert choice.console.name == "lynx"  # $BROWSER is the user's choice: no other is tried
    choice = find_browser({"BROWSER": "nosuch"}, "linux", fake_which("xdg-open"))
    assert choice.browser is None and choice.missing == ("nosuch",)


def test_browser_command_line() -> None:
    env = {"BROWSER": "firefox --new-window %s &"}
    browser = find_browser(env, "linux", fake_which("firefox")).browser
    assert browser is not None
    url = "https://example.org/a b"
    assert browser.command(url) == ["/usr/bin/firefox", "--new-window", url]
    browser = find_browser({"BROWSER": "chromium"}, "linux", fake_which("chromium")).browser
    assert browser is not None and browser.command(url) == ["/usr/bin/chromium", url]


def test_system_browser() -> None:
    display = {"DISPLAY": ":0"}
    assert find_browser(display, "linux", fake_which("xdg-open", "w3m")).browser == Browser(
        "xdg-open", ("/usr/bin/xdg-open",)
    )
    console = find_browser({}, "linux", fake_which("xdg-open", "w3m"))
    assert console.browser is None and console.console is not None  # no display: w3m only
    assert find_browser({}, "linux", fake_which()) == BrowserChoice()
    mac = find_browser({}, "darwin", fake_which("open")).browser
    assert mac is not None and mac.name == "open"
    windows = find_browser({}, "win32", fake_which()).browser
    assert windows is not None and windows.argv == ()


def test_a_console_browser_is_known_through_a_link(tmp_path: Path) -> None:
    (tmp_path / "lynx").write_text("")
    (tmp_path / "mybrowser").symlink_to(tmp_path / "lynx")
    choice = find_browser({"BROWSER": str(tmp_path / "mybrowser")}, "linux", lambda name: name)
    assert choice.browser is None and choice.console is not None


def fake_browser(tmp_path: Path, name: str, script: str) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(0o755)
    return path


async def wait_until(pilot: Pilot[None], condition: Callable[[], object], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


def messages(app: ReaderApp) -> list[str]:
    return [notification.message for notification in app._notifications]


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="reads /proc")
async def test_a_slow_browser_neither_freezes_nor_draws_over_the_reader(
    archive: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    marks = tmp_path / "marks"
    marks.mkdir()
    browser = fake_browser(
        tmp_path,
        "slowbrowser",
        f"echo $$ > {marks}/pid\n"
        f'echo "$1" > {marks}/url\n'
        # $$ in the $( ) is still this shell: its own stdin, stdout and stderr.
        f'echo "$(readlink /proc/$$/fd/0 /proc/$$/fd/1 /proc/$$/fd/2)" > {marks}/fds\n'
        'echo "drawn over the reader"\n'
        'echo "drawn over the reader" >&2\n'
        "sleep 5\n"
        f"echo done > {marks}/finished\n",
    )
    monkeypatch.setenv("BROWSER", str(browser))
    monkeypatch.setattr("reader.tui.browser.OPEN_WAIT", 2.0)
    app = make_app(archive)
    pid = None
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            assert app.article is not None and app.article.url
            url = app.article.url
            articles = app.query_one(ArticleList)
            await pilot.press("o")
            await wait_until(pilot, (marks / "fds").exists, 5)
            pid = int((marks / "pid").read_text())
            # The browser runs, and the reader still takes keys.
            await pilot.press("j")
            assert articles.cursor == 1
            assert not (marks / "finished").exists()
            # Once it has watched the launch for a moment, it says what it knows.
            await wait_until(pilot, lambda: any("Opening" in m for m in messages(app)), 5)
            assert not (marks / "finished").exists()
            assert any("in slowbrowser" in m for m in messages(app))
            assert not any(m.startswith("Opened") for m in messages(app))
        assert (marks / "url").read_text().strip() == url
        # No terminal: nothing to draw on, no keys to take; and a session of its own.
        assert (marks / "fds").read_text().split() == ["/dev/null"] * 3
        assert os.getsid(pid) == pid
        assert "drawn over the reader" not in "".join(capfd.readouterr())
    finally:
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGTERM)


async def test_a_browser_that_fails_is_reported(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER", str(fake_browser(tmp_path, "brokenbrowser", "exit 3\n")))
    app = make_app(archive)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        failed = [n for n in app._notifications if "did not open" in n.message]
        assert failed and "exit status 3" in failed[0].message
        assert failed[0].severity == "error"
        assert not any(m.startswith("Open") for m in messages(app))


async def test_a_console_browser_is_not_run_and_the_link_is_offered_to_copy(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = tmp_path / "ran"
    w3m = fake_browser(tmp_path, "w3m", f"touch {ran}\n")
    monkeypatch.setenv("PATH", str(w3m.parent))
    monkeypatch.setenv("BROWSER", "w3m")
    app = make_app(archive)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert app.article is not None
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "w3m is a console browser" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == app.article.url
        # No clipboard program on PATH: the terminal may or may not take it, so no "Copied".
        assert any(m.startswith("Sent") and "clipboard" in m for m in messages(app))
        assert not any(m.startswith(("Copied", "Open")) for m in messages(app))
    assert not ran.exists()


async def test_no_browser_is_said_so(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing to run
    app = make_app(archive)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert app.screen.question.startswith("No browser found")
        await pilot.press("n")
        await settle(pilot)
        assert not isinstance(app.screen, Confirm)
        assert app.clipboard == ""
        monkeypatch.setenv("BROWSER", "nosuchbrowser")
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "$BROWSER names nosuchbrowser, not installed" in app.screen.question
        assert not any(m.startswith("Open") for m in messages(app))


def test_no_markup_is_built_in_the_tui() -> None:
    """Archive text becomes rich Text with explicit styles, never markup: no widget
    reads markup (Static and Label take Text; notify says markup=False)."""
    import reader.tui

    folder = Path(reader.tui.__file__).parent
    for source in folder.rglob("*.py"):
        code = source.read_text(encoding="utf-8")
        for needle in (
            "from_markup",
            "markup=True",
            "Label(",
            "Static(f",
            'Static("',
            "render_str",
        ):
            assert needle not in code, f"{source.name}: {needle}"
