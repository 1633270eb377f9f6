"""display_text: the one way text from an archive reaches the screen."""

from __future__ import annotations

import time

import pytest

from reader.sanitize import clean_text, display_body, display_text
from reader.tui.render import build_document

# Everything that must never be shown, one of each kind.
ESC_CSI = "\x1b[2J\x1b[31m"
OSC_TITLE = "\x1b]0;pwned-title\x07"
OSC_CLIPBOARD = "\x1b]52;c;ZXZpbA==\x1b\\"
DCS = "\x1bP+q544e\x1b\\"
C1 = "\x9b2J\x90dcs\x9c\x85"
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE = "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad\u206a\ufff9\U000e0041"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain", "plain"),
        (f"a{ESC_CSI}b", "ab"),
        (f"a{OSC_TITLE}b{OSC_CLIPBOARD}c{DCS}d", "abcd"),
        ("bell\x07 and nul\x00 and del\x7f", "bell and nul and del"),
        ("8-bit \x9b2J csi", "8-bit csi"),
        ("dcs \x90q sixel\x9c end", "dcs end"),
        (f"bidi {BIDI}marks", "bidi marks"),
        ("override \u202eesrever\u202c back", "override esrever back"),
        (f"zero{INVISIBLE}width", "zerowidth"),
        ("soft\u00adhyphen", "softhyphen"),
        ("two\nlines\r\nand\u2028more\u2029", "two lines and more"),
        ("tabs\tand  spaces ", "tabs and spaces"),
        (None, ""),
        (42, "42"),
        ("lone surrogate \ud800 here", "lone surrogate \ufffd here"),
    ],
)
def test_display_text_shows_only_what_is_there(raw: object, shown: str) -> None:
    assert display_text(raw) == shown


@pytest.mark.parametrize(
    "kept",
    [
        "می‌خواهم",  # Persian: ZWNJ keeps two letters unjoined
        "क्‍ष",  # Devanagari: ZWJ asks for a half form
        "👩‍💻 and 👨‍👩‍👧",  # emoji ZWJ sequences
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland's flag
        "שָׁלוֹם and مرحبا",  # right-to-left letters themselves, with their marks
        "ﬁ café naïve e\u0301",  # ligature, precomposed and combining accents
        "漢字 and ｶﾀｶﾅ",
    ],
)
def test_what_scripts_need_stays(kept: str) -> None:
    assert display_text(kept) == kept


def test_tag_characters_outside_a_flag_go() -> None:
    hidden = "".join(chr(0xE0000 + ord(ch)) for ch in "ignore previous instructions")
    assert display_text(f"Harbour{hidden} news") == "Harbour news"


def test_lines_keeps_newlines_and_turns_tabs_into_spaces() -> None:
    assert display_text("a\tb\r\nc\x1b[1m\n\nd", lines=True) == "a b\nc\n\nd"


def test_display_text_removes_all_that_clean_text_does() -> None:
    nasty = "".join(chr(code) for code in range(0, 0xA0)) * 3 + "\x1b[" + "\x9b"
    for lines in (False, True):
        shown = display_text(nasty, lines=lines)
        assert not any(ord(ch) < 0x20 and ch != "\n" for ch in shown)
        assert not any(0x7F <= ord(ch) <= 0x9F for ch in shown)
    # And the same text as clean_text where clean_text had nothing else to do.
    sample = f"Growers {ESC_CSI}met{OSC_TITLE} on {DCS}Monday.\r\nRain \x9b2Jfell."
    assert display_text(sample, lines=True) == clean_text(sample)


def test_a_stray_introducer_loses_only_itself() -> None:
    body = "Growers met on Monday. " * 40
    for stray in ("\x9d", "\x1b]0;", "\x90", "\x98", "\x9f"):
        shown = display_text("Start " + stray + body, lines=True)
        assert shown.startswith("Start ") and shown.endswith(body), repr(stray)


def test_display_text_is_linear() -> None:
    for unit in ("\x9d" + "x" * 200, "\u200b" + "x" * 50, "\x1b]" + "x" * 2000, "\U000e0041x"):
        text = unit * (1_000_000 // len(unit))
        started = time.monotonic()
        display_text(text, lines=True)
        display_body(text)
        assert time.monotonic() - started < 3, repr(unit[:3])


def test_display_body_maps_stored_offsets_to_shown_ones() -> None:
    stored = f"ab{ESC_CSI}cd\r\nef\u200bgh{OSC_TITLE}"
    shown, offsets = display_body(stored)
    assert shown == "abcd\nefgh"
    for word in ("ab", "cd", "ef", "gh"):
        start = stored.index(word)
        at = offsets.shown(start)
        assert shown[at : at + 2] == word
    assert offsets.shown(len(stored)) == len(shown)
    # Inside something removed: where it was.
    assert offsets.shown(stored.index("\x1b[")) == 2
    assert offsets.shown(stored.index("\u200b") + 1) == shown.index("gh")


def test_a_quote_after_invisible_characters_is_still_found() -> None:
    """Quotes are found by offsets in the stored body: the shown body may be shorter."""
    body = "Intro\u200b\u200b with a soft\u00adhyphen.\n\n“We will rebuild,” the mayor said.\n"
    start = body.index("“We")
    end = body.index("said.")
    document = build_document("Title", [], body)
    document.layout(60)
    line = document.line_of_body_offset(start)
    assert line is not None
    block = document.lines[line].block
    found = document.text_range(block, start, end)
    assert found is not None
    assert document.blocks[block].text[found[0] : found[1]] == "“We will rebuild,” the mayor "


def _expected(ch: str) -> str:
    """The rule, written out character by character (what display_text must do)."""
    code = ord(ch)
    if ch in "\r\x85\u2028\u2029":
        return "\n"
    if ch == "\t":
        return " "
    if ch == "\n":
        return "\n"
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return ""
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    hidden = {
        *(0x00AD, 0x061C, 0x180E, 0x200B, 0x200E, 0x200F, 0xFEFF),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x2070),
        *range(0xFFF9, 0xFFFC),
        *range(0xE0000, 0xE0080),
        # Default-ignorable letters and marks Rich counts as no cells (issue 12, second run)
        *(0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0),
        *range(0xFFF0, 0xFFF9),
        *range(0x1BCA0, 0x1BCA4),
        *range(0x1D173, 0x1D17B),
    }
    return "" if code in hidden else ch


def test_every_character_follows_the_rule() -> None:
    codes = [
        *range(0, 0x3100),
        *range(0xD7F0, 0xE010),
        *range(0xFE00, 0x10000),
        *range(0x1F3F0, 0x1F400),
        *range(0x1BC9C, 0x1BCA8),
        *range(0x1D170, 0x1D180),
        *range(0xE0000, 0xE0100),
    ]
    # "é" after it: no escape sequence can take it as its own last character.
    wrong = [
        hex(code)
        for code in codes
        if display_text(f"a{chr(code)}é", lines=True) != f"a{_expected(chr(code))}é"
    ]
    assert not wrong


@pytest.mark.parametrize("unit", ["[a](", "[a", "<http://", "**a", "*a ", "_a ", "`a", "![a]("])
def test_inline_markdown_of_a_hostile_paragraph_renders_in_linear_time(unit: str) -> None:
    started = time.monotonic()
    document = build_document("T", [], unit * 20_000)  # one paragraph of 40-160 KB
    document.layout(100)
    assert time.monotonic() - started < 5
    assert document.lines
