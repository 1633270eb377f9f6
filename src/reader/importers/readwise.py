"""Readwise Reader's CSV export."""

from __future__ import annotations

from reader.importers.parsed import Parsed


def is_readwise_csv(header: list[str]) -> bool:
    raise NotImplementedError


def parse_readwise_csv(rows: list[dict[str, str]], path: str) -> Parsed:
    raise NotImplementedError
