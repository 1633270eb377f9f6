"""HTML fragments to Markdown, shared by the HTML and feed importers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from html import unescape
from typing import Any

from bs4 import BeautifulSoup
from bs4.builder._htmlparser import BeautifulSoupHTMLParser, HTMLParserTreeBuilder
from markdownify import MarkdownConverter

from reader.importers.errors import ImportFailure
from reader.importers.plainhtml import simple_markdown
from reader.sanitize import whole_characters

_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
# From the start of a run only: tried from each of its spaces, a long run of spaces
# not followed by a line break was read again from each (quadratic).
_TRAILING_SPACE = re.compile(r"(?<![ \t])[ \t]+\n")
# Spaces and tabs that markdownify makes one space of, outside <pre>.
_SPACE_RUN = re.compile(r"[\t ]{2,}|\t")
# Invisible in a browser, but not in a terminal or a search: soft hyphens, zero-width
# spaces, word joiners and stray byte-order marks. (Zero-width joiners stay: scripts
# and emoji need them.)
_INVISIBLES = "\u00ad\u200b\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLES}]")


_NOT_TEXT = ["script", "style", "noscript", "template", "svg", "object", "embed", "applet"]


class _Converter(MarkdownConverter):
    """markdownify with the choices that suit reading in a terminal."""

    options: dict[str, Any]

    # The tree it converts is made by _Soup and _Parser below: without comments,
    # code or embedded objects, and with runs of spaces made one. One converter a
    # fragment: it keeps what it counted of the fragment's lists and tables.

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # Where each item of an ordered list stands, and how many rows a table
        # head holds, counted once a list or head (markdownify counts them again
        # for each item and row: quadratic in a list of thousands).
        self.item_numbers: dict[int, int] = {}
        self.head_rows: dict[int, int] = {}

    def convert_li(self, el: Any, text: str, parent_tags: Any) -> str:
        parent = el.parent
        if parent is None or parent.name != "ol" or not (text or "").strip():
            return str(super().convert_li(el, text, parent_tags))  # type: ignore[misc]
        # markdownify's, numbered from the items counted once.
        if id(el) not in self.item_numbers:
            number = 0
            for child in parent.children:
                if getattr(child, "name", None) == "li":
                    self.item_numbers[id(child)] = number
                    number += 1
        first = _small_number(parent.get("start"), 1)
        bullet = f"{first + self.item_numbers[id(el)]}. "
        indent = " " * len(bullet)
        text = _LINE.sub(lambda line: indent + line[1] if line[1] else "", text.strip())
        return f"{bullet}{text[len(bullet) :]}\n"

    def convert_tr(self, el: Any, text: str, parent_tags: Any) -> str:
        # markdownify's, with a table head's rows counted once.
        parent = el.parent
        cells = el.find_all(["td", "th"])
        is_first_row = el.find_previous_sibling() is None
        is_headrow = all(cell.name == "th" for cell in cells) or (
            parent.name == "thead" and self._rows_in(parent) == 1
        )
        is_head_row_missing = (is_first_row and parent.name != "tbody") or (
            is_first_row and parent.name == "tbody" and len(parent.parent.find_all(["thead"])) < 1
        )
        overline = underline = ""
        full_colspan = 0
        for cell in cells:
            full_colspan += max(1, min(1000, _small_number(cell.get("colspan"), 1)))
        if (
            is_headrow or (is_head_row_missing and self.options["table_infer_header"])
        ) and is_first_row:
            underline += "| " + " | ".join(["---"] * full_colspan) + " |" + "\n"
        elif (is_head_row_missing and not self.options["table_infer_header"]) or (
            is_first_row
            and (
                parent.name == "table"
                or (parent.name == "tbody" and not parent.find_previous_sibling())
            )
        ):
            overline += "| " + " | ".join([""] * full_colspan) + " |" + "\n"
            overline += "| " + " | ".join(["---"] * full_colspan) + " |" + "\n"
        return overline + "|" + text + "\n" + underline

    def _rows_in(self, head: Any) -> int:
        if id(head) not in self.head_rows:
            self.head_rows[id(head)] = len(head.find_all("tr"))
        return self.head_rows[id(head)]

    def convert_pre(self, el: Any, text: str, parent_tags: Any) -> str:
        # markdownify's own, but for the strip of leading and trailing blank lines:
        # its "[ \n]*$" is tried from each space of the block (quadratic in a run).
        if not text:
            return ""
        language = self.options["code_language"]
        if self.options["code_language_callback"]:
            language = self.options["code_language_callback"](el) or language
        return f"\n\n```{language}\n{_strip_blank_lines(text)}\n```\n\n"

    def convert_img(self, el: Any, text: str, parent_tags: Any) -> str:
        # Images cannot be shown; their alt text would read as stray body text.
        return ""


_OPTIONS: dict[str, Any] = {
    "heading_style": "ATX",
    "bullets": "-",
    "escape_underscores": False,
    "escape_misc": False,
    "strip": ["iframe", "form", "button"],
    "strip_pre": None,  # done by _strip_blank_lines()
}
_LINE = re.compile(r"^(.*)", re.M)
# ASCII digits, few enough for a list's start or a cell's span. str.isdigit() and
# isnumeric() also pass "²" and "五", which int() refuses, and digits past 4,300,
# which int() refuses too.
_SMALL_NUMBER = re.compile(r"\s*([0-9]{1,9})\s*")


_NUMBER_ATTRIBUTES = frozenset({"start", "colspan", "rowspan", "value"})


def _small_number(value: object, default: int) -> int:
    """An attribute's number (``<ol start>``, ``<td colspan>``), or ``default``."""
    match = _SMALL_NUMBER.fullmatch(value) if isinstance(value, str) else None
    return int(match.group(1)) if match else default


def _strip_blank_lines(text: str) -> str:
    """markdownify's strip_pre(): the leading spaces and line breaks up to the last
    break among them, and the trailing ones; each found once."""
    lead = len(text) - len(text.lstrip(" \n"))
    text = text[text.rfind("\n", 0, lead) + 1 :]
    return text.rstrip(" \n")


class _Soup(BeautifulSoup):
    """The tree markdownify converts, made in one pass over the fragment.

    Code and embedded objects are not text: they go with their content (feeds'
    HTML reaches here unsanitised, so a <script> must not leave its source
    behind), and the text on either side runs on as one string, as in a browser.
    Runs of spaces are made one, as markdownify would: its expression for a run
    that holds a line break ("[\t \r\n]*[\r\n][\t \r\n]*") is tried from each space
    of a run that holds none, quadratic in its length. (Done after parsing, with
    bs4's extract(), smooth() and replace_with(), each finds its node among its
    siblings one by one: quadratic in a fragment of thousands of them.)
    """

    def reset(self) -> None:
        super().reset()
        self.dropping: list[str] = []  # the open tags of the element being dropped

    def handle_starttag(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if self.dropping or name in _NOT_TEXT:
            if not self.builder.can_be_empty_element(name):
                self.dropping.append(name)
            return None  # as an element filtered out: no end tag comes for a void one
        return super().handle_starttag(name, *args, **kwargs)

    def handle_endtag(self, name: str, nsprefix: str | None = None) -> None:
        if self.dropping:
            if name in self.dropping:  # closes the last one of that name, and those in it
                del self.dropping[len(self.dropping) - self.dropping[::-1].index(name) - 1 :]
                return
            if not self.open_tag_counter.get(name):
                return
            self.dropping = []  # an element around it closes, and so it
        elif not self.open_tag_counter.get(name):
            return  # closes nothing: the text on either side stays one string
        super().handle_endtag(name, nsprefix)

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            super().handle_data(data)

    def endData(self, containerClass: Any = None) -> None:
        if len(self.current_data) > 0 and not self.open_tag_counter.get("pre"):
            text = "".join(self.current_data)
            if "\t" in text or "  " in text:
                self.current_data = [_SPACE_RUN.sub(" ", text)]
        super().endData(containerClass)


class _Parser(BeautifulSoupHTMLParser):
    """html.parser for _Soup: comments, processing instructions, declarations and
    CDATA left out (they are not text a reader sees; markdownify would print
    `<?php … ?>` as "php … ?"), and what is unterminated at the end read once.

    At the end of its input, Python's html.parser takes a tag, comment or
    declaration that nothing closes for text up to the next ">" and reads on; the
    next one it meets is again searched for its end, to the end of the input: a
    fragment of "<http://" or "<!--" repeated took quadratic time (64 KB: 7 s).
    Here the first one met there is text, and so is the rest: read once, and
    nothing lost. A marked section the parser cannot name ("<![foo[") is passed
    over as browsers do (html.parser raised an error and the whole fragment went).
    Void elements closed already are counted, not listed: each end tag looked
    through the list of all of them.
    """

    closing = False

    def reset(self) -> None:
        super().reset()
        self.closed_void: Counter[str] = Counter()

    def close(self) -> None:
        self.closing = True
        super().close()

    def handle_comment(self, data: str) -> None:
        pass

    def handle_decl(self, decl: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        pass

    def handle_starttag(
        self, tag: str, attrs: list[tuple[str, str | None]], handle_empty_element: bool = True
    ) -> None:
        # markdownify reads these with int() when str.isdigit() or isnumeric() says
        # so, and both pass "²" or "五", which int() refuses: one cell or list of a
        # feed's item would cost the feed. A number that is not a small one is left out.
        attrs = [
            (name, value)
            for name, value in attrs
            if name not in _NUMBER_ATTRIBUTES or _SMALL_NUMBER.fullmatch(value or "")
        ]
        super().handle_starttag(tag, attrs, handle_empty_element)
        if self.already_closed_empty_element:  # a void element, closed already
            self.closed_void[self.already_closed_empty_element.pop()] += 1

    def handle_endtag(self, tag: str, check_already_closed: bool = True) -> None:
        if check_already_closed and self.closed_void[tag] > 0:
            self.closed_void[tag] -= 1  # "</br>" after "<br>": closed already
        else:
            self.soup.handle_endtag(tag)

    def _unterminated(self, i: int, end: int) -> int:
        if end < 0 and self.closing:
            self.handle_data(unescape(self.rawdata[i:]))
            return len(self.rawdata)
        return end

    def parse_starttag(self, i: int) -> int:
        return self._unterminated(i, super().parse_starttag(i))

    def parse_endtag(self, i: int) -> int:
        return self._unterminated(i, super().parse_endtag(i))

    def parse_comment(self, i: int, report: bool = True) -> int:
        return self._unterminated(i, super().parse_comment(i, report))

    def parse_pi(self, i: int) -> int:
        return self._unterminated(i, super().parse_pi(i))

    def parse_html_declaration(self, i: int) -> int:
        try:
            end = super().parse_html_declaration(i)
        except AssertionError:  # a marked section without a name it knows
            end = self.parse_bogus_comment(i)
        return self._unterminated(i, end)


class _TreeBuilder(HTMLParserTreeBuilder):
    def feed(self, markup: Any, _parser_class: type[BeautifulSoupHTMLParser] = _Parser) -> None:
        super().feed(markup, _parser_class)


def html_to_markdown(html: str) -> str:
    """Convert an HTML fragment to tidy Markdown."""
    html = whole_characters(html)  # "\ud800" from an export's JSON: BeautifulSoup encodes it
    markdown = simple_markdown(html)  # paragraphs of text and links: no tree needed
    if markdown is None:
        markdown = _converted(html)
    # Each pattern below runs only where it can match: re tries it at every character
    # (the trailing spaces' lookbehind some 270 instructions each), str's "in" scans
    # in C. Together they were half of converting a feed item's HTML.
    if any(invisible in markdown for invisible in _INVISIBLES):
        markdown = _INVISIBLE.sub("", markdown)
    # One spelling of each character (NFC), so the same word always matches itself.
    markdown = unicodedata.normalize("NFC", markdown)
    if " \n" in markdown or "\t\n" in markdown:  # where every match ends
        markdown = _TRAILING_SPACE.sub("\n", markdown)
    return _BLANK_RUNS.sub("\n\n", markdown).strip()


def _converted(html: str) -> str:
    """markdownify's Markdown for any fragment, before tidying."""
    try:
        # What MarkdownConverter.convert() does, with the parser above.
        soup = _Soup(html, builder=_TreeBuilder())
        return str(_Converter(**_OPTIONS).convert_soup(soup))
    except RecursionError:
        raise ImportFailure("HTML nested too deeply to convert") from None


def nesting_depth(tree: Any) -> int:
    """The deepest element nesting of an lxml tree, measured without recursion."""
    from lxml import etree

    depth = deepest = 0
    for event, _element in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest
