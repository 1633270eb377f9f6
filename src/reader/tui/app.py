"""The reader app: settings, theme, keymap, and the one place worker failures are reported.

Everything a user sees is on :class:`MainScreen` (reader.tui.screens.main),
which composes the panes and routes their messages. The app only starts things:
it reads config.toml, keymap.toml and state.toml, keeps the theme, builds help
and the command palette from the live bindings, and turns any worker's failure
into a message while the reader stays open.

Nothing read from an archive is trusted (it may be someone else's): every widget
shows it through :func:`reader.sanitize.display_text`, and so does :meth:`notify`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from reader.sanitize import display_text
from reader.store import ArchiveProblem, ArticleView
from reader.tui.config import (
    config_dir,
    load_keymap,
    load_settings,
    load_state,
    save_state,
)
from reader.tui.data import ArchiveAccess
from reader.tui.keys import KeyHelp, key_help, unknown_ids
from reader.tui.navigator import Navigator
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.opening import BROWSE_DELAY
from reader.tui.screens.quotes import QuotesScreen
from reader.tui.views import View
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.find_bar import FindBar
from reader.tui.widgets.marking_pane import MarkingPane
from reader.tui.widgets.marks import HighlightList, StoryList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.section_list import SectionList
from reader.tui.widgets.sidebar import QuoteList
from reader.tui.widgets.tags_list import TagsList

# Where each key lives, in the order help shows them.
KEY_SECTIONS: list[tuple[str, type[DOMNode]]] = [
    ("Everywhere", MainScreen),
    ("Article list", ArticleList),
    ("Reading pane", ReadingPane),
    ("Reading pane: highlights", MarkingPane),
    ("Sidebar", SectionList),
    ("Sidebar: quotes", QuoteList),
    ("Sidebar: same story", StoryList),
    ("Sidebar: highlights", HighlightList),
    ("Sidebar: tags", TagsList),
    ("Search box", SearchBar),
    ("Find box", FindBar),
    ("Quotes view (Q)", QuotesScreen),
]


# How often the reader makes sure its terminal is still there (see on_mount).
TERMINAL_CHECK_SECONDS = 1.0


class ReaderApp(App[None]):
    """A terminal reader for a news archive."""

    TITLE = "reader"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        db_path: Path,
        *,
        keymap_path: Path | None = None,
        mark_read_on_open: bool | None = None,
        config: Path | None = None,
    ) -> None:
        super().__init__()
        self.config_dir = config if config is not None else config_dir()
        self.settings = load_settings(self.config_dir)
        if mark_read_on_open is not None:
            self.settings.mark_read_on_open = mark_read_on_open
        self.saved = load_state(self.config_dir)
        self.db_path = db_path
        self.access = ArchiveAccess(db_path, on_wait=self._waiting_for_writer)
        self.keymap_path = keymap_path or (
            self.config_dir / "keymap.toml" if self.config_dir else None
        )
        self.keymap: dict[str, str] = {}
        self._main: MainScreen | None = None

    def get_default_screen(self) -> Screen[None]:
        session = self.saved.sessions.get(self._archive_key())
        if not self.settings.restore_session:
            session = None
        self._main = MainScreen(self.access, self.settings, session)
        return self._main

    def _remember(self) -> None:
        """The reader is closing: where it was, for next time (state.toml)."""
        main = self._main
        if main is None or not main.navigator.views:
            return
        key = self._archive_key()
        self.saved.sessions.pop(key, None)  # the most recent last
        self.saved.sessions[key] = main.lists.session(main.article)
        save_state(self.config_dir, self.saved)

    def _archive_key(self) -> str:
        return str(self.db_path.resolve())

    @property
    def main(self) -> MainScreen:
        assert self._main is not None, "the main screen is made when the app starts"
        return self._main

    # What the tests and the benchmark look at, on the main screen.
    @property
    def article(self) -> ArticleView | None:
        return self.main.article

    @property
    def views(self) -> list[View]:
        return self.main.navigator.views

    @property
    def navigator(self) -> Navigator:
        return self.main.navigator

    def on_mount(self) -> None:
        if self.saved.theme and self.saved.theme in self.available_themes:
            self.theme = self.saved.theme
        keymap, problems = load_keymap(self.keymap_path)
        if keymap:
            self.keymap = dict(self._normalize_keymap(keymap))
            self.set_keymap(keymap)
        owners = [owner for _section, owner in KEY_SECTIONS]
        problems += [
            f"keymap: no binding has the id {name!r} (see ? for every key)"
            for name in unknown_ids(keymap, owners)
        ]
        for problem in [*self.settings.problems, *problems]:  # once, at start
            self.notify(problem, severity="warning", timeout=10)
        # The terminal went away (a closed window, a killed tmux session): leave,
        # rather than go on drawing to nobody.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.exit)
        # No SIGHUP reaches the reader when the program that started it (make run,
        # under a shell without job control) took the hangup and ended first: the
        # reader then read nothing from the dead terminal, at once, again and again
        # (Textual's input thread spun a core for an hour). A hung-up terminal is no
        # terminal to isatty: look every second.
        stdin = sys.__stdin__
        if not self.is_headless and stdin is not None and stdin.isatty():
            self.set_interval(
                TERMINAL_CHECK_SECONDS, partial(self.leave_if_hung_up, stdin.fileno())
            )

    def leave_if_hung_up(self, terminal: int) -> None:
        """Leave (saving the session, as on q) if the terminal read is gone."""
        if not os.isatty(terminal):
            self.exit()

    def watch_theme(self, theme: str) -> None:
        if theme != self.saved.theme:
            self.saved.theme = theme
            save_state(self.config_dir, self.saved)

    def on_unmount(self) -> None:
        self._remember()
        self.access.close()
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)

    # -- the one error path ---------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that fails says why, and the app stays open."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, ArchiveProblem):
            message = str(error)
        else:
            message = f"That did not work: {type(error).__name__}: {error}"
        self.notify(message, severity="error", timeout=8)

    def _waiting_for_writer(self, message: str) -> None:
        # Called from a worker thread whose write waits for another writer (an import).
        self.call_from_thread(self.notify, message, timeout=6)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications quote article text and searches: never markup, always display_text."""
        super().notify(
            display_text(message, lines=True),
            title=display_text(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def action_help_quit(self) -> None:
        """ctrl+c: say how to quit, in plain words (notify shows no markup)."""
        keys = [row.keys for row in self.key_help() if row.binding_id == "app.quit"]
        self.notify(f"Press {' or '.join(['ctrl+q', *keys])} to quit.", title="Quit?")

    # -- keys, help and the palette, from the live bindings ---------------------

    def key_help(self) -> list[KeyHelp]:
        return key_help(KEY_SECTIONS, self.keymap, self.get_key_display)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.key_help()))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        for row in self.key_help():
            if row.binding_id in ("app.quit",):
                continue
            node = _namespace(screen, row.section)
            if node is None:
                continue
            yield SystemCommand(
                row.description,
                f"{row.help} — key: {row.keys}",
                lambda node=node, action=row.action: self._run_in(node, action),
            )

    def _run_in(self, node: DOMNode, action: str) -> None:
        self.run_worker(self.run_action(action, node), group="palette")


def _namespace(screen: MainScreen, section: str) -> DOMNode | None:
    """The node a section's actions run on (the first of its kind on the screen)."""
    owner = dict(KEY_SECTIONS)[section]
    if owner is MainScreen:
        return screen
    if owner is SearchBar:
        return None  # its one key only means something while typing
    found = [node for node in screen.walk_children() if isinstance(node, owner)]
    return found[0] if found else None


def make_app(
    db_path: Path,
    *,
    keymap_path: Path | None = None,
    mark_read_on_open: bool | None = None,
    config: Path | None = None,
) -> ReaderApp:
    """The one way to build the app, for the CLI and the tests alike."""
    return ReaderApp(
        db_path, keymap_path=keymap_path, mark_read_on_open=mark_read_on_open, config=config
    )


__all__ = ["BROWSE_DELAY", "ReaderApp", "make_app"]
