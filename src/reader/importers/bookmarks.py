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

What every link-only importer does alike is in :mod:`reader.importers.links`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from reader.importers.links import (
    FOLDER_TAG_PREFIX,
    HtmlLink,
    HtmlLinkReader,
    SkippedLinks,
    folded,
    links_parsed,
    read_html,
    saved_link,
)
from reader.importers.parsed import Parsed
from reader.importers.records import split_tags, unix_time

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
    for url, bookmark in skipped.web_links(reader.links, lambda bookmark: bookmark.url):
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
class _Bookmark(HtmlLink):
    folder: str
    description_parts: list[str] = field(default_factory=list)

    @property
    def description(self) -> str:
        lines = "".join(self.description_parts).splitlines()
        return "\n".join(" ".join(line.split()) for line in lines).strip()


# Folder paths longer than this are cut (a tag keeps 100 characters anyway); this also
# keeps a file of thousands of nested folders linear.
_MAX_FOLDER_PATH = 200


class _BookmarkReader(HtmlLinkReader[_Bookmark]):
    """Bookmarks with their folder path, from the tags of a Netscape bookmark file.

    A ``<DL>`` opens the children of the ``<H3>`` before it (or of the root);
    ``</DL>`` closes them. Nothing else in the format nests reliably. An lxml
    parser target: lxml calls ``start``, ``end`` and ``data`` as it reads.
    """

    def __init__(self) -> None:
        super().__init__()
        # The folder path each open <DL> gives its bookmarks ("" for the roots).
        self._paths: list[str] = []
        self._heading: list[str] | None = None
        self._heading_is_root = False
        self._pending_folder: tuple[str, bool] | None = None
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
            self.open = _Bookmark(dict(attributes), self._path)
        elif tag == "h3":
            self._heading = []
            self._heading_is_root = bool(_ROOT_FOLDER_ATTRIBUTES & set(attributes))
        elif tag == "dl":
            self._paths.append(self._child_path())

    def end(self, tag: str) -> None:
        if tag == "a":
            self._described = self.close_link() or self._described
        elif tag == "h3" and self._heading is not None:
            name = folded(self._heading)
            self._pending_folder = (name, self._heading_is_root)
            self._heading = None
        elif tag == "dl":
            self._description = None
            self._described = None
            if self._paths:
                self._paths.pop()

    def data(self, text: str) -> None:
        if self.open is not None:
            self.open.title_parts.append(text)
        elif self._heading is not None:
            self._heading.append(text)
        elif self._description is not None:
            self._description.description_parts.append(text)

    @property
    def _path(self) -> str:
        return self._paths[-1] if self._paths else ""

    def _child_path(self) -> str:
        """The path of the folder a <DL> opens: its <H3>'s, unless that is a browser root."""
        folder, self._pending_folder = self._pending_folder, None
        if folder is None or folder[1] or not folder[0] or len(self._path) > _MAX_FOLDER_PATH:
            return self._path
        return f"{self._path}/{folder[0]}" if self._path else folder[0]
