"""Readwise Reader's CSV export: location and progress as state, document tags, feed items."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.importers.detect import detect_text, read_csv
from reader.importers.errors import NothingToImport
from reader.importers.readwise import is_readwise_csv, parse_readwise_csv

from .import_helpers import (
    INSTAPAPER_HEADER,
    MEDIACLOUD_HEADER,
    POCKET_HEADER,
    articles_by_url,
    failure_lines,
    import_ok,
    reimport_changes_nothing,
    same_however_found,
    user_state,
)

EXPORT = Path(__file__).parent / "fixtures" / "imports" / "readwise" / "readwise-reader-export.csv"
HEADER = "Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen\n"

BASIN = "https://harbourtimes.example/2024/03/14/eastern-basin-closed"
FERRY = "https://news.example/world/ferry-strike-day-three?id=5&section=world"
CAFE = "https://lindhaven-presse.example/culture/cafe-des-quais"
TIDES = "https://blog.marenlyng.example/notes/2024/tide-tables"
REGATTA = "https://westhaven-courier.example/sport/regatta-results.html"
COUNCIL = "https://harbourtimes.example/2023/11/02/council-votes-on-slow-streets"
WEBCAM = "https://westhaven-courier.example/webcam/2024-week-11"

FEED_NOTE = "1 feed item skipped (brought in by Reader's feeds, never saved, tagged or read)"

# url -> (title, read, bookmarked, tags)
STATE = {
    # archive: read
    BASIN: (
        "Eastern basin closed after solvent found in samples",
        True,
        False,
        ["harbour", "water"],
    ),
    # later, but read to 94%: read
    FERRY: ('Ferry strike, day three: what the "final offer" means', True, False, []),
    # shortlist: bookmarked
    CAFE: (
        "Le Café des Quais ferme ses portes après 62 ans",
        False,
        True,
        ["français", "long read"],
    ),
    # new, seen or not: unread
    TIDES: ("Tide tables and what they don't tell you", False, False, ["maren's notes"]),
    # a feed item the user tagged: kept
    REGATTA: ("Regatta results: Westhaven takes the cup", False, False, ["sport"]),
    COUNCIL: ("Council votes on slow streets plan", False, False, []),
}


def parse(text: str) -> Any:
    header, rows = read_csv(text)
    assert is_readwise_csv(header)
    return parse_readwise_csv(rows, "readwise.csv")


def test_documents_are_link_only_entries_with_location_progress_and_tags() -> None:
    parsed = parse(EXPORT.read_text(encoding="utf-8"))
    by_url = articles_by_url(parsed.articles)
    assert {url: (a.title, a.read, a.bookmarked, sorted(a.tags)) for url, a in by_url.items()} == (
        STATE
    )
    assert WEBCAM not in by_url  # a feed item never saved, tagged or read
    assert all(a.link_only and a.body == "" and a.authors == [] for a in parsed.articles)
    assert by_url[BASIN].published == "2024-03-14T13:12:44+00:00"
    assert by_url[FERRY].published == "2024-03-13T13:12:01+00:00"
    assert by_url[CAFE].source == "lindhaven-presse.example"
    assert parsed.notes == [FEED_NOTE]


def test_cli_import_stores_urls_and_state(db_path: Path) -> None:
    result = import_ok(db_path, EXPORT)
    assert "6 imported, 0 updated, 0 unchanged, 0 skipped, 0 failed" in result.output
    assert FEED_NOTE in result.output
    assert user_state(db_path) == STATE


@pytest.mark.parametrize(
    ("progress", "location", "read"),
    [
        ("0.0", "archive", True),
        ("0.89", "later", False),
        ("0.9", "later", True),
        ("1", "new", True),
        ("93%", "later", True),
        ("", "later", False),
        ("nan", "later", False),
    ],
)
def test_read_from_archive_or_progress(progress: str, location: str, read: bool) -> None:
    row = f"A,https://a.example/,01h,[],2024-03-14 09:00:00+00:00,{progress},{location},True\n"
    assert parse(HEADER + row).articles[0].read is read


def test_columns_in_any_order_case_and_missing() -> None:
    parsed = parse(
        "\ufefflocation,url,document tags\n"
        "shortlist,https://a.example/one,\"['x', 'y']\"\n"
        "archive,https://a.example/two,\n"
    )
    one, two = parsed.articles
    assert (one.title, one.bookmarked, one.tags) == ("https://a.example/one", True, ["x", "y"])
    assert (two.read, two.published, two.tags) == (True, None, [])


def test_author_and_summary_columns_are_read_when_present() -> None:
    parsed = parse(
        "Title,URL,Author,Summary,Location,Document tags\n"
        "Tides,https://a.example/tides,Maren Lyng,How tide tables are made.,later,[]\n"
    )
    article = parsed.articles[0]
    assert article.authors == ["Maren Lyng"]
    assert article.body == "How tide tables are made."
    assert article.link_only


def test_documents_without_a_web_address_are_skipped_and_counted() -> None:
    parsed = parse(
        HEADER
        + "A,https://a.example/,01a,[],,0,later,False\n"
        + "Uploaded scan,,01b,[],,0,later,False\n"
        + "Mailed in,mailto:news@council.example,01c,[],,0,new,False\n"
    )
    assert [a.url for a in parsed.articles] == ["https://a.example/"]
    assert parsed.notes == ["2 documents without a web address skipped (no address 1, mailto: 1)"]


def test_readwise_highlights_export_is_reported_not_imported(tmp_path: Path) -> None:
    path = tmp_path / "readwise-data.csv"
    path.write_text(
        "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,"
        "Location,Highlighted at,Document tags\n"
        "The basin closed on Tuesday.,Eastern basin closed,Maren Lyng,,,yellow,,offset,"
        "12,2024-03-14 10:00:00+00:00,\n"
        "Every sample must be clean.,Eastern basin closed,Maren Lyng,,,yellow,,offset,"
        "40,2024-03-14 10:01:00+00:00,\n"
        "Sixty-two years.,Le Café des Quais,,,,blue,,offset,3,2024-03-10 08:00:00+00:00,\n",
        encoding="utf-8",
    )
    header, rows = read_csv(path.read_text(encoding="utf-8"))
    assert is_readwise_csv(header)
    with pytest.raises(NothingToImport) as raised:
        parse_readwise_csv(rows, str(path))
    assert str(raised.value) == (
        "a Readwise highlights export (3 highlights from 2 documents), not saved articles: "
        "highlights are not imported yet"
    )
    result = import_ok(tmp_path / "archive.db", path)
    assert "0 imported, 0 updated, 0 unchanged, 1 skipped, 0 failed" in result.output
    assert "a Readwise highlights export (3 highlights from 2 documents)" in result.output


@pytest.mark.parametrize(
    "header",
    [
        [
            "Title",
            "URL",
            "ID",
            "Document tags",
            "Saved date",
            "Reading progress",
            "Location",
            "Seen",
        ],
        ["url", "location", "seen"],
        ["\ufeffLocation", "URL", "Reading progress"],
    ],
)
def test_is_readwise_csv_recognises_the_header(header: list[str]) -> None:
    assert is_readwise_csv(header)


@pytest.mark.parametrize(
    "header",
    [
        POCKET_HEADER,
        INSTAPAPER_HEADER,
        MEDIACLOUD_HEADER,
        ["Title", "URL", "Location"],  # a list of places, say
    ],
)
def test_is_readwise_csv_claims_no_other_csv(header: list[str]) -> None:
    assert not is_readwise_csv(header)


def test_detected_from_content_whatever_the_name(tmp_path: Path) -> None:
    text = EXPORT.read_text(encoding="utf-8")
    assert detect_text(text, ".txt") == detect_text(text, "") == "csv"
    assert same_however_found(EXPORT, tmp_path, user_state) == STATE


def test_importing_twice_changes_nothing(db_path: Path) -> None:
    import_ok(db_path, EXPORT)
    reimport_changes_nothing(db_path, EXPORT)
    assert user_state(db_path) == STATE


def test_malformed_export_fails_with_one_line_naming_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "readwise.csv"
    path.write_text(HEADER + '"A quote never closed,' + "x," * 70_000 + "\n")
    [line] = failure_lines(tmp_path / "archive.db", path)
    # (Once "field larger than field limit": fields may now be as long as an article.)
    assert "broken CSV (line 2): a quoted field is never closed" in line
