"""Instapaper's CSV export: folders as state or tags, Tags, Selection as a highlight."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.importers.detect import detect_text, read_csv
from reader.importers.errors import NothingToImport
from reader.importers.instapaper import is_instapaper_csv, parse_instapaper_csv
from reader.store import ArchiveStore

from .import_helpers import (
    MEDIACLOUD_HEADER,
    POCKET_HEADER,
    READWISE_HEADER,
    articles_by_url,
    failure_lines,
    import_ok,
    reimport_changes_nothing,
    same_however_found,
    stored,
    user_state,
)

EXPORT = Path(__file__).parent / "fixtures" / "imports" / "instapaper" / "instapaper-export.csv"

BASIN = "https://harbourtimes.example/2024/03/14/eastern-basin-closed"
FERRY = "https://news.example/world/ferry-strike-day-three?id=5&section=world"
CAFE = "https://lindhaven-presse.example/culture/cafe-des-quais"
TIDES = "https://blog.marenlyng.example/notes/2024/tide-tables"
CHOWDER = "https://westhaven-courier.example/food/harbour-chowder"
COUNCIL = "https://harbourtimes.example/2023/11/02/council-votes-on-slow-streets"

SELECTION = "The union said the offer was “not a starting point” for talks."
SKIPPED_NOTE = "1 row without a web address skipped (instapaper-private: 1)"

# url -> (title, read, bookmarked, tags)
STATE = {
    BASIN: (
        "Eastern basin closed after solvent found in samples",
        False,
        False,
        ["harbour", "water"],
    ),
    FERRY: ('Ferry strike, day three: what the "final offer" means', True, False, []),
    CAFE: ("Le Café des Quais ferme ses portes après 62 ans", False, True, []),
    TIDES: (TIDES, False, False, []),
    CHOWDER: ("Harbour chowder, the Westhaven way", False, False, ["cooking", "folder:Recipes"]),
    COUNCIL: ("Council votes on slow streets plan", True, False, ["council"]),
}


def parse(text: str) -> Any:
    header, rows = read_csv(text)
    assert is_instapaper_csv(header)
    return parse_instapaper_csv(rows, "instapaper-export.csv")


def test_rows_are_link_only_entries_with_folder_state_tags_and_selection() -> None:
    parsed = parse(EXPORT.read_text(encoding="utf-8"))
    by_url = articles_by_url(parsed.articles)
    assert {url: (a.title, a.read, a.bookmarked, a.tags) for url, a in by_url.items()} == STATE
    assert all(article.link_only for article in parsed.articles)
    assert by_url[FERRY].body == SELECTION
    assert by_url[CHOWDER].body == (
        "Start with the stock.\nThen the fish, and never the other way round."
    )
    assert by_url[BASIN].body == ""
    assert by_url[BASIN].published == "2024-03-14T13:12:44+00:00"
    assert by_url[CAFE].source == "lindhaven-presse.example"
    assert parsed.notes == [SKIPPED_NOTE]
    assert [h.passage for h in by_url[FERRY].highlights] == [SELECTION]


def test_cli_import_stores_urls_state_and_reports_highlights(db_path: Path) -> None:
    result = import_ok(db_path, EXPORT)
    assert "6 imported, 0 updated, 0 unchanged, 0 skipped, 0 failed" in result.output
    assert "not imported" not in result.output
    assert SKIPPED_NOTE in result.output
    assert user_state(db_path) == STATE
    # Until the page is imported, the selection is the text shown for the saved link.
    assert stored(db_path)[FERRY]["body"] == SELECTION
    with ArchiveStore(db_path) as store:
        listed = store.highlight_listing(None)
    assert len(listed) == 2 and {h.origin for h, _, _ in listed} == {"instapaper"}
    assert SELECTION in [h.passage for h, _, _ in listed]
    # The selection is found in the link's text (the selection itself) for now.
    assert not any(h.vanished for h, _, _ in listed)


def test_older_export_without_timestamp_and_tags() -> None:
    parsed = parse(
        "URL,Title,Selection,Folder\n"
        "https://news.example/a,First,,Unread\n"
        'https://news.example/b,"Second, with a comma",A line worth keeping.,Archive\n'
    )
    first, second = parsed.articles
    assert (first.title, first.read, first.published, first.tags) == ("First", False, None, [])
    assert (second.title, second.read) == ("Second, with a comma", True)
    assert second.body == "A line worth keeping."
    assert parsed.notes == []
    assert not first.highlights
    assert [h.passage for h in second.highlights] == ["A line worth keeping."]


@pytest.mark.parametrize(
    ("cell", "tags"),
    [
        ("[]", []),
        ("", []),
        ('["harbour", "long read"]', ["harbour", "long read"]),
        ('["café"]', ["café"]),
        ("['single', 'quotes']", ["single", "quotes"]),
        ("[harbour, water]", ["harbour", "water"]),  # not JSON: split leniently
    ],
)
def test_tags_cell_in_every_shape(cell: str, tags: list[str]) -> None:
    quoted = '"' + cell.replace('"', '""') + '"'
    parsed = parse(
        f"URL,Title,Selection,Folder,Timestamp,Tags\nhttps://a.example/,A,,Unread,1,{quoted}\n"
    )
    assert parsed.articles[0].tags == tags


@pytest.mark.parametrize(
    "header",
    [
        ["URL", "Title", "Selection", "Folder", "Timestamp", "Tags"],
        ["URL", "Title", "Selection", "Folder"],
        ["url", "title", "selection", "folder", "timestamp"],
        ["\ufeffURL", "Folder", "Title", "Selection"],
    ],
)
def test_is_instapaper_csv_recognises_the_header(header: list[str]) -> None:
    assert is_instapaper_csv(header)


@pytest.mark.parametrize(
    "header",
    [
        POCKET_HEADER,
        READWISE_HEADER,
        MEDIACLOUD_HEADER,
        ["URL", "Title", "Folder"],
    ],
)
def test_is_instapaper_csv_claims_no_other_csv(header: list[str]) -> None:
    assert not is_instapaper_csv(header)


def test_detected_from_content_whatever_the_name(tmp_path: Path) -> None:
    text = EXPORT.read_text(encoding="utf-8")
    assert detect_text(text, ".txt") == detect_text(text, "") == "csv"
    assert same_however_found(EXPORT, tmp_path, user_state) == STATE


def test_importing_twice_changes_nothing(db_path: Path) -> None:
    import_ok(db_path, EXPORT)
    reimport_changes_nothing(db_path, EXPORT)
    assert user_state(db_path) == STATE


def test_an_export_with_no_web_address_is_a_notice() -> None:
    with pytest.raises(NothingToImport, match="an Instapaper export with no saved links"):
        parse("URL,Title,Selection,Folder,Timestamp,Tags\n")
    with pytest.raises(
        NothingToImport, match=r"1 row without a web address skipped \(no address 1\)"
    ):
        parse("URL,Title,Selection,Folder,Timestamp,Tags\n,Untitled,,Unread,1,[]\n")


def test_malformed_export_fails_with_one_line_naming_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "instapaper-export.csv"
    runaway = '"A quote never closed,' + "x," * 70_000
    path.write_text(f"URL,Title,Selection,Folder,Timestamp,Tags\nhttps://a.example/,{runaway}\n")
    [line] = failure_lines(tmp_path / "archive.db", path)
    # (Once "field larger than field limit": fields may now be as long as an article.)
    assert "broken CSV (line 2): a quoted field is never closed" in line


def test_a_bad_timestamp_is_no_date_not_a_failure() -> None:
    parsed = parse(
        "URL,Title,Selection,Folder,Timestamp,Tags\nhttps://a.example/,A,,Unread,yesterday,[]\n"
    )
    assert parsed.articles[0].published is None
