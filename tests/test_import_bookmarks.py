"""Browser bookmarks (Netscape HTML from Firefox and Chrome): link-only entries, tags, folders."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest

from reader.importers.bookmarks import is_bookmarks, parse_bookmarks
from reader.importers.detect import detect_text
from reader.importers.errors import NothingToImport

from .import_helpers import (
    articles_by_url,
    import_ok,
    reimport_changes_nothing,
    same_however_found,
    stored,
    user_state,
)

FIXTURES = Path(__file__).parent / "fixtures" / "imports" / "bookmarks"
FIREFOX = FIXTURES / "bookmarks.html"
CHROME = FIXTURES / "bookmarks_3_16_24.html"  # as Chrome names it, with CRLF line ends

BASIN = "https://harbourtimes.example/2024/03/14/eastern-basin-closed"
COUNCIL = "https://harbourtimes.example/2023/11/02/council-votes-on-slow-streets"
FERRY = "https://news.example/world/ferry-strike-day-three?id=5&section=world"
CAFE = "https://lindhaven-presse.example/culture/cafe-des-quais"
REGATTA = "https://westhaven-courier.example/sport/regatta-results.html"
TIDES = "https://blog.marenlyng.example/notes/2024/tide-tables"
NIGHT_FERRY = "https://harbourtimes.example/2024/11/07/night-ferry-timetable"
CHOWDER = "https://westhaven-courier.example/food/harbour-chowder"

FERRY_TITLE = 'Ferry strike, day three: what the "final offer" means & what comes next'
CAFE_TITLE = "Le Café des Quais ferme ses portes après 62 ans"

# url -> (title, tags) as stored; bookmarks are neither read nor bookmarked.
FIREFOX_STATE = {
    BASIN: (
        "Eastern basin closed after solvent found in samples",
        ["follow-up", "harbour", "water"],
    ),
    COUNCIL: ("Council votes on slow streets plan", ["council", "folder:News/Politics"]),
    FERRY: (FERRY_TITLE, ["folder:News/Politics"]),
    CAFE: (CAFE_TITLE, ["folder:News", "français"]),
    REGATTA: ("Regatta results: Westhaven takes the cup", []),
}
CHROME_STATE = {
    FERRY: (FERRY_TITLE, []),
    CAFE: (CAFE_TITLE, ["folder:Reading/Long reads"]),
    TIDES: ("Tide tables and what they don't tell you", ["folder:Reading"]),
    NIGHT_FERRY: ("Night ferry timetable, winter 2024", []),
    CHOWDER: ("Harbour chowder, the Westhaven way", ["folder:Recipes & food"]),
}


def state(db: Path) -> dict[str, tuple[str, list[str]]]:
    """Title and tags by URL; asserts that no bookmark came in read or bookmarked."""
    articles = user_state(db)
    assert not any(read or bookmarked for _, read, bookmarked, _ in articles.values())
    return {url: (title, tags) for url, (title, _, _, tags) in articles.items()}


def test_firefox_bookmarks_with_tags_folders_and_descriptions() -> None:
    parsed = parse_bookmarks(FIREFOX.read_text(encoding="utf-8"), str(FIREFOX))
    by_url = articles_by_url(parsed.articles)
    assert list(by_url) == [BASIN, COUNCIL, FERRY, CAFE, REGATTA]
    assert all(article.link_only for article in parsed.articles)
    basin = by_url[BASIN]
    # Bookmarked twice (menu and Other Bookmarks): one entry, both TAGS; roots give no folder.
    assert basin.tags == ["harbour", "water", "follow-up"]
    assert basin.body == "Samples from the eastern basin; a follow-up is expected in April."
    assert basin.published == "2024-03-14T13:12:44+00:00"  # ADD_DATE
    assert basin.source == "harbourtimes.example"
    assert by_url[COUNCIL].tags == ["council", "folder:News/Politics"]
    # The raw "&" of "&section=" stays as written; the title's references are decoded.
    assert by_url[FERRY].title == FERRY_TITLE
    assert by_url[FERRY].body == ""
    cafe = by_url[CAFE]
    assert cafe.tags == ["français", "folder:News"]
    assert cafe.body == "Un article de Lindhaven Presse & une photo du port."
    # The toolbar is a browser root: no folder tag. The folder's own <DD> is nobody's body.
    assert by_url[REGATTA].tags == [] and by_url[REGATTA].body == ""
    assert all("What to read on the ferry" not in a.body for a in parsed.articles)
    assert parsed.notes == [
        "4 bookmarks without a web address skipped (javascript: 1, place: 1, file: 1, about: 1)"
    ]


def test_chrome_bookmarks_with_nested_folders() -> None:
    parsed = parse_bookmarks(CHROME.read_bytes().decode("utf-8"), str(CHROME))
    by_url = {article.url: (article.title, sorted(article.tags)) for article in parsed.articles}
    assert by_url == CHROME_STATE
    assert all(a.link_only and a.body == "" for a in parsed.articles)
    assert parsed.notes == ["1 bookmark without a web address skipped (chrome: 1)"]


def test_cli_imports_both_browsers_into_one_archive(db_path: Path) -> None:
    result = import_ok(db_path, FIREFOX)
    assert "5 imported, 0 updated, 0 unchanged, 0 skipped, 0 failed" in result.output
    assert "4 bookmarks without a web address skipped" in result.output
    assert state(db_path) == FIREFOX_STATE
    result = import_ok(db_path, CHROME)
    # The ferry and the café were bookmarked in both browsers: one article each.
    assert "3 imported, 1 updated, 1 unchanged" in result.output
    merged = state(db_path)
    assert len(merged) == 8
    assert merged[CAFE] == (CAFE_TITLE, ["folder:News", "folder:Reading/Long reads", "français"])


@pytest.mark.parametrize(
    "head",
    [
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<!-- This is an automatically generated file.",
        "\ufeff<!doctype netscape-bookmark-file-1>",
        "  \r\n<!DOCTYPE  NETSCAPE-Bookmark-file-1>",
        # Without the doctype (some tools drop it), the format's own shape
        '<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n<DL><p>\n    <DT><A HREF="https://a.example/">',
    ],
)
def test_is_bookmarks_recognises_the_format(head: str) -> None:
    assert is_bookmarks(head)


@pytest.mark.parametrize(
    "head",
    [
        "<!DOCTYPE html><html><head><title>Glossary</title></head><body><dl>"
        '<dt><a href="https://a.example/">Basin</a></dt><dd>A dock.</dd></dl>',
        "<!DOCTYPE html><html><head><title>Pocket Export</title></head>",
        "title,url,time_added,tags,status\n",
    ],
)
def test_is_bookmarks_claims_no_other_file(head: str) -> None:
    assert not is_bookmarks(head)


def test_detected_from_content_whatever_the_name(tmp_path: Path) -> None:
    for source, expected in ((FIREFOX, FIREFOX_STATE), (CHROME, CHROME_STATE)):
        text = source.read_bytes().decode("utf-8")
        assert detect_text(text, ".txt") == detect_text(text, "") == "bookmarks"
        assert same_however_found(source, tmp_path / source.stem, state) == expected


def test_importing_twice_changes_nothing(db_path: Path) -> None:
    import_ok(db_path, FIREFOX, CHROME)
    reimport_changes_nothing(db_path, FIREFOX, CHROME, read=state)
    assert len(stored(db_path)) == 8


def test_a_file_with_no_web_bookmarks_is_a_notice_not_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.html"
    path.write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n"
        '<DL><p>\n    <DT><A HREF="place:sort=8&maxResults=10">Most Visited</A>\n</DL>\n',
        encoding="utf-8",
    )
    with pytest.raises(NothingToImport) as raised:
        parse_bookmarks(path.read_text(encoding="utf-8"), str(path))
    assert str(raised.value) == (
        "a bookmarks file with no bookmarks; 1 bookmark without a web address skipped (place: 1)"
    )
    result = import_ok(tmp_path / "archive.db", path)
    assert "0 failed" in result.output
    assert "a bookmarks file with no bookmarks" in result.output


def test_a_file_cut_off_keeps_the_bookmarks_before(tmp_path: Path, db_path: Path) -> None:
    text = FIREFOX.read_text(encoding="utf-8")
    path = tmp_path / "bookmarks.html"
    path.write_text(text[: text.index("Le Café des") + 7], encoding="utf-8")
    import_ok(db_path, path)
    cut = state(db_path)
    assert set(cut) == {BASIN, COUNCIL, FERRY, CAFE}
    assert cut[CAFE] == ("Le Café", ["folder:News", "français"])


def test_hostile_markup_stays_linear() -> None:
    """Runs of unclosed tags and thousands of nested folders: no quadratic parse."""
    head = "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
    link = '<DT><A HREF="https://a.example/{}">x</A>\n'
    hostile = [
        head + "<a " * 200_000,
        head + "<DL><p><DT><H3>f</H3>\n" * 20_000 + "".join(link.format(n) for n in range(20_000)),
        head + '<DT><A HREF="https://a.example/" ' + 'x="1" ' * 200_000 + ">x</A>",
    ]
    for text in hostile:
        started = time.perf_counter()
        with contextlib.suppress(NothingToImport):
            parse_bookmarks(text, "hostile.html")
        assert time.perf_counter() - started < 5
    deep = parse_bookmarks(hostile[1], "hostile.html").articles
    assert len(deep) == 20_000
    assert len(deep[0].tags[0]) < 250  # the folder path is cut, not grown without end
