"""A feed too large to hold whole: cut into small feeds that workers parse in parallel.

feedparser reads a whole document into memory, several times its size, and one
worker would then extract every item alone. A large, well-formed feed is
instead read element by element (lxml's iterparse) and cut into *pieces*: small
feeds with the original root, the channel's own elements (title, link, ...) and
a few dozen items each. Each piece goes through the same :func:`parse_feed`
as any feed, so an item reads exactly as it would from the whole file; memory
stays bounded by the pieces in flight, and every core extracts.

Ill-formed XML cannot be cut safely: :class:`NotStreamable` says so, and the
caller reads the file whole and leniently instead.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

from reader.importers.parsed import Parsed
from reader.models import Article
from reader.urls import domain_of, is_web_url

# Feeds above this size are cut into pieces; smaller ones are parsed whole.
STREAM_FEED_BYTES = 4 * 1024 * 1024
ITEMS_PER_PIECE = 48
PER_PIECE_SECONDS = 120.0
_ITEMS = frozenset({"item", "entry"})


class NotStreamable(Exception):
    """The feed cannot be cut into pieces (ill-formed XML, or not a feed after all)."""


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def pieces(path: str, per_piece: int = ITEMS_PER_PIECE) -> Iterator[bytes]:
    """Small well-formed feeds, in document order, that hold every item of the file."""
    from lxml import etree

    with open(path, "rb") as handle:
        prolog = handle.read(65536)
    if b"<!ENTITY" in prolog:
        # Entities declared in the document would not travel with the pieces.
        raise NotStreamable("the document declares its own entities")
    context = etree.iterparse(
        path,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
        remove_blank_text=False,
    )
    root: Any = None
    container: Any = None  # the element whose children are the items
    header: list[Any] = []  # the container's own elements seen before the first item
    items: list[Any] = []
    depth = 0
    try:
        for event, element in context:
            if event == "start":
                depth += 1
                if root is None:
                    root = element
                    if _local(root.tag) not in ("rss", "feed", "RDF"):
                        raise NotStreamable("not an RSS, Atom or RSS 1.0 document")
                continue
            depth -= 1
            name = _local(element.tag)
            parent = element.getparent()
            if name in _ITEMS:
                if container is None:
                    container = parent
                items.append(copy.deepcopy(element))
                _forget(element)
                if len(items) >= per_piece:
                    yield _piece(root, container, header, items)
                    items = []
            elif container is None and parent is not None and _is_header(root, parent):
                # The feed's own elements: RSS 2.0's in <channel>, Atom's in <feed>,
                # RSS 1.0's <channel> whole (its items are the root's children).
                header.append(copy.deepcopy(element))
    except etree.XMLSyntaxError as error:
        raise NotStreamable(str(error)) from None
    if items or container is None:
        if root is None:
            raise NotStreamable("empty document")
        yield _piece(root, container, header, items)


def _is_header(root: Any, parent: Any) -> bool:
    if _local(root.tag) == "rss":
        return _local(parent.tag) == "channel" and parent.getparent() is root
    return parent is root


def _forget(element: Any) -> None:
    """Free an item already copied, and the siblings before it."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _piece(root: Any, container: Any, header: list[Any], items: list[Any]) -> bytes:
    from lxml import etree

    shell = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=root.nsmap)
    holder = shell  # Atom entries and RSS 1.0 items are the root's children
    if _local(root.tag) == "rss":  # RSS 2.0 items are the channel's children
        tag, attrib = ("channel", {}) if container is None else (container.tag, container.attrib)
        holder = etree.SubElement(shell, tag, attrib=dict(attrib))
    for element in header:
        holder.append(copy.deepcopy(element))
    for item in items:
        holder.append(item)
    return bytes(etree.tostring(shell, xml_declaration=True, encoding="utf-8"))


def parse_piece(piece: tuple[bytes, str]) -> Parsed:
    """One piece parsed and extracted (in a worker process): articles ready to store."""
    from reader.importers.errors import ImportFailure
    from reader.importers.feeds import parse_feed
    from reader.importers.files import OverBudget, prepare, time_budget

    data, path = piece
    try:
        with time_budget(PER_PIECE_SECONDS):
            plain = plain_articles(data, path)
            return prepare(Parsed(plain) if plain is not None else parse_feed(data, path))
    except OverBudget:
        raise ImportFailure(f"a piece took more than {PER_PIECE_SECONDS:.0f} s to read") from None


# -- the plain RSS 2.0 items of a piece, read without feedparser -----------------------

_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
# What a plain item may hold. Anything else (media:, dc:date, <author>, ...) is
# left to feedparser, which knows how it maps.
_PLAIN_ITEM = frozenset(
    {"title", "link", "guid", "pubDate", "description", "category", "comments", "enclosure"}
    | {_CONTENT, _CREATOR}
)
# HTML that feedparser's sanitiser would change before conversion, or links it would
# resolve against the item: such an item goes through feedparser.
_NOT_PLAIN_HTML = re.compile(
    r"<\s*(?:script|style|object|embed|applet|iframe|form|svg|math|base)\b"
    r"|\b(?:href|src)\s*=\s*[\"']?(?!https?://|mailto:)",
    re.I,
)


# A name with an address or a note ("Ann (ann@example.org)"): feedparser splits those.
_NOT_PLAIN_NAME = re.compile(r"[@()<>]")
_C1 = re.compile("[\x80-\x9f]")


def plain_articles(data: bytes, path: str) -> list[Article] | None:
    """The articles of a piece whose items are all plain RSS 2.0, as feedparser would
    give them (a test compares the two on every such feed we have); None otherwise.

    feedparser costs as much per item as extraction; a large feed of plain items is
    the common case it can be spared.
    """
    from lxml import etree

    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    channel = root.find("channel") if root.tag == "rss" else None
    if channel is None:
        return None
    source = _plain_text(channel.findtext("title"))
    if source is None:
        return None
    source = source or domain_of((channel.findtext("link") or "").strip())
    articles = []
    for item in channel.iterfind("item"):
        article = _plain_item(item, source or None, path)
        if article is None:
            return None
        articles.append(article)
    return articles or None


def _plain_item(item: Any, source: str | None, path: str) -> Article | None:
    from reader.dates import parse_date
    from reader.importers.feeds import first_words
    from reader.importers.markup import html_to_markdown

    fields: dict[str, str] = {}
    creators: list[str] = []
    for child in item:
        if not isinstance(child.tag, str) or child.tag not in _PLAIN_ITEM or len(child):
            return None
        if child.tag == _CREATOR:
            creators.append((child.text or "").strip())
        elif child.tag in fields and child.tag in ("title", "link", "guid", "pubDate"):
            return None  # twice: which one feedparser keeps is its own affair
        else:
            fields[child.tag] = child.text or ""
    title = _plain_text(fields.get("title", ""))
    link = fields.get("link", "").strip()
    guid = fields.get("guid", "").strip()
    if (
        title is None
        or (link and not is_web_url(link))
        or (guid and not link)  # feedparser may take a permalink guid for the link
        or not _plain_guid(guid)
        or len(creators) > 1
        or any(_NOT_PLAIN_NAME.search(name) for name in creators)
    ):
        return None
    html = fields.get(_CONTENT, "")
    summary = fields.get("description", "")
    if len(summary) > len(html):
        html = summary
    if _NOT_PLAIN_HTML.search(html) or _C1.search(html) or _C1.search(title):
        return None  # feedparser's sanitiser, or its Windows-1252 repairs, would differ
    published = None
    if "pubDate" in fields:
        published = parse_date(fields["pubDate"].strip())
        if published is None:
            return None
    body = html_to_markdown(html) if html.strip() else ""
    return Article(
        title=title or first_words(body),
        body=body,
        url=link or None,
        authors=[name for name in creators if name],
        published=published,
        source=source,
        guid=guid or None,
        imported_from=path,
        link_only=not body and is_web_url(link),
    )


def _plain_guid(guid: str) -> bool:
    """A guid feedparser keeps as it is (it drops one that does not parse as a URL)."""
    from urllib.parse import urlsplit

    try:
        urlsplit(guid)
    except ValueError:
        return False
    return True


def _plain_text(text: str | None) -> str | None:
    """A title as feedparser gives it, when it is plain text; None when it is markup."""
    if text is None:
        return ""
    if "<" in text or "&" in text:
        return None
    return " ".join(text.split()) if "\n" in text or "  " in text else text.strip()
