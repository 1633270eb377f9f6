"""Omnivore's export zip: text from content/, metadata from the JSON, highlights imported."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from reader.importers.errors import ImportFailure, NothingToImport
from reader.importers.omnivore import is_omnivore_zip, parse_omnivore_zip
from reader.store import ArchiveStore

from .fixtures.imports.omnivore.build import PARTS, build_zip
from .import_helpers import (
    articles_by_url,
    failure_lines,
    import_ok,
    reimport_changes_nothing,
    same_however_found,
    user_state,
    write_zip,
)

BASIN = "https://harbourtimes.example/2024/11/02/eastern-basin-reopens"
COUNCIL = "https://news.example/local/council-slow-streets?id=88"
LINDHAVEN = "https://lindhaven-presse.example/port/quais-aube"
FERRY = "https://harbourtimes.example/2024/11/07/night-ferry-timetable"
TUNNEL = "https://fjordposten.example/nyheter/sorvik-tunnel-opens"


BASIN_TITLE = "Eastern basin reopens after three weeks of testing"


def items() -> list[dict[str, Any]]:
    [metadata] = PARTS.glob("metadata_*.json")
    loaded: list[dict[str, Any]] = json.loads(metadata.read_text(encoding="utf-8"))
    return loaded


def test_parser_reads_text_metadata_state_and_highlights(tmp_path: Path) -> None:
    path = build_zip(tmp_path / "omnivore.zip")
    with zipfile.ZipFile(path) as archive:
        parsed = parse_omnivore_zip(archive, str(path))
    by_url = articles_by_url(parsed.articles)
    assert len(by_url) == 5
    basin = by_url[BASIN]
    assert basin.read and not basin.bookmarked
    assert basin.tags == ["harbour", "Long read"]
    assert basin.authors == ["Maren Lyng"]
    assert basin.published == "2024-11-02T17:30:00+00:00"
    assert "## What changed" in basin.body
    assert not basin.link_only
    council = by_url["https://news.example/local/council-slow-streets?utm_medium=social&id=88"]
    assert council.authors == ["Anouk Brevik", "Pål Nygård"]
    assert council.published is None  # savedAt is not a publication date
    # No content file: a saved link, its description as the body.
    lindhaven = by_url[LINDHAVEN]
    assert lindhaven.link_only
    assert lindhaven.body.startswith("Après trois semaines")
    # Read progress alone does not mark an item read.
    assert not by_url[TUNNEL].read
    assert "> “Nobody here will miss the 06:15 ferry,”" in by_url[TUNNEL].body
    assert parsed.notes == []
    # A "> quote" block, then its labels line (dropped) and its note.
    assert [(h.passage, h.note, h.origin) for h in basin.highlights] == [
        (
            "Every sample has come back clean",
            "Ask the authority for the sample reports",
            "omnivore",
        ),
        ("Berth 10 stays closed until December.", None, "omnivore"),
    ]
    assert sum(len(article.highlights) for article in parsed.articles) == 3


def test_batches_read_in_order_and_deleted_items_skipped(tmp_path: Path) -> None:
    first, second = items()[:3], items()[3:]
    second[0]["state"] = "Deleted"
    second[1]["state"] = "Archived"  # the state in other tools' spelling
    members: dict[str, str | bytes] = {
        "metadata_3_to_5.json": json.dumps(second),
        "metadata_0_to_3.json": json.dumps(first),
    }
    for item in items():
        content = PARTS / "content" / f"{item['slug']}.html"
        if content.exists():
            members[f"content/{item['slug']}.html"] = content.read_bytes()
    path = write_zip(tmp_path / "batches.zip", members)
    with zipfile.ZipFile(path) as archive:
        parsed = parse_omnivore_zip(archive, str(path))
    assert [a.url for a in parsed.articles] == [
        BASIN,
        "https://news.example/local/council-slow-streets?utm_medium=social&id=88",
        LINDHAVEN,
        TUNNEL,
    ]
    assert parsed.articles[-1].read
    assert parsed.notes == ["1 item marked deleted was skipped"]


def test_only_deleted_items_is_nothing_to_import(tmp_path: Path) -> None:
    item = items()[0] | {"state": "DELETED"}
    path = write_zip(tmp_path / "deleted.zip", {"metadata_0_to_1.json": json.dumps([item])})
    with zipfile.ZipFile(path) as archive, pytest.raises(NothingToImport):
        parse_omnivore_zip(archive, str(path))


def test_recognised_by_its_members() -> None:
    assert is_omnivore_zip(["metadata_0_to_20.json", "content/a-1.html"])
    assert is_omnivore_zip(["export/metadata_20_to_23.json"])
    assert is_omnivore_zip(["metadata_0.json"])
    assert not is_omnivore_zip(["part_000000.csv", "annotations/part_000000.json"])
    assert not is_omnivore_zip(["metadata.json", "article.html"])


def test_broken_metadata_names_the_member(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "broken.zip", {"metadata_0_to_2.json": '[{"slug": "a-1",'})
    with zipfile.ZipFile(path) as archive, pytest.raises(ImportFailure) as failure:
        parse_omnivore_zip(archive, str(path))
    assert str(failure.value).startswith("metadata_0_to_2.json: broken JSON")
    [line] = failure_lines(tmp_path / "a.db", path)
    assert "metadata_0_to_2.json: broken JSON" in line


def test_cli_import_stores_articles_urls_and_state(tmp_path: Path, db_path: Path) -> None:
    result = import_ok(db_path, build_zip(tmp_path / "omnivore.zip"))
    assert "5 imported, 0 updated, 0 unchanged, 0 skipped, 0 failed" in result.output
    assert "not imported" not in result.output
    with ArchiveStore(db_path) as store:
        assert len(store.highlight_listing(None)) == 3
        assert store.query_ids("note:sample") == store.query_ids(f'"{BASIN_TITLE}"')
    assert user_state(db_path) == {
        BASIN: (
            "Eastern basin reopens after three weeks of testing",
            True,
            False,
            ["Long read", "harbour"],
        ),
        COUNCIL: (
            'Council votes 7–2 on “slow streets”, again: what "again" means',
            False,
            False,
            [],
        ),
        LINDHAVEN: ("Le port de Lindhaven rouvre ses quais à l’aube", False, False, ["to read"]),
        FERRY: ("Night ferry timetable cut to two crossings", True, False, ["ferries", "harbour"]),
        TUNNEL: ("Sørvik tunnel opens a year late", False, False, ["Sørvik", "tunnels"]),
    }


def test_detected_from_content_named_or_in_a_folder(tmp_path: Path) -> None:
    original = build_zip(tmp_path / "omnivore.zip")
    same_however_found(
        original,
        tmp_path,
        user_state,
        renamed="export",
        in_folder="deep/omnivore-export",
        expect="5 imported",
    )


def test_importing_twice_changes_nothing(tmp_path: Path, db_path: Path) -> None:
    path = build_zip(tmp_path / "omnivore.zip")
    import_ok(db_path, path)
    reimport_changes_nothing(db_path, path, unchanged=5)
