"""From a path on disk to parsed articles: finding files, sniffing formats, parsing.

:func:`parse_file` runs in worker processes, so it takes and returns plain,
picklable values and never touches the archive.
"""

from __future__ import annotations

# signal.signal's own C function. The signal module's wrapper turns the handler it
# returns into a Handlers enum: for a function (ours, given back when a budget ends)
# that is an enum lookup that fails and a ValueError raised and caught, 90 % of what
# a budget cost (47,000 instructions a file). Handlers go in and come out as they are.
import _signal  # type: ignore[import-not-found]
import functools
import hashlib
import os
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reader.importers import encoding
from reader.importers.detect import CONTAINERS, SNIFF_BYTES, detect, read_csv
from reader.importers.errors import ImportFailure, NotAnArticle, NothingToImport
from reader.importers.feedstream import STREAM_FEED_BYTES
from reader.importers.parsed import FieldMap, Parsed
from reader.importers.records import read_json
from reader.models import Article

if TYPE_CHECKING:
    from reader.extract import Extraction
    from reader.store.bulk import ExtractionRows

# One article per file is never this large; a feed may be larger.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
# The one limit on an article's text, whatever the format it came in.
MAX_ARTICLE_CHARACTERS = 16 * 1024 * 1024
MAX_FEED_BYTES = 64 * 1024 * 1024

# Met while walking a folder, these are not articles: skipped, not failed. Archives,
# databases and CSV files are not among them: what they are is told from content.
_NOT_ARTICLES = frozenset(
    ".jpg .jpeg .png .gif .webp .svg .ico .bmp .tif .tiff .heic .avif .mp3 .mp4 .m4a .wav .ogg "
    ".webm .mov .avi .pdf .bz2 .xz .7z .rar .exe .dll .so .dylib .woff .woff2 .ttf "
    ".otf .eot .css .js .mjs .map .db-wal .db-shm .db-journal .sqlite-wal .sqlite-shm .pyc .pyo "
    ".class .o .py .sh .rb .pl .c .h .go .rs .java .ts .toml .yaml .yml .ini .cfg .lock".split()
)
# A folder's own documentation, met in a walk: README.md is not an article.
_DOCUMENTATION = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "COPYING", "NOTICE"})


@dataclass(slots=True)
class FileResult:
    """What parsing one file gave: articles, or why there are none."""

    path: str
    status: Literal["parsed", "unchanged", "failed", "skipped", "notice", "stream"]
    format: str = ""
    size: int = 0
    mtime_ns: int = 0
    sha: str = ""
    articles: list[Article] = field(default_factory=list)
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    known_articles: int = 0

    def __reduce__(self) -> tuple[type[FileResult], tuple[Any, ...]]:
        # Sent back from the worker pickled: as its values in field order, like an
        # Article (reader.models), not as a dict of its slots' names and values.
        return (FileResult, _file_result_values(self))


# Every field, in the order __init__ takes them.
_file_result_values = attrgetter(*(item.name for item in fields(FileResult)))


@dataclass(frozen=True, slots=True)
class Found:
    """A file the walk found: its path, whether it was named, and why to pass it over."""

    path: str
    explicit: bool
    # Why the walk passes this path over ("" to read it); "cannot read folder: …"
    # reasons are failures, the others are skips shown with -v.
    skip: str = ""


def iter_files(paths: Iterable[str | Path]) -> Iterator[Found]:
    """Every file under the given paths, sorted, in a walk that cannot be led astray.

    Hidden files and folders are passed over, as are links that lead out of the
    folder given and links back into a folder already walked (a loop). The walk
    keeps its own stack, so no depth of folders exhausts Python's.
    """
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            yield from _walk(path)
        else:
            yield Found(str(path.absolute()), True)


def _walk(top: Path) -> Iterator[Found]:
    root = os.path.realpath(top)
    seen: set[tuple[int, int]] = set()
    stack = [str(top.absolute())]
    while stack:
        folder = stack.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                yield Found(folder, False, "a link back into a folder already read (a loop)")
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            yield Found(folder, False, f"cannot read folder: {error.strerror or error}")
            continue
        folders: list[str] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_symlink() and not _inside(os.path.realpath(entry.path), root):
                yield Found(entry.path, False, "a link to a place outside the folder imported")
                continue
            try:
                if entry.is_dir():
                    folders.append(entry.path)
                elif entry.is_file():
                    yield Found(entry.path, False)
            except OSError as error:
                yield Found(entry.path, False, f"cannot read: {error.strerror or error}")
        stack.extend(reversed(folders))


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def is_problem(reason: str) -> bool:
    """Whether a walk's reason to pass a path over is a failure the user must hear of."""
    return reason.startswith("cannot read")


# The time one file may take to parse and extract: generous for honest files of
# any size, so that only a file built to be slow (or a bug) runs into it.
PER_FILE_SECONDS = 30.0
PER_FILE_BYTES_A_SECOND = 100_000


class OverBudget(Exception):
    """A file took longer than its time budget."""


def _budget_for_size(size: int) -> float:
    return PER_FILE_SECONDS + size / PER_FILE_BYTES_A_SECOND


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget in the block after ``seconds`` (a timer signal; main thread only).

    Python checks for signals between bytecodes and inside long regular-expression
    matches, so a runaway pattern is stopped too. Elsewhere (a thread of the app)
    the block runs unbounded.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise OverBudget

    previous = _signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _signal.signal(signal.SIGALRM, previous)


def file_sha(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def sha_of_path(path: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def parse_file(
    path: str,
    known_sha: str | None,
    explicit: bool = True,
    field_map: FieldMap | None = None,
    *,
    whole: bool = False,
) -> FileResult:
    """Read, tell and parse one file; never raises for a bad file.

    A large feed or a JSONL export comes back as a "stream" for the importer to
    read piece by piece, unless ``whole`` asks for it parsed here at once. (The
    importer knows a file unchanged by its size and time before it gets here.)
    """
    # One stat for the budget and the parse.
    try:
        stat: os.stat_result | None = os.stat(path)
    except OSError:
        stat = None  # _parse_file tries again, where it says why the file cannot be read
    budget = _budget_for_size(stat.st_size if stat is not None else 0)
    try:
        with time_budget(budget):
            return _parse_file(path, stat, known_sha, explicit, field_map, whole)
    except OverBudget:
        return FileResult(
            path, "failed", reason=f"took more than {budget:.0f} s to read; passed over"
        )
    except ImportFailure as failure:
        return FileResult(path, "failed", reason=str(failure))
    except NothingToImport as notice:
        return FileResult(path, "notice", reason=str(notice))
    except NotAnArticle as skip:
        if explicit:
            return FileResult(path, "failed", reason=str(skip))
        return FileResult(path, "skipped", reason=str(skip))
    except RecursionError:
        return FileResult(path, "failed", reason="nested too deeply to parse")
    except OSError as error:
        return FileResult(path, "failed", reason=f"cannot read: {error.strerror or error}")
    except Exception as error:  # a parser's bug must not stop the import
        return FileResult(path, "failed", reason=f"cannot parse: {type(error).__name__}: {error}")


def is_article_name(name: str) -> bool:
    """False for names that say a file in a folder (or an archive) is not an article."""
    pure = Path(name)
    return pure.suffix.lower() not in _NOT_ARTICLES and pure.stem.upper() not in _DOCUMENTATION


def _parse_file(
    path: str,
    stat: os.stat_result | None,
    known_sha: str | None,
    explicit: bool,
    field_map: FieldMap | None,
    whole: bool,
) -> FileResult:
    if not explicit:  # a path met in a walk; a file named is read whatever its name
        name = Path(path)
        suffix = name.suffix.lower()
        if suffix in _NOT_ARTICLES:
            raise NotAnArticle(f"{suffix} files are not articles")
        if name.stem.upper() in _DOCUMENTATION:
            raise NotAnArticle("a folder's documentation, not an article")
    if stat is None:
        stat = os.stat(path)
    if stat.st_size == 0:
        raise ImportFailure("empty file")
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
        first_line = b""
        if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and b"\n" not in head:
            handle.seek(0)
            first_line = handle.readline(MAX_DOCUMENT_BYTES).lstrip(b"\xef\xbb\xbf \t\r\n")
            handle.seek(len(head))
        kind = detect(path, head, first_line)
        if kind == "jsonl" and field_map is None:
            # Streamed by the importer itself, in flat memory, whatever its size.
            return FileResult(path, "stream", "jsonl", stat.st_size, stat.st_mtime_ns)
        if kind == "feed" and stat.st_size > STREAM_FEED_BYTES and not whole:
            # Cut into small feeds that every core parses and extracts (feedstream.py).
            return FileResult(path, "stream", "feed", stat.st_size, stat.st_mtime_ns)
        if kind in CONTAINERS:
            data = b""
        else:
            limit = MAX_FEED_BYTES if kind in _MANY_ARTICLES else MAX_DOCUMENT_BYTES
            if stat.st_size > limit:
                raise ImportFailure(
                    f"file too large ({stat.st_size / 2**20:.1f} MB; the limit for "
                    f"{'a feed or export' if limit == MAX_FEED_BYTES else 'one article'} "
                    f"is {limit // 2**20} MB)"
                )
            data = head + handle.read()
    sha = sha_of_path(path) if kind in CONTAINERS else file_sha(data)
    result = FileResult(path, "unchanged", kind, stat.st_size, stat.st_mtime_ns, sha)
    if sha == known_sha:
        return result
    result.status = "parsed"
    if kind in CONTAINERS:
        from reader.importers.containers import parse_container

        parsed = parse_container(kind, path, field_map)
    else:
        parsed = parse_bytes(kind, data, path, field_map)
    prepared = prepare(parsed)
    result.articles, result.notes = prepared.articles, prepared.notes
    if not result.articles:
        if len(parsed.articles) == 1 and prepared.notes:
            raise ImportFailure(prepared.notes[-1])  # the one article was too large
        raise ImportFailure("no articles in it")
    return result


# Kinds that hold many articles, so may be as large as a feed.
_MANY_ARTICLES = frozenset({"feed", "json", "csv", "pocket-html", "bookmarks", "jsonl"})


def prepare(parsed: Parsed) -> Parsed:
    """Parsed articles made ready to store, whatever their format: cleaned, held to
    one size limit, extracted. An article over the limit is left out with a note."""
    kept: list[Article] = []
    too_large = 0
    for article in parsed.articles:
        clean = article.cleaned()
        # Its earlier wordings (carried by our exports) count towards its size.
        size = len(clean.body) + len(clean.title)
        size += sum(len(version.body) + len(version.title) for version in clean.versions)
        if size > MAX_ARTICLE_CHARACTERS:
            too_large += 1
            continue
        kept.append(with_extraction(clean))
    notes = list(parsed.notes)
    if too_large:
        limit = MAX_ARTICLE_CHARACTERS // 2**20
        notes.append(
            f"{too_large} article{'s' if too_large > 1 else ''} over the {limit} MB limit "
            "for one article left out"
        )
    return Parsed(kept, notes)


def with_extraction(article: Article) -> Article:
    """Find quotes, entities and links, and sketch the wording (to find its near
    copies), now, in the parsing process, not in the writer."""
    extract_article, signature, extraction_rows = _extraction()
    # As the rows the archive stores: the writer, one process for all, only binds them.
    article.extraction = extraction_rows(extract_article(article.body))
    article.story_sketch = None if article.link_only else signature(article.body)
    article.sketched = True
    return article


@functools.cache
def _extraction() -> tuple[
    Callable[[str], Extraction],
    Callable[[str], bytes | None],
    Callable[[Extraction], ExtractionRows],
]:
    """Extraction's functions, imported on first use (never in a process that does not
    parse) and then kept: three import statements an article cost 12,000 instructions."""
    from reader.extract import extract_article
    from reader.extract.stories import signature
    from reader.store.bulk import extraction_rows

    return extract_article, signature, extraction_rows


def parse_bytes(kind: str, data: bytes, path: str, field_map: FieldMap | None = None) -> Parsed:
    """Parse a text document of a kind :func:`detect` told (also a member of a zip)."""
    if kind == "feed":
        from reader.importers.feeds import parse_feed

        return parse_feed(data, path)
    if kind in ("json", "jsonl"):
        return _parse_json_document(data, path, field_map)
    if kind == "html":
        from reader.importers.html import parse_html

        return Parsed([parse_html(decode_html(data), path)])
    text = decode_text(data)
    if kind == "csv":
        return _parse_csv(text, path, field_map)
    if kind == "pocket-html":
        from reader.importers.pocket import parse_pocket_html

        return parse_pocket_html(text, path)
    if kind == "bookmarks":
        from reader.importers.bookmarks import parse_bookmarks

        return parse_bookmarks(text, path)
    if kind == "feed-list":
        from reader.importers.feedlists import feed_list_notice

        raise feed_list_notice(text)
    from reader.importers.markdown import parse_markdown

    return Parsed([parse_markdown(text, path)])


def _parse_json_document(data: bytes, path: str, field_map: FieldMap | None) -> Parsed:
    """A JSON Feed, articles as `reader export` writes them, or another tool's export."""
    from reader.importers import datasets, karakeep, wallabag
    from reader.importers.feeds import parse_json_feed
    from reader.importers.jsonl import article_from_record

    document: object
    try:
        document = read_json(decode_text(data))
    except ValueError as error:
        if b"\n{" not in data.strip():
            raise ImportFailure(f"broken JSON: {error}") from None
        document = _json_lines(data, path)  # one record a line: another pipeline's JSONL
    if field_map is not None:
        records = document if isinstance(document, list) else [document]
        return datasets.parse_records(_objects(records, path), path, field_map)
    if isinstance(document, dict) and str(document.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        return parse_json_feed(data, path)
    if wallabag.is_wallabag(document):
        return wallabag.parse_wallabag(document, path)
    if karakeep.is_karakeep(document):
        return karakeep.parse_karakeep(document, path)
    if datasets.is_news_please(document):
        records = document if isinstance(document, list) else [document]
        return datasets.parse_records(_objects(records, path), path)
    records = document if isinstance(document, list) else [document]
    if not records or not all(isinstance(r, dict) and "body" in r for r in records):
        raise NotAnArticle(
            "JSON, but not a format reader knows (JSON Feed, reader's export, wallabag, "
            "Karakeep, news-please); name its fields with --map title=…,body=…,url=…"
        )
    try:
        return Parsed([article_from_record(record, path) for record in records])
    except ValueError as error:
        raise ImportFailure(str(error)) from None


def _objects(records: list[object], path: str) -> list[dict[str, object]]:
    objects = [record for record in records if isinstance(record, dict)]
    if not objects:
        raise ImportFailure("JSON, but no objects in it")
    return objects


def _json_lines(data: bytes, path: str) -> list[dict[str, object]]:
    records: list[object] = []
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(read_json(line))
        except ValueError as error:
            raise ImportFailure(f"line {number}: broken JSON: {error}") from None
    return _objects(records, path)


def _parse_csv(text: str, path: str, field_map: FieldMap | None) -> Parsed:
    from reader.importers import datasets, instapaper, pocket, readwise

    header, rows = read_csv(text)
    if field_map is not None:
        return datasets.parse_records(rows, path, field_map)  # type: ignore[arg-type]
    if pocket.is_pocket_csv(header):
        return pocket.parse_pocket_csv(rows, path)
    if instapaper.is_instapaper_csv(header):
        return instapaper.parse_instapaper_csv(rows, path)
    if readwise.is_readwise_csv(header):
        return readwise.parse_readwise_csv(rows, path)
    if datasets.is_mediacloud_csv(header):
        return datasets.parse_records(rows, path)  # type: ignore[arg-type]
    shown = ", ".join(header[:8]) + (", …" if len(header) > 8 else "")
    raise NotAnArticle(
        f"a CSV file whose columns reader does not know ({shown}); "
        "name them with --map title=…,url=…,body=…"
    )


def decode_text(data: bytes) -> str:
    """Text in any encoding (BOM, wide encodings, UTF-8, then detected)."""
    return encoding.decode(data)[0]


_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding=["']([A-Za-z0-9_.:-]+)""", re.I)


def decode_html(data: bytes) -> str:
    """HTML declares its encoding; honour it as browsers do, and fall back to detection."""
    match = _META_CHARSET.search(data[:4096]) or _XML_ENCODING.search(data[:1024])
    declared = match.group(1).decode("ascii") if match else None
    return encoding.decode(data, declared)[0]
