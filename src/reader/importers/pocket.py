"""Pocket exports: the classic ``ril_export.html`` and the newer ``pocket.zip`` (CSV)."""

from __future__ import annotations

from zipfile import ZipFile

from reader.importers.parsed import Parsed


def is_pocket_html(head: str) -> bool:
    """Pocket's ril_export.html: titled "Pocket Export", lists under "Unread" and "Read Archive"."""
    return "<title>pocket export</title>" in head[:2048].lower()


def parse_pocket_html(text: str, path: str) -> Parsed:
    raise NotImplementedError


def is_pocket_csv(header: list[str]) -> bool:
    raise NotImplementedError


def parse_pocket_csv(rows: list[dict[str, str]], path: str) -> Parsed:
    raise NotImplementedError


def is_pocket_zip(names: list[str]) -> bool:
    raise NotImplementedError


def parse_pocket_zip(archive: ZipFile, path: str) -> Parsed:
    raise NotImplementedError
