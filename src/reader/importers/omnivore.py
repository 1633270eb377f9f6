"""Omnivore's export zip: ``metadata_*.json``, ``content/<slug>.html``, ``highlights/``."""

from __future__ import annotations

from zipfile import ZipFile

from reader.importers.parsed import Parsed


def is_omnivore_zip(names: list[str]) -> bool:
    raise NotImplementedError


def parse_omnivore_zip(archive: ZipFile, path: str) -> Parsed:
    raise NotImplementedError
