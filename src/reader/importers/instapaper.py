"""Instapaper's CSV export (URL, Title, Selection, Folder, Timestamp, Tags)."""

from __future__ import annotations

from reader.importers.parsed import Parsed


def is_instapaper_csv(header: list[str]) -> bool:
    raise NotImplementedError


def parse_instapaper_csv(rows: list[dict[str, str]], path: str) -> Parsed:
    raise NotImplementedError
