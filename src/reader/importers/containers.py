"""Files that hold other files or records: SQLite, zip, tar, gzip and WARC.

A tool's export is recognised by what it holds (Pocket's and Omnivore's zips,
Karakeep's dump); any other zip or tar of articles is read member by member,
each told by its content as a file on disk would be.
"""

from __future__ import annotations

import gzip
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath

from reader.importers import encoding
from reader.importers.detect import Container, detect_text, tar_names, zip_names
from reader.importers.errors import (
    BROKEN_CONTAINER,
    ImportFailure,
    NotAnArticle,
    NothingToImport,
)
from reader.importers.parsed import FieldMap, Parsed

# A member larger than this is not read (a zip bomb, or not an article).
MAX_MEMBER_BYTES = 64 * 1024 * 1024
# The general-purpose flag bit of an encrypted zip member.
_ENCRYPTED = 0x1
# A zip member is inflated this much at a time.
_READ_BYTES = 1024 * 1024
# Members named one by one in the notes; past this they are counted.
MAX_MEMBER_NOTES = 10


def read_zip_member(archive: zipfile.ZipFile, name: str, limit: int = MAX_MEMBER_BYTES) -> bytes:
    """A zip member's bytes, at most ``limit`` of them whatever its header says
    (ImportFailure says why not, without the member's name).

    The size in a zip's directory is the zip's own word: a member saying 1 KB that
    inflates to gigabytes was read whole (a 300 KB zip took 650 MB) before its
    checksum failed. Reading stops one byte past the limit.
    """
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise ImportFailure(f"too large ({info.file_size / 2**20:.1f} MB)")
    if info.flag_bits & _ENCRYPTED:
        raise ImportFailure("encrypted (a password is needed)")
    try:
        handle = archive.open(info)
    except NotImplementedError as error:  # a compression method Python lacks (Deflate64)
        raise ImportFailure(f"cannot read: {error}") from None
    chunks: list[bytes] = []
    size = 0
    with handle:
        # In pieces: one read inflates its whole request at once, however little of
        # it the member turns out to hold.
        while size <= limit and (chunk := handle.read(_READ_BYTES)):
            chunks.append(chunk)
            size += len(chunk)
    if size > limit:
        raise ImportFailure(f"too large (over {limit / 2**20:.0f} MB, not what it says)")
    return b"".join(chunks)


def parse_container(kind: Container | str, path: str, field_map: FieldMap | None) -> Parsed:
    if kind == "newsboat":
        from reader.importers.newsboat import parse_newsboat

        return parse_newsboat(path)
    if kind == "warc":
        from reader.importers.warc import parse_warc

        return parse_warc(path)
    if kind == "zip":
        return _parse_zip(path, field_map)
    if kind == "tar":
        return _parse_tar(path, field_map)
    return _parse_gzip(path, field_map)


def _parse_zip(path: str, field_map: FieldMap | None) -> Parsed:
    from reader.importers.omnivore import is_omnivore_zip, parse_omnivore_zip
    from reader.importers.pocket import is_pocket_zip, parse_pocket_zip

    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise ImportFailure(f"broken zip file: {error}") from None
    with archive:
        names = zip_names(archive)
        if is_pocket_zip(names):
            return parse_pocket_zip(archive, path)
        if is_omnivore_zip(names):
            return parse_omnivore_zip(archive, path)

        def read(name: str) -> bytes:
            return read_zip_member(archive, name)

        return _members(names, read, path, field_map)


def _parse_tar(path: str, field_map: FieldMap | None) -> Parsed:
    from reader.importers.karakeep import is_karakeep_tar, parse_karakeep_tar

    try:
        archive = tarfile.open(path)  # noqa: SIM115 - closed below
    except BROKEN_CONTAINER as error:
        raise ImportFailure(f"broken tar file: {error}") from None
    with archive:
        try:
            names = tar_names(archive)  # reads the whole (compressed) stream
        except BROKEN_CONTAINER as error:
            raise ImportFailure(f"broken tar file: {error}") from None
        if is_karakeep_tar(names):
            return parse_karakeep_tar(archive, path)

        def read(name: str) -> bytes:
            member = archive.getmember(name)
            if member.size > MAX_MEMBER_BYTES:
                raise ImportFailure(f"too large ({member.size / 2**20:.1f} MB)")
            handle = archive.extractfile(member)
            return handle.read() if handle else b""

        return _members(names, read, path, field_map)


def _parse_gzip(path: str, field_map: FieldMap | None) -> Parsed:
    """One compressed file (feed.xml.gz, articles.jsonl.gz): read as what it holds."""
    from reader.importers.files import parse_bytes

    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read(MAX_MEMBER_BYTES + 1)
    except BROKEN_CONTAINER as error:
        raise ImportFailure(f"broken gzip file: {error}") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise ImportFailure(f"holds more than {MAX_MEMBER_BYTES // 2**20} MB")
    inner = PurePosixPath(path).name.removesuffix(".gz").removesuffix(".GZ")
    kind = _text_kind(data, inner)
    return parse_bytes(kind, data, path, field_map)


def _text_kind(data: bytes, name: str) -> str:
    head = data[:4096]
    name_encoding = encoding.text_encoding(head)
    if name_encoding is None:
        raise NotAnArticle("binary file, not text")
    suffix = PurePosixPath(name).suffix.lower()
    return detect_text(encoding.decode(head)[0], suffix)


def _members(
    names: list[str],
    read: Callable[[str], bytes],
    path: str,
    field_map: FieldMap | None,
) -> Parsed:
    """Each member that is an article file, parsed as it would be on disk."""
    from reader.importers.files import parse_bytes

    parsed = Parsed()
    problems: list[str] = []
    for name in _article_members(names):
        try:
            data = read(name)
            if not data.strip():
                continue
            kind = _text_kind(data, name)
            found = parse_bytes(kind, data, path, field_map)
        except NotAnArticle:
            continue
        except (ImportFailure, NothingToImport) as error:
            problems.append(f"{name}: {error}")
            continue
        except BROKEN_CONTAINER as error:
            problems.append(f"{name}: cannot read: {error}")
            continue
        parsed.articles.extend(found.articles)
        parsed.notes.extend(f"{name}: {note}" for note in found.notes)
    parsed.notes.extend(problems[:MAX_MEMBER_NOTES])
    if len(problems) > MAX_MEMBER_NOTES:
        parsed.notes.append(f"{len(problems) - MAX_MEMBER_NOTES} more members not imported")
    if not parsed.articles and problems:
        raise ImportFailure(f"no articles in it ({problems[0]})")
    return parsed


def _article_members(names: list[str]) -> Iterator[str]:
    from reader.importers.files import is_article_name

    for name in sorted(names):
        parts = PurePosixPath(name).parts
        if any(part.startswith(".") or part == "__MACOSX" for part in parts):
            continue
        if is_article_name(name):
            yield name
