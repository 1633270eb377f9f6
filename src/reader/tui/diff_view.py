"""What changed in an article, laid out for the reading pane: the latest change (D).

The paragraphs of the new wording with the old one's removed words in place,
removed and added words styled apart; the title's change on top, and the quotes
the change took away or brought. Plain functions, no Textual: every piece of the
archive's text goes through display_text and becomes a block with style spans.
"""

from __future__ import annotations

from reader.diffing import Paragraph, Piece, words_diff
from reader.sanitize import display_text
from reader.store.versions import Version
from reader.tui.render import Block, Document

# Span style names the reading pane maps to its removed / added component styles.
REMOVED, ADDED = "diff-removed", "diff-added"


def _block(pieces: tuple[Piece, ...], kind: str) -> Block:
    text, spans = "", []
    for piece in pieces:
        shown = display_text(piece.text)
        if piece.kind != "same" and shown:
            spans.append(
                (len(text), len(text) + len(shown), REMOVED if piece.kind == "removed" else ADDED)
            )
        text += shown + display_text(piece.tail)
    return Block(text, kind, spans)


def diff_document(
    old: Version,
    new: Version,
    paragraphs: list[Paragraph],
    quotes: tuple[list[str], list[str]] = ([], []),
) -> Document:
    """The change from old to new as a document the pane shows like an article."""
    when = display_text(old.captured_at)[:16].replace("T", " ") or "an earlier capture"
    now = display_text(new.captured_at)[:16].replace("T", " ") or "now"
    blocks = [_block(words_diff(old.title, new.title), "title")]
    blocks.append(
        Block(f"What changed: version {old.number} ({when}) → the current text ({now})", "meta")
    )
    blocks.append(
        Block("D again: back to the article · struck: removed · underlined: added", "meta")
    )
    blocks.append(Block("", "rule"))
    blocks += [_block(paragraph.pieces, "para") for paragraph in paragraphs]
    removed, added = quotes
    if removed or added:
        blocks.append(Block("Quotes that changed", "heading"))
        blocks += [_block((Piece("removed", quote),), "quote") for quote in removed]
        blocks += [_block((Piece("added", quote),), "quote") for quote in added]
    return Document(blocks, [])
