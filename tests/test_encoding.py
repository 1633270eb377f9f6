"""Text files in any encoding: BOMs, UTF-16/32 without one, legacy charsets, mixed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.importers.encoding import (
    MIXED,
    decode,
    looks_western,
    normalise_label,
    sniff_wide_encoding,
    text_encoding,
)
from reader.importers.files import decode_html, decode_text

from .import_helpers import article_details, import_ok

PROSE = "Naïve “smart” quotes — and ½ a dash: Über die Straße, à la française."
# ASCII-heavy, as markup and most prose are; with characters from beyond Latin-1
# whose UTF-16 low byte is zero (U+0100, U+4E00), which once fooled the sniffing.
MARKUP = "<p>Ā line about 一 thing, in a tag</p>\n" * 8 + PROSE


@pytest.mark.parametrize(
    "codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
def test_unicode_forms_with_and_without_bom(codec: str) -> None:
    data = MARKUP.encode(codec)
    text, _ = decode(data)
    assert text == MARKUP
    assert text_encoding(data[:4096]) is not None, "a Unicode text file is not binary"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_encodings_are_told_by_their_zero_bytes(codec: str) -> None:
    assert sniff_wide_encoding(MARKUP.encode(codec)) == codec


def test_binary_is_not_text() -> None:
    png_like = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 2
    assert text_encoding(png_like) is None
    assert sniff_wide_encoding(bytes(512)) is None


def test_windows_1252_declared_as_iso_8859_1_gives_curly_quotes() -> None:
    data = f'<meta charset="ISO-8859-1"><p>{PROSE}</p>'.encode("cp1252")
    assert b"\x93smart\x94 quotes \x97" in data
    text, used = decode(data, "ISO-8859-1")
    assert PROSE in text
    assert used == "cp1252"
    assert PROSE in decode_html(data)


def test_latin1_labels_mean_windows_1252() -> None:
    for label in ["ISO-8859-1", "latin1", "us-ascii", '"iso-8859-1"']:
        assert normalise_label(label) == "cp1252"
    assert normalise_label("Shift_JIS") == "shift_jis"
    assert normalise_label("no-such-charset") is None


def test_latin1_undeclared_is_read_as_browsers_read_it() -> None:
    data = "Le café était très bon. Où est la gare? Grüße aus München.".encode("latin-1")
    text, used = decode(data)
    assert text == "Le café était très bon. Où est la gare? Grüße aus München."
    assert used == "cp1252"
    assert decode_text(data) == text


def test_utf8_mixed_with_stray_latin1_bytes() -> None:
    data = "“Smart” quotes — café, ".encode() + "naïve façade".encode("latin-1")
    text, used = decode(data)
    assert text == "“Smart” quotes — café, naïve façade"
    assert used == MIXED


def test_valid_utf8_wins_over_a_stale_latin1_declaration() -> None:
    # Re-saved as UTF-8 by an editor that kept the old <meta charset>.
    # (Every byte of this UTF-8 is defined in Windows-1252, so only the rule saves it.)
    data = '<meta charset="iso-8859-1"><p>Café à la française</p>'.encode()
    assert "<p>Café à la française</p>" in decode_html(data)


def test_a_declared_legacy_charset_is_honoured() -> None:
    data = 'Ёлка и ёжик: "Новый год"'.encode("koi8-r")
    assert decode(data, "koi8-r") == ('Ёлка и ёжик: "Новый год"', "koi8-r")
    # ASCII-only ISO-2022-JP is valid UTF-8 too: the declaration must win.
    japanese = "日本語のテキスト".encode("iso2022_jp")
    assert decode(japanese, "ISO-2022-JP")[0] == "日本語のテキスト"


def test_undeclared_cyrillic_is_detected_not_taken_for_western() -> None:
    sentence = "Наверное, единственное, во что сегодня можно верить безоговорочно. "
    data = (sentence * 4).encode("cp1251")
    assert not looks_western(data)
    assert decode(data)[0] == sentence * 4


def test_undeclared_japanese_is_detected() -> None:
    sentence = "今日は良い天気です。明日も晴れるでしょう。東京の空は青い。"
    data = (sentence * 4).encode("shift_jis")
    assert decode(data)[0] == sentence * 4


def test_decode_never_raises_on_any_byte() -> None:
    text, _ = decode(bytes(range(1, 256)) * 3)
    assert isinstance(text, str)


# Through `reader import`: text files in legacy encodings are read as feeds are.


def _import_one(db: Path, path: Path) -> str:
    assert "1 imported" in import_ok(db, path).output
    [article] = article_details(db)
    return str(article["body"])


ARTICLE = "# Café notes\n\nÜber die Straße, à la française: “smart” quotes — and ½.\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_cli_markdown_in_utf16_or_utf32_without_bom(
    tmp_path: Path, db_path: Path, codec: str
) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(ARTICLE.encode(codec))
    assert "Über die Straße, à la française: “smart” quotes — and ½." in _import_one(db_path, path)


def test_cli_latin1_markdown(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "notes.md"
    text = ARTICLE.replace("“smart” quotes — and ½", '"plain" quotes - and ½')
    path.write_bytes(text.encode("latin-1"))
    assert "Über die Straße, à la française" in _import_one(db_path, path)


def test_cli_windows_1252_html_declared_latin1(tmp_path: Path, db_path: Path) -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Café notes</title></head><body>'
        "<article><h1>Café notes</h1><p>Über die Straße, à la française: “smart” quotes — "
        "and ½, said the owner of the café by the harbour, who has run it for years.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1252"))
    assert "“smart” quotes — and ½" in _import_one(db_path, path)
