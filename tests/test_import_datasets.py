"""Researchers' datasets: news-please JSON and JSONL, Media Cloud CSV, any JSON/CSV by --map."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.importers.datasets import is_mediacloud_csv, is_news_please, parse_records
from reader.importers.detect import read_csv
from reader.importers.errors import ImportFailure, NothingToImport

from .import_helpers import (
    INSTAPAPER_HEADER,
    POCKET_HEADER,
    articles_by_url,
    failure_lines,
    import_ok,
    reimport_changes_nothing,
    same_however_found,
    stored,
)

DATA = Path(__file__).parent / "fixtures" / "imports" / "datasets"
ARTICLE = DATA / "news-please-article.json"
LIST = DATA / "news-please-list.json"
JSONL = DATA / "news-please.jsonl"
STORIES = DATA / "mediacloud-stories.csv"
SEARCH = DATA / "mediacloud-search.csv"
PIPELINE_JSON = DATA / "pipeline-output.json"
PIPELINE_CSV = DATA / "pipeline-output.csv"

BASIN = "https://harbourtimes.example/2024/11/02/eastern-basin-reopens"
FERRY = "https://harbourtimes.example/2024/11/07/night-ferry-timetable"
TUNNEL = "https://fjordposten.example/nyheter/sorvik-tunnel-opens"
MAP_JSON = (
    "title=headline,body=text,url=link,published=date,authors=byline,"
    "source=outlet.name,tags=keywords"
)
MAP_CSV = (
    "title=Headline,body=Body,url=Link,published=Date,authors=Byline,source=Outlet,tags=Keywords"
)


def fields(db: Path) -> dict[str, tuple[Any, ...]]:
    return {
        url: (d["title"], d["source"], d["published"], d["authors"], sorted(d["tags"]))
        for url, d in stored(db).items()
    }


def csv_rows(path: Path) -> list[dict[str, object]]:
    return list(read_csv(path.read_text(encoding="utf-8"))[1])


# news-please


def test_news_please_article_file() -> None:
    document = json.loads(ARTICLE.read_text(encoding="utf-8"))
    assert is_news_please(document)
    [article] = parse_records([document], str(ARTICLE)).articles
    assert article.title == "Eastern basin reopens after three weeks of testing"
    assert article.url == BASIN
    assert article.published == "2024-11-02T17:30:00"
    assert article.authors == ["Maren Lyng"]
    assert article.source == "harbourtimes.example"
    assert not article.link_only
    # One newline ends a news-please paragraph; Markdown needs a blank line.
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[1].startswith("“Every sample has come back clean,”")


def test_news_please_list_keeps_descriptions_and_counts_empty_records() -> None:
    document = json.loads(LIST.read_text(encoding="utf-8"))
    assert is_news_please(document)
    parsed = parse_records(document, str(LIST))
    by_url = articles_by_url(parsed.articles)
    assert set(by_url) == {FERRY, TUNNEL}
    assert by_url[FERRY].authors == ["Jonas Aalberg", "Siri Dahl"]
    # No maintext: a saved link, its description as the body.
    tunnel = by_url[TUNNEL]
    assert tunnel.link_only and tunnel.body.startswith("Tunnelen under fjorden")
    assert tunnel.title == "Sørviktunnelen åpnet – ett år for sent"
    assert parsed.notes == ["1 record without a title or text skipped"]


def test_news_please_early_records_called_the_text_text() -> None:
    record = {
        "title": "Old crawl",
        "text": "Body of an early crawl.",
        "url": "https://news.example/old",
        "source_domain": "news.example",
        "date_publish": "2016-05-01 10:00:00",
        "date_download": "2016-05-01 11:00:00",
    }
    assert is_news_please(record)
    [article] = parse_records([record], "old.json").articles
    assert article.body == "Body of an early crawl." and not article.link_only


@pytest.mark.parametrize(
    "document",
    [
        {"title": "T", "body": "B", "maintext": "B"},  # reader's export
        [{"url": "https://a.example/", "is_archived": 0, "is_starred": 0, "content": "<p>x</p>"}],
        {"bookmarks": [{"content": {"type": "text", "text": "x"}}]},
        {"version": "https://jsonfeed.org/version/1.1", "items": []},
        {"title": "T", "text": "B"},  # too little to say news-please
        [],
    ],
)
def test_other_json_is_not_news_please(document: object) -> None:
    assert not is_news_please(document)


def test_news_please_files_through_the_cli(tmp_path: Path, db_path: Path) -> None:
    result = import_ok(db_path, ARTICLE, LIST, JSONL)
    assert "1 record without a title or text skipped" in result.output
    articles = stored(db_path)
    assert set(articles) == {BASIN, FERRY, TUNNEL}
    # The JSONL's copy of the tunnel (no text either) leaves it a saved link.
    assert articles[TUNNEL]["body"].startswith("Tunnelen under fjorden")
    assert fields(db_path)[FERRY] == (
        "Night ferry timetable cut to two crossings",
        "harbourtimes.example",
        "2024-11-07T16:05:00",
        ["Jonas Aalberg", "Siri Dahl"],
        [],
    )


# Media Cloud


def test_mediacloud_story_list_gives_saved_links() -> None:
    header, _ = read_csv(STORIES.read_text(encoding="utf-8"))
    assert is_mediacloud_csv(header)
    parsed = parse_records(csv_rows(STORIES), str(STORIES))
    assert [a.link_only for a in parsed.articles] == [True, True, True]
    council = parsed.articles[1]
    assert council.title == 'Council votes 7–2 on “slow streets”, again: what "again" means'
    assert council.source == "News Example"
    assert council.published == "2024-11-05T09:12:44"
    assert parsed.notes == ["1 record without a title or text skipped"]


def test_mediacloud_search_download_with_text() -> None:
    header, _ = read_csv(SEARCH.read_text(encoding="utf-8"))
    assert is_mediacloud_csv(header)
    parsed = parse_records(csv_rows(SEARCH), str(SEARCH))
    assert [a.link_only for a in parsed.articles] == [False, False]
    tunnel = parsed.articles[1]
    assert tunnel.published == "2024-11-11"
    assert "«Ingen her kommer til å savne fergen klokka 06.15»" in tunnel.body


@pytest.mark.parametrize(
    "header",
    [
        POCKET_HEADER,
        INSTAPAPER_HEADER,
        ["title", "url", "publish_date"],  # no outlet: could be anything
    ],
)
def test_other_csv_is_not_mediacloud(header: list[str]) -> None:
    assert not is_mediacloud_csv(header)


def test_mediacloud_through_the_cli(db_path: Path) -> None:
    result = import_ok(db_path, STORIES, SEARCH)
    assert "5 imported" in result.output
    articles = stored(db_path)
    assert articles["https://news.example/local/council-slow-streets?id=88"]["source"] == (
        "News Example"
    )
    assert articles[FERRY]["body"].startswith("From January the night ferry")


# --map


EXPECTED_MAPPED = {
    "https://harbourtimes.example/2024/11/14/board-valves": (
        "Harbour board approves valve replacement",
        "Harbour Times",
        "2024-11-14",
        ["Maren Lyng", "Jonas Aalberg"],
        ["harbour", "infrastructure"],
    ),
    "https://news.example/ferries/winter-timetable": (
        "Ferry operator posts winter timetable",
        "News Example",
        "2024-11-15T08:00:00+00:00",
        ["Siri Dahl"],
        ["ferries", "timetables"],
    ),
    "https://news.example/opinion/slow-streets": (
        "Opinion: keep the slow streets",
        "News Example",
        "2024-11-16T08:00:00+00:00",
        [],
        [],
    ),
}


@pytest.mark.parametrize(("path", "mapping"), [(PIPELINE_JSON, MAP_JSON), (PIPELINE_CSV, MAP_CSV)])
def test_map_reads_any_json_or_csv(tmp_path: Path, path: Path, mapping: str) -> None:
    db = tmp_path / "a.db"
    result = import_ok(db, "--map", mapping, path)
    assert fields(db) == EXPECTED_MAPPED
    articles = stored(db)
    board = articles["https://harbourtimes.example/2024/11/14/board-valves"]
    assert board["body"].startswith("The harbour board approved")  # HTML converted
    assert "<p>" not in board["body"]
    if path == PIPELINE_JSON:
        assert "1 record without a title or text skipped" in result.output
        assert "1 record with a title but neither text nor a web URL skipped" in result.output


def test_map_without_a_body_gives_saved_links() -> None:
    parsed = parse_records(csv_rows(PIPELINE_CSV), "x.csv", {"title": "Headline", "url": "Link"})
    assert all(a.link_only and a.body == "" for a in parsed.articles)
    assert len(parsed.articles) == 3


def test_map_names_unknown_fields_and_missing_keys() -> None:
    records = json.loads(PIPELINE_JSON.read_text(encoding="utf-8"))
    with pytest.raises(ImportFailure) as unknown:
        parse_records(records, "x.json", {"headline": "headline", "body": "text"})
    assert "headline" in str(unknown.value)
    assert "title, body, url, published, authors, source, tags" in str(unknown.value)
    with pytest.raises(ImportFailure, match="no record has the key 'summary'"):
        parse_records(records, "x.json", {"title": "headline", "body": "summary"})
    with pytest.raises(ImportFailure, match="title"):
        parse_records(records, "x.json", {"url": "link"})
    with pytest.raises(NothingToImport):
        parse_records([], "x.json", {"title": "headline"})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["Maren Lyng", "Jonas Aalberg"], ["Maren Lyng", "Jonas Aalberg"]),
        ("Maren Lyng; Jonas Aalberg", ["Maren Lyng", "Jonas Aalberg"]),
        ("Maren Lyng, Jonas Aalberg", ["Maren Lyng", "Jonas Aalberg"]),
        ("Lyng, Maren; Aalberg, Jonas", ["Lyng, Maren", "Aalberg, Jonas"]),
        ("harbour|ferries", ["harbour", "ferries"]),
        ([{"name": "Maren Lyng"}], ["Maren Lyng"]),
    ],
)
def test_authors_and_tags_as_lists_or_strings(value: object, expected: list[str]) -> None:
    record = {"t": "Title", "b": "Text.", "a": value, "k": value}
    [article] = parse_records(
        [record], "x.json", {"title": "t", "body": "b", "authors": "a", "tags": "k"}
    ).articles
    assert article.authors == expected
    assert article.tags == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1731657600, "2024-11-15T08:00:00+00:00"),
        (1731657600000, "2024-11-15T08:00:00+00:00"),
        ("1731657600", "2024-11-15T08:00:00+00:00"),
        ("Fri, 15 Nov 2024 08:00:00 +0000", "2024-11-15T08:00:00+00:00"),
        ("sometime in November", None),
    ],
)
def test_dates_as_text_or_timestamps(value: object, expected: str | None) -> None:
    record = {"t": "Title", "b": "Text.", "d": value}
    [article] = parse_records(
        [record], "x.json", {"title": "t", "body": "b", "published": "d"}
    ).articles
    assert article.published == expected


def test_text_that_is_not_html_is_kept_as_it_is() -> None:
    record = {"t": "Title", "b": "Prices rose 3 < 5 percent.\n\nA second paragraph."}
    [article] = parse_records([record], "x.json", {"title": "t", "body": "b"}).articles
    assert article.body == "Prices rose 3 < 5 percent.\n\nA second paragraph."


# Files: detection, re-import, broken files


@pytest.mark.parametrize("source", [ARTICLE, STORIES])
def test_detected_from_content_named_or_in_a_folder(tmp_path: Path, source: Path) -> None:
    found = same_however_found(
        source, tmp_path, fields, renamed="data", in_folder="2024/11/a1b2c3d4", expect="0 failed"
    )
    assert found


@pytest.mark.parametrize("source", [LIST, STORIES, JSONL])
def test_importing_twice_changes_nothing(db_path: Path, source: Path) -> None:
    first = import_ok(db_path, source)
    count = int(first.output.split(" imported")[0].rsplit(None, 1)[-1])
    reimport_changes_nothing(db_path, source, read=fields, unchanged=count)


def test_truncated_dataset_fails_with_one_line(tmp_path: Path, db_path: Path) -> None:
    broken = tmp_path / "news-please-list.json"
    broken.write_text(LIST.read_text(encoding="utf-8")[:900], encoding="utf-8")
    [line] = failure_lines(db_path, broken)
    assert "broken JSON" in line
