"""WARC files (``.warc``, ``.warc.gz``): each HTML response record becomes an article.

Records are read one at a time with warcio (a crawl's WARC can be many
gigabytes); only HTML bodies are read, up to a limit. Each 200 response whose
Content-Type is HTML or XHTML (and each ``resource`` record of HTML, as some
archivers store pages) goes through the HTML importer, with the record's
``WARC-Target-URI`` as the article's URL. Where the issue is silent:

- The target URI wins over the page's own canonical link: it is the address
  the archive holds the page under, and the one the user met. (Tracking
  parameters are dropped from it as from every URL.)
- Redirects (3xx) are skipped; the page they lead to is its own record, stored
  under its own URI. Chunked transfer and gzip/deflate (and brotli, with the
  brotli package) content-encoding are undone by warcio.
- The body is decoded by the charset of the HTTP Content-Type when it declares
  one (HTTP outranks the page's meta tag, as in browsers), else as any HTML page.
- A page captured twice keeps its last capture; ``revisit`` records (a crawler's
  "unchanged since") are skipped and counted.
- Everything else is counted by kind in one note: "WARC: 3 pages imported;
  skipped 12 records: 5 requests, 4 images, 1 redirect, …". A WARC cut short
  keeps the pages before the break, with a note (a page in the cut record is
  dropped, not imported half); one broken from the start fails.
"""

from __future__ import annotations

import io
from collections import Counter
from contextlib import redirect_stderr
from typing import Any

from reader.importers.errors import ImportFailure, NothingToImport
from reader.importers.notes import plural
from reader.importers.parsed import Parsed
from reader.models import Article
from reader.urls import canonical_url, domain_of, is_web_url

# A page larger than this is not an article (or not one we can parse safely).
MAX_PAGE_BYTES = 16 * 1024 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")

# What a skipped record is, as (one, many): the note names kinds in these words.
_KINDS = {
    "request": ("request", "requests"),
    "warcinfo": ("archive info record", "archive info records"),
    "metadata": ("metadata record", "metadata records"),
    "revisit": ("revisit", "revisits"),
    "redirect": ("redirect", "redirects"),
    "error": ("error response", "error responses"),
    "status": ("response of another status", "responses of other statuses"),
    "image": ("image", "images"),
    "css": ("stylesheet", "stylesheets"),
    "script": ("script", "scripts"),
    "font": ("font", "fonts"),
    "media": ("audio or video file", "audio and video files"),
    "other-type": ("other non-HTML response", "other non-HTML responses"),
    "too-large": ("page too large to read", "pages too large to read"),
    "no-text": ("page without text", "pages without text"),
    "recapture": ("earlier capture of a page", "earlier captures of pages"),
    "incomplete": ("page cut off by the end of the file", "pages cut off by the end of the file"),
    "other": ("other record", "other records"),
}


def parse_warc(path: str) -> Parsed:
    """HTML responses through the HTML importer, the record's target URI as the URL."""
    pages: dict[str, Article] = {}
    skipped: Counter[str] = Counter()
    notes: list[str] = []
    records = 0
    last: Any = None
    last_page: str | None = None
    # warcio writes its warnings (a record longer than its Content-Length) to stderr.
    with open(path, "rb") as stream, redirect_stderr(io.StringIO()):
        iterator = _records(stream)
        while True:
            try:
                record = next(iterator)
            except StopIteration:
                break
            except Exception as error:  # warcio's parser fails in many ways on broken bytes
                reason = " ".join(str(error).split()) or type(error).__name__
                if not records:
                    raise ImportFailure(f"broken WARC: {reason}") from None
                notes.append(f"WARC cut short after {records} records: {reason}")
                last = None
                break
            records += 1
            last = record
            last_page = _take(record, path, pages, skipped)
        if iterator.err_count:
            notes.append(f"{iterator.err_count} records longer than their stated length")
    if iterator.cut_short or (last is not None and getattr(last.raw_stream, "limit", 0) > 0):
        # The file ended inside its last record: a page from it would be cut off.
        notes.append("WARC cut short: its last record is incomplete")
        if last_page is not None and getattr(last.raw_stream, "limit", 0) > 0:
            pages.pop(last_page, None)
            skipped["incomplete"] += 1
    summary = _summary(len(pages), skipped)
    if not pages:
        found = summary.split("; ", 1)[-1]
        if any(note.startswith("WARC cut short") for note in notes):
            raise ImportFailure(f"broken WARC: cut short before any page ({found})")
        raise NothingToImport(f"a WARC with no HTML pages ({found})")
    return Parsed(list(pages.values()), [summary, *notes])


def _records(stream: Any) -> Any:
    """warcio's record iterator, which also tells whether a gzip stream was cut short."""
    from warcio.archiveiterator import ArchiveIterator

    class Records(ArchiveIterator):  # type: ignore[misc]
        cut_short = False

        def close(self) -> None:
            # warcio ends quietly where a gzip member breaks off; its decompressor knows.
            decompressor = getattr(self.reader, "decompressor", None)
            if decompressor is not None and not getattr(decompressor, "eof", True):
                self.cut_short = True
            super().close()

    return Records(stream)


def _take(record: Any, path: str, pages: dict[str, Article], skipped: Counter[str]) -> str | None:
    """Import one record as a page (its key in ``pages``), or count it under its kind."""
    kind = _skip_kind(record)
    if kind:
        skipped[kind] += 1
        return None
    url = _target(record)
    body = record.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(body) > MAX_PAGE_BYTES:
        skipped["too-large"] += 1
        return None
    article = _page(body, _charset(record), url, path)
    if article is None:
        skipped["no-text"] += 1
        return None
    key = canonical_url(url) or url
    if key in pages:
        skipped["recapture"] += 1
    pages[key] = article
    return key


def _skip_kind(record: Any) -> str | None:
    """Why a record is not a page to import (None when it is one)."""
    rec_type = record.rec_type
    if rec_type in ("request", "warcinfo", "metadata", "revisit"):
        return str(rec_type)
    if rec_type not in ("response", "resource") or not is_web_url(_target(record)):
        return "other"
    if rec_type == "response":
        if record.http_headers is None:
            return "other"
        status = record.http_headers.get_statuscode() or ""
        if status.startswith("3"):
            return "redirect"
        if status[:1] in ("4", "5"):
            return "error"
        if status != "200":
            return "status"
    return _type_kind(_content_type(record))


def _type_kind(content_type: str) -> str | None:
    if content_type in _HTML_TYPES:
        return None
    major = content_type.split("/", 1)[0]
    if major == "image":
        return "image"
    if content_type == "text/css":
        return "css"
    if "javascript" in content_type or content_type == "text/ecmascript":
        return "script"
    if major == "font" or "font" in content_type:
        return "font"
    if major in ("audio", "video"):
        return "media"
    return "other-type"


def _content_type(record: Any) -> str:
    """The payload's media type, lower-cased, without parameters."""
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    value = headers.get_header("Content-Type") if headers is not None else None
    return (value or "").split(";", 1)[0].strip().lower()


def _charset(record: Any) -> str | None:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    value = (headers.get_header("Content-Type") if headers is not None else None) or ""
    for parameter in value.split(";")[1:]:
        name, _, charset = parameter.partition("=")
        if name.strip().lower() == "charset" and charset.strip():
            return charset.strip().strip("\"'")
    return None


def _target(record: Any) -> str:
    """WARC-Target-URI; some writers wrap it in angle brackets (as WARC 1.0's grammar did)."""
    value = record.rec_headers.get_header("WARC-Target-URI") or ""
    return str(value).strip().removeprefix("<").removesuffix(">")


def _page(body: bytes, charset: str | None, url: str, path: str) -> Article | None:
    from reader.importers import encoding
    from reader.importers.files import decode_html
    from reader.importers.html import parse_html

    if not body.strip():
        return None
    html = encoding.decode(body, charset)[0] if charset else decode_html(body)
    try:
        article = parse_html(html, path)
    except (ImportFailure, ValueError, RecursionError):
        return None
    if not article.body.strip():
        return None
    article.url = url
    article.source = article.source or domain_of(url)
    article.imported_from = path
    return article


def _summary(imported: int, skipped: Counter[str]) -> str:
    """ "WARC: 3 pages imported; skipped 12 records: 5 requests, 4 images, …"."""
    line = f"WARC: {plural(imported, 'page')} imported"
    total = sum(skipped.values())
    if not total:
        return line
    words = [(n, _KINDS[kind][0 if n == 1 else 1]) for kind, n in skipped.items()]
    named = ", ".join(f"{n} {word}" for n, word in sorted(words, key=lambda w: (-w[0], w[1])))
    return f"{line}; skipped {plural(total, 'record')}: {named}"
