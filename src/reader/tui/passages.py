"""The passage cursor of the reading pane (h): a sentence, moved and extended sentence
by sentence, then highlighted. Plain values over the laid-out document, no Textual."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.tui.render import Document

# A sentence: up to its stop (and a closing quote or bracket), with the spacing after.
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"'”’)\]]*|$)\s*")
_TEXT_KINDS = ("para", "quote", "item", "heading")


def sentences(text: str) -> list[tuple[int, int]]:
    """Where each sentence of a paragraph stands, its trailing spacing left out."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.start(), match.start() + len(match.group(0).rstrip())
        if end > start:
            spans.append((start, end))
    return spans


@dataclass
class PassageCursor:
    """Sentences first..last of one paragraph (block) of the document."""

    document: Document
    block: int
    first: int = 0
    last: int = 0

    @classmethod
    def at_line(cls, document: Document, line: int) -> PassageCursor | None:
        """The first sentence of the first paragraph shown at or after a screen line."""
        for found in document.lines[max(line, 0) :]:
            if found.block >= 0 and _readable(document, found.block):
                return cls(document, found.block)
        return None

    def _spans(self) -> list[tuple[int, int]]:
        return sentences(self.document.blocks[self.block].text)

    def move(self, step: int) -> None:
        """To the next (1) or previous (-1) sentence, across paragraphs; one sentence."""
        target = (self.first if step < 0 else self.last) + step
        if 0 <= target < len(self._spans()):
            self.first = self.last = target
            return
        block = self.block + step
        while 0 <= block < len(self.document.blocks):
            if _readable(self.document, block):
                self.block = block
                self.first = self.last = 0 if step > 0 else len(self._spans()) - 1
                return
            block += step

    def extend(self, step: int) -> None:
        """One more sentence (1) or one fewer (-1), within the paragraph."""
        self.last = max(self.first, min(self.last + step, len(self._spans()) - 1))

    def whole_paragraph(self) -> None:
        self.first, self.last = 0, len(self._spans()) - 1

    @property
    def span(self) -> tuple[int, int]:
        spans = self._spans()
        return spans[self.first][0], spans[self.last][1]

    @property
    def passage(self) -> str:
        start, end = self.span
        return self.document.blocks[self.block].text[start:end]


def _readable(document: Document, block: int) -> bool:
    found = document.blocks[block]
    return found.kind in _TEXT_KINDS and bool(sentences(found.text))
