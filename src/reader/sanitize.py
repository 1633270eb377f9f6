"""Make untrusted text safe to store and to show in a terminal.

Articles come from the web. Terminal escape sequences hidden in a title or body
could move the cursor, rewrite the screen, set the window title or write to the
clipboard if they reached the terminal, and Textual passes them through
untouched. Everything imported goes through :func:`clean_text`; everything
shown from an archive goes through :func:`display_text` (or :func:`display_body`
for an article's body), because an archive may be someone else's, written by
another program, and hold anything in any column.
"""

from __future__ import annotations

import bisect
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

# A lone surrogate: half of a character, as JSON's "\ud83d" escapes or a YAML
# "\ud800" give when a tool cut an emoji in two. No UTF-8 can hold it, so SQLite
# refuses the whole row (and a batch writer the whole batch): it becomes U+FFFD,
# as a browser shows it.
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# What clean_text changes beyond newlines: one search decides whether to look further.
_UNCLEAN = re.compile(_CONTROL_CHARS.pattern[:-1] + r"\ud800-\udfff]")


def whole_characters(text: str) -> str:
    """``text`` with each lone surrogate (half a character) as U+FFFD, so that it can
    be encoded: parsers that encode their input (BeautifulSoup, lxml) fail on one."""
    # Only a lone surrogate stops UTF-8's strict encoder, which reads a character in
    # a third of the instructions of re's search (and ASCII, a flag, not at all).
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)
    return text


def clean_text(text: str) -> str:
    """Strip terminal escape sequences and control characters; normalise newlines;
    a lone surrogate becomes U+FFFD, so that the text can be stored."""
    if not text:
        return ""
    if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = _NEWLINES.sub("\n", text)  # the tests first: four scans in C beat one by re
    if _printable(text) or _UNCLEAN.search(text) is None:
        return text
    text = _ESCAPE_SEQUENCES.sub("", text)
    return _SURROGATES.sub("\ufffd", _CONTROL_CHARS.sub("", text))


def _printable(text: str) -> bool:
    """Whether every character but newlines and tabs is printable: then ``text`` holds
    nothing clean_text removes, which are all controls, format characters or
    surrogates, none of them printable (a test checks every character). The usual
    answer for an article, in a third of the instructions of _UNCLEAN's search, which
    costs re some 60 a character; text with a character str.isprintable refuses
    (a no-break space, a soft hyphen) is left to that search."""
    return text.replace("\n", " ").replace("\t", " ").isprintable()


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
    # os.fsdecode's surrogate escapes; isascii() is a flag Python keeps, looked at first
    # so that a plain name is not read a character at a time.
    if not text.isascii() and any("\udc80" <= ch <= "\udcff" for ch in text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return clean_line(text)


# -- display ---------------------------------------------------------------------

# What is never shown, in one pass (and linear time: every alternative is bounded
# or a single character). Beyond what clean_text removes:
#  - bidirectional marks and controls: LRM, RLM, ALM (U+200E, U+200F, U+061C), the
#    embeddings and overrides (U+202A-U+202E), the isolates (U+2066-U+2069). A
#    terminal that does bidi reorders the text around them, so what is shown is not
#    what is there; one that does not may still disagree with Textual about their width.
#  - characters that are there but not seen: zero-width space (U+200B), word joiner
#    and invisible operators (U+2060-U+2064), the byte order mark (U+FEFF), the
#    Mongolian vowel separator (U+180E), deprecated format characters (U+206A-U+206F),
#    interlinear annotation (U+FFF9-U+FFFB), and the tag characters (U+E0000-U+E007F,
#    a way to hide whole sentences), except inside an emoji flag sequence.
#  - the soft hyphen (U+00AD): a line-break hint a terminal cannot honour; it shows
#    as a hyphen in the middle of a word.
#  - the rest of Unicode's default-ignorable letters and marks, which Rich measures
#    as zero cells and terminals may draw one or two cells wide, so that every column
#    after them moves (a title of Hangul fillers U+3164 blanked itself and shifted
#    the date column and the reading pane's heading): the combining grapheme joiner
#    (U+034F), the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), Khmer's inherent
#    vowels (U+17B4, U+17B5), U+FFF0-U+FFF8, shorthand format controls
#    (U+1BCA0-U+1BCA3) and musical formatting (U+1D173-U+1D17A).
# ZWNJ and ZWJ (U+200C, U+200D) stay: Persian, the Indic scripts and emoji need them.
# A lone surrogate (from a damaged archive) becomes U+FFFD: it cannot be written out.
_STARTS = (
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028\u2029"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
    r"\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0\ufff0-\ufff8\U0001BCA0-\U0001BCA3"
    r"\U0001D173-\U0001D17A"
    r"\U0001F3F4\U000E0000-\U000E007F]"
)
_NOT_SHOWN = re.compile(
    # Every alternative begins with one of _STARTS: one class test per character
    # of ordinary text instead of a try of each alternative (15x faster).
    r"(?="
    + _STARTS
    + r""")(?:
      (?P<newline> \r\n? | [\u2028\u2029\x85] )
    | (?P<flag> \U0001F3F4 [\U000E0020-\U000E007E]{1,16} \U000E007F )
    | (?P<surrogate> [\ud800-\udfff] )
    |"""
    + _ESCAPE_SEQUENCES.pattern
    + "|"
    + _CONTROL_CHARS.pattern
    + r"""
    | [\u00ad\u061c\u180e\u200b\u200e\u200f\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb]
    | [\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0\ufff0-\ufff8\U0001BCA0-\U0001BCA3]
    | [\U0001D173-\U0001D17A]
    | [\U000E0000-\U000E007F]
    )""",
    re.VERBOSE,
)


def _replacement(match: re.Match[str]) -> str:
    if match.group("newline") is not None:
        return "\n"
    if match.group("flag") is not None:
        return match.group(0)
    if match.group("surrogate") is not None:
        return "\ufffd"
    return ""


def display_text(text: object, *, lines: bool = False) -> str:
    """Text from an archive as it may be shown: the one way archive text reaches a screen.

    A shared archive was not necessarily written by our importer, so nothing read
    from one is trusted: escape sequences, control characters, bidirectional
    controls and invisible characters go (see ``_NOT_SHOWN``). One line unless
    ``lines``: whitespace runs, newlines included, become single spaces. With
    ``lines``, newlines stay and a tab becomes a space (a tab would move the
    terminal's cursor by an amount the layout does not know). ``None`` is "";
    anything else that is not a string (a number where text was expected) is
    shown as its ``str``.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if _NOT_SHOWN.search(text) is not None:
        text = _NOT_SHOWN.sub(_replacement, text)
    if lines:
        return text.replace("\t", " ")
    return " ".join(text.split())


class DisplayOffsets:
    """Where a stored offset lands in the text :func:`display_body` shows.

    Quotes and links are found by their offsets in the stored body; the shown body
    may be shorter (an escape sequence, a zero-width space gone), so every stored
    offset is moved back by what went before it. An offset inside something
    removed lands where it was.
    """

    def __init__(self, changes: list[tuple[int, int, int, int]]) -> None:
        # (stored start, stored end, shown start, shown length) of each change of length
        self._changes = changes
        self._starts = [change[0] for change in changes]

    def shown(self, stored: int) -> int:
        """The shown text's offset for an offset of the stored text."""
        index = bisect.bisect_right(self._starts, stored) - 1
        if index < 0:
            return stored
        start, end, shown_start, shown_length = self._changes[index]
        if stored >= end:
            return shown_start + shown_length + stored - end
        return shown_start + min(stored - start, shown_length)


def display_body(text: object) -> tuple[str, DisplayOffsets]:
    """:func:`display_text` with ``lines=True``, and where the stored offsets land in it."""
    if text is None:
        text = ""
    elif not isinstance(text, str):
        text = str(text)
    changes: list[tuple[int, int, int, int]] = []
    shift = 0  # shown offset minus stored offset, so far

    def replace(match: re.Match[str]) -> str:
        nonlocal shift
        shown = _replacement(match)
        start, end = match.span()
        if len(shown) != end - start:
            changes.append((start, end, start + shift, len(shown)))
            shift += len(shown) - (end - start)
        return shown

    if _NOT_SHOWN.search(text) is not None:
        text = _NOT_SHOWN.sub(replace, text)
    return text.replace("\t", " "), DisplayOffsets(changes)
