"""Values as other tools write them in their records: JSON fields, CSV cells, Unix times, tags.

Exports are read leniently: a field of the wrong type is empty, not a failure, so
one odd record never costs the user the rest of the file.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from reader.urls import is_web_url

# Python refuses to read an integer of more digits than this (a quadratic parse):
# such a number in a JSON file is read as a float (infinity), not a failure of the file.
_MAX_INT_DIGITS = 4000


def _json_int(text: str) -> int | float:
    return int(text) if len(text) <= _MAX_INT_DIGITS else float(text)


def read_json(text: str | bytes) -> Any:
    """JSON as every importer reads it: a number too long for Python costs itself."""
    return json.loads(text, parse_int=_json_int)


def one_line(value: object) -> str:
    """A scalar as text with its white space folded; "" for None, lists, objects and booleans."""
    if value is None or isinstance(value, dict | list | bool):
        return ""
    return " ".join(str(value).split())


def web_address(value: object) -> str | None:
    """The value as an http(s) address (see :func:`one_line`); None when it is not one."""
    text = one_line(value)
    return text if is_web_url(text) else None


def name_list(value: object, *keys: str) -> list[str]:
    """Names from a list of strings, or of objects that hold them under ``keys``.

    An object's name is its first key with a value (``{"label": …}`` or else its
    ``"slug"``); by default its ``"name"``. Anything but a list gives none.
    """
    if not isinstance(value, list):
        return []
    names = [_named(item, keys or ("name",)) if isinstance(item, dict) else item for item in value]
    return [one_line(name) for name in names if one_line(name)]


def _named(item: Mapping[str, object], keys: Iterable[str]) -> object:
    found: object = None
    for key in keys:
        found = found or item.get(key)
    return found


def utc_time(seconds: float) -> str | None:
    """ISO 8601 (UTC) of a Unix time; None for one no date can hold."""
    try:
        return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return None


def unix_time(text: str | float | None) -> str | None:
    """ISO 8601 (UTC) of a Unix time as exports write it; milliseconds are tolerated."""
    try:
        seconds = float(str(text).strip())
    except ValueError:
        return None
    if not 0 < seconds < 1e20:  # also NaN and infinity (which no division brings down)
        return None
    while seconds > 1e11:  # milliseconds or microseconds since 1970, not seconds
        seconds /= 1000
    return utc_time(seconds)


def split_tags(text: str, separator: str) -> list[str]:
    """Tags joined by ``separator`` (``a,b`` or ``a|b``); empty for ``""``."""
    return [tag.strip() for tag in text.split(separator) if tag.strip()]


# A list longer than this is not a list of tags: split, never evaluated.
_MAX_LIST_CHARS = 20_000


def tag_list(text: str) -> list[str]:
    """Tags written as a list: JSON ``["a","b"]``, Python ``['a', "it's"]``, or ``a, b``."""
    text = text.strip()
    if not text:
        return []
    if text.startswith("[") and len(text) <= _MAX_LIST_CHARS:
        for load in (json.loads, ast.literal_eval):
            try:
                value = load(text)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
            if isinstance(value, list | tuple):
                return [str(item).strip() for item in value if str(item).strip()]
    return [tag.strip().strip("'\"").strip() for tag in text.strip("[]").split(",") if tag.strip()]


def csv_fields(row: Mapping[str, str | None]) -> dict[str, str]:
    """A CSV row keyed by lower-cased column names: tools differ in case (URL, url)."""
    return {
        str(name).strip().lstrip("\ufeff").lower(): (value or "").strip()
        for name, value in row.items()
    }


def csv_columns(header: Iterable[str]) -> frozenset[str]:
    """A header's column names as :func:`csv_fields` keys them."""
    return frozenset(name.strip().lstrip("\ufeff").lower() for name in header)


def flag(value: object) -> bool:
    """A yes/no field of a JSON or YAML record: true, 1, "true", "yes", "on"; "false" is no."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1", "y")
    return value is True or (type(value) is int and value == 1)


def is_truthy(text: str) -> bool:
    """A 1/0, true/false, yes/no cell."""
    return text.strip().lower() in ("1", "true", "yes", "y")
