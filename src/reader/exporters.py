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
    "link_only",
    "tags",
    "bookmarked",
    "read",
    "quotes",
    "entities",
    "links",
    "related",
    "versions",
    "highlights",
)


def write_jsonl(store: ArchiveStore, stream: IO[str], query: str | None = None) -> int:
    """One JSON object per article per line; returns how many were written."""
    count = 0
    for record in store.iter_export(query=query):
        stream.write(json.dumps(record, ensure_ascii=False))
        stream.write("\n")
        count += 1
    return count


def write_markdown(store: ArchiveStore, folder: Path, query: str | None = None) -> int:
    """One Markdown file per article, in the seed layout with YAML front matter."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for record in store.iter_export(query=query):
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
    if record.get("link_only"):
        front["link_only"] = True
    quote_tags = [
        {"text": quote["text"], "tags": quote["tags"]}
        for quote in record["quotes"]
        if quote.get("tags")
    ]
    if quote_tags:
        front["quote_tags"] = quote_tags
    corrected = [
        {"text": quote["text"], "speaker": quote["speaker"]}
        for quote in record["quotes"]
        if quote.get("corrected")
    ]
    if corrected:
        front["speaker_corrections"] = corrected
    # Highlights ride in the front matter, so that the body imports back as it was.
    marked = [
        {key: item[key] for key in ("passage", "note", "created_at", "origin") if item.get(key)}
        for item in record.get("highlights", [])
    ]
    if marked:
        front["highlights"] = marked
    # Dates stay strings: YAML would otherwise turn them into date objects and back.
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
    parts = ["---", header.rstrip("\n"), "---", "", f"# {record['title']}", ""]
    if record["published"]:
        parts += [human_date(record["published"]), ""]
    parts += [record["body"].rstrip("\n"), ""]
    if marked:
        parts += [_highlights_section(marked)]
    if record["url"]:
        parts += ["Original url:", "", f"<{record['url']}>", ""]
    return "\n".join(parts)


def _highlights_section(marked: list[dict[str, Any]]) -> str:
    """The highlights for people to read: each passage ==marked==, its note beneath."""
    from reader.importers.markdown import HIGHLIGHTS_HEADING

    lines = [HIGHLIGHTS_HEADING.strip("\n"), ""]
    for item in marked:
        passage = " ".join(item["passage"].split())
        lines += [f"- =={passage}=="]
        if item.get("note"):
            lines += [f"  > {' '.join(item['note'].split())}"]
    return "\n".join(lines) + "\n"


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


def write_quotes(store: ArchiveStore, stream: IO[str], format: str, query: str | None) -> int:
    """Quotes with speaker, article title, date and URL, as Markdown or CSV.

    Made to be read (and printed on a terminal when no file is given): every
    field goes through display_text, as in `reader show`.
    """
    import csv

    from reader.sanitize import display_text as shown

    count = 0
    if format == "csv":
        writer = csv.writer(stream)
        writer.writerow(
            ["speaker", "quote", "kind", "article_id", "title", "date", "url", "corrected"]
        )
        for quote in store.quote_hits(query):
            writer.writerow(
                [
                    shown(quote.speaker),
                    shown(quote.text),
                    shown(quote.kind),
                    shown(quote.article_id),
                    shown(quote.title),
                    shown(quote.published)[:10],
                    shown(quote.url),
                    "yes" if quote.corrected else "",
                ]
            )
            count += 1
        return count
    stream.write("# Quotes\n\n")
    for quote in store.quote_hits(query):
        speaker = shown(quote.speaker) or "Unattributed"
        mark = " ✎" if quote.corrected else ""  # the speaker was corrected by hand
        title, url, published = shown(quote.title), shown(quote.url), shown(quote.published)
        source = f"[{title}]({url})" if url else title
        stream.write(f"> “{shown(quote.text)}”\n>\n> — **{speaker}**{mark}, {source}")
        stream.write(f", {published[:10]}\n\n" if published else "\n\n")
        count += 1
    return count
