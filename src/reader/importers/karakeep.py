"""Karakeep (formerly Hoarder): its JSON export and its CLI dump (``.tar.gz``)."""

from __future__ import annotations

from tarfile import TarFile

from reader.importers.parsed import Parsed


def is_karakeep(document: object) -> bool:
    raise NotImplementedError


def parse_karakeep(document: object, path: str) -> Parsed:
    raise NotImplementedError


def is_karakeep_tar(names: list[str]) -> bool:
    raise NotImplementedError


def parse_karakeep_tar(archive: TarFile, path: str) -> Parsed:
    raise NotImplementedError
