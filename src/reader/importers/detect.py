"""What a file is, told from its content; the extension only breaks ties.

The same file is told the same way whether it was named on the command line or
found in a folder. Containers (SQLite, zip, tar, gzip, WARC) are told by their
magic bytes and then by what they hold; text by its first characters.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import tarfile
import zipfile
from typing import Literal

from reader.importers import encoding
from reader.importers.errors import BROKEN_CONTAINER, ImportFailure, NotAnArticle
from reader.importers.records import read_json

# Told from the first bytes, read from the file's path (they are not text).
Container = Literal["newsboat", "zip", "tar", "gzip", "warc"]
# Told from the first characters, read whole as bytes.
Text = Literal[
    "markdown",
    "html",
    "feed",
    "json",
    "jsonl",
    "csv",
    "pocket-html",
    "bookmarks",
    "feed-list",
]
Kind = Container | Text
CONTAINERS: frozenset[str] = frozenset({"newsboat", "zip", "tar", "gzip", "warc"})

SNIFF_BYTES = 4096
_SQLITE = b"SQLite format 3\x00"
_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_GZIP = b"\x1f\x8b"
_HTML_START = re.compile(
    r"^(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF|channel)\b", re.I)
_URL_COLUMN = re.compile(r"(?:^|[^a-z])(?:url|uri|link|href)(?:$|[^a-z])", re.I)
CSV_SUFFIXES = frozenset({".csv", ".tsv"})


def detect(path: str, head: bytes, first_line: bytes = b"") -> Kind:
    """The kind of the file at ``path`` whose first bytes are ``head``.

    ``first_line`` is the whole first line when the file starts with "{" (a JSONL
    line can be far longer than ``head``).
    """
    if head.startswith(_SQLITE):
        return _sqlite_kind(path)
    if head.startswith((_ZIP, _EMPTY_ZIP)):
        return "zip"
    if head.startswith(_GZIP):
        return _gzip_kind(path)
    if head.startswith(b"WARC/"):
        return "warc"
    if _is_tar(head):
        return "tar"
    text_encoding = encoding.text_encoding(head)
    if text_encoding is None:
        raise ImportFailure("binary file, not text")
    text = _decode_head(head, text_encoding)
    line = first_line.decode("utf-8", "replace") if first_line else ""
    return detect_text(text, _suffix(path), line)


def detect_text(text: str, suffix: str, first_line: str = "") -> Text:
    """The kind of a text document from its first few thousand characters."""
    start = text.lstrip("\ufeff \t\r\n")
    if start.startswith(("{", "[")):
        return _json_kind(start, first_line)
    if start.startswith("<"):
        return _markup_kind(start)
    if _looks_like_csv(start, suffix):
        return "csv"
    from reader.importers.feedlists import is_url_list

    if is_url_list(start):
        return "feed-list"
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".xml", ".rss", ".atom"):
        return "feed"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    return "markdown"


def _suffix(path: str) -> str:
    name = path.rsplit("/", 1)[-1].lower()
    return "." + name.rsplit(".", 1)[-1] if "." in name else ""


def _decode_head(head: bytes, name: str) -> str:
    found = encoding.bom_encoding(head)
    if found:
        head = head[found[1] :]
    # The head may end inside a character: decode leniently.
    return head.decode(name, errors="replace")


def _json_kind(start: str, first_line: str) -> Text:
    """JSONL of reader's export (streamed) has a whole article object on its first line;
    anything else is one JSON document, or lines of other pipelines' records."""
    line = first_line or start.split("\n", 1)[0]
    if start.startswith("{") and line.rstrip().endswith("}"):
        try:
            record = read_json(line)
        except ValueError:
            record = None
        if isinstance(record, dict) and "body" in record:
            return "jsonl"
    return "json"


def _markup_kind(start: str) -> Text:
    head = start[:SNIFF_BYTES]
    from reader.importers.bookmarks import is_bookmarks
    from reader.importers.feedlists import is_opml
    from reader.importers.pocket import is_pocket_html

    if is_bookmarks(head):
        return "bookmarks"

    if is_opml(head):
        return "feed-list"
    if is_pocket_html(head):
        return "pocket-html"
    if _HTML_START.match(head):
        return "html"
    if _FEED_ROOT.search(head):
        return "feed"
    if head.startswith("<?xml"):
        return "html" if re.search(r"<html\b", head, re.I) else "feed"
    return "html"


def _looks_like_csv(start: str, suffix: str) -> bool:
    """A header row of short column names, one of them a link; or a .csv file's."""
    first = start.split("\n", 1)[0].strip("\r")
    if not first or first.startswith(("#", "---")) or len(first) > 2000:
        return False
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return False
    names = [name.strip() for name in header]
    if len(names) < 2 or not all(0 < len(name) <= 60 for name in names):
        return False
    if suffix in CSV_SUFFIXES:
        return True
    # Column names, not prose: no sentence ends, few words each.
    if any(name.endswith((".", "!", "?")) or len(name.split()) > 4 for name in names):
        return False
    return any(_URL_COLUMN.search(name) for name in names)


def _is_tar(head: bytes) -> bool:
    return len(head) > 262 and head[257:262] == b"ustar"


def _sqlite_kind(path: str) -> Container:
    from reader.importers.newsboat import is_newsboat_cache

    if is_newsboat_cache(path):
        return "newsboat"
    raise NotAnArticle("a SQLite database, but not newsboat's cache.db")


def _gzip_kind(path: str) -> Container:
    """A .gz holds a WARC, a tar (a tool's dump), or one file of another kind."""
    try:
        with gzip.open(path, "rb") as handle:
            inner = handle.read(SNIFF_BYTES)
    except BROKEN_CONTAINER as error:
        raise ImportFailure(f"broken gzip file: {error}") from None
    if inner.startswith(b"WARC/"):
        return "warc"
    if _is_tar(inner):
        return "tar"
    return "gzip"


def zip_names(archive: zipfile.ZipFile) -> list[str]:
    return [info.filename for info in archive.infolist() if not info.is_dir()]


def tar_names(archive: tarfile.TarFile) -> list[str]:
    return [member.name for member in archive.getmembers() if member.isfile()]


# The csv module refuses a field over 128 KB, and with it the whole file: a CSV of
# articles with their text (Media Cloud's, any --map dataset) holds longer ones.
# Fields may be as long as an article may be (files.MAX_ARTICLE_CHARACTERS).
MAX_CSV_FIELD = 16 * 1024 * 1024


def read_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV (or tab-separated) text."""
    if csv.field_size_limit() < MAX_CSV_FIELD:
        csv.field_size_limit(MAX_CSV_FIELD)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    if first.count(";") > max(first.count(","), first.count("\t")):
        delimiter = ";"
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        return [], []
    except csv.Error as error:
        raise ImportFailure(f"broken CSV: {error}") from None
    rows = []
    row_end = reader.line_num
    last_start = row_end + 1  # the line the last row began on
    try:
        for values in reader:
            last_start, row_end = row_end + 1, reader.line_num
            if not any(value.strip() for value in values):
                continue
            rows.append(dict(zip(header, values, strict=False)))
    except csv.Error as error:
        raise ImportFailure(f"broken CSV (line {reader.line_num}): {error}") from None
    if text.count('"') % 2 and _never_closed(text, delimiter):
        # Read leniently, the rest of the file went into that one field, every row
        # after it lost without a word (the 128 KB field limit used to catch it).
        raise ImportFailure(
            f"broken CSV (line {last_start}): a quoted field is never closed; "
            "the rest of the file would be its text"
        )
    return header, rows


def _never_closed(text: str, delimiter: str) -> bool:
    """Whether a quoted field runs to the end of the text (read strictly, which
    says so; the lenient reading above keeps the quirks real exports have)."""
    strict = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for _ in strict:
            pass
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False
