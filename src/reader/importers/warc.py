"""WARC files (``.warc``, ``.warc.gz``): each HTML response record becomes an article."""

from __future__ import annotations

from reader.importers.parsed import Parsed


def parse_warc(path: str) -> Parsed:
    """HTML responses through the HTML importer, the record's target URI as the URL."""
    raise NotImplementedError
