"""A fingerprint of an article's wording, to find near copies of it (one story told
by several outlets: wire copy, light rewrites).

The text's runs of four words are hashed and, in each of BINS bins, the smallest
hash kept (a one-permutation MinHash sketch): two texts agree on about as many
bins as the share of runs they have in common (their Jaccard similarity), so near
copies agree on most of the sketch and two articles on the same subject, written
apart, on almost none. Runs of four words are counted, not
single words: two reports of one event share their words, not their sentences.

The hashes are CRC-32 of each word combined by Python's hash of a tuple of
integers, which unlike the hash of a string is the same in every process and on
every run; SIGNATURE_VERSION names that choice so a change can be detected.
"""

from __future__ import annotations

import re
import zlib
from array import array
from bisect import bisect_left
from operator import eq

SIGNATURE_VERSION = 1
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
# Two texts are one story from this estimated share of common runs of words. Copies
# with a new lede and one word in twenty changed share about 0.5-0.7 of their runs;
# two reports of one event written apart, under 0.05 (real news: PolNeAR's 924
# articles, benchmarks/stories_bench.py --polnear).
SAME_STORY = 0.35
EMPTY = 0xFFFFFFFF
_WORDS = re.compile(rb"\w+")
_BIN_SHIFT = 64 - 5  # the top five bits of a hash choose its bin (2**5 == BINS)
_OFFSET = 1 << 63
_BOUNDS = [(number << _BIN_SHIFT) - _OFFSET for number in range(BINS)]


def signature(text: str) -> bytes | None:
    """The text's sketch (BINS unsigned 32-bit values, EMPTY for an empty bin), or None."""
    words = _WORDS.findall(text.lower().encode())
    if len(words) < MIN_WORDS:
        return None
    hashes = list(map(zlib.crc32, words))
    runs = zip(hashes, hashes[1:], hashes[2:], hashes[3:], strict=False)
    # Sorted, each bin's values are together and its smallest comes first (a hash is
    # signed: its bin is that of the hash plus 2**63, which keeps the order).
    ordered = sorted(set(map(hash, runs)))
    sketch = array("I", [EMPTY] * BINS)
    for number, bound in enumerate(_BOUNDS):
        at = bisect_left(ordered, bound)
        if at < len(ordered) and (ordered[at] + _OFFSET) >> _BIN_SHIFT == number:
            sketch[number] = ordered[at] & 0xFFFFFFFE  # never EMPTY
    return sketch.tobytes()


def values(sketch: bytes) -> list[int]:
    found = array("I")
    found.frombytes(sketch)
    return found.tolist()


def keys(sketch: bytes) -> list[int]:
    """What to look a sketch up by: one key a band whose bins are all filled."""
    bins = values(sketch)
    found = []
    for band in range(BANDS):
        rows = bins[band * ROWS : (band + 1) * ROWS]
        if EMPTY not in rows:
            found.append(hash((band, *rows)) & 0x7FFFFFFF)
    return found


def similarity(first: bytes, second: bytes) -> float:
    """The estimated share of runs of words two texts have in common (0 to 1): the
    bins they agree on, of those either has filled."""
    a, b = array("I"), array("I")
    a.frombytes(first)
    b.frombytes(second)
    same = sum(map(eq, a, b))  # compared in C: a lookup may weigh hundreds
    both_empty = 0
    if EMPTY in a and EMPTY in b:
        both_empty = sum(1 for x, y in zip(a, b, strict=True) if x == y == EMPTY)
    filled = len(a) - both_empty
    return (same - both_empty) / filled if filled else 0.0
