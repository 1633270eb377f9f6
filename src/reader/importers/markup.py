"""HTML fragments to Markdown, shared by the HTML and feed importers."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from bs4.element import PreformattedString
from markdownify import MarkdownConverter

from reader.importers.errors import ImportFailure

_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
# Invisible in a browser, but not in a terminal or a search: soft hyphens, zero-width
# spaces, word joiners and stray byte-order marks. (Zero-width joiners stay: scripts
# and emoji need them.)
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


_NOT_TEXT = ["script", "style", "noscript", "template", "svg", "object", "embed", "applet"]


class _Converter(MarkdownConverter):
    """markdownify with the choices that suit reading in a terminal."""

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
        return str(super().convert_soup(soup))

    def convert_img(self, el: Any, text: str, parent_tags: Any) -> str:
        # Images cannot be shown; their alt text would read as stray body text.
        return ""


_CONVERTER = _Converter(
    heading_style="ATX",
    bullets="-",
    escape_underscores=False,
    escape_misc=False,
    strip=["iframe", "form", "button"],
)


def html_to_markdown(html: str) -> str:
    """Convert an HTML fragment to tidy Markdown."""
    try:
        markdown = _CONVERTER.convert(html)
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
