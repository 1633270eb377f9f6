"""wallabag's JSON export: entries with their text, read and starred state, tags."""

from __future__ import annotations

from reader.importers.parsed import Parsed


def is_wallabag(document: object) -> bool:
    raise NotImplementedError


def parse_wallabag(document: object, path: str) -> Parsed:
    raise NotImplementedError
