"""Karakeep: its JSON export and its CLI dump — links, text, state, tags, lists, notes."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from reader.importers.errors import ImportFailure, NothingToImport
from reader.importers.karakeep import (
    is_karakeep,
    is_karakeep_tar,
    parse_karakeep,
    parse_karakeep_tar,
)

from .fixtures.imports.karakeep.build import DUMP, EXPORT, build_dump
from .import_helpers import (
    articles_by_url,
    failure_lines,
    import_ok,
    reimport_changes_nothing,
    same_however_found,
    stored,
    user_state,
)

BASIN = "https://harbourtimes.example/2024/11/02/eastern-basin-reopens"
COUNCIL = "https://news.example/local/council-slow-streets?id=88"
LINDHAVEN = "https://lindhaven-presse.example/port/quais-aube"
FERRY = "https://harbourtimes.example/2024/11/07/night-ferry-timetable"
MINUTES = "https://harbour-board.example/minutes/2024-10.pdf"
NOTE_TITLE = "Questions for the harbour board"


def state(db: Path) -> dict[str, tuple[bool, bool, list[str]]]:
    """Read, bookmarked and tags by URL (by title when it has none)."""
    return {key: (read, marked, tags) for key, (_, read, marked, tags) in user_state(db).items()}


def test_export_links_text_state_tags_and_lists() -> None:
    parsed = parse_karakeep(json.loads(EXPORT.read_text(encoding="utf-8")), str(EXPORT))
    by_key = articles_by_url(parsed.articles)
    assert len(by_key) == 5
    basin = by_key[BASIN]
    assert basin.link_only and basin.body == ""  # the export carries no page text
    assert basin.read and not basin.bookmarked  # the export has no favourites
    assert basin.tags == ["harbour", "long read", "Reading"]  # a manual list as a tag
    assert basin.published is None  # createdAt is when it was saved
    lindhaven = by_key[LINDHAVEN]
    assert lindhaven.title == LINDHAVEN  # no title: the URL stands in
    assert lindhaven.tags == ["to read", "Reading/Harbour"]  # a nested list, by its path
    # A smart list is a saved search, not where the user filed the bookmark.
    assert by_key[FERRY].tags == ["ferries", "Reading"]
    note = by_key[NOTE_TITLE]
    assert not note.link_only and note.url is None
    assert note.body.startswith("# Questions for the harbour board\n\n- Who pays")
    assert note.published == "2024-11-06T11:00:00+00:00"  # Unix seconds, in UTC
    # An empty note is no note.
    assert parsed.notes == ["2 notes not imported yet"]


def test_dump_carries_crawled_text_favourites_and_assets(tmp_path: Path) -> None:
    path = build_dump(tmp_path / "karakeep-dump.tar.gz")
    with tarfile.open(path) as archive:
        parsed = parse_karakeep_tar(archive, str(path))
    by_key = articles_by_url(parsed.articles)
    assert set(by_key) == {
        BASIN,
        "https://news.example/local/council-slow-streets?utm_medium=social&id=88",
        LINDHAVEN,
        NOTE_TITLE,
        FERRY,
        MINUTES,
    }
    basin = by_key[BASIN]
    assert not basin.link_only
    assert "## What changed" in basin.body
    assert (basin.read, basin.bookmarked) == (True, True)
    assert basin.tags == ["harbour", "long read", "infrastructure", "Reading"]
    assert basin.authors == ["Maren Lyng"]
    assert basin.source == "Harbour Times"
    assert basin.published == "2024-11-02T17:30:00+00:00"
    # The page text Karakeep kept as a linkHtmlContent asset.
    ferry = by_key[FERRY]
    assert "eleven people a night" in ferry.body and not ferry.link_only
    assert ferry.title == "Night ferry timetable cut to two crossings"  # the user's title wins
    # Crawling failed: a saved link.
    assert by_key[LINDHAVEN].link_only and by_key[LINDHAVEN].tags == ["to read", "Reading/Harbour"]
    # A PDF with its extracted text is an article; the image is skipped.
    minutes = by_key[MINUTES]
    assert minutes.body.startswith("Harbour board minutes, October 2024")
    assert minutes.title == "board-minutes-2024-10.pdf" and minutes.read
    assert parsed.notes == ["2 notes not imported yet", "1 image or file without text skipped"]


def test_recognition() -> None:
    assert is_karakeep(json.loads(EXPORT.read_text(encoding="utf-8")))
    assert is_karakeep({"bookmarks": [], "lists": []})
    assert not is_karakeep({"bookmarks": [{"url": "https://a.example/", "title": "A"}]})
    assert not is_karakeep([{"url": "https://a.example/", "is_archived": 0, "is_starred": 0}])
    assert not is_karakeep({"title": "A", "body": "B"})
    assert not is_karakeep({"bookmarks": [], "roots": {}})  # a browser's bookmarks, say
    assert is_karakeep_tar(["./manifest.json", "./bookmarks/index.jsonl"])
    assert is_karakeep_tar(["karakeep-dump/manifest.json", "karakeep-dump/lists/index.json"])
    assert not is_karakeep_tar(["manifest.json", "articles/one.html"])
    assert not is_karakeep_tar(["./bookmarks/index.jsonl"])


def tar_of(target: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(target, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return target


MANIFEST = (DUMP / "manifest.json").read_bytes()


def test_dump_without_bookmarks_is_nothing_to_import(tmp_path: Path) -> None:
    path = tar_of(tmp_path / "d.tar.gz", {"./manifest.json": MANIFEST, "./lists/index.json": b"[]"})
    with tarfile.open(path) as archive, pytest.raises(NothingToImport):
        parse_karakeep_tar(archive, str(path))


def test_broken_lines_are_noted_and_the_rest_imported(tmp_path: Path) -> None:
    lines = (DUMP / "bookmarks" / "index.jsonl").read_bytes().splitlines(keepends=True)
    jsonl = lines[0] + b'{"id": "cut short\n' + lines[1]
    path = tar_of(
        tmp_path / "d.tar.gz", {"./manifest.json": MANIFEST, "./bookmarks/index.jsonl": jsonl}
    )
    with tarfile.open(path) as archive:
        parsed = parse_karakeep_tar(archive, str(path))
    assert len(parsed.articles) == 2
    assert any(
        note.startswith("bookmarks/index.jsonl line 2: broken JSON") for note in parsed.notes
    )


def test_broken_manifest_names_the_member(tmp_path: Path) -> None:
    path = tar_of(
        tmp_path / "d.tar.gz",
        {"./manifest.json": b'{"format": ', "./bookmarks/index.jsonl": b""},
    )
    with (
        tarfile.open(path) as archive,
        pytest.raises(ImportFailure, match=r"manifest\.json: broken"),
    ):
        parse_karakeep_tar(archive, str(path))


def test_export_and_dump_of_one_account_merge(tmp_path: Path, db_path: Path) -> None:
    dump = build_dump(tmp_path / "karakeep-dump.tar.gz")
    result = import_ok(db_path, EXPORT, dump)
    assert "2 notes not imported yet" in result.output
    articles = stored(db_path)
    # One article per URL: the dump's text fills in the export's saved links.
    assert set(articles) == {BASIN, COUNCIL, LINDHAVEN, FERRY, MINUTES, NOTE_TITLE}
    assert "## What changed" in articles[BASIN]["body"]
    assert state(db_path) == {
        BASIN: (True, True, ["Reading", "harbour", "infrastructure", "long read"]),
        COUNCIL: (False, False, []),
        LINDHAVEN: (False, False, ["Reading/Harbour", "to read"]),
        FERRY: (True, False, ["Reading", "ferries"]),
        MINUTES: (True, False, ["harbour"]),
        NOTE_TITLE: (False, False, ["harbour", "notes"]),
    }


@pytest.mark.parametrize("kind", ["export", "dump"])
def test_detected_from_content_named_or_in_a_folder(tmp_path: Path, kind: str) -> None:
    original = EXPORT if kind == "export" else build_dump(tmp_path / "karakeep-dump.tar.gz")
    expect = f"{5 if kind == 'export' else 6} imported"
    same_however_found(
        original, tmp_path, state, renamed="karakeep", in_folder="deep/backup", expect=expect
    )


@pytest.mark.parametrize("kind", ["export", "dump"])
def test_importing_twice_changes_nothing(tmp_path: Path, db_path: Path, kind: str) -> None:
    path = EXPORT if kind == "export" else build_dump(tmp_path / "karakeep-dump.tar.gz")
    import_ok(db_path, path)
    reimport_changes_nothing(db_path, path, read=state, unchanged=5 if kind == "export" else 6)


def test_truncated_dump_fails_with_one_line(tmp_path: Path, db_path: Path) -> None:
    dump = build_dump(tmp_path / "karakeep-dump.tar.gz")
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(dump.read_bytes()[:600])
    [line] = failure_lines(db_path, cut)
    # The reason is named: containers.py words it "broken tar file" once it reads the
    # member list inside its guard; until then gzip's own words say it.
    assert "broken" in line or "Compressed file ended" in line
