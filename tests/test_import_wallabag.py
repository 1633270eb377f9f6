"""wallabag's JSON export: text, read and starred state, tags, annotations as highlights."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.importers.errors import NothingToImport
from reader.importers.wallabag import is_wallabag, parse_wallabag
from reader.store import ArchiveStore

from .import_helpers import (
    articles_by_url,
    failure_lines,
    import_ok,
    reimport_changes_nothing,
    same_however_found,
    stored,
    user_state,
)

EXPORT = Path(__file__).parent / "fixtures" / "imports" / "wallabag" / "wallabag-export.json"
BASIN = "https://harbourtimes.example/2024/11/02/eastern-basin-reopens"
COUNCIL = "https://news.example/local/council-slow-streets?id=88"
LINDHAVEN = "https://lindhaven-presse.example/port/quais-aube"
FERRY = "https://harbourtimes.example/2024/11/07/night-ferry-timetable"


def test_parser_reads_text_state_tags_and_annotations() -> None:
    parsed = parse_wallabag(json.loads(EXPORT.read_text()), str(EXPORT))
    by_url = articles_by_url(parsed.articles)
    assert set(by_url) == {
        BASIN,
        "https://news.example/local/council-slow-streets?utm_medium=social&id=88",
        LINDHAVEN,
        FERRY,
    }
    basin = by_url[BASIN]
    assert basin.read and basin.bookmarked
    assert basin.tags == ["harbour", "long read"]
    assert basin.authors == ["Maren Lyng"]
    assert basin.published == "2024-11-02T18:30:00+01:00"
    assert basin.source == "harbourtimes.example"
    assert "## What changed" in basin.body  # HTML became Markdown
    assert "- Berth 10 stays closed until December." in basin.body
    assert not basin.link_only
    # wallabag's "can't retrieve contents" placeholder is not the article's text.
    lindhaven = by_url[LINDHAVEN]
    assert lindhaven.link_only and lindhaven.body == ""
    assert lindhaven.bookmarked and not lindhaven.read
    assert parsed.notes == []
    # Annotations: the quote is the passage, the text its note (an empty one none).
    assert [(h.passage, h.note, h.origin) for h in basin.highlights] == [
        ("Berth 10 stays closed until December.", "check the December date", "wallabag"),
        ("Every sample has come back clean", None, "wallabag"),
    ]
    assert basin.highlights[0].created_at == "2024-11-03T09:01:12+01:00"
    assert [h.passage for h in by_url[FERRY].highlights] == ["eleven people a night"]


def test_cli_import_stores_articles_urls_and_state(db_path: Path) -> None:
    result = import_ok(db_path, EXPORT)
    assert "4 imported, 0 updated, 0 unchanged, 0 skipped, 0 failed" in result.output
    assert "not imported" not in result.output
    with ArchiveStore(db_path) as store:
        (basin_id,) = store.conn.execute(
            "SELECT id FROM articles WHERE url = ?", (BASIN,)
        ).fetchone()
        found = store.highlights_of(basin_id)
    # Found in the text converted from wallabag's HTML, in reading order.
    assert [(h.passage, h.note, h.vanished) for h in found] == [
        ("Every sample has come back clean", None, False),
        ("Berth 10 stays closed until December.", "check the December date", False),
    ]
    articles = stored(db_path)
    assert user_state(db_path) == {
        BASIN: (
            "Eastern basin reopens after three weeks of testing",
            True,
            True,
            ["harbour", "long read"],
        ),
        COUNCIL: (
            'Council votes 7–2 on “slow streets”, again: what "again" means',
            False,
            False,
            [],
        ),
        LINDHAVEN: ("Le port de Lindhaven rouvre ses quais à l’aube", False, True, ["to read"]),
        FERRY: ("Night ferry timetable cut to two crossings", True, False, ["ferries", "harbour"]),
    }
    assert articles[FERRY]["authors"] == ["Jonas Aalberg", "Siri Dahl"]
    assert "café quarter to the Zürichplatz" in articles[COUNCIL]["body"]


def test_detected_from_content_named_or_in_a_folder(tmp_path: Path) -> None:
    same_however_found(
        EXPORT,
        tmp_path,
        user_state,
        renamed="export",
        in_folder="deep/wallabag",
        expect="4 imported",
    )


def test_importing_twice_changes_nothing(db_path: Path) -> None:
    import_ok(db_path, EXPORT)
    reimport_changes_nothing(db_path, EXPORT, unchanged=4)


def test_truncated_export_fails_with_one_line(tmp_path: Path, db_path: Path) -> None:
    broken = tmp_path / "wallabag-export.json"
    broken.write_text(EXPORT.read_text()[:1500])
    [line] = failure_lines(db_path, broken)
    assert "broken JSON" in line


def entry(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "is_archived": 0,
        "is_starred": 0,
        "tags": [],
        "title": "Ferry fares rise",
        "url": "https://news.example/ferry-fares",
        "content": "<p>Fares rise in March.</p>",
        "annotations": [],
    }
    return base | fields


def test_api_shapes_booleans_tag_objects_and_deleted_entries() -> None:
    document = {
        "_embedded": {
            "items": [
                entry(
                    is_archived=True,
                    is_starred="1",
                    tags=[{"id": 3, "label": "fares", "slug": "fares"}],
                ),
                entry(url="https://news.example/gone", deleted_at="2024-12-01T10:00:00+01:00"),
                entry(url="javascript:void(0)", content=""),
            ]
        }
    }
    assert is_wallabag(document)
    parsed = parse_wallabag(document, "api.json")
    [article] = parsed.articles
    assert (article.read, article.bookmarked, article.tags) == (True, True, ["fares"])
    assert "1 entry marked deleted was skipped" in parsed.notes
    assert "1 entry with neither text nor a web URL was skipped" in parsed.notes


def test_only_deleted_entries_is_nothing_to_import() -> None:
    with pytest.raises(NothingToImport):
        parse_wallabag([entry(deleted_at="2024-12-01T10:00:00+01:00")], "x.json")


@pytest.mark.parametrize(
    "document",
    [
        [
            {
                "title": "T",
                "body": "B",
                "url": "https://a.example/",
                "is_archived": 0,
                "is_starred": 0,
            }
        ],
        [{"title": "T", "maintext": "B", "url": "https://a.example/"}],
        {"version": "https://jsonfeed.org/version/1.1", "items": []},
        {"bookmarks": []},
        [],
        ["https://a.example/"],
    ],
)
def test_other_json_is_not_wallabag(document: object) -> None:
    assert not is_wallabag(document)
