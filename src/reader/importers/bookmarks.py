"""Browser bookmarks (the Netscape HTML that Firefox and Chrome export): link-only entries."""

from __future__ import annotations

from reader.importers.parsed import Parsed


def is_bookmarks(head: str) -> bool:
    raise NotImplementedError


def parse_bookmarks(text: str, path: str) -> Parsed:
    raise NotImplementedError
