"""Pocket's exports: ril_export.html, pocket.zip (CSV parts and highlights), and the CSV alone."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from reader.importers.detect import detect_text, read_csv
from reader.importers.errors import ImportFailure, NothingToImport
from reader.importers.pocket import (
    is_pocket_csv,
    is_pocket_html,
    is_pocket_zip,
    parse_pocket_csv,
    parse_pocket_html,
    parse_pocket_zip,
)
from reader.store import ArchiveStore

from .fixtures.imports.pocket.build import PARTS, build_pocket_zip
from .import_helpers import (
    INSTAPAPER_HEADER,
    MEDIACLOUD_HEADER,
    READWISE_HEADER,
    articles_by_url,
    import_files,
    import_ok,
    reimport_changes_nothing,
    same_however_found,
    user_state,
    write_zip,
)

FIXTURES = Path(__file__).parent / "fixtures" / "imports" / "pocket"
RIL_EXPORT = FIXTURES / "ril_export.html"
PART_0 = PARTS / "part_000000.csv"

BASIN = "https://harbourtimes.example/2024/03/14/eastern-basin-closed"
FERRY = "https://news.example/world/ferry-strike-day-three?id=5&section=world"
CAFE = "https://lindhaven-presse.example/culture/cafe-des-quais"
TIDES = "https://blog.marenlyng.example/notes/2024/tide-tables"
COUNCIL = "https://harbourtimes.example/2023/11/02/council-votes-on-slow-streets"
REGATTA = "http://westhaven-courier.example/sport/regatta-results.html"
NIGHT_FERRY = "https://harbourtimes.example/2024/11/07/night-ferry-timetable"

FERRY_TITLE = 'Ferry strike, day three: what the "final offer" means & what comes next'
CAFE_TITLE = "Le Café des Quais ferme ses portes après 62 ans"
BASIN_TITLE = "Eastern basin closed after solvent found in samples"

# url -> (title, read, bookmarked, tags), as stored after importing ril_export.html
HTML_STATE = {
    BASIN: (BASIN_TITLE, False, False, ["harbour", "water"]),
    FERRY: (FERRY_TITLE, False, False, []),
    CAFE: (CAFE_TITLE, False, False, ["français", "long read"]),
    TIDES: (TIDES, False, False, []),
    COUNCIL: ("Council votes on slow streets plan", True, False, ["council"]),
    REGATTA: ("Regatta results: Westhaven takes the cup", True, False, []),
}
ZIP_STATE = {
    **HTML_STATE,
    BASIN: (BASIN_TITLE, True, False, ["harbour", "water"]),
    NIGHT_FERRY: ("Night ferry timetable, winter 2024", False, False, ["transport"]),
}


# -- ril_export.html ---------------------------------------------------------------


def test_html_items_are_link_only_entries_with_state_tags_and_save_date() -> None:
    parsed = parse_pocket_html(RIL_EXPORT.read_text(encoding="utf-8"), str(RIL_EXPORT))
    by_url = articles_by_url(parsed.articles)
    # The raw addresses: `cleaned()` canonicalises them later (utm_ dropped).
    assert set(by_url) == {
        BASIN + "?utm_source=pocket_saves",
        FERRY,  # "&section=" stays as written, not "§ion="
        CAFE,
        TIDES,
        COUNCIL,
        REGATTA,
    }
    assert all(a.link_only and a.body == "" for a in parsed.articles)
    ferry = by_url[FERRY]
    assert ferry.title == FERRY_TITLE
    assert ferry.tags == [] and not ferry.read and not ferry.bookmarked
    assert ferry.published == "2024-03-13T13:12:01+00:00"
    assert ferry.source == "news.example"
    assert by_url[CAFE].tags == ["français", "long read"]
    assert by_url[TIDES].title == TIDES  # Pocket had no title: the address is the title
    assert [a.read for a in parsed.articles] == [False, False, False, False, True, True]
    assert parsed.notes == []


def test_cli_imports_html_with_state(db_path: Path) -> None:
    result = import_ok(db_path, RIL_EXPORT)
    assert "6 imported, 0 updated, 0 unchanged, 0 skipped, 0 failed" in result.output
    assert user_state(db_path) == HTML_STATE


@pytest.mark.parametrize(
    "head",
    [
        "<html><head><title>Pocket Export</title></head>",
        "<HTML><HEAD><TITLE>Pocket Export</TITLE></HEAD>",
        '<html><head><title lang="en">\n  Pocket  Export\n</title>',
        "<!DOCTYPE html>\n<html>\n\t<!--So long and thanks for all the fish-->\n\t<head>\n"
        '\t\t<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />\n'
        "\t\t<title>Pocket Export</title>",
    ],
)
def test_is_pocket_html_recognises_the_export(head: str) -> None:
    assert is_pocket_html(head)
    assert detect_text("\ufeff" + head + "<body><h1>Unread</h1>", ".txt") == "pocket-html"


@pytest.mark.parametrize(
    "head",
    [
        "<html><head><title>How to export from Pocket</title></head>",
        "<html><head><title>Pocket Export tips and tricks</title></head>",
        "<html><body><p>Open the Pocket Export page and save ril_export.html.</p></body>",
    ],
)
def test_is_pocket_html_claims_no_other_page(head: str) -> None:
    assert not is_pocket_html(head)


def test_html_entries_without_a_web_address_are_skipped_and_counted() -> None:
    text = (
        "<title>Pocket Export</title><h1>Unread</h1><ul>"
        '<li><a href="https://news.example/a" time_added="1700000000" tags="">A</a></li>'
        '<li><a href="ftp://files.example/b" time_added="1700000000" tags="">B</a></li>'
        '<li><a time_added="1700000000" tags="">No address</a></li>'
        "</ul>"
    )
    parsed = parse_pocket_html(text, "ril_export.html")
    assert [a.url for a in parsed.articles] == ["https://news.example/a"]
    assert parsed.notes == ["2 items without a web address skipped (ftp: 1, no address 1)"]


def test_empty_html_export_is_nothing_to_import_and_a_wrong_one_fails() -> None:
    empty = "<title>Pocket Export</title><h1>Unread</h1><ul></ul><h1>Read Archive</h1><ul></ul>"
    with pytest.raises(NothingToImport, match="no saved links"):
        parse_pocket_html(empty, "ril_export.html")
    with pytest.raises(ImportFailure, match="without its Unread and Read Archive lists"):
        parse_pocket_html("<title>Pocket Export</title><p>nothing here</p>", "x.html")


def test_html_cut_off_mid_item_keeps_what_came_before(tmp_path: Path, db_path: Path) -> None:
    text = RIL_EXPORT.read_text(encoding="utf-8")
    cut = tmp_path / "ril_export.html"
    cut.write_text(text[: text.index("Council votes") + 7], encoding="utf-8")
    import_ok(db_path, cut)
    stored = user_state(db_path)
    assert set(stored) == {BASIN, FERRY, CAFE, TIDES, COUNCIL}
    assert stored[COUNCIL][0] == "Council"
    assert stored[COUNCIL][1]  # still under Read Archive


def test_pocket_export_dressed_as_a_bookmark_file_reads_as_pocket(db_path: Path) -> None:
    text = RIL_EXPORT.read_text(encoding="utf-8").replace(
        "<!DOCTYPE html>", "<!DOCTYPE NETSCAPE-Bookmark-file-1>"
    )
    assert detect_text(text, ".html") == "bookmarks"
    from reader.importers.bookmarks import parse_bookmarks

    parsed = parse_bookmarks(text, "ril_export.html")
    assert [a.read for a in parsed.articles] == [False, False, False, False, True, True]
    assert parsed.articles[0].tags == ["harbour", "water"]


# -- pocket.zip and its CSV --------------------------------------------------------


def test_zip_reads_every_part_and_its_highlights(tmp_path: Path) -> None:
    path = build_pocket_zip(tmp_path / "pocket.zip")
    with zipfile.ZipFile(path) as archive:
        assert is_pocket_zip(archive.namelist())
        parsed = parse_pocket_zip(archive, str(path))
    by_url = articles_by_url(parsed.articles)
    assert len(parsed.articles) == 7
    assert set(by_url) >= {FERRY, CAFE, TIDES, COUNCIL, REGATTA, NIGHT_FERRY}
    assert all(a.link_only and a.body == "" for a in parsed.articles)
    ferry = by_url[FERRY]
    assert ferry.title == FERRY_TITLE  # quoted, with doubled quotes, in the CSV
    assert by_url[CAFE].tags == ["français", "long read"]  # joined by "|"
    assert by_url[NIGHT_FERRY].published == "2024-11-07T17:20:00+00:00"
    assert by_url[REGATTA].read and not by_url[NIGHT_FERRY].read
    assert by_url[TIDES].title == TIDES
    assert parsed.notes == []
    assert [(h.passage, h.origin) for h in by_url[CAFE].highlights] == [
        ("Soixante-deux ans de cafés serrés et de conversations sur le port.", "pocket")
    ]
    assert sum(len(article.highlights) for article in parsed.articles) == 3


def test_cli_imports_zip_with_state_and_reports_highlights(tmp_path: Path, db_path: Path) -> None:
    path = build_pocket_zip(tmp_path / "pocket.zip")
    result = import_ok(db_path, path)
    assert "7 imported, 0 updated, 0 unchanged, 0 skipped, 0 failed" in result.output
    with ArchiveStore(db_path) as store:
        assert len(store.highlight_listing(None)) == 3
        assert len(store.query_ids("is:highlighted")) == 2
    assert user_state(db_path) == ZIP_STATE


@pytest.mark.parametrize(
    "header",
    [
        ["title", "url", "time_added", "tags", "status"],
        ["title", "url", "time_added", "cursor", "tags", "status"],  # exports of late 2024
        ["URL", "Title", "Time_Added", "Status"],
        ["\ufefftitle", "url", "time_added", "tags", "status"],
    ],
)
def test_is_pocket_csv_recognises_the_header(header: list[str]) -> None:
    assert is_pocket_csv(header)


@pytest.mark.parametrize(
    "header",
    [
        INSTAPAPER_HEADER,
        READWISE_HEADER,
        MEDIACLOUD_HEADER,
        ["title", "url", "tags"],
    ],
)
def test_is_pocket_csv_claims_no_other_csv(header: list[str]) -> None:
    assert not is_pocket_csv(header)


def test_csv_alone_reads_like_the_zip_without_highlights(db_path: Path) -> None:
    _, rows = read_csv(PART_0.read_text(encoding="utf-8"))
    parsed = parse_pocket_csv(rows, str(PART_0))
    assert len(parsed.articles) == 5 and parsed.notes == []
    result = import_ok(db_path, PART_0)
    assert "5 imported" in result.output
    assert user_state(db_path) == {
        url: ZIP_STATE[url] for url in (BASIN, FERRY, CAFE, TIDES, COUNCIL)
    }


def test_csv_with_the_cursor_column_and_favorites() -> None:
    text = (
        "title,url,time_added,cursor,tags,status,favorite\n"
        "Hoarded,https://news.example/hoard,1728576752,7187623980,,unread,1\n"
        "Plain,https://news.example/plain,1728576753,7187623981,a|with space,archive,0\n"
    )
    header, rows = read_csv(text)
    assert is_pocket_csv(header)
    hoarded, plain = parse_pocket_csv(rows, "part.csv").articles
    assert hoarded.bookmarked and not hoarded.read
    assert plain.read and not plain.bookmarked and plain.tags == ["a", "with space"]


# -- detection, re-import, merging ----------------------------------------------


def test_detected_from_content_whatever_the_name(tmp_path: Path) -> None:
    pocket_zip = build_pocket_zip(tmp_path / "pocket.zip")
    assert same_however_found(RIL_EXPORT, tmp_path / "html", user_state) == HTML_STATE
    assert same_however_found(pocket_zip, tmp_path / "zip", user_state) == ZIP_STATE
    assert len(same_however_found(PART_0, tmp_path / "csv", user_state)) == 5


def test_importing_twice_changes_nothing(tmp_path: Path, db_path: Path) -> None:
    path = build_pocket_zip(tmp_path / "pocket.zip")
    for source in (RIL_EXPORT, path):
        import_ok(db_path, source)
        # Known unchanged, then parsed again: every article is already there, same state.
        reimport_changes_nothing(db_path, source)


def test_html_then_zip_gives_one_article_per_address(tmp_path: Path, db_path: Path) -> None:
    import_ok(db_path, RIL_EXPORT)
    result = import_ok(db_path, build_pocket_zip(tmp_path / "pocket.zip"))
    # Eastern basin was archived after the HTML export: read now, same article.
    assert "1 imported, 2 updated" in result.output  # the second: highlights added
    assert user_state(db_path) == ZIP_STATE


# -- broken exports --------------------------------------------------------------


def test_broken_annotations_are_a_note_not_a_failure(tmp_path: Path, db_path: Path) -> None:
    path = write_zip(
        tmp_path / "pocket.zip",
        {
            "part_000000.csv": PART_0.read_text(encoding="utf-8"),
            "annotations/part_000000.json": '[{"url": "https://news.example/a", "highl',
        },
    )
    result = import_ok(db_path, path)
    assert "5 imported" in result.output
    assert "annotations/part_000000.json: broken JSON" in result.output
    assert "its highlights were not imported" in result.output


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        (
            # A quote never closed swallows the rest of the file into one field.
            {"part_000000.csv": 'title,url,time_added,tags,status\n"Runaway,' + "x," * 70_000},
            "part_000000.csv: broken CSV (line 2): a quoted field is never closed",
        ),
        (
            {"part_000000.csv": "name,address,when\nA,https://a.example/,1700000000\n"},
            "part_000000.csv: not Pocket's columns (name, address, when)",
        ),
        ({"part_000000.csv": "title,url,time_added,tags,status\n"}, "no saved links"),
    ],
)
def test_broken_zip_fails_with_one_line_naming_the_reason(
    tmp_path: Path, db_path: Path, members: dict[str, str], reason: str
) -> None:
    path = write_zip(tmp_path / "pocket.zip", members)
    result = import_files(db_path, path)
    assert reason in result.output
    assert "Traceback" not in result.output
    line = next(line for line in result.output.splitlines() if reason in line)
    assert line.startswith(("error:", "note:"))


def test_csv_cut_off_mid_row_keeps_the_rows_before(tmp_path: Path) -> None:
    text = PART_0.read_text(encoding="utf-8")
    cut = text[: text.index(",https://blog.marenlyng")]  # inside a row: its title only
    _, rows = read_csv(cut)
    parsed = parse_pocket_csv(rows, "part_000000.csv")
    assert [a.title for a in parsed.articles] == [
        BASIN_TITLE,
        FERRY_TITLE,
        CAFE_TITLE,
    ]
    assert parsed.notes == ["1 item without a web address skipped (no address 1)"]


def test_rezipped_export_in_a_folder_with_macos_metadata(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "pocket.zip",
        {
            "Pocket Data Export/part_000000.csv": PART_0.read_text(encoding="utf-8"),
            "__MACOSX/Pocket Data Export/._part_000000.csv": "\x00\x05\x16\x07",
        },
    )
    with zipfile.ZipFile(path) as archive:
        assert is_pocket_zip(archive.namelist())
        assert len(parse_pocket_zip(archive, str(path)).articles) == 5
    assert not is_pocket_zip(["metadata_0_to_19.json", "content/a.html"])
