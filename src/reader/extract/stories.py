"""A fingerprint of an article's wording, to find near copies of it (one story told
by several outlets: wire copy, light rewrites).

The text's runs of four words are hashed and, in each of BINS bins, the smallest
hash kept (a one-permutation MinHash sketch): two texts agree on about as many
bins as the share of runs they have in common (their Jaccard similarity), so near
copies agree on most of the sketch and two articles on the same subject, written
apart, on almost none. Runs of four words are counted, not
single words: two reports of one event share their words, not their sentences.

Words are the runs of letters and digits of any script, lower-cased: the text's
UTF-8 bytes with punctuation and spaces made separators (ASCII by a translation
table, the common non-ASCII punctuation by one pattern), split; in Chinese and
Japanese, written without spaces, each ideograph or kana is a word. The hashes are
CRC-32 of each word combined by Python's hash of a tuple of integers, which
unlike the hash of a string is the same in every process and on every run; a
sketch keeps 30 bits of each. SIGNATURE_VERSION names these choices: sketches of
two versions are not comparable (schema migration 14 dropped those of version 1).
"""

from __future__ import annotations

import re
import zlib
from array import array
from bisect import bisect_left
from itertools import repeat
from operator import and_

SIGNATURE_VERSION = 2
# The sketch: the smallest hash of the text's runs of words in each of BINS bins
# (one-permutation MinHash). Near copies agree on most bins.
BINS = 32
SHINGLE = 4
# Candidates are found by BANDS keys of ROWS bins each: two texts meet on a key
# only where they agree on every bin of a band, so a run of words common to many
# articles (boilerplate) does not make them candidates; texts sharing half of their
# runs meet on at least one key 99 times in 100, 40%: 94 in 100.
BANDS, ROWS = 16, 2
# A text shorter than this many words is not compared (too short to tell a copy).
MIN_WORDS = 40
# Characters of a text sketched, from its start: ten times a long read, and a sketch
# holds every word of what it reads at once (4 million characters of Chinese, a word
# a character, took 680 MB and 8 s; one article may have 16 million). Near copies
# share their beginning.
SKETCHED_CHARACTERS = 200_000
# Two texts are one story from this estimated share of common runs of words. Copies
# with a new lede and one word in twenty changed share about 0.5-0.7 of their runs;
# two reports of one event written apart, under 0.05 (real news: PolNeAR's 924
# articles, benchmarks/stories_bench.py --polnear).
SAME_STORY = 0.35
EMPTY = 0xFFFFFFFF
# Bytes that end a word: ASCII other than letters and digits (as spaces, by a table:
# the quickest pass there is), and non-ASCII punctuation (by a pattern, to spaces
# first): general punctuation (quotes, dashes, the ellipsis, odd spaces), Latin-1's
# signs (the no-break space, « »), CJK and full-width punctuation. Every other byte
# of 0x80 and up is part of a letter of some script, so Cyrillic or Greek words are
# words, and "café" one word.
_SEPARATORS = bytes(
    byte if chr(byte).isalnum() or byte >= 0x80 else 0x20 for byte in range(256)
).lower()
_PUNCTUATION = re.compile(
    rb"\xe2[\x80\x81][\x80-\xbf]|\xc2[\x80-\xbf]|\xe3\x80[\x80-\xbf]"
    # Full-width and half-width forms: ！ to ／, ： to ＠, ［ to ｀, ｛ to ･ (its letters
    # and digits between are letters and digits).
    rb"|\xef\xbc[\x80-\x8f\x9a-\xa0\xbb-\xbf]|\xef\xbd[\x80\x9b-\xa5]"
)
# Chinese and Japanese are written without spaces: each ideograph (the unified ones,
# extension A, the compatibility ones) and each kana is a word of its own, so that a
# run of four of them is what a run of four words is elsewhere. Read as one word a
# clause, a Chinese article had too few words to be sketched, and a changed
# character made its whole clause another word.
_UNSPACED = re.compile(
    rb"[\xe4-\xe9][\x80-\xbf][\x80-\xbf]|\xe3[\x81-\x83\x90-\xbf][\x80-\xbf]"
    rb"|\xef[\xa4-\xab][\x80-\xbf]"
)
# The first bytes of what _UNSPACED matches.
_UNSPACED_LEADS = (*(bytes([lead]) for lead in range(0xE3, 0xEA)), b"\xef")
_BITS = 30  # of a run's hash kept: small integers sort quicker, and 2**-25 a bin is plenty
_MASK = (1 << _BITS) - 1
_BIN_SHIFT = _BITS - 5  # the top five bits of a kept hash choose its bin (2**5 == BINS)
_BOUNDS = [number << _BIN_SHIFT for number in range(BINS)]


# _SEPARATORS, with every byte from 0x80 up a separator too: for a text whose only
# characters outside ASCII are punctuation that _PUNCTUATION separates (see words_of).
_SEPARATORS_ALL_HIGH = bytes(byte if byte < 0x80 else 0x20 for byte in _SEPARATORS)


def words_of(text: str) -> list[bytes]:
    """The text's words, lower-cased, as UTF-8."""
    # _SEPARATORS lower-cases ASCII letters as it separates. Lower-casing the text
    # itself, for the letters of other scripts, and the pattern's pass cost more
    # than the rest of this, and most English news has no letter outside ASCII: its
    # curly quotes, dashes, ellipses and no-break spaces are Latin-1's signs
    # (U+0080 to U+00BF, first byte C2) and general punctuation (U+2000 to U+207F,
    # E2 80 or E2 81), all separators. Counted by their first bytes (byte counts,
    # the quickest search there is), if those are all the text's characters
    # outside ASCII, every byte from 0x80 up is a separator.
    if text.isascii():
        return text.encode().translate(_SEPARATORS).split()
    data = text.encode()
    signs = data.count(b"\xc2")
    general = data.count(b"\xe2")
    # Each two-byte character adds a byte to the length, each three-byte one two:
    # any other character outside ASCII makes the difference larger.
    if (
        len(data) - len(text) == signs + 2 * general
        and data.count(b"\xe2\x80") + data.count(b"\xe2\x81") == general
    ):
        return data.translate(_SEPARATORS_ALL_HIGH).split()
    spaced = _PUNCTUATION.sub(b" ", text.lower().encode())
    # The pattern only where its first bytes are: a lead byte costs 1 µs.
    if any(lead in spaced for lead in _UNSPACED_LEADS):
        spaced = _UNSPACED.sub(rb" \g<0> ", spaced)
    return spaced.translate(_SEPARATORS).split()


def signature(text: str) -> bytes | None:
    """The text's sketch (BINS unsigned 32-bit values, EMPTY for an empty bin), or None."""
    words = words_of(text[:SKETCHED_CHARACTERS])
    if len(words) < MIN_WORDS:
        return None
    hashes = list(map(zlib.crc32, words))
    runs = map(hash, zip(hashes, hashes[1:], hashes[2:], hashes[3:], strict=False))
    # Sorted, each bin's values are together and its smallest comes first.
    ordered = sorted(map(and_, runs, repeat(_MASK)))
    sketch = array("I", [EMPTY] * BINS)
    count = len(ordered)
    for number, bound in enumerate(_BOUNDS):
        at = bisect_left(ordered, bound)
        if at < count and ordered[at] >> _BIN_SHIFT == number:
            sketch[number] = ordered[at]  # under 2**30: never EMPTY
    return sketch.tobytes()


def values(sketch: bytes) -> list[int]:
    found = array("I")
    found.frombytes(sketch)
    return found.tolist()


_KEY_MASK = 0x7FFFFFFF


def keys(sketch: bytes) -> list[int]:
    """What to look a sketch up by: one key a band whose bins are all filled, the
    hash of the band's number and its bins."""
    bins = values(sketch)
    bands = zip(range(BANDS), *(bins[row::ROWS] for row in range(ROWS)), strict=True)
    if EMPTY not in bins:  # nearly always: each band in C, one pass
        return list(map(and_, map(hash, bands), repeat(_KEY_MASK)))
    return [hash(band) & _KEY_MASK for band in bands if EMPTY not in band[1:]]


def packed(sketch: bytes) -> int:
    """A sketch as one integer, its bins 32-bit lanes, for agreement()."""
    return int.from_bytes(sketch, "little")


# Every bit of a packed sketch; the top bit of each lane; the 31 bits below it.
_ALL = (1 << (32 * BINS)) - 1
_HIGH = sum(1 << (32 * lane + 31) for lane in range(BINS))
_LOW = _ALL ^ _HIGH


def _zero_lanes(number: int) -> int:
    """How many of the number's 32-bit lanes are zero: a lane's low 31 bits plus
    2**31 - 1 carry into its top bit unless they are zero, and never out of it."""
    return BINS - ((((number & _LOW) + _LOW) | number) & _HIGH).bit_count()


def similarity(first: bytes, second: bytes) -> float:
    """The estimated share of runs of words two texts have in common (0 to 1): the
    bins they agree on, of those either has filled."""
    return agreement(packed(first), packed(second))


def agreement(first: int, second: int) -> float:
    """similarity() of two packed() sketches, a few operations on 1,024-bit integers
    where comparing the bins one by one took twice as long: a writer compares each
    new sketch with the archived ones it meets."""
    same = _zero_lanes(first ^ second)
    both_empty = _zero_lanes(~(first & second) & _ALL)  # lanes EMPTY in both
    filled = BINS - both_empty
    return (same - both_empty) / filled if filled else 0.0
