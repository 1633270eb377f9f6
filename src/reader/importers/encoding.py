"""Text in whatever encoding it was saved in: by BOM, by declaration, then by detection.

Browsers read the web this way, and files people keep were saved by browsers and
by tools of every age: UTF-16 exports from Windows, Latin-1 pages, Windows-1252
text declared as ISO-8859-1 (whose C1 bytes are curly quotes and dashes).
"""

from __future__ import annotations

import codecs

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


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark announces, and the mark's length."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def sniff_wide_encoding(head: bytes) -> str | None:
    """UTF-16 or UTF-32 without a BOM, told by where the zero bytes fall in ASCII text."""
    sample = head[:512]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    quads = len(sample) // 4 * 4
    if quads and all(sample[i + 1 : i + 4] == b"\x00\x00\x00" for i in range(0, quads, 4)):
        return "utf-32-le"
    if quads and all(sample[i : i + 3] == b"\x00\x00\x00" for i in range(0, quads, 4)):
        return "utf-32-be"
    pairs = len(sample) // 2 * 2
    odd_zeros = sum(1 for i in range(1, pairs, 2) if sample[i] == 0)
    even_zeros = sum(1 for i in range(0, pairs, 2) if sample[i] == 0)
    if odd_zeros >= pairs // 2 * 0.7 and even_zeros == 0:
        return "utf-16-le"
    if even_zeros >= pairs // 2 * 0.7 and odd_zeros == 0:
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


def normalise_label(label: str | None) -> str | None:
    """A declared charset as Python names it, with browsers' Latin-1 → Windows-1252 rule."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if name in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text; returns (text, the encoding used).

    A BOM wins, then a wide encoding told from zero bytes, then the declared
    charset, then UTF-8; text that is not valid UTF-8 is detected
    (charset-normalizer), else read as Windows-1252, which decodes any byte.
    """
    found = bom_encoding(data)
    if found:
        name, length = found
        return data[length:].decode(name, errors="replace"), name
    wide = sniff_wide_encoding(data[:512])
    if wide:
        return data.decode(wide, errors="replace"), wide
    label = normalise_label(declared)
    if label and label not in ("utf-8", "utf-16", "utf-32") and not label.startswith("utf-"):
        try:
            return data.decode(label), label
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess = _detect(data)
    if guess:
        try:
            return data.decode(guess), guess
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("cp1252", errors="replace"), "cp1252"


def _detect(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it comes with trafilatura
        return None
    best = from_bytes(data[:65536]).best()
    if best is None:
        return None
    name = normalise_label(best.encoding)
    # Latin-1 guesses are read as browsers read them.
    return name
