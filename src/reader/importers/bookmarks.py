"""Browser bookmarks (the Netscape HTML that Firefox and Chrome export): link-only entries.

The file is read as a stream of tags by libxml2 (lxml's parser target: no tree
is built), never with regular expressions over the whole text: unclosed
``<DT>`` and ``<p>`` are the format, and a file of 100,000 bookmarks with icons
must stay linear. ``html.parser`` is not used: on Python 3.11 it goes quadratic
on a run of unclosed ``<a`` and decodes ``&sect`` in ``?id=5&section=world``.

Decisions where the issue is silent:

- **Folders become one tag**, ``folder:`` and the path below the browser's own
  roots: a bookmark in News › Politics is tagged ``folder:News/Politics``. The
  roots (Firefox's Bookmarks Menu, Bookmarks Toolbar and Other Bookmarks,
  Chrome's Bookmarks bar: the ``<H1>`` and the ``<H3>`` marked
  ``PERSONAL_TOOLBAR_FOLDER`` or ``UNFILED_BOOKMARKS_FOLDER``) are where every
  browser keeps bookmarks, not how the user filed them, so they give no tag.
  Only the whole path, not each ancestor: ``tag:folder:News/Politics`` finds the
  folder exactly. The prefix keeps folders apart from the bookmark's own
  ``TAGS``, which are kept as they are.
- A ``<DD>`` description (older Firefox, Pinboard, Delicious) is the body of the
  link-only entry; a folder's ``<DD>`` is not.
- ``ADD_DATE``, when the bookmark was made, stands in as ``published``: it is
  the only date the file has, and importing the page later replaces it.
- The same address bookmarked twice (two folders) is one entry with both
  folders' tags.
- ``place:``, ``javascript:``, ``file:``, ``about:``, ``chrome:`` and every
  other non-http(s) bookmark is skipped, and counted by scheme in a note.

The helpers below the bookmarks reader are shared by the other link-only
importers (Pocket, Instapaper, Readwise): how an entry without text is made,
how tags lists and Unix times are read, and how skipped entries are reported.
"""

from __future__ import annotations

import ast
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import urlsplit

from reader.importers.errors import ImportFailure, NothingToImport
from reader.importers.parsed import Parsed
from reader.models import Article
from reader.urls import canonical_url, domain_of, is_web_url

FOLDER_TAG_PREFIX = "folder:"
_DOCTYPE = re.compile(r"<!doctype\s+netscape-bookmark-file", re.I)
# A file without the doctype (some tools drop it) still has the format's own shape.
_SHAPE = (re.compile(r"<dl>\s*<p>", re.I), re.compile(r"<dt>\s*<a\s[^>]*\bhref\s*=", re.I))
# The folders every browser has; a bookmark in them is not filed by the user.
_ROOT_FOLDER_ATTRIBUTES: frozenset[str] = frozenset(
    {"personal_toolbar_folder", "unfiled_bookmarks_folder"}
)


def is_bookmarks(head: str) -> bool:
    """A Netscape bookmark file, as Firefox, Chrome, Safari and bookmarking sites export."""
    start = head.lstrip("\ufeff \t\r\n")[:4096]
    if _DOCTYPE.search(start[:1024]):
        return True
    return all(pattern.search(start) for pattern in _SHAPE)


def parse_bookmarks(text: str, path: str) -> Parsed:
    """Every http(s) bookmark as a link-only entry with its tags, folder and description."""
    from reader.importers.pocket import is_pocket_html, parse_pocket_html

    if is_pocket_html(text[:4096]):  # Pocket's export dressed as a bookmark file
        return parse_pocket_html(text, path)
    reader = _BookmarkReader()
    read_html(text, reader)
    skipped = SkippedLinks()
    articles = []
    for bookmark in reader.bookmarks:
        url = bookmark.attributes.get("href", "").strip()
        if not is_web_url(url):
            skipped.add(url)
            continue
        tags = split_tags(bookmark.attributes.get("tags", ""), ",")
        if bookmark.folder:
            tags.append(FOLDER_TAG_PREFIX + bookmark.folder)
        articles.append(
            saved_link(
                url,
                bookmark.title,
                path,
                body=bookmark.description,
                tags=tags,
                saved=unix_time(bookmark.attributes.get("add_date")),
            )
        )
    return links_parsed(articles, [skipped.note("bookmark")], "a bookmarks file with no bookmarks")


@dataclass(slots=True)
class _Bookmark:
    attributes: dict[str, str]
    folder: str
    title_parts: list[str] = field(default_factory=list)
    description_parts: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return " ".join("".join(self.title_parts).split())

    @property
    def description(self) -> str:
        lines = "".join(self.description_parts).splitlines()
        return "\n".join(" ".join(line.split()) for line in lines).strip()


# Folder paths longer than this are cut (a tag keeps 100 characters anyway); this also
# keeps a file of thousands of nested folders linear.
_MAX_FOLDER_PATH = 200


class _BookmarkReader:
    """Bookmarks with their folder path, from the tags of a Netscape bookmark file.

    A ``<DL>`` opens the children of the ``<H3>`` before it (or of the root);
    ``</DL>`` closes them. Nothing else in the format nests reliably. An lxml
    parser target: lxml calls ``start``, ``end`` and ``data`` as it reads.
    """

    def __init__(self) -> None:
        self.bookmarks: list[_Bookmark] = []
        # The folder path each open <DL> gives its bookmarks ("" for the roots).
        self._paths: list[str] = []
        self._heading: list[str] | None = None
        self._heading_is_root = False
        self._pending_folder: tuple[str, bool] | None = None
        self._open: _Bookmark | None = None
        self._described: _Bookmark | None = None  # the bookmark a <DD> would describe
        self._description: _Bookmark | None = None  # the bookmark whose <DD> is being read

    def start(self, tag: str, attributes: Mapping[str, str]) -> None:
        if tag == "dd":
            self._description = self._described
            return
        if tag == "br" and self._description is not None:
            self._description.description_parts.append("\n")
            return
        if tag in ("p", "br"):
            return
        self._description = None
        self._described = None
        if tag == "a":
            self._open = _Bookmark(dict(attributes), self._path)
        elif tag == "h3":
            self._heading = []
            self._heading_is_root = bool(_ROOT_FOLDER_ATTRIBUTES & set(attributes))
        elif tag == "dl":
            self._paths.append(self._child_path())

    def end(self, tag: str) -> None:
        if tag == "a":
            self._close_bookmark()
        elif tag == "h3" and self._heading is not None:
            name = " ".join("".join(self._heading).split())
            self._pending_folder = (name, self._heading_is_root)
            self._heading = None
        elif tag == "dl":
            self._description = None
            self._described = None
            if self._paths:
                self._paths.pop()

    def data(self, text: str) -> None:
        if self._open is not None:
            self._open.title_parts.append(text)
        elif self._heading is not None:
            self._heading.append(text)
        elif self._description is not None:
            self._description.description_parts.append(text)

    def close(self) -> None:
        self._close_bookmark()  # a file cut off inside its last bookmark

    @property
    def _path(self) -> str:
        return self._paths[-1] if self._paths else ""

    def _child_path(self) -> str:
        """The path of the folder a <DL> opens: its <H3>'s, unless that is a browser root."""
        folder, self._pending_folder = self._pending_folder, None
        if folder is None or folder[1] or not folder[0] or len(self._path) > _MAX_FOLDER_PATH:
            return self._path
        return f"{self._path}/{folder[0]}" if self._path else folder[0]

    def _close_bookmark(self) -> None:
        if self._open is not None:
            self.bookmarks.append(self._open)
            self._described = self._open
            self._open = None


# -- Shared by the link-only importers ------------------------------------------------


class HtmlTarget(Protocol):
    """What lxml calls as it reads HTML (its "parser target" interface)."""

    def start(self, tag: str, attributes: Mapping[str, str]) -> None: ...

    def end(self, tag: str) -> None: ...

    def data(self, text: str) -> None: ...

    def close(self) -> None: ...


def read_html(text: str, target: HtmlTarget) -> None:
    """Feed ``text`` to ``target`` tag by tag, leniently, in linear time and flat memory.

    Tag and attribute names come lower-cased, references decoded as browsers do
    (``&amp;`` is ``&``; ``&section=`` in an attribute stays as written).
    """
    from lxml import etree

    parser = etree.HTMLParser(target=target, recover=True, huge_tree=True, no_network=True)
    try:
        parser.feed(text)
        parser.close()
    except etree.LxmlError as error:
        raise ImportFailure(f"cannot read the HTML: {error}") from None


def saved_link(
    url: str,
    title: str,
    path: str,
    *,
    body: str = "",
    tags: Iterable[str] = (),
    read: bool = False,
    bookmarked: bool = False,
    saved: str | None = None,
) -> Article:
    """A link-only entry: a page the user saved whose text the file does not carry.

    ``saved`` (when the tool saved it) stands in as ``published``: it is the only
    date these exports carry, and a later import of the page brings its own.
    Without a title the address is the title, as Pocket itself shows it.
    """
    return Article(
        title=" ".join(title.split()) or url,
        body=body,
        url=url,
        published=saved,
        source=domain_of(url),
        imported_from=path,
        tags=list(tags),
        read=read,
        bookmarked=bookmarked,
        link_only=True,
    )


def unix_time(text: str | float | None) -> str | None:
    """ISO 8601 (UTC) of a Unix time as exports write it; milliseconds are tolerated."""
    try:
        seconds = float(str(text).strip())
    except ValueError:
        return None
    if not seconds > 0:  # also NaN
        return None
    while seconds > 1e11:  # milliseconds or microseconds since 1970, not seconds
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return None


def split_tags(text: str, separator: str) -> list[str]:
    """Tags joined by ``separator`` (``a,b`` or ``a|b``); empty for ``""``."""
    return [tag.strip() for tag in text.split(separator) if tag.strip()]


# A list longer than this is not a list of tags: split, never evaluated.
_MAX_LIST_CHARS = 20_000


def tag_list(text: str) -> list[str]:
    """Tags written as a list: JSON ``["a","b"]``, Python ``['a', "it's"]``, or ``a, b``."""
    text = text.strip()
    if not text:
        return []
    if text.startswith("[") and len(text) <= _MAX_LIST_CHARS:
        for load in (json.loads, ast.literal_eval):
            try:
                value = load(text)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
            if isinstance(value, list | tuple):
                return [str(item).strip() for item in value if str(item).strip()]
    return [tag.strip().strip("'\"").strip() for tag in text.strip("[]").split(",") if tag.strip()]


def csv_fields(row: Mapping[str, str | None]) -> dict[str, str]:
    """A CSV row keyed by lower-cased column names: tools differ in case (URL, url)."""
    return {
        str(name).strip().lstrip("\ufeff").lower(): (value or "").strip()
        for name, value in row.items()
    }


def csv_columns(header: Iterable[str]) -> frozenset[str]:
    """A header's column names as :func:`csv_fields` keys them."""
    return frozenset(name.strip().lstrip("\ufeff").lower() for name in header)


def is_truthy(text: str) -> bool:
    """A 1/0, true/false, yes/no cell."""
    return text.strip().lower() in ("1", "true", "yes", "y")


def plural(count: int, one: str, many: str = "") -> str:
    """``"1 highlight"``, ``"3 highlights"``."""
    return f"{count} {one}" if count == 1 else f"{count} {many or one + 's'}"


class SkippedLinks:
    """Entries without a web address, counted by scheme for one note."""

    def __init__(self) -> None:
        self.by_scheme: Counter[str] = Counter()

    def add(self, url: str) -> None:
        scheme = ""
        if url.strip():
            try:
                scheme = urlsplit(url.strip()).scheme.lower()
            except ValueError:
                scheme = ""
        self.by_scheme[f"{scheme}:" if scheme else "no address"] += 1

    def note(self, one: str, many: str = "") -> str | None:
        """``"3 bookmarks without a web address skipped (place: 2, javascript: 1)"``."""
        total = sum(self.by_scheme.values())
        if not total:
            return None
        kinds = ", ".join(f"{scheme} {count}" for scheme, count in self.by_scheme.most_common())
        return f"{plural(total, one, many)} without a web address skipped ({kinds})"


def links_parsed(articles: list[Article], notes: Iterable[str | None], empty: str) -> Parsed:
    """The entries of a link-only export with its notes; ``empty`` when it has none."""
    kept_notes = [note for note in notes if note]
    if not articles:
        raise NothingToImport("; ".join([empty, *kept_notes]))
    return Parsed(merge_same_links(articles), kept_notes)


def merge_same_links(articles: list[Article]) -> list[Article]:
    """One entry per canonical address: a link saved twice has both saves' state and tags."""
    merged: dict[str, Article] = {}
    for article in articles:
        key = canonical_url(article.url) or article.url or ""
        first = merged.setdefault(key, article)
        if first is article:
            continue
        first.read = first.read or article.read
        first.bookmarked = first.bookmarked or article.bookmarked
        first.tags.extend(tag for tag in article.tags if tag not in first.tags)
        first.body = first.body or article.body
        first.published = first.published or article.published
    return list(merged.values())
