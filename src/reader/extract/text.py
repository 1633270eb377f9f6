"""Article Markdown as plain prose, with a map back to body offsets.

Extraction reads prose: "Putin [told](#) Michel" must read "Putin told Michel".
:class:`Prose` strips Markdown syntax, remembers where each piece came from so
that offsets found in the prose point at the same words in the stored body, and
splits the prose into paragraphs and sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

# Markers that open a line: heading, blockquote, list item.
_LINE_MARKER = r"""
      [ \t]{0,3}\#{1,6}[ \t]+                      # heading marker
    | [ \t]{0,3}>[ \t]?                            # blockquote marker
    | [ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+            # list marker
"""
# Markdown that is syntax, not text. Group "keep" is the text to keep, if any.
# Every alternative starts with a definite character, so the engine skips plain
# text at C speed; a line's marker is matched with the line break before it.
# A link's or an image's parts stop at the next "[", an autolink at the next "<"
# (which CommonMark never allows in one): each attempt starts at one of those, so
# no stretch is read by two ("[a](" or "<http://" repeated was quadratic).
_SYNTAX = re.compile(
    rf"""
      \n(?P<marker>{_LINE_MARKER})                  # a line's marker (the break is kept)
    | !\[[^\[\]\n]*\]\([^)\[\n]*\)               # image: dropped
    | \[(?P<link>[^\[\]\n]*)\]\([^)\[\n]*\)        # link: its text
    | <(?P<auto>https?://[^<>\s]+)>              # autolink: the URL
    | \\(?P<escaped>[\\`*_{{}}\[\]()#+\-.!>])      # escaped character
    | \*\*|__|\*(?<![\w*]\*)(?=\S)|\*(?<=\S\*)(?![\w*])   # emphasis markers
    | `                                          # code ticks
    """,
    re.VERBOSE,
)
# The characters the alternatives of _SYNTAX start with.
_SYNTAX_STARTS = "\n![<\\*_`"
# What a line marker starts with, but for a digit (str.isdecimal(), as \d reads).
_MARKER_STARTS = " \t#>-*+"
_FIRST_LINE_MARKER = re.compile(_LINE_MARKER, re.VERBOSE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_NOT_SPACE = re.compile(r"\S")
_HEADING_LINE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]", re.M)

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st gen lt col sgt capt gov sen rep jr sr no vs etc inc ltd co corp "
    "dept univ est approx fig jan feb mar apr jun jul aug sep sept oct nov dec mt ft rev "
    "adm maj brig cmdr insp supt det u.s u.k e.g i.e a.m p.m".split()
)
_MARK_RUN = re.compile(r"[.!?…]+")
_SENTENCE_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9])""")


class Paragraph:
    """Where a paragraph of the prose starts and ends, and whether it is a heading."""

    __slots__ = ("end", "heading", "start")  # a plain class: see Entity on mypyc

    def __init__(self, start: int, end: int, heading: bool) -> None:
        self.start, self.end, self.heading = start, end, heading

    def __repr__(self) -> str:
        return f"Paragraph({self.start}, {self.end}, heading={self.heading})"


@dataclass(slots=True)
class Prose:
    """Plain text of an article body and the way back to body offsets."""

    text: str
    # Parallel lists: prose offset where a kept piece starts, and its body offset.
    _prose_starts: list[int] = field(default_factory=list)
    _body_starts: list[int] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)

    @classmethod
    def from_markdown(cls, body: str) -> Prose:
        pieces: list[str] = []
        prose_starts: list[int] = []
        body_starts: list[int] = []
        length = 0
        position = 0

        def keep(text: str, body_offset: int) -> None:
            nonlocal length
            if text:
                prose_starts.append(length)
                body_starts.append(body_offset)
                pieces.append(text)
                length += len(text)

        heading_starts: set[int] = set()
        first = _FIRST_LINE_MARKER.match(body)
        if first:
            if first.group(0).lstrip().startswith("#"):
                heading_starts.add(0)
            position = first.end()
        for match in _syntax(body, position):
            marker = match.group("marker")
            if marker is not None:
                keep(body[position : match.start() + 1], position)
                if marker.lstrip().startswith("#"):
                    heading_starts.add(length)
            else:
                keep(body[position : match.start()], position)
                for name in ("link", "auto", "escaped"):
                    if match.group(name) is not None:
                        keep(match.group(name), match.start(name))
                        break
            position = match.end()
        keep(body[position:], position)
        prose = cls("".join(pieces), prose_starts, body_starts)
        prose.paragraphs = prose._split_paragraphs(heading_starts)
        return prose

    def to_body(self, offset: int) -> int:
        """The body offset of a prose offset."""
        if not self._prose_starts:
            return offset
        index = max(bisect_right(self._prose_starts, offset) - 1, 0)
        return self._body_starts[index] + offset - self._prose_starts[index]

    def spans_to_body(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """:meth:`to_body` for many (start, end) pairs at once (a hundred an article)."""
        prose_starts = self._prose_starts
        if not prose_starts:
            return list(spans)
        # How far each kept piece moved: a body offset is a prose offset plus its
        # piece's shift. Most offsets lie in the last piece (after an article's
        # last link): they are told apart without a search.
        shifts = [body - prose for prose, body in zip(prose_starts, self._body_starts, strict=True)]
        last_start, last_shift = prose_starts[-1], shifts[-1]
        return [
            (
                start
                + (
                    last_shift
                    if start >= last_start
                    else shifts[max(bisect_right(prose_starts, start) - 1, 0)]
                ),
                end
                + (
                    last_shift
                    if end >= last_start
                    else shifts[max(bisect_right(prose_starts, end) - 1, 0)]
                ),
            )
            for start, end in spans
        ]

    def _split_paragraphs(self, heading_starts: set[int]) -> list[Paragraph]:
        paragraphs = []
        start = 0
        text = self.text
        for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
            end = match.start() if match else len(text)
            # Where the paragraph's text begins, past any spaces; none: no paragraph.
            # (\S is what str.strip() keeps; nothing is copied to find it.)
            first = _NOT_SPACE.search(text, start, end)
            if first is not None:
                begin = first.start()
                paragraphs.append(Paragraph(begin, end, begin in heading_starts))
            if match:
                start = match.end()
        return paragraphs


def _syntax(body: str, position: int) -> list[re.Match[str]]:
    """What _SYNTAX.finditer(body, position) finds, tried only where one of the
    characters its alternatives start with stands: str.find passes over plain text
    several times faster than the expression's own scan, and an article has a few
    dozen such characters (line breaks mostly) in a few thousand."""
    found = []
    for at in char_positions(body, _SYNTAX_STARTS):
        if at < position:
            continue
        if body[at] == "\n":
            # A line break is syntax only before a line marker (most are not):
            # spaces, "#", ">", a list's bullet or number.
            following = body[at + 1 : at + 2]
            if following not in _MARKER_STARTS and not following.isdecimal():
                continue
        match = _SYNTAX.match(body, at)
        if match is not None:
            found.append(match)
            position = match.end()
    return found


def char_positions(text: str, chars: Iterable[str]) -> list[int]:
    """Where each of the chars occurs in text, in order (str.find outruns a regex scan)."""
    found = []
    for char in chars:
        at = text.find(char)
        while at >= 0:
            found.append(at)
            at = text.find(char, at + 1)
    found.sort()
    return found


SENTENCE_MARKS = ".!?…"  # every sentence end starts with one of these


def _sentence_stops(text: str, start: int, end: int, marks: list[int]) -> Iterator[tuple[int, int]]:
    """Where the sentences of text[start:end] end, in order, each with where the
    next begins (past the spaces); "Mr." or "U.S." ends none.

    marks: where the text has a character of SENTENCE_MARKS. The sentence-end
    expression is tried only there, which finds what its scan would, faster.
    """
    begin = start  # where the current sentence starts
    position = start  # where a scan would go on
    for index in range(bisect_left(marks, start), len(marks)):
        at = marks[index]
        if at >= end:
            break
        if at < position:
            continue
        if (
            text[at] == "."
            and at + 2 < end
            and text[at + 1] == " "
            and ("A" <= text[at + 2] <= "Z" or "0" <= text[at + 2] <= "9")
        ):
            # The commonest end, ". The", told without the expression: it would
            # match the full stop alone.
            stop = position = at + 1
        else:
            match = _SENTENCE_END.match(text, at, end)
            if match is None or "." not in match.group(0):
                if match is not None:
                    stop = position = match.end()
                    begin = _skip_spaces(text, stop, end)
                    yield stop, begin
                elif index + 1 < len(marks) and marks[index + 1] == at + 1:
                    # No end here, so none at the marks of the same run after it
                    # (each would read the same run and what follows): passed
                    # over, or a run of thousands of dots was quadratic.
                    run = _MARK_RUN.match(text, at, end)
                    position = run.end() if run is not None else at + 1
                continue
            stop = position = match.end()
        # A full stop: unless the word before is too long to be an abbreviation
        # (seven letters, all in this sentence), it may be "Mr." or "U.S.".
        if not (at - 7 >= begin and stop - at <= 5 and text[at - 7 : at].isalpha()):
            word = text[max(begin, stop - 12) : stop].rstrip(".!?…\"'”’»)]").split()
            last = word[-1].lower().rstrip(".") if word else ""
            if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
        begin = _skip_spaces(text, stop, end)
        yield stop, begin


def _skip_spaces(text: str, at: int, end: int) -> int:
    while at < end and text[at].isspace():
        at += 1
    return at


def sentence_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of text[start:end] as (start, end) offsets; abbreviations do not end one."""
    bounds = []
    begin = start
    marks = [start + at for at in char_positions(text[start:end], SENTENCE_MARKS)]
    for stop, following in _sentence_stops(text, start, end, marks):
        bounds.append((begin, stop))
        begin = following
    if begin < end and text[begin:end].strip():
        bounds.append((begin, end))
    return bounds


class Sentences:
    """Where the sentences of one paragraph start, read only as far as asked.

    Quotations come in order, so the sentence ends are read once, and only one
    sentence beyond the latest offset asked about: a paragraph's tail after its
    last quotation is never read.
    """

    def __init__(self, text: str, start: int, end: int, marks: list[int]) -> None:
        """marks: char_positions(text, SENTENCE_MARKS), found once for the article."""
        self.text, self.start, self.end = text, start, end
        self.begin = start  # where the sentence read last starts
        self.previous: int | None = None  # where the one before it starts
        self._marks = marks
        # The sentence ends, read from the first asked beyond the paragraph's start:
        # a paragraph that opens with its only quotation reads none.
        self._stops: Iterator[tuple[int, int]] | None = None
        # The next sentence end not yet passed, and where the sentence after begins.
        self._next_stop: tuple[int, int] | None = None

    def start_of(self, offset: int) -> int:
        """Where the sentence holding offset starts; offsets must not go back."""
        if self._stops is None:
            if offset <= self.start:
                return min(self.begin, offset)  # no sentence ends before its first
            self._stops = _sentence_stops(self.text, self.start, self.end, self._marks)
            self._next_stop = next(self._stops, None)
        while self._next_stop is not None and self._next_stop[0] <= offset:
            self.previous = self.begin
            self.begin = self._next_stop[1]
            self._next_stop = next(self._stops, None)
        # An offset between sentences (never a quotation mark) is a start itself.
        return min(self.begin, offset)


def is_heading_text(body: str) -> bool:
    return bool(_HEADING_LINE.match(body))
