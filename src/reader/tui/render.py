"""A fast Markdown layout for the reading pane.

Textual's Markdown widget builds a widget per block and took 2.3 s on a
20,000-word article. Here an article becomes a list of blocks (plain text with
style spans and a map back to body offsets), and layout is a cheap word-wrap
that records, for each screen line, which characters of which block it shows.
Styled segments are made only for the lines on screen, by the pane itself.

Article text is untrusted: it only ever becomes rich ``Text`` with explicit
styles, never markup, after :func:`reader.sanitize.display_text` (title and meta
lines) or :func:`reader.sanitize.display_body` (the body, with a map from the
stored body's offsets, which quotes are found by, to the shown one's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rich.cells import cell_len

from reader.sanitize import DisplayOffsets, display_body, display_text

# Inline Markdown: links, bold, italics, code, escapes. Every run is bounded (and a
# link's parts stop at the next bracket): unbounded, a paragraph of "[a](" or "**a"
# repeated made each position scan to the line's end, quadratic in its length.
_INLINE = re.compile(
    r"""
      !\[[^\[\]\n]{0,500}\]\([^()\[\]\n]{0,2000}\)           # image: dropped
    | \[(?P<link>[^\[\]\n]{1,500})\]\((?P<url>[^()\[\]\s]{0,2000})(?:\s+"[^"\n]{0,300}")?\)
    | <(?P<auto>https?://[^<>\s]{1,2000})>
    | \*\*(?P<bold>[^*\n]{1,300}?)\*\*
    | __(?P<bold2>[^_\n]{1,300}?)__
    | (?<![\w*])\*(?P<em>[^*\n]{1,300}?)\*(?![\w*])
    | (?<![\w])_(?P<em2>[^_\n]{1,300}?)_(?![\w])
    | `(?P<code>[^`\n]{1,300})`
    | \\(?P<escaped>[\\`*_{}\[\]()#+\-.!>])
    """,
    re.VERBOSE,
)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+")


@dataclass(slots=True)
class Link:
    """A link in the article, by its place in the layout."""

    index: int
    text: str
    url: str
    block: int
    start: int  # character range within the block's text
    end: int


@dataclass(slots=True)
class Block:
    """A paragraph, heading, list item or quotation, ready to wrap."""

    text: str
    kind: str  # "title", "meta", "heading", "para", "quote", "item", "rule", "pre"
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, style name)
    # (text offset, body offset) pairs: where runs of this block's text came from.
    origin: list[tuple[int, int]] = field(default_factory=list)
    prefix: str = ""  # printed before the first line ("• ")
    indent: int = 0  # printed before continuation lines


@dataclass(slots=True)
class Line:
    block: int
    start: int
    end: int
    first: bool


@dataclass
class Document:
    """An article laid out for one width."""

    blocks: list[Block]
    links: list[Link]
    lines: list[Line] = field(default_factory=list)
    width: int = 0
    # Where the stored body's offsets land in the shown body (see display_body).
    offsets: DisplayOffsets = field(default_factory=lambda: DisplayOffsets([]))

    def layout(self, width: int) -> None:
        """Wrap every block to width (cheap: only arithmetic on words)."""
        self.width = width
        lines: list[Line] = []
        for number, block in enumerate(self.blocks):
            if block.kind == "rule":
                lines.append(Line(number, 0, 0, True))
                continue
            available = max(width - max(len(block.prefix), block.indent), 10)
            if block.kind == "pre":
                position = 0
                for raw in block.text.split("\n"):
                    lines.append(Line(number, position, position + len(raw), position == 0))
                    position += len(raw) + 1
            else:
                for start, end in _wrap(block.text, available):
                    lines.append(Line(number, start, end, start == 0))
            if block.kind not in ("title", "meta"):
                lines.append(Line(-1, 0, 0, False))  # blank line between blocks
        self.lines = lines

    def line_of_body_offset(self, offset: int) -> int | None:
        """The first screen line showing the character at this (stored) body offset."""
        offset = self.offsets.shown(offset)
        for number, line in enumerate(self.lines):
            if line.block < 0:
                continue
            block = self.blocks[line.block]
            text_offset = _text_offset(block, offset)
            if text_offset is not None and line.start <= text_offset <= line.end:
                return number
        return None

    def text_range(self, block: int, body_start: int, body_end: int) -> tuple[int, int] | None:
        """A (stored) body offset range as a character range of one block, if it lies there."""
        start = _text_offset(self.blocks[block], self.offsets.shown(body_start))
        end = _text_offset(self.blocks[block], self.offsets.shown(body_end))
        if start is None and end is None:
            return None
        return (start or 0, end if end is not None else len(self.blocks[block].text))


def _text_offset(block: Block, body_offset: int) -> int | None:
    origin = block.origin
    if not origin:
        return None
    for index, (text_start, body_start) in enumerate(origin):
        text_end = origin[index + 1][0] if index + 1 < len(origin) else len(block.text)
        body_end = body_start + (text_end - text_start)
        if body_start <= body_offset <= body_end:
            return text_start + body_offset - body_start
    return None


def _wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap by display cells; returns (start, end) character ranges."""
    ranges: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    while start < length:
        line_cells = 0
        position = start
        last_break = -1
        while position < length:
            char = text[position]
            cells = 1 if char < "\u1100" else cell_len(char)
            if line_cells + cells > width:
                break
            line_cells += cells
            if char == " ":
                last_break = position
            position += 1
        if position >= length:
            ranges.append((start, length))
            break
        if last_break > start:
            ranges.append((start, last_break))
            start = last_break + 1
        else:
            ranges.append((start, position))  # a word longer than the line
            start = position
    return ranges or [(0, 0)]


def build_document(
    title: str,
    meta: list[str],
    body: str,
) -> Document:
    """Blocks for an article: title, meta lines, then the body's Markdown."""
    blocks = [Block(display_text(title), "title")]
    blocks += [Block(shown, "meta") for shown in map(display_text, meta) if shown]
    blocks.append(Block("", "rule"))
    links: list[Link] = []
    body, offsets = display_body(body)
    position = 0
    in_code = False
    code_lines: list[str] = []
    code_start = 0
    for paragraph_match in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", body):
        chunk = paragraph_match.group(0)
        offset = paragraph_match.start()
        position = paragraph_match.end()
        if chunk.lstrip().startswith("```") or in_code:
            if not in_code:
                in_code, code_start = True, offset
                code_lines = []
                chunk_lines = chunk.split("\n")[1:]
            else:
                chunk_lines = chunk.split("\n")
            for raw in chunk_lines:
                if raw.strip().startswith("```"):
                    in_code = False
                    break
                code_lines.append(raw)
            if not in_code:
                blocks.append(Block("\n".join(code_lines), "pre", origin=[(0, code_start)]))
            continue
        for block in _blocks_of(chunk, offset, links, len(blocks)):
            blocks.append(block)
    del position
    if in_code and code_lines:
        blocks.append(Block("\n".join(code_lines), "pre", origin=[(0, code_start)]))
    return Document(blocks, links, offsets=offsets)


def _blocks_of(chunk: str, offset: int, links: list[Link], first_block: int) -> list[Block]:
    lines = chunk.split("\n")
    stripped = chunk.strip()
    if stripped.startswith("|") and all(line.strip().startswith("|") for line in lines):
        return [Block(chunk, "pre", origin=[(0, offset)])]
    if set(stripped) <= set("-*_ ") and len(stripped.replace(" ", "")) >= 3:
        return [Block("", "rule")]
    heading = _HEADING.match(stripped)
    if heading and len(lines) == 1:
        lead = chunk.index(heading.group(2))
        return [_inline(heading.group(2), offset + lead, "heading", links, first_block)]
    if all(line.lstrip().startswith(">") for line in lines):
        text_parts = []
        for line in lines:
            text_parts.append(re.sub(r"^\s*>\s?", "", line))
        block = _inline(" ".join(text_parts), offset, "quote", links, first_block)
        block.prefix, block.indent = "▎ ", 2
        return [block]
    if _BULLET.match(lines[0]):
        items: list[Block] = []
        current: list[tuple[str, int]] = []
        line_offset = offset
        for line in lines:
            bullet = _BULLET.match(line)
            if bullet and current:
                items.append(_item(current, links, first_block + len(items)))
                current = []
            if bullet:
                current.append((line[bullet.end() :], line_offset + bullet.end()))
            else:
                current.append((line.strip(), line_offset + len(line) - len(line.lstrip())))
            line_offset += len(line) + 1
        if current:
            items.append(_item(current, links, first_block + len(items)))
        return items
    return [_inline(" ".join(line.strip() for line in lines), offset, "para", links, first_block)]


def _item(parts: list[tuple[str, int]], links: list[Link], block_index: int) -> Block:
    block = _inline(" ".join(text for text, _ in parts), parts[0][1], "item", links, block_index)
    block.prefix, block.indent = "• ", 2
    return block


def _inline(source: str, offset: int, kind: str, links: list[Link], block_index: int) -> Block:
    """Markdown inline syntax to plain text with style spans and body offsets.

    Offsets are exact for text before the first joined line break; after it they
    drift by the spaces that replaced line breaks, which is within a character.
    """
    text: list[str] = []
    spans: list[tuple[int, int, str]] = []
    origin: list[tuple[int, int]] = []
    length = 0
    position = 0

    def keep(piece: str, body_offset: int, style: str = "") -> None:
        nonlocal length
        if not piece:
            return
        origin.append((length, body_offset))
        text.append(piece)
        if style:
            spans.append((length, length + len(piece), style))
        length += len(piece)

    for match in _INLINE.finditer(source):
        keep(source[position : match.start()], offset + position)
        if match.group("link") is not None:
            start = length
            keep(match.group("link"), offset + match.start("link"), "link")
            links.append(
                Link(
                    len(links), match.group("link"), match.group("url"), block_index, start, length
                )
            )
        elif match.group("auto") is not None:
            start = length
            keep(match.group("auto"), offset + match.start("auto"), "link")
            links.append(
                Link(
                    len(links), match.group("auto"), match.group("auto"), block_index, start, length
                )
            )
        else:
            for name, style in (
                ("bold", "bold"),
                ("bold2", "bold"),
                ("em", "italic"),
                ("em2", "italic"),
                ("code", "code"),
                ("escaped", ""),
            ):
                if match.group(name) is not None:
                    keep(match.group(name), offset + match.start(name), style)
                    break
        position = match.end()
    keep(source[position:], offset + position)
    return Block("".join(text), kind, spans, origin)
