"""Text in whatever encoding it was saved in: by BOM, by declaration, then by detection.

Browsers read the web this way, and files people keep were saved by browsers and
by tools of every age: UTF-16 exports from Windows, Latin-1 pages, Windows-1252
text declared as ISO-8859-1 (whose C1 bytes are curly quotes and dashes).

The order, and why (:func:`decode`):

1. A byte-order mark wins: nothing else is as sure.
2. UTF-16 or UTF-32 without a mark, told by where the zero bytes fall (markup
   and most prose are ASCII-heavy, so every other or every fourth byte is zero).
3. A declared legacy charset (``<meta charset>``, ``<?xml encoding?>``), with the
   browsers' rule that Latin-1 labels mean Windows-1252 — except that text which
   is valid UTF-8 *with* multi-byte characters is UTF-8 whatever it declares: a
   file re-saved by an editor keeps its old declaration, while legacy text that
   happens to be valid multi-byte UTF-8 is vanishingly rare.
4. UTF-8.
5. Mostly UTF-8 with stray bytes (a Latin-1 line pasted into a UTF-8 file, a
   template in one and content in the other): UTF-8 where it is valid, each
   stray byte as Windows-1252.
6. Undeclared legacy text whose high bytes stand alone or in pairs between ASCII
   (accented letters in Western European words) is Windows-1252, the browsers'
   default in the West; statistical detection is unreliable on such text (it
   reads "très" as Central European "trčs").
7. Otherwise (Cyrillic, Greek, Hebrew, Thai, CJK: runs of high bytes) detection
   (charset-normalizer), then Windows-1252, which decodes any byte.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# As the WHATWG Encoding Standard says browsers must: these labels mean windows-1252.
_WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819"}
)
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
MIXED = "utf-8+cp1252"
_MIXED_ERRORS = "reader-cp1252-fallback"


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """A UTF-8 decoding error handler: the offending bytes read as Windows-1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    stray = error.object[error.start : error.end]
    return stray.decode("cp1252", errors="replace"), error.end


codecs.register_error(_MIXED_ERRORS, _cp1252_fallback)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark announces, and the mark's length."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def sniff_wide_encoding(head: bytes) -> str | None:
    """UTF-16 or UTF-32 without a BOM, told by where the zero bytes fall in ASCII-heavy text.

    UTF-32 code units have a zero top byte and a plane (0-16) below it; in UTF-16,
    ASCII characters put their zero byte on one side of each pair, and the other
    side is almost never zero (CJK characters such as U+4E00 make a few).
    """
    sample = head[:512]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    quads = range(0, len(sample) // 4 * 4, 4)
    lettered = len(quads) / 2  # code units whose low byte is not zero: most of them
    if sum(1 for i in quads if sample[i]) >= lettered and all(
        sample[i + 3] == 0 and sample[i + 2] <= 0x10 for i in quads
    ):
        return "utf-32-le"
    if sum(1 for i in quads if sample[i + 3]) >= lettered and all(
        sample[i] == 0 and sample[i + 1] <= 0x10 for i in quads
    ):
        return "utf-32-be"
    pairs = len(sample) // 2
    odd_zeros = sample[1::2].count(0)
    even_zeros = sample[0::2].count(0)
    if odd_zeros >= pairs * 0.5 and even_zeros <= odd_zeros // 4:
        return "utf-16-le"
    if even_zeros >= pairs * 0.5 and odd_zeros <= even_zeros // 4:
        return "utf-16-be"
    return None


def text_encoding(head: bytes) -> str | None:
    """The encoding of a text file from its first bytes, or None if it looks binary."""
    found = bom_encoding(head)
    if found:
        return found[0]
    wide = sniff_wide_encoding(head)
    if wide:
        return wide
    if b"\x00" in head:
        return None
    return "utf-8"


# Python codecs that take text in and give text out but are no character set a
# page can be written in: a page declaring one ("undefined", "punycode", whose
# decoder is quadratic; "unicode_escape", which turns "\x1b" into an escape) is
# read as if it declared nothing, as a browser reads a label it does not know.
_NOT_CHARSETS = frozenset({"undefined", "punycode", "idna", "unicode-escape", "raw-unicode-escape"})


def normalise_label(label: str | None) -> str | None:
    """A declared charset as Python names it, with browsers' Latin-1 → Windows-1252 rule;
    None for a label that names no character set (unknown, or one of Python's
    transforms: rot13, base64, zlib... which decode bytes to bytes, or to nothing)."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if name in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        codec = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(codec, "_is_text_encoding", True) or codec.name in _NOT_CHARSETS:
        return None
    return codec.name


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text; returns (text, the encoding used). See the module doc.

    The encoding is a Python codec name, or ``MIXED`` for UTF-8 with stray
    Windows-1252 bytes.
    """
    found = bom_encoding(data)
    if found:
        name, length = found
        return data[length:].decode(name, errors="replace"), name
    wide = sniff_wide_encoding(data[:512])
    if wide:
        return data.decode(wide, errors="replace"), wide
    label = normalise_label(declared)
    # A Unicode label (utf-8, utf-16…) says only "Unicode": the bytes tell which form.
    if label and not label.startswith("utf") and not _is_multibyte_utf8(data):
        return _decode_declared(data, label), label
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if is_mostly_utf8(data):
        return decode_mixed(data), MIXED
    if looks_western(data):
        return data.decode("cp1252", errors="replace"), "cp1252"
    guess = _detect(data)
    if guess:
        try:
            return data.decode(guess), guess
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("cp1252", errors="replace"), "cp1252"


def _decode_declared(data: bytes, label: str) -> str:
    # The declaration is the best word there is; a few bad bytes do not overturn it.
    try:
        return data.decode(label)
    except UnicodeDecodeError:
        return data.decode(label, errors="replace")


def _is_multibyte_utf8(data: bytes) -> bool:
    """Valid UTF-8 that holds at least one character beyond ASCII."""
    if not _HIGH_RUN.search(data):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def is_mostly_utf8(data: bytes) -> bool:
    """Not valid UTF-8, but more of its high bytes form UTF-8 characters than not."""
    sequences = _UTF8_SEQUENCE.findall(data)
    if not sequences:
        return False
    in_sequences = sum(len(sequence) for sequence in sequences)
    high = sum(len(run) for run in _HIGH_RUN.findall(data))
    return in_sequences > high - in_sequences


def decode_mixed(data: bytes) -> str:
    """UTF-8 where the bytes are valid UTF-8, Windows-1252 for each byte that is not."""
    return data.decode("utf-8", errors=_MIXED_ERRORS)


def looks_western(data: bytes) -> bool:
    """High bytes alone or in pairs among ASCII letters, as accented letters are in
    Western European words; Cyrillic, Greek, Thai and CJK text has runs of them."""
    runs = _HIGH_RUN.findall(data)
    if not runs:
        return True
    long_runs = sum(1 for run in runs if len(run) > 2)
    return long_runs * 4 <= len(runs)


def _detect(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it comes with trafilatura
        return None
    best = from_bytes(data[:65536]).best()
    if best is None:
        return None
    # Latin-1 guesses are read as browsers read them.
    return normalise_label(best.encoding)
