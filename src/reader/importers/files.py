"""From a path on disk to parsed articles: finding files, sniffing formats, parsing.

:func:`parse_file` runs in worker processes, so it takes and returns plain,
picklable values and never touches the archive.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reader.importers.errors import ImportFailure, NotAnArticle
from reader.models import Article

Format = Literal["markdown", "html", "feed", "json", "jsonl"]

# One article per file is never this large; a feed may be larger.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
MAX_FEED_BYTES = 64 * 1024 * 1024
_SNIFF_BYTES = 4096

# Met while walking a folder, these are not articles: skipped, not failed.
_NOT_ARTICLES = frozenset(
    ".jpg .jpeg .png .gif .webp .svg .ico .bmp .tif .tiff .heic .avif .mp3 .mp4 .m4a .wav .ogg "
    ".webm .mov .avi .pdf .zip .gz .bz2 .xz .7z .tar .rar .exe .dll .so .dylib .woff .woff2 .ttf "
    ".otf .eot .css .js .mjs .map .db .sqlite .sqlite3 .db-wal .db-shm .pyc .pyo .class .o "
    ".py .sh .rb .pl .c .h .go .rs .java .ts .toml .yaml .yml .ini .cfg .lock .csv .tsv".split()
)
# A folder's own documentation, met in a walk: README.md is not an article.
_DOCUMENTATION = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "COPYING", "NOTICE"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".txt", ".text"})
_HTML_START = re.compile(
    rb"^(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF|channel)\b", re.I)


@dataclass(slots=True)
class FileResult:
    """What parsing one file gave: articles, or why there are none."""

    path: str
    status: Literal["parsed", "unchanged", "failed", "skipped", "stream"]
    format: str = ""
    size: int = 0
    mtime_ns: int = 0
    sha: str = ""
    articles: list[Article] = field(default_factory=list)
    reason: str = ""
    known_articles: int = 0


def iter_files(paths: Iterable[str | Path]) -> Iterator[tuple[str, bool]]:
    """Every file under the given paths as (absolute path, named explicitly), sorted.

    Hidden files and folders are passed over in a walk, as are files whose
    extension says they are not articles.
    """
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            yield from _walk(path)
        else:
            yield str(path.absolute()), True


def _walk(folder: Path) -> Iterator[tuple[str, bool]]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield str(Path(entry.path).absolute()), False


def sniff(head: bytes, suffix: str, first_line: bytes = b"") -> Format:
    """The format of a file, from its first bytes; the extension only breaks ties.

    ``first_line`` is the whole first line when the file starts with "{" (a JSONL
    line can be far longer than ``head``).
    """
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if b"\x00" in head:
        raise ImportFailure("binary file, not text")
    start = head.lstrip()
    if start.startswith((b"{", b"[")):
        # JSONL has a whole object on its first line; anything else is one JSON document.
        first_line = first_line or start.split(b"\n", 1)[0]
        if start.startswith(b"{") and first_line.rstrip().endswith(b"}"):
            try:
                record = json.loads(first_line)
            except ValueError:
                record = None
            # A one-line JSON Feed is a document, not a line of our export.
            if isinstance(record, dict) and "body" in record:
                return "jsonl"
        return "json"
    if start.startswith(b"<"):
        if _HTML_START.match(start):
            return "html"
        if _FEED_ROOT.search(head):
            return "feed"
        if start.startswith(b"<?xml"):
            return "html" if re.search(rb"<html\b", head, re.I) else "feed"
        return "html"
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".xml", ".rss", ".atom"):
        return "feed"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    return "markdown"


def file_sha(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def sha_of_path(path: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def parse_file(path: str, known_sha: str | None, explicit: bool = True) -> FileResult:
    """Read, sniff and parse one file; never raises for a bad file."""
    try:
        return _parse_file(path, known_sha, explicit)
    except ImportFailure as failure:
        return FileResult(path, "failed", reason=str(failure))
    except NotAnArticle as skip:
        return FileResult(path, "skipped", reason=str(skip))
    except RecursionError:
        return FileResult(path, "failed", reason="nested too deeply to parse")
    except OSError as error:
        return FileResult(path, "failed", reason=f"cannot read: {error.strerror or error}")
    except Exception as error:  # a parser's bug must not stop the import
        return FileResult(path, "failed", reason=f"cannot parse: {type(error).__name__}: {error}")


def _parse_file(path: str, known_sha: str | None, explicit: bool) -> FileResult:
    suffix = Path(path).suffix.lower()
    if not explicit and suffix in _NOT_ARTICLES:
        raise NotAnArticle(f"{suffix} files are not articles")
    if not explicit and Path(path).stem.upper() in _DOCUMENTATION:
        raise NotAnArticle("a folder's documentation, not an article")
    stat = os.stat(path)
    if stat.st_size == 0:
        raise ImportFailure("empty file")
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
        first_line = b""
        if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and b"\n" not in head:
            handle.seek(0)
            first_line = handle.readline(MAX_DOCUMENT_BYTES).lstrip(b"\xef\xbb\xbf \t\r\n")
            handle.seek(len(head))
        kind = sniff(head, suffix, first_line)
        if kind == "jsonl":
            # Streamed by the importer itself, in flat memory, whatever its size.
            return FileResult(path, "stream", "jsonl", stat.st_size, stat.st_mtime_ns)
        limit = MAX_FEED_BYTES if kind in ("feed", "json") else MAX_DOCUMENT_BYTES
        if stat.st_size > limit:
            raise ImportFailure(
                f"file too large ({stat.st_size / 2**20:.1f} MB; the limit for "
                f"{'a feed' if limit == MAX_FEED_BYTES else 'one article'} is {limit // 2**20} MB)"
            )
        data = head + handle.read()
    sha = file_sha(data)
    result = FileResult(path, "unchanged", kind, stat.st_size, stat.st_mtime_ns, sha)
    if sha == known_sha:
        return result
    result.status = "parsed"
    try:
        parsed = _parse_bytes(kind, data, path)
    except NotAnArticle as other:
        if explicit:
            raise ImportFailure(str(other)) from None
        raise
    result.articles = [with_extraction(article.cleaned()) for article in parsed]
    if not result.articles:
        raise ImportFailure("no articles in it")
    return result


def with_extraction(article: Article) -> Article:
    """Find quotes, entities and links now, in the parsing process, not in the writer."""
    from reader.extract import extract_article

    article.extraction = extract_article(article.body)
    return article


def _parse_bytes(kind: Format, data: bytes, path: str) -> list[Article]:
    if kind == "feed":
        from reader.importers.feeds import parse_feed

        return parse_feed(data, path)
    if kind == "json":
        return _parse_json_document(data, path)
    if kind == "html":
        from reader.importers.html import parse_html

        return [parse_html(_decode_html(data), path)]
    from reader.importers.markdown import parse_markdown

    return [parse_markdown(_decode_text(data), path)]


def _parse_json_document(data: bytes, path: str) -> list[Article]:
    """A JSON Feed, or articles as `reader export` writes them (one object or a list)."""
    from reader.importers.feeds import parse_json_feed
    from reader.importers.jsonl import article_from_record

    try:
        document = json.loads(data)
    except UnicodeDecodeError as error:
        raise ImportFailure(f"not valid UTF-8 ({error.reason})") from None
    except ValueError as error:
        raise ImportFailure(f"broken JSON: {error}") from None
    if isinstance(document, dict) and str(document.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        return parse_json_feed(data, path)
    records = document if isinstance(document, list) else [document]
    if not records or not all(isinstance(r, dict) and "body" in r for r in records):
        raise NotAnArticle("JSON, but neither a JSON Feed nor articles exported by reader")
    try:
        return [article_from_record(record, path) for record in records]
    except ValueError as error:
        raise ImportFailure(str(error)) from None


def _decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailure(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.I)


def _decode_html(data: bytes) -> str:
    """HTML declares its encoding; honour it, and fall back to UTF-8."""
    match = _META_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii").lower() if match else "utf-8"
    if declared.startswith(("utf-16", "utf-32")) and not data.startswith(
        (b"\xff\xfe", b"\xfe\xff")
    ):
        declared = "utf-8"  # bytes we could read the <meta> in are not UTF-16
    try:
        return data.decode("utf-8-sig" if declared in ("utf-8", "utf8") else declared)
    except LookupError:
        return _decode_text(data)
    except UnicodeDecodeError as error:
        raise ImportFailure(
            f"not valid {declared} (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None
