"""Researchers' datasets: news-please JSON, Media Cloud-style CSV, and any JSON/CSV by ``--map``."""

from __future__ import annotations

from collections.abc import Iterable

from reader.importers.parsed import FieldMap, Parsed


def is_news_please(document: object) -> bool:
    raise NotImplementedError


def is_mediacloud_csv(header: list[str]) -> bool:
    raise NotImplementedError


def parse_records(
    records: Iterable[dict[str, object]], path: str, field_map: FieldMap | None = None
) -> Parsed:
    """Articles from records (JSON objects or CSV rows) of news-please, Media Cloud, or mapped.

    ``field_map`` maps reader's fields (title, body, url, published, authors, source,
    tags) to the record's keys; without it the known layouts are recognised.
    """
    raise NotImplementedError
