"""The commonest HTML fragments converted to Markdown without building a tree.

Most feed items and many exports carry their text as paragraphs of plain text
with links, emphasis and line breaks. Parsing such a fragment into a
BeautifulSoup tree and walking it with markdownify costs ~0.8 ms an article, as
much as finding its quotes and entities. :func:`simple_markdown` reads fragments
of that shape with one regular expression and converts them by markdownify's own
rules (what it keeps and drops of whitespace around blocks, how it escapes text
and wraps links and emphasis), so the result is exactly what
:func:`reader.importers.markup.html_to_markdown` would make before its final
tidying; ``tests/test_plain_html.py`` compares the two on generated fragments.

Anything else (another tag, an attribute not in double quotes, a tag closed out
of order, a block inside an inline element, a stray ``<``) returns None, and the
caller takes the full converter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

from bs4.dammit import EntitySubstitution, UnicodeDammit

# A start or end tag of a few known names with double-quoted attributes. Between
# tags is text: everything up to the next "<".
_TAG = re.compile(
    r"<(/?)(p|a|em|i|strong|b|br)((?:[ \t\n]+[a-z][a-z0-9_:.-]*=\"[^\"<>]*\")*)[ \t\n]*(/?)>"
)
# A character reference as html.parser reads it in text; any other "&" is left to it.
_REFERENCE = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{0,31}));")
_ATTRIBUTE = re.compile(r"([a-z][a-z0-9_:.-]*)=\"([^\"]*)\"")
_INLINE = frozenset({"a", "em", "i", "strong", "b"})
_EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
# markdownify's expressions for whitespace in text and newlines at child boundaries.
_NEWLINE_SPACE = re.compile(r"[\t \r\n]*[\r\n][\t \r\n]*")
_SPACE = re.compile(r"[\t ]+")
_EDGE_NEWLINES = re.compile(r"^(\n*)((?:.*[^\n])?)(\n*)$", flags=re.DOTALL)
# Fragments past this size are rare and not worth a second parse if they fail.
MAX_FRAGMENT = 1 << 20


@dataclass(slots=True)
class _Element:
    name: str  # "" for the fragment itself
    attributes: dict[str, str] = field(default_factory=dict)
    children: list[_Element | str] = field(default_factory=list)


def simple_markdown(html: str) -> str | None:
    """Markdown for a fragment of paragraphs, links, emphasis and breaks; else None."""
    if len(html) > MAX_FRAGMENT:
        return None
    root = _parse(html)
    return None if root is None else _convert(root).strip("\n")


def _parse(html: str) -> _Element | None:
    root = _Element("")
    stack = [root]
    position, length = 0, len(html)
    while position < length:
        top = stack[-1]
        if html[position] != "<":
            # All the text up to a tag, found by str.find in C: as a pattern's "[^<]+",
            # re read it a character at a time (a third of converting a feed item).
            end = html.find("<", position)
            end = length if end < 0 else end
            text = _text_of(html[position:end])
            if text is None:
                return None
            top.children.append(text)
            position = end
            continue
        token = _TAG.match(html, position)
        if token is None:
            return None
        position = token.end()
        closing, name = token[1], token[2]
        if closing:
            if token[3] or token[4] or name == "br" or top.name != name:
                return None  # closed out of order, or with attributes: the full parser
            stack.pop()
        elif name == "br":
            if top.name not in ("", "p"):
                return None
            top.children.append(_Element("br"))
        else:
            if token[4] or not _fits(name, top.name):
                return None
            attributes = _attributes(token[3])
            if attributes is None:
                return None
            element = _Element(name, attributes)
            top.children.append(element)
            stack.append(element)
    return root if len(stack) == 1 else None


def _text_of(raw: str) -> str | None:
    """Text with its character references read as BeautifulSoup's html.parser reads
    them (its own entity table, Windows-1252 for numbers 128-159); None when an "&"
    is not a whole reference (html.parser's reading of those depends on what follows)."""
    if "&" not in raw:
        return raw
    if raw.count("&") != len(_REFERENCE.findall(raw)):
        return None
    return _REFERENCE.sub(_character, raw)


def _character(reference: re.Match[str]) -> str:
    decimal, hexadecimal, name = reference.groups()
    if name is not None:
        return EntitySubstitution.HTML_ENTITY_TO_CHARACTER.get(name, "&" + name)
    number = int(decimal, 10) if decimal is not None else int(hexadecimal, 16)
    return str(UnicodeDammit.numeric_character_reference(number)[0])


def _fits(name: str, parent: str) -> bool:
    """A paragraph at the top; links and emphasis at the top or in a paragraph."""
    return parent == "" if name == "p" else parent in ("", "p")


def _attributes(text: str) -> dict[str, str] | None:
    pairs = _ATTRIBUTE.findall(text)
    names = [name for name, _value in pairs]
    if len(set(names)) != len(names):
        return None  # which of two hrefs counts is the full parser's business
    return {name: unescape(value) for name, value in pairs}


def _is_block(node: _Element | str | None) -> bool:
    return isinstance(node, _Element) and node.name == "p"


def _convert(element: _Element) -> str:
    """markdownify's process_tag() for the elements above."""
    children = element.children
    inside = element.name == "p"
    last = len(children) - 1
    strings: list[str] = []
    for index, child in enumerate(children):
        before = children[index - 1] if index > 0 else None
        after = children[index + 1] if index < last else None
        if isinstance(child, _Element):
            strings.append(_convert(child))
            continue
        if child.strip() == "" and (
            (inside and (before is None or after is None)) or _is_block(before) or _is_block(after)
        ):
            continue  # whitespace at a paragraph's edge or beside one
        strings.append(_text(child, before, after, inside))
    text = "".join(_collapse_newlines([string for string in strings if string]))
    return _finish(element, text)


def _text(
    text: str, before: _Element | str | None, after: _Element | str | None, inside: bool
) -> str:
    """markdownify's process_text(): spaces made one, asterisks escaped, edges trimmed."""
    if "\n" in text or "\r" in text:
        text = _NEWLINE_SPACE.sub("\n", text)
    if "  " in text or "\t" in text:
        text = _SPACE.sub(" ", text)
    if "*" in text:
        text = text.replace("*", r"\*")
    if _is_block(before) or (inside and before is None):
        text = text.lstrip(" \t\r\n")
    if _is_block(after) or (inside and after is None):
        text = text.rstrip()
    return text


def _collapse_newlines(strings: list[str]) -> list[str]:
    """Newlines where two children meet: the larger count of the two, at most two."""
    collapsed = [""]
    for string in strings:
        match = _EDGE_NEWLINES.match(string)
        assert match is not None  # the expression matches any string
        leading, content, trailing = match.groups()
        if collapsed[-1] and leading:
            previous = collapsed.pop()
            leading = "\n" * min(2, max(len(previous), len(leading)))
        collapsed.extend([leading, content, trailing])
    return collapsed


def _finish(element: _Element, text: str) -> str:
    """markdownify's convert_* for the element."""
    name = element.name
    if name == "":
        return text.strip("\n")
    if name == "p":
        text = text.strip(" \t\r\n")
        return f"\n\n{text}\n\n" if text else ""
    if name == "br":
        return "  \n"
    prefix = " " if text and text[0] == " " else ""
    suffix = " " if text and text[-1] == " " else ""
    text = text.strip()
    if not text:
        return ""
    if name in _EMPHASIS:
        mark = _EMPHASIS[name]
        return f"{prefix}{mark}{text}{mark}{suffix}"
    href = element.attributes.get("href")
    title = element.attributes.get("title")
    if text.replace(r"\_", "_") == href and not title:
        return f"<{href}>"
    title_part = ' "{}"'.format(title.replace('"', r"\"")) if title else ""
    return f"{prefix}[{text}]({href}{title_part}){suffix}" if href else text
