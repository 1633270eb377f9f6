"""Karakeep (formerly Hoarder): its JSON export and its CLI dump (``.tar.gz``).

**The JSON export** (Settings → Import/Export) is ``{"bookmarks": [...], "lists":
[...]}``; each bookmark is {createdAt (Unix seconds), title, tags (names), lists
(list ids), content: {type: "link", url} | {type: "text", text}, note,
customMetadata, archived}. Karakeep leaves image and PDF bookmarks out of it.

**The dump** (``karakeep dump``) is a tar.gz of a folder: ``manifest.json``
({"format": "karakeep.dump", …}), ``bookmarks/index.jsonl`` (one bookmark per line
as Karakeep's API returns it: ISO dates, ``favourited``, tags as {id, name,
attachedBy}, ``content`` with the crawled page's ``htmlContent``, ``title``,
``description``, ``author``, ``publisher``, ``datePublished``), ``lists/index.json``,
``lists/membership.json`` ({list id: [bookmark ids]}), ``assets/index.json`` and
``assets/files/<id>``; and users/, tags/, rules/, feeds/, prompts/, webhooks/.
The same reading serves both, and the API's own ``{"bookmarks": [...]}`` pages.

Where the issue is silent:

- archived → read, favourited → bookmarked (the JSON export has no favourites).
- Tags are kept, those Karakeep's AI attached as well as the user's (Karakeep
  shows them alike). A manual list a bookmark is in also becomes a tag, its path
  joined with "/" ("Reading/Harbour"): lists are how Karakeep users file things.
- Link bookmarks carry text only in the dump, as the crawled page's readable
  HTML (in ``htmlContent`` or, when Karakeep stored it apart, in the
  ``linkHtmlContent`` asset); it is converted as it is. Without it a link is a
  link-only entry with its description as the body.
- Text bookmarks are articles of their own, without a URL (their ``sourceUrl``
  names the page a snippet came from; taking it as the URL would make the snippet
  replace that page's text), dated by when they were written (``createdAt``).
- A link's ``createdAt`` is when it was saved, not published: only the crawled
  ``datePublished`` dates it.
- PDF bookmarks of the dump with extracted text become articles; images, PDFs
  without text and bookmarks without content are skipped and counted.
- The user's notes on bookmarks are counted ("2 notes not imported yet"); the AI
  ``summary`` is not the user's and is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from tarfile import TarFile
from typing import Any

from reader.dates import parse_date
from reader.importers.errors import BROKEN_CONTAINER, ImportFailure, NothingToImport
from reader.importers.markup import html_to_markdown
from reader.importers.notes import kept, not_imported, skipped
from reader.importers.parsed import Parsed
from reader.importers.records import name_list, one_line, read_json, utc_time, web_address
from reader.models import Article, stand_in_title
from reader.urls import domain_of

MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_LINE_PROBLEMS = 3
_DUMP_PARTS = (
    "bookmarks/index.jsonl",
    "lists/index.json",
    "tags/index.json",
    "users/settings.json",
    "assets/index.json",
)


def is_karakeep(document: object) -> bool:
    """Karakeep's JSON export (or an API page): bookmarks that each have a content."""
    if not isinstance(document, dict):
        return False
    bookmarks = document.get("bookmarks")
    if not isinstance(bookmarks, list):
        return False
    if not bookmarks:
        return set(document) <= {"bookmarks", "lists", "nextCursor"}
    return all(isinstance(b, dict) and "content" in b for b in bookmarks)


def parse_karakeep(document: object, path: str) -> Parsed:
    """The bookmarks of a JSON export, with state, tags and lists; notes counted."""
    assert isinstance(document, dict)
    lists = _list_paths(document.get("lists"))
    reading = _Reading(path)
    for bookmark in document.get("bookmarks") or []:
        if isinstance(bookmark, dict):
            list_ids = bookmark.get("lists")
            if not isinstance(list_ids, list):
                list_ids = []  # "lists": 5 is no list; iterating it cost the export
            reading.add(bookmark, [lists[str(i)] for i in list_ids if str(i) in lists])
    return reading.parsed("a Karakeep export")


def is_karakeep_tar(names: list[str]) -> bool:
    """A ``karakeep dump``: its manifest beside its bookmarks, lists or settings."""
    return _dump_prefix(names) is not None


def parse_karakeep_tar(archive: TarFile, path: str) -> Parsed:
    """The bookmarks of a dump, read line by line, with crawled text where it has it."""
    members = {
        _normal(member.name): member.name for member in archive.getmembers() if member.isfile()
    }
    prefix = _dump_prefix(list(members)) or ""
    dump = _Dump(archive, members, prefix)
    manifest = dump.json("manifest.json")
    if not isinstance(manifest, dict) or manifest.get("format") not in (None, "karakeep.dump"):
        raise ImportFailure("manifest.json: not a Karakeep dump's manifest")
    if f"{prefix}bookmarks/index.jsonl" not in members:
        raise NothingToImport("a Karakeep dump without bookmarks (made with --exclude-bookmarks)")
    lists = _list_paths(dump.json("lists/index.json"))
    membership = dump.json("lists/membership.json")
    in_lists: dict[str, list[str]] = {}
    if isinstance(membership, dict):
        for list_id, bookmark_ids in membership.items():
            for bookmark_id in bookmark_ids if isinstance(bookmark_ids, list) else []:
                if list_id in lists:
                    in_lists.setdefault(str(bookmark_id), []).append(lists[list_id])
    reading = _Reading(path, content_of=dump.asset_text)
    for bookmark in dump.bookmarks(reading):
        reading.add(bookmark, in_lists.get(str(bookmark.get("id")), []))
    return reading.parsed("a Karakeep dump")


class _Reading:
    """Bookmarks to articles, counting what is skipped or not imported yet."""

    def __init__(self, path: str, content_of: Callable[[str], str | None] | None = None) -> None:
        self.path = path
        self.articles: list[Article] = []
        self.notes = 0
        # (what one is, what several are) -> how many were skipped
        self.skipped: dict[tuple[str, str], int] = {}
        self.broken_lines: list[str] = []
        # Reads a dump's asset (the crawled HTML kept apart) by id; None for the export.
        self.content_of = content_of

    def add(self, bookmark: dict[str, Any], lists: list[str]) -> None:
        if one_line(bookmark.get("note")):
            self.notes += 1
        content = bookmark.get("content")
        kind = content.get("type") if isinstance(content, dict) else None
        if not isinstance(content, dict) or kind not in ("link", "text", "asset"):
            self._skip("bookmark without content", "bookmarks without content")
            return
        article = {"link": self._link, "text": self._text, "asset": self._asset}[kind](
            bookmark, content
        )
        if article is None:
            return
        article.tags = name_list(bookmark.get("tags")) + [t for t in lists if t]
        article.read = bookmark.get("archived") is True
        article.bookmarked = bookmark.get("favourited") is True
        self.articles.append(article)

    def _link(self, bookmark: dict[str, Any], content: dict[str, Any]) -> Article | None:
        url = web_address(content.get("url"))
        if url is None:
            self._skip("link without a web URL", "links without a web URL")
            return None
        html = content.get("htmlContent")
        if not isinstance(html, str) and self.content_of and content.get("contentAssetId"):
            html = self.content_of(str(content["contentAssetId"]))
        body = html_to_markdown(html) if isinstance(html, str) and html.strip() else ""
        return Article(
            title=one_line(bookmark.get("title")) or one_line(content.get("title")) or url,
            body=body or one_line(content.get("description")),
            url=url,
            authors=[one_line(content.get("author"))] if one_line(content.get("author")) else [],
            published=parse_date(one_line(content.get("datePublished"))),
            source=one_line(content.get("publisher")) or domain_of(url),
            imported_from=self.path,
            link_only=not body,
        )

    def _text(self, bookmark: dict[str, Any], content: dict[str, Any]) -> Article | None:
        text = content.get("text")
        if not isinstance(text, str) or not text.strip():
            self._skip("empty text bookmark", "empty text bookmarks")
            return None
        first_line = next(line for line in text.strip().splitlines() if line.strip())
        return Article(
            title=one_line(bookmark.get("title"))
            or stand_in_title(first_line.lstrip("# ").strip()),
            body=text.strip(),
            published=_moment(bookmark.get("createdAt")),
            imported_from=self.path,
        )

    def _asset(self, bookmark: dict[str, Any], content: dict[str, Any]) -> Article | None:
        text = content.get("content")
        if content.get("assetType") != "pdf" or not isinstance(text, str) or not text.strip():
            self._skip("image or file without text", "images and files without text")
            return None
        url = web_address(content.get("sourceUrl"))
        return Article(
            title=one_line(bookmark.get("title")) or one_line(content.get("fileName")) or "PDF",
            body=text.strip(),
            url=url,
            source=domain_of(url),
            imported_from=self.path,
        )

    def _skip(self, one: str, many: str) -> None:
        self.skipped[(one, many)] = self.skipped.get((one, many), 0) + 1

    def parsed(self, what: str) -> Parsed:
        notes = kept(
            [
                not_imported(self.notes, "note"),
                *(skipped(count, one, many=many) for (one, many), count in self.skipped.items()),
                *self.broken_lines,
            ]
        )
        if not self.articles:
            if self.broken_lines:
                raise ImportFailure(f"no bookmarks could be read ({self.broken_lines[0]})")
            raise NothingToImport(f"{what} with no bookmarks to import")
        return Parsed(self.articles, notes)


class _Dump:
    """The members of a dump, read by their path inside the dumped folder."""

    def __init__(self, archive: TarFile, members: dict[str, str], prefix: str) -> None:
        self.archive = archive
        self.members = members
        self.prefix = prefix
        self._assets: dict[str, str] | None = None

    def read(self, name: str) -> bytes | None:
        original = self.members.get(self.prefix + name)
        if original is None:
            return None
        member = self.archive.getmember(original)
        if member.size > MAX_MEMBER_BYTES:
            raise ImportFailure(f"{name}: too large ({member.size / 2**20:.1f} MB)")
        try:
            handle = self.archive.extractfile(member)
            return handle.read() if handle else None
        except BROKEN_CONTAINER as error:
            raise ImportFailure(f"{name}: cannot read: {error}") from None

    def json(self, name: str) -> Any:
        data = self.read(name)
        if data is None:
            return None
        try:
            return read_json(data.decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as error:
            raise ImportFailure(f"{name}: broken JSON: {error}") from None

    def bookmarks(self, reading: _Reading) -> Iterator[dict[str, Any]]:
        """Each line of bookmarks/index.jsonl, streamed; broken lines noted, not fatal."""
        member = self.archive.getmember(self.members[self.prefix + "bookmarks/index.jsonl"])
        handle = self.archive.extractfile(member)
        if handle is None:
            return
        broken = 0
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    bookmark = read_json(line)
                except (ValueError, UnicodeDecodeError) as error:
                    broken += 1
                    if broken <= MAX_LINE_PROBLEMS:
                        reading.broken_lines.append(
                            f"bookmarks/index.jsonl line {number}: broken JSON: {error}"
                        )
                    continue
                if isinstance(bookmark, dict):
                    yield bookmark
        except BROKEN_CONTAINER as error:
            reading.broken_lines.append(f"bookmarks/index.jsonl: cut short: {error}")
        if broken > MAX_LINE_PROBLEMS:
            reading.broken_lines.append(
                f"{broken - MAX_LINE_PROBLEMS} more broken lines in bookmarks/index.jsonl"
            )

    def asset_text(self, asset_id: str) -> str | None:
        """A crawled page's HTML that Karakeep kept as an asset, if the dump has it."""
        if self._assets is None:
            index = self.json("assets/index.json")
            self._assets = {
                str(asset.get("id")): str(
                    asset.get("filePath") or f"assets/files/{asset.get('id')}"
                )
                for asset in (index if isinstance(index, list) else [])
                if isinstance(asset, dict)
            }
        data = self.read(_normal(self._assets.get(asset_id, f"assets/files/{asset_id}")))
        return data.decode("utf-8", "replace") if data is not None else None


def _dump_prefix(names: list[str]) -> str | None:
    """The folder the dump's files are in ("" at the top), if these are a dump's files."""
    normal = {_normal(name) for name in names}
    for name in normal:
        if PurePosixPath(name).name != "manifest.json":
            continue
        prefix = name[: -len("manifest.json")]
        if any(prefix + part in normal for part in _DUMP_PARTS):
            return prefix
    return None


def _normal(name: str) -> str:
    while name.startswith("./"):
        name = name[2:]
    return name.lstrip("/")


# Names in a list's path, the list's own first: Karakeep users nest a few deep. Each
# list walked its whole chain of parents, so 4,000 lists each inside the last (a
# 300 KB export) took 6.5 s and 44 MB of paths, and 20,000 minutes and gigabytes.
MAX_LIST_DEPTH = 16


def _list_paths(value: object) -> dict[str, str]:
    """Manual lists by id, as their path of names ("Reading/Harbour"), at most
    ``MAX_LIST_DEPTH`` names: the outermost of a deeper path are left out."""
    lists = {
        str(item.get("id")): item
        for item in (value if isinstance(value, list) else [])
        if isinstance(item, dict) and item.get("type", "manual") == "manual"
    }
    paths: dict[str, str] = {}
    for list_id, item in lists.items():
        names: list[str] = []
        seen: set[str] = set()
        current: dict[str, Any] | None = item
        while (
            current is not None
            and str(current.get("id")) not in seen
            and len(names) < MAX_LIST_DEPTH
        ):
            seen.add(str(current.get("id")))  # a cycle of parents ends here
            names.append(one_line(current.get("name")))
            parent = current.get("parentId")
            current = lists.get(str(parent)) if parent else None
        paths[list_id] = "/".join(reversed([name for name in names if name]))
    return paths


def _moment(value: object) -> str | None:
    """createdAt: Unix seconds in the export, an ISO date in the dump."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return utc_time(value)
    return parse_date(one_line(value))
