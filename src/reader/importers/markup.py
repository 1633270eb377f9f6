"""HTML fragments to Markdown, shared by the HTML and feed importers."""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from typing import Any

from bs4 import BeautifulSoup
from bs4.builder._htmlparser import BeautifulSoupHTMLParser, HTMLParserTreeBuilder
from bs4.element import PreformattedString
from markdownify import MarkdownConverter

from reader.importers.errors import ImportFailure

_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
# From the start of a run only: tried from each of its spaces, a long run of spaces
# not followed by a line break was read again from each (quadratic).
_TRAILING_SPACE = re.compile(r"(?<![ \t])[ \t]+\n")
# Spaces and tabs that markdownify makes one space of, outside <pre>.
_SPACE_RUN = re.compile(r"[\t ]{2,}|\t")
# Invisible in a browser, but not in a terminal or a search: soft hyphens, zero-width
# spaces, word joiners and stray byte-order marks. (Zero-width joiners stay: scripts
# and emoji need them.)
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


_NOT_TEXT = ["script", "style", "noscript", "template", "svg", "object", "embed", "applet"]


class _Converter(MarkdownConverter):
    """markdownify with the choices that suit reading in a terminal."""

    options: dict[str, Any]

    def convert_soup(self, soup: Any) -> str:
        # Comments, processing instructions, declarations and CDATA are not text a
        # reader sees; markdownify skips only comments and doctypes, and would print
        # `<?php … ?>` as "php … ?". Joining the strings on either side lets the
        # words around the node run on as they do in a browser.
        for node in soup.find_all(string=lambda s: isinstance(s, PreformattedString)):
            node.extract()
        # Code and embedded objects are not text: their content goes with them (feeds'
        # HTML reaches here unsanitised, so a <script> must not leave its source behind).
        for element in soup.find_all(_NOT_TEXT):
            element.decompose()
        soup.smooth()
        # Runs of spaces made one space now, as markdownify would: its expression for
        # a run that holds a line break ("[\t \r\n]*[\r\n][\t \r\n]*") is tried
        # from each space of a run that holds none, quadratic in its length.
        for string in soup.find_all(string=_SPACE_RUN):
            if string.find_parent("pre") is None:
                string.replace_with(type(string)(_SPACE_RUN.sub(" ", string)))
        return str(super().convert_soup(soup))

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


_CONVERTER = _Converter(
    heading_style="ATX",
    bullets="-",
    escape_underscores=False,
    escape_misc=False,
    strip=["iframe", "form", "button"],
    strip_pre=None,  # done by _strip_blank_lines()
)


def _strip_blank_lines(text: str) -> str:
    """markdownify's strip_pre(): the leading spaces and line breaks up to the last
    break among them, and the trailing ones; each found once."""
    lead = len(text) - len(text.lstrip(" \n"))
    text = text[text.rfind("\n", 0, lead) + 1 :]
    return text.rstrip(" \n")


class _ParserReadingOnce(BeautifulSoupHTMLParser):
    """html.parser, with what it finds unterminated at the end of its input read once.

    At the end of its input, Python's html.parser takes a tag, comment or
    declaration that nothing closes for text up to the next ">" and reads on; the
    next one it meets is again searched for its end, to the end of the input: a
    fragment of "<http://" or "<!--" repeated took quadratic time (64 KB: 7 s).
    Here the first one met there is text, and so is the rest: read once, and
    nothing lost. A marked section the parser cannot name ("<![foo[") is passed
    over as browsers do (html.parser raised an error and the whole fragment went).
    """

    closing = False

    def close(self) -> None:
        self.closing = True
        super().close()

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
    def feed(
        self, markup: Any, _parser_class: type[BeautifulSoupHTMLParser] = _ParserReadingOnce
    ) -> None:
        super().feed(markup, _parser_class)


def html_to_markdown(html: str) -> str:
    """Convert an HTML fragment to tidy Markdown."""
    try:
        # What MarkdownConverter.convert() does, with the parser above.
        markdown = _CONVERTER.convert_soup(BeautifulSoup(html, builder=_TreeBuilder()))
    except RecursionError:
        raise ImportFailure("HTML nested too deeply to convert") from None
    # One spelling of each character (NFC), so the same word always matches itself.
    markdown = unicodedata.normalize("NFC", _INVISIBLE.sub("", markdown))
    markdown = _TRAILING_SPACE.sub("\n", markdown)
    return _BLANK_RUNS.sub("\n\n", markdown).strip()


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
