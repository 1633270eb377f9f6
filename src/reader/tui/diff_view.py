"""What differs, laid out for the reading pane: a change between two versions of an
article (D, [ / ] for the others), or two outlets' copies of one story (D on a
"Same story" entry).

The paragraphs of the second wording with the first one's removed words in place,
removed and added words styled apart; the titles' difference on top, and the
quotes only one side has. Plain functions, no Textual: every piece of the
archive's text goes through display_text and becomes a block with style spans.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from reader.diffing import Kind, Paragraph, Piece, words_diff
from reader.sanitize import display_text
from reader.store.versions import Version
from reader.tui.render import Block, Document

# Span style names the reading pane maps to its removed / added component styles.
REMOVED, ADDED = "diff-removed", "diff-added"
_SIDES: tuple[Kind, Kind] = ("removed", "added")


@dataclass(frozen=True, slots=True)
class VersionPair:
    """A change of one article: version ``older`` against the next, of ``total``."""

    article_id: int
    older: int
    total: int


@dataclass(frozen=True, slots=True)
class OutletPair:
    """Two copies of one story: the article open against another outlet's."""

    article_id: int
    other_id: int


# What a diff shown in the pane compares, so that [ / ] know where to step.
Compared = VersionPair | OutletPair


@dataclass(frozen=True, slots=True)
class Telling:
    """One outlet's copy of a story, as a comparison names it."""

    article_id: int
    source: str | None
    title: str
    published: str | None
    body: str

    @property
    def name(self) -> str:
        return display_text(self.source) or f"article {self.article_id}"


def _block(pieces: tuple[Piece, ...], kind: str) -> Block:
    text, spans = "", []
    for piece in pieces:
        shown = display_text(piece.text)
        if piece.kind != "same" and shown:
            spans.append(
                (len(text), len(text) + len(shown), REMOVED if piece.kind == "removed" else ADDED)
            )
        text += shown
        # display_text trims: the spacing that ends a piece keeps it from the next one.
        if shown and (piece.text[-1:].isspace() or piece.tail[:1].isspace()):
            text += " "
    return Block(text.rstrip(), kind, spans)


def _paragraphs_and_quotes(
    paragraphs: list[Paragraph], quotes: tuple[list[str], list[str]], headings: tuple[str, str]
) -> list[Block]:
    """The diff's paragraphs, then the quotes only one side has under their headings."""
    blocks = [_block(paragraph.pieces, "para") for paragraph in paragraphs]
    for heading, kind, found in zip(headings, _SIDES, quotes, strict=True):
        if found:
            blocks.append(Block(heading, "heading"))
            blocks += [_block((Piece(kind, quote),), "quote") for quote in found]
    return blocks


def _capture(version: Version, total: int) -> str:
    """Version 2 of 4, captured 2024-01-10 09:30 from wall.md."""
    said = f"version {version.number} of {total}"
    if version.current:
        said += " (the current text)"
    when = display_text(version.captured_at)[:16].replace("T", " ")
    said += f", captured {when}" if when else ", undated"
    source = display_text(version.imported_from)
    if source:
        said += f" from {PurePath(source).name or source}"
    return said


def diff_document(
    old: Version,
    new: Version,
    paragraphs: list[Paragraph],
    quotes: tuple[list[str], list[str]] = ([], []),
    total: int | None = None,
) -> Document:
    """The change from old to new as a document the pane shows like an article."""
    total = total or new.number
    blocks = [_block(words_diff(old.title, new.title), "title")]
    capture = _capture(old, total)
    blocks.append(Block(f"What changed: {capture[0].upper()}{capture[1:]}", "meta"))
    blocks.append(Block(f"→ {_capture(new, total)}", "meta"))
    steps = []
    if old.number > 1:
        steps.append("[ the change before")
    if not new.current:
        steps.append("] the change after")
    steps.append("D or esc: the article · struck: removed · underlined: added")
    blocks.append(Block(" · ".join(steps), "meta"))
    blocks.append(Block("", "rule"))
    blocks += _paragraphs_and_quotes(
        paragraphs, quotes, ("Quotes the change took away", "Quotes the change brought")
    )
    return Document(blocks, [])


def outlets_document(
    ours: Telling,
    theirs: Telling,
    paragraphs: list[Paragraph],
    quotes: tuple[list[str], list[str]],
    *,
    others: int = 1,
) -> Document:
    """How two outlets worded one story: the article open (struck, where only it has the
    words) against another's copy (underlined, where only that one has them)."""
    a, b = ours.name, theirs.name
    if a == b:
        a, b = f"{a} ({ours.article_id})", f"{b} ({theirs.article_id})"
    blocks = [_block(words_diff(ours.title, theirs.title), "title")]
    blocks.append(Block(f"How two outlets worded the story: {a} → {b}", "meta"))
    for name, telling in ((a, ours), (b, theirs)):
        published = display_text(telling.published)[:10]
        dated = f" · {published}" if published else ""
        blocks.append(Block(f"{name}: “{display_text(telling.title)}”{dated}", "meta"))
    keys = f"struck: only {a} has it · underlined: only {b} has it · D or esc: the article"
    if others > 1:
        keys = f"[ / ]: the story's other outlets · {keys}"
    blocks.append(Block(keys, "meta"))
    blocks.append(Block("", "rule"))
    blocks += _paragraphs_and_quotes(
        paragraphs, quotes, (f"Quotes only {a} has", f"Quotes only {b} has")
    )
    return Document(blocks, [])
