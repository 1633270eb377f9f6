"""Handing a link to a browser or to the clipboard, and saying truthfully what happened.

These run in thread workers (finding a browser looks at the disk; a launch is
watched for a moment) and return a :class:`Launched` message with the words to
show. "Opened" is said only when it is known: a launcher such as xdg-open that
exits at once may have started a console browser out of sight, so it is
"handed to xdg-open"; and a terminal may ignore the clipboard escape, so the
URL is "copied" only when a clipboard program took it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from reader.tui.browser import find_browser, launch
from reader.tui.messages import Launched

# Launchers pass the link on to whatever the desktop chooses, and exit.
LAUNCHERS = frozenset({"xdg-open", "gio", "open", "wslview", "x-www-browser"})

# Clipboard programs, tried in order where their display is there.
_CLIPBOARD = (
    ("WAYLAND_DISPLAY", ("wl-copy",)),
    ("DISPLAY", ("xclip", "-selection", "clipboard")),
    ("DISPLAY", ("xsel", "--clipboard", "--input")),
)


def open_link(url: str) -> Launched:
    """Open url in a browser beside the reader (never in its terminal: see browser.py)."""
    shown = url[:80]
    choice = find_browser()
    if choice.browser is None:
        if choice.console is not None:
            why = f"{choice.console.name} is a console browser: it cannot run inside the reader."
        elif choice.missing:
            why = f"No browser found: $BROWSER names {', '.join(choice.missing)}, not installed."
        else:
            why = "No browser found: set $BROWSER to a graphical browser."
        return Launched(why, failed=True, offer_copy=url)
    browser = choice.browser
    launched = launch(browser, url)
    if launched.outcome == "failed":
        return Launched(f"{browser.name} did not open {shown}: {launched.detail}.", failed=True)
    if browser.name in LAUNCHERS:
        return Launched(f"Handed {shown} to {browser.name}: your browser should show it.")
    return Launched(f"Opening {shown} in {browser.name}.")


def copy_with_program(text: str) -> Launched:
    """Copy text with the system's clipboard program, if there is one to run.

    The app has already sent it to the terminal (OSC 52); whether the terminal
    took it cannot be known, so without a program the message says so.
    """
    program = _clipboard_program()
    if program is not None:
        try:
            subprocess.run(
                program,
                input=text.encode("utf-8"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=2,
                check=True,
                start_new_session=True,
            )
        except (OSError, subprocess.SubprocessError):
            pass
        else:
            return Launched(f"Copied {text[:80]} ({os.path.basename(program[0])}).")
    return Launched(
        f"Sent {text[:80]} to the terminal's clipboard: if it does not paste, "
        "your terminal does not allow that (tmux: set-clipboard on)."
    )


def _clipboard_program() -> list[str] | None:
    if sys.platform == "darwin" and (path := shutil.which("pbcopy")):
        return [path]
    for variable, argv in _CLIPBOARD:
        if os.environ.get(variable) and (path := shutil.which(argv[0])):
            return [path, *argv[1:]]
    return None
