"""Finding words in the article shown: the search's words, or any the user types.

Plain functions of the laid-out document's blocks, no Textual: the reading pane
marks what they find and jumps between the hits (N / P).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

# A search's words as the store hands them on (QueryResult.words, an FTS5 query):
# "water authority" OR "varga" — each quoted run is a word or a phrase.
_QUOTED = re.compile(r'"((?:[^"]|"")*)"')


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a word was found: a character range of one block of the document."""

    block: int
    start: int
    end: int


def search_pattern(words: str | None, *, prefix: bool) -> re.Pattern[str] | None:
    """What a search's words look like in the text: each word or phrase from a word's
    start; prefix: the last may go on (as you type, "harb" finds "harbour")."""
    if not words:
        return None
    phrases = [match.replace('""', '"') for match in _QUOTED.findall(words)]
    alternatives = []
    for number, phrase in enumerate(phrases):
        tokens = re.findall(r"\w+", phrase)
        if not tokens:
            continue
        last = prefix and number == len(phrases) - 1
        body = r"\W+".join(_any_accent(token) for token in tokens)
        alternatives.append(rf"\b{body}" + (r"\w*" if last else r"\b"))
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def _bare(text: str) -> str:
    """Text without its accents: "café" → "cafe" (as the search index folds it)."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@cache
def _accented() -> dict[str, str]:
    """Each Latin letter with the accented letters that fold to it: "e" → "eéèêë…"."""
    variants: dict[str, str] = {}
    for code in range(0x00C0, 0x0250):
        letter = chr(code)
        bare = _bare(letter)
        if len(bare) == 1 and bare != letter and bare.isalpha():
            variants[bare.lower()] = variants.get(bare.lower(), bare.lower()) + letter.lower()
    return variants


def _any_accent(token: str) -> str:
    """A word as the index matches it, accents aside: "cafe" finds "Café" too."""
    letters = _accented()
    parts = []
    for char in _bare(token).lower():
        choices = letters.get(char)
        parts.append(f"[{re.escape(choices)}]" if choices else re.escape(char))
    return "".join(parts)


def typed_pattern(text: str) -> re.Pattern[str] | None:
    """What the find box looks for: the text as typed, anywhere, in any case."""
    text = text.strip()
    return re.compile(re.escape(text), re.IGNORECASE) if text else None


def find(texts: list[str], pattern: re.Pattern[str] | None) -> list[Hit]:
    """Every hit, in reading order (block by block)."""
    if pattern is None:
        return []
    return [
        Hit(number, match.start(), match.end())
        for number, text in enumerate(texts)
        for match in pattern.finditer(text)
        if match.end() > match.start()
    ]
