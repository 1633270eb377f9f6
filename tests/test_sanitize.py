from __future__ import annotations

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
