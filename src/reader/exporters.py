"""``reader export``: the whole archive as JSONL, or as one Markdown file per article."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import IO, Any

import yaml

from reader.store import ArchiveStore

EXPORT_KEYS = (
    "id",
    "url",
    "title",
    "authors",
    "published",
    "source",
    "imported_from",
    "body",
    "tags",
    "bookmarked",
    "read",
    "quotes",
    "entities",
    "links",
    "related",
)


def write_jsonl(store: ArchiveStore, stream: IO[str]) -> int:
    """One JSON object per article per line; returns how many were written."""
    count = 0
    for record in store.iter_export():
        stream.write(json.dumps(record, ensure_ascii=False))
        stream.write("\n")
        count += 1
    return count


def write_markdown(store: ArchiveStore, folder: Path) -> int:
    """One Markdown file per article, in the seed layout with YAML front matter."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for record in store.iter_export():
        name = f"{record['id']:07d}-{slugify(record['title'])}.md"
        (folder / name).write_text(article_markdown(record), encoding="utf-8")
        count += 1
    return count


def article_markdown(record: dict[str, Any]) -> str:
    """An exported article as Markdown that ``reader import`` reads back whole."""
    front = {
        "id": record["id"],
        "title": record["title"],
        "date": record["published"],
        "url": record["url"],
        "authors": record["authors"],
        "source": record["source"],
        "imported_from": record["imported_from"],
        "tags": record["tags"],
        "bookmarked": record["bookmarked"],
        "read": record["read"],
    }
    # Dates stay strings: YAML would otherwise turn them into date objects and back.
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
    parts = ["---", header.rstrip("\n"), "---", "", f"# {record['title']}", ""]
    if record["published"]:
        parts += [human_date(record["published"]), ""]
    parts += [record["body"].rstrip("\n"), ""]
    if record["url"]:
        parts += ["Original url:", "", f"<{record['url']}>", ""]
    return "\n".join(parts)


def human_date(iso: str) -> str:
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day:%B} {day.day}, {day.year}"


def slugify(title: str, limit: int = 60) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:limit].rstrip("-") or "article"
