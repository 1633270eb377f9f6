"""Pocket exports: the classic ``ril_export.html`` and the newer ``pocket.zip`` (CSV).

Pocket keeps no text in either: every item becomes a **link-only entry**
(``link_only=True``, empty body) that a later import of the page fills in.

- ``ril_export.html``: ``<a href time_added tags="a,b">`` items under
  ``<h1>Unread</h1>`` and ``<h1>Read Archive</h1>``; the archive is read.
- ``pocket.zip``: ``part_000000.csv``, ``part_000001.csv``… (``title, url,
  time_added, tags, status``; exports of late 2024 also have ``cursor``), tags
  joined by ``|``, status ``unread`` or ``archive``; and
  ``annotations/part_000000.json``, a list of ``{url, title, highlights:
  [{quote, created_at}]}``. The highlights are imported onto the saved link
  of the same address (one the CSV lacks becomes a saved link of its own).
- The CSV alone (the zip unpacked) reads the same as the zip, without
  highlights.

Decisions where the issue is silent: ``time_added``, when the item was saved,
stands in as ``published`` (Pocket keeps no other date; the page's own date
replaces it when the page is imported). Pocket's own exports carry no
favorites; a ``favorite`` column (0/1), which some third-party exports of
Pocket add, makes the entry bookmarked. A title Pocket did not know is the
address itself, as Pocket writes it.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from zipfile import ZipFile

from reader.importers.errors import ImportFailure
from reader.importers.links import (
    HtmlLink,
    HtmlLinkReader,
    SkippedLinks,
    folded,
    links_parsed,
    read_html,
    saved_link,
)
from reader.importers.parsed import Parsed
from reader.importers.records import (
    csv_columns,
    is_truthy,
    one_line,
    read_json,
    split_tags,
    unix_time,
    web_address,
)
from reader.models import Article, CarriedHighlight
from reader.urls import canonical_url

_TITLE = re.compile(r"<title\b[^>]*>\s*pocket\s+export\s*</title>", re.I)
_PART_CSV = re.compile(r"(?:^|/)part_\d+\.csv$", re.I)
_PART_JSON = re.compile(r"(?:^|/)part_\d+\.json$", re.I)
# A member larger than this is not part of a Pocket export (or is a zip bomb).
_MAX_MEMBER_BYTES = 64 * 1024 * 1024
_NO_LINKS = "a Pocket export with no saved links"


def is_pocket_html(head: str) -> bool:
    """Pocket's ril_export.html: titled "Pocket Export", lists under "Unread" and "Read Archive"."""
    return bool(_TITLE.search(head[:4096]))


def parse_pocket_html(text: str, path: str) -> Parsed:
    """Each ``<a>`` of the export as a link-only entry; those under "Read Archive" read."""
    reader = _PocketListReader()
    read_html(text, reader)
    if not reader.sections and not reader.links:
        raise ImportFailure("titled Pocket Export, but without its Unread and Read Archive lists")
    skipped = SkippedLinks()
    articles = []
    for url, item in skipped.web_links(reader.links, lambda item: item.url):
        articles.append(
            saved_link(
                url,
                item.title or url,
                path,
                tags=split_tags(item.attributes.get("tags", ""), ","),
                read=_is_archive(item.section),
                bookmarked=is_truthy(item.attributes.get("favorite", "")),
                saved=unix_time(item.attributes.get("time_added")),
            )
        )
    return links_parsed(articles, [skipped.note("item")], _NO_LINKS)


def _is_archive(section: str) -> bool:
    """Items under "Read Archive" (any list named an archive) are read; "Unread" are not."""
    return "archive" in section.lower()


@dataclass(slots=True)
class _Item(HtmlLink):
    section: str


class _PocketListReader(HtmlLinkReader[_Item]):
    """The ``<a>`` items of the export, each with the ``<h1>`` list it is under.

    An lxml parser target (see :func:`reader.importers.links.read_html`).
    """

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self._heading: list[str] | None = None

    @property
    def _section(self) -> str:
        return self.sections[-1] if self.sections else ""

    def start(self, tag: str, attributes: Mapping[str, str]) -> None:
        if tag == "h1":
            self.close_link()
            self._heading = []
        elif tag == "a":
            self.close_link()
            self.open = _Item(dict(attributes), self._section)

    def end(self, tag: str) -> None:
        if tag == "h1" and self._heading is not None:
            self.sections.append(folded(self._heading))
            self._heading = None
        elif tag in ("a", "li", "ul"):
            self.close_link()

    def data(self, text: str) -> None:
        if self._heading is not None:
            self._heading.append(text)
        elif self.open is not None:
            self.open.title_parts.append(text)


def is_pocket_csv(header: list[str]) -> bool:
    """Pocket's CSV (``title,url,time_added,tags,status``, in any case or order)."""
    columns = csv_columns(header)
    return {"url", "time_added"} <= columns and bool(columns & {"status", "tags", "cursor"})


def parse_pocket_csv(rows: list[dict[str, str]], path: str) -> Parsed:
    """The rows of a Pocket CSV (the zip unpacked) as link-only entries."""
    articles, skipped = _csv_links(rows, path)
    return links_parsed(articles, [skipped.note("item")], _NO_LINKS)


def _csv_links(rows: list[dict[str, str]], path: str) -> tuple[list[Article], SkippedLinks]:
    skipped = SkippedLinks()
    articles = []
    for url, fields in skipped.web_rows(rows):
        articles.append(
            saved_link(
                url,
                fields.get("title", ""),
                path,
                tags=split_tags(fields.get("tags", ""), "|"),
                read=fields.get("status", "").lower() in ("archive", "archived", "read"),
                bookmarked=is_truthy(fields.get("favorite", "")),
                saved=unix_time(fields.get("time_added")),
            )
        )
    return articles, skipped


def is_pocket_zip(names: list[str]) -> bool:
    """Pocket's pocket.zip: one or more ``part_NNNNNN.csv`` (with or without annotations)."""
    return any(_PART_CSV.search(name) for name in _export_members(names))


def parse_pocket_zip(archive: ZipFile, path: str) -> Parsed:
    """Every CSV part's items as link-only entries; the annotations' highlights counted."""
    from reader.importers.detect import read_csv

    names = _export_members(archive.namelist())
    rows: list[dict[str, str]] = []
    for name in sorted(name for name in names if _PART_CSV.search(name)):
        try:
            header, part_rows = read_csv(_read_member(archive, name))
        except ImportFailure as failure:
            raise ImportFailure(f"{name}: {failure}") from None
        if not header:
            continue  # an empty part
        if not is_pocket_csv(header):
            shown = ", ".join(header[:6])
            raise ImportFailure(f"{name}: not Pocket's columns ({shown})")
        rows.extend(part_rows)
    articles, skipped = _csv_links(rows, path)
    annotations = sorted(name for name in names if _PART_JSON.search(name))
    notes = [skipped.note("item"), *_add_highlights(archive, annotations, articles, path)]
    return links_parsed(articles, notes, _NO_LINKS)


def _export_members(names: list[str]) -> list[str]:
    """Files of the zip, without folders and the metadata macOS adds when re-zipping."""
    members = []
    for name in names:
        parts = PurePosixPath(name).parts
        if name.endswith("/") or any(p.startswith(".") or p == "__MACOSX" for p in parts):
            continue
        members.append(name)
    return members


def _read_member(archive: ZipFile, name: str) -> str:
    from reader.importers.containers import read_zip_member
    from reader.importers.encoding import decode

    try:
        data = read_zip_member(archive, name, _MAX_MEMBER_BYTES)
    except ImportFailure as failure:
        raise ImportFailure(f"{name}: {failure}") from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError) as error:
        raise ImportFailure(f"{name}: cannot read: {error}") from None
    return decode(data)[0]


def _add_highlights(
    archive: ZipFile, names: list[str], articles: list[Article], path: str
) -> list[str]:
    """The annotations' highlights put on the saved links of their addresses; notes for
    the parts that could not be read."""
    by_url = {canonical_url(article.url): article for article in articles if article.url}
    problems = []
    for name in names:
        try:
            entries = read_json(_read_member(archive, name))
        except ImportFailure as failure:
            problems.append(f"{failure}; its highlights were not imported")
            continue
        except ValueError as error:
            problems.append(f"{name}: broken JSON ({error}); its highlights were not imported")
            continue
        if not isinstance(entries, list):
            problems.append(f"{name}: not a list of annotations; its highlights were not imported")
            continue
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("highlights"), list):
                continue
            url = web_address(entry.get("url"))
            if url is None:
                continue
            article = by_url.get(canonical_url(url))
            if article is None:
                article = by_url[canonical_url(url)] = saved_link(
                    url, one_line(entry.get("title")), path
                )
                articles.append(article)
            article.highlights += [
                CarriedHighlight(
                    item["quote"],
                    created_at=unix_time(item.get("created_at")),
                    origin="pocket",
                )
                for item in entry["highlights"]
                if isinstance(item, dict) and isinstance(item.get("quote"), str)
            ]
    return problems
