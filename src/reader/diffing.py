"""Word-level differences between two wordings of an article.

Paragraphs are matched first (most survive an edit untouched), then the words of
the paragraphs that changed, so a diff costs time in proportion to what changed,
not to the square of the article. A changed stretch too long to compare word by
word (over MAX_WORDS on a side) is shown removed and added whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Kind = Literal["same", "removed", "added"]
MAX_WORDS = 5000
_PARAGRAPHS = re.compile(r"\n\s*\n")
# A word with the spacing after it: joined again, the pieces give the text back.
_WORDS = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True, slots=True)
class Piece:
    """Words the same, removed or added, and the spacing that follows them (outside
    any marks a display puts around the words)."""

    kind: Kind
    text: str
    tail: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the diff: unchanged (pieces all "same") or with changes."""

    pieces: tuple[Piece, ...]

    @property
    def changed(self) -> bool:
        return any(piece.kind != "same" for piece in self.pieces)


def paragraphs_of(text: str) -> list[str]:
    return [part.strip() for part in _PARAGRAPHS.split(text.strip()) if part.strip()]


def diff(old: str, new: str) -> list[Paragraph]:
    """The paragraphs of new, with old's removed words in place."""
    before, after = paragraphs_of(old), paragraphs_of(new)
    result: list[Paragraph] = []
    matcher = SequenceMatcher(None, before, after, autojunk=True)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [Paragraph((Piece("same", text),)) for text in after[j1:j2]]
        elif tag == "delete":
            result += [Paragraph((Piece("removed", text),)) for text in before[i1:i2]]
        elif tag == "insert":
            result += [Paragraph((Piece("added", text),)) for text in after[j1:j2]]
        else:
            result += _changed(before[i1:i2], after[j1:j2])
    return result


def _changed(before: list[str], after: list[str]) -> list[Paragraph]:
    """Paragraphs that changed: paired in order and compared word by word."""
    paired: list[Paragraph] = []
    for index in range(max(len(before), len(after))):
        old = before[index] if index < len(before) else ""
        new = after[index] if index < len(after) else ""
        paired.append(Paragraph(words_diff(old, new)))
    return paired


def words_diff(old: str, new: str) -> tuple[Piece, ...]:
    """The words of two texts, each piece same, removed or added, in reading order."""
    if not old or not new:
        whole = (Piece("removed", old), Piece("added", new))
        return tuple(piece for piece in whole if piece.text)
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    if len(a) > MAX_WORDS or len(b) > MAX_WORDS:
        return (Piece("removed", old, " "), Piece("added", new))
    pieces: list[Piece] = []
    # Compared without the spacing after each word: a word that moved to the end of a
    # line is the same word.
    matcher = SequenceMatcher(None, [w.strip() for w in a], [w.strip() for w in b], autojunk=True)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            removed = "".join(a[i1:i2])
            words = removed.rstrip()
            pieces.append(Piece("removed", words, " " if j2 > j1 else removed[len(words) :]))
        if j2 > j1:
            added = "".join(b[j1:j2])
            words = added.rstrip()
            pieces.append(Piece("added", words, added[len(words) :]))
    return tuple(pieces)
