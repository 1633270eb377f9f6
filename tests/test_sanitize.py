from __future__ import annotations

import time

import pytest

from reader.sanitize import clean_line, clean_text


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("plain text", "plain text"),
        ("red \x1b[31mALERT\x1b[0m done", "red ALERT done"),
        ("8-bit \x9b2J cleared", "8-bit  cleared"),
        ("title \x1b]0;pwned\x07 set", "title  set"),
        ("link \x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ here", "link click here"),
        ("clipboard \x1b]52;c;ZXZpbA==\x07 write", "clipboard  write"),
        ("dcs \x1bPq#0;2;0;0;0\x1b\\ sixel", "dcs  sixel"),
        ("bell\x07 and backspace\x08 and nul\x00", "bell and backspace and nul"),
        ("c1 \x85next \x90dcs\x9c", "c1 \nnext "),
        ("bidi \u202eesrever\u202c", "bidi esrever"),
        ("keep\ttabs\nand newlines", "keep\ttabs\nand newlines"),
        ("windows\r\nlines\rold mac", "windows\nlines\nold mac"),
        ("lone escape at end \x1b", "lone escape at end "),
    ],
)
def test_clean_text_strips_terminal_control(dirty: str, clean: str) -> None:
    assert clean_text(dirty) == clean


def test_clean_text_leaves_no_escape_or_control_character() -> None:
    nasty = "".join(chr(code) for code in range(0, 0xA0)) * 3 + "\x1b[" + "\x9b"
    cleaned = clean_text(nasty)
    assert not any(ord(ch) < 0x20 and ch not in "\t\n" for ch in cleaned)
    assert not any(0x7F <= ord(ch) <= 0x9F for ch in cleaned)


def test_clean_line_folds_whitespace() -> None:
    assert clean_line("  A\n title\x1b[1m  here ") == "A title here"


def test_a_stray_introducer_loses_itself_not_the_text_after_it() -> None:
    body = "Growers met on Monday. " * 40
    # A C1 byte of mislabelled Windows-1252 text, an unterminated OSC, a lone DCS.
    for stray in ("\x9d", "\x1b]0;", "\x90", "\x98", "\x9f"):
        cleaned = clean_text("Start " + stray + body)
        assert cleaned.startswith("Start ") and cleaned.endswith(body), repr(stray)


def test_terminated_sequences_still_go_whole() -> None:
    assert clean_text("a\x1b]0;evil title\x07b") == "ab"
    assert clean_text("a\x1b]52;c;Zm9vYmFy\x1b\\b") == "ab"
    assert clean_text("a\x90q stuff\x9cb") == "ab"


def test_many_stray_introducers_clean_in_linear_time() -> None:
    text = ("\x9d" + "x" * 200) * 5000  # 1 MB
    started = time.monotonic()
    assert clean_text(text) == "x" * 200 * 5000
    assert time.monotonic() - started < 2
