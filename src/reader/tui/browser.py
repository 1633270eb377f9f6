"""Which web browser opens a link, and opening it without giving it the terminal.

``webbrowser`` runs ``$BROWSER`` (and, without a display, lynx or w3m) in the
reader's own terminal and waits for it: a console browser draws over the app and
takes its keys, and a slow one freezes it. Here a browser runs in its own session
with no terminal at all (stdin, stdout and stderr to /dev/null), and only a
graphical one is run; a console browser is named so that the app can say it
cannot run inside the reader. Nothing here knows Textual: the app calls
:func:`find_browser` and :func:`launch` from a thread worker.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

# Browsers that draw in the terminal they are started from: they cannot share it
# with the reader. (www-browser is Debian's name for the console one.)
CONSOLE_BROWSERS = frozenset(
    {"w3m", "lynx", "links", "links2", "elinks", "www-browser", "browsh", "carbonyl", "cha"}
)

# Tried in order when $BROWSER is not set and there is a display.
_GRAPHICAL = (
    ("xdg-open",),
    ("gio", "open"),
    ("wslview",),
    ("x-www-browser",),
    ("firefox",),
    ("chromium",),
    ("chromium-browser",),
    ("google-chrome",),
)
# Tried when there is no display, only to say why nothing can be opened.
_CONSOLE = ("www-browser", "w3m", "lynx", "elinks", "links")

# How long a launch is watched for an early failure (a launcher that exits with an
# error at once); after that the browser is taken to be opening the link.
OPEN_WAIT = 1.5


@dataclass(frozen=True, slots=True)
class Browser:
    """A browser command: its name as shown, and its arguments ("%s" is the link)."""

    name: str
    argv: tuple[str, ...]  # empty: the system's default (os.startfile, on Windows)
    console: bool = False

    def command(self, url: str) -> list[str]:
        """The command line that opens url: "%s" replaced, or url added at the end."""
        if any("%s" in arg for arg in self.argv):
            return [arg.replace("%s", url) for arg in self.argv]
        return [*self.argv, url]


@dataclass(frozen=True, slots=True)
class BrowserChoice:
    """What :func:`find_browser` found: a browser to run, or why there is none."""

    browser: Browser | None = None  # one that can run beside the reader
    console: Browser | None = None  # the console browser there is, when there is no other
    missing: tuple[str, ...] = field(default=())  # programs $BROWSER names that are not installed


def find_browser(
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    which: Callable[[str], str | None] = shutil.which,
) -> BrowserChoice:
    """The browser to open links with: $BROWSER's first graphical one, else the system's.

    $BROWSER, when set, is the user's choice and the only one considered (a list
    separated by ``os.pathsep``, each entry a command line, "%s" for the link).
    """
    env = os.environ if environ is None else environ
    if env.get("BROWSER", "").strip():
        return _from_variable(env["BROWSER"], which)
    if platform == "win32":
        return BrowserChoice(Browser("the default browser", ()))
    if platform == "darwin":
        return _first([("open",)], which)
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return _first(_GRAPHICAL, which)
    choice = _first([("wslview",)], which)  # WSL: Windows' browser, no display needed
    if choice.browser is not None:
        return choice
    return _first([(name,) for name in _CONSOLE], which)


def _from_variable(value: str, which: Callable[[str], str | None]) -> BrowserChoice:
    console: Browser | None = None
    missing: list[str] = []
    for entry in value.split(os.pathsep):
        try:
            argv = shlex.split(entry.strip())
        except ValueError:  # an unclosed quote
            argv = entry.split()
        if argv and argv[-1] == "&":  # "run in the background": every browser is, here
            argv = argv[:-1]
        if not argv:
            continue
        browser = _browser(tuple(argv), which)
        if browser is None:
            missing.append(argv[0])
        elif not browser.console:
            return BrowserChoice(browser)
        elif console is None:
            console = browser
    return BrowserChoice(None, console, tuple(missing))


def _first(
    candidates: Iterable[tuple[str, ...]], which: Callable[[str], str | None]
) -> BrowserChoice:
    console: Browser | None = None
    for argv in candidates:
        browser = _browser(argv, which)
        if browser is None:
            continue
        if not browser.console:
            return BrowserChoice(browser)
        console = console or browser
    return BrowserChoice(None, console)


def _browser(argv: tuple[str, ...], which: Callable[[str], str | None]) -> Browser | None:
    path = which(argv[0])
    if path is None:
        return None
    name = os.path.basename(argv[0])
    # www-browser and friends are often links to the real program: w3m, lynx.
    real = os.path.basename(os.path.realpath(path))
    console = name in CONSOLE_BROWSERS or real in CONSOLE_BROWSERS
    return Browser(name, (path, *argv[1:]), console)


@dataclass(frozen=True, slots=True)
class Launch:
    """How a launch went, as far as the reader can know."""

    outcome: Literal["opened", "opening", "failed"]
    detail: str = ""  # why it failed


def launch(browser: Browser, url: str, wait: float | None = None) -> Launch:
    """Run browser on url detached from the terminal; blocks up to ``wait`` seconds.

    "opened": the program exited at once and said it succeeded (a launcher such as
    xdg-open); "opening": it is still running (a browser that has just started);
    "failed": it could not be started or exited with an error.
    """
    if not browser.argv:
        try:
            os.startfile(url)  # type: ignore[attr-defined]  # Windows only
        except OSError as error:
            return Launch("failed", error.strerror or str(error))
        return Launch("opened")
    try:
        process = subprocess.Popen(
            browser.command(url),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            start_new_session=True,  # no terminal, no Ctrl-C from ours
        )
    except OSError as error:
        return Launch("failed", f"could not be started ({error.strerror or error})")
    try:
        status = process.wait(timeout=OPEN_WAIT if wait is None else wait)
    except subprocess.TimeoutExpired:
        return Launch("opening")  # Popen reaps it later, when it ends
    if status == 0:
        return Launch("opened")
    return Launch("failed", f"exit status {status}")
