"""Make untrusted text safe to store and to show in a terminal.

Articles come from the web. Terminal escape sequences hidden in a title or body
could move the cursor, rewrite the screen, set the window title or write to the
clipboard if they reached the terminal, and Textual passes them through
untouched. Everything imported goes through :func:`clean_text`, and the TUI
runs it again before display.
"""

from __future__ import annotations

import re

# Whole escape sequences first, so that their parameters ("[31m") do not linger
# as visible garbage once the introducer is gone. A string sequence (OSC, DCS, ...)
# is taken whole only with its terminator and within 1 KB: a stray introducer (a
# C1 byte of mislabelled Windows-1252 text, an unterminated ESC ]) loses itself,
# never the text after it, and no scan runs past 1 KB from any one character.
_ESCAPE_SEQUENCES = re.compile(
    r"""
      \x1b\[ [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]?     # CSI (7-bit)
    | \x9b   [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]?     # CSI (8-bit)
    | (?:\x1b\]|\x9d) [^\x07\x1b\x9c]{0,1024} (?:\x07|\x1b\\|\x9c)   # OSC ... BEL/ST
    | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f]) [^\x1b\x9c]{0,1024} (?:\x1b\\|\x9c)  # DCS SOS PM APC
    | \x1b [\x20-\x2f]* [\x30-\x7e]?                     # any other ESC sequence
    """,
    re.VERBOSE,
)

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode
# bidirectional overrides that can make text display differently from what it is.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def clean_text(text: str) -> str:
    """Strip terminal escape sequences and control characters; normalise newlines."""
    if not text:
        return ""
    text = _NEWLINES.sub("\n", text)
    if _CONTROL_CHARS.search(text) is None:
        return text
    text = _ESCAPE_SEQUENCES.sub("", text)
    return _CONTROL_CHARS.sub("", text)


def clean_line(text: str | None) -> str:
    """Like :func:`clean_text` for one-line fields: whitespace runs become single spaces."""
    if not text:
        return ""
    return " ".join(clean_text(text).split())


def clean_path(path: str | object) -> str:
    """A file name fit to print: undecodable bytes as U+FFFD, escapes and controls gone.

    File names come from the same untrusted places as articles (a download, an
    unpacked archive) and may carry a terminal escape or bytes that are not UTF-8.
    """
    text = str(path)
    if any("\udc80" <= ch <= "\udcff" for ch in text):  # os.fsdecode's surrogate escapes
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return clean_line(text)
