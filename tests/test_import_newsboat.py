"""newsboat's cache.db: items with their text, read and flagged state; deleted ones skipped."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from reader.importers.newsboat import is_newsboat_cache, parse_newsboat
from reader.models import Article

from .import_helpers import (
    article_count,
    article_details,
    failure_lines,
    import_ok,
    reimport_changes_nothing,
    same_however_found,
    user_state,
)

FIXTURES = Path(__file__).parent / "fixtures" / "imports" / "newsboat"


def build_cache(path: Path, schema_before: str | None = None, data: bool = True) -> Path:
    """A cache.db from the committed schema (cut before ``schema_before``) and data."""
    schema = (FIXTURES / "schema.sql").read_text(encoding="utf-8")
    if schema_before:
        schema = schema.split(f"-- schema {schema_before}")[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:
        conn.executescript(schema)
        if data:
            conn.executescript((FIXTURES / "data.sql").read_text(encoding="utf-8"))
    conn.close()
    return path


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return build_cache(tmp_path / "newsboat" / "cache.db")


def _by_title(path: Path) -> dict[str, Article]:
    return {a.title: a.cleaned() for a in parse_newsboat(str(path)).articles}


def test_items_become_articles_with_text(cache: Path) -> None:
    articles = _by_title(cache)
    assert list(articles) == [
        "Basin reopens after three weeks",
        "Ferry timetable, “winter” edition, changes again",
        "Council votes on water levy",
        "Orchard growers count frost losses",
        "Notes on soldering irons — Åsa’s bench",
        "Worth reading: a history of the pocket radio",
        "Episode 41: The lighthouse keepers",
        "Wire service moves to new offices",
    ]
    basin = articles["Basin reopens after three weeks"]
    assert basin.url == "https://harbourtimes.example/2026/03/02/basin-reopens"
    assert basin.authors == ["Tomas Reyes"]
    assert basin.published == "2026-03-02T07:30:00+00:00"
    assert basin.guid == "https://harbourtimes.example/?p=20417"
    assert "“Every sample came back clean,” said harbour master Ines Okafor." in basin.body
    # A relative link, resolved against the item's base as newsboat shows it.
    assert "[map of the basin](https://harbourtimes.example/2026/03/map)" in basin.body
    ferry = articles["Ferry timetable, “winter” edition, changes again"]
    assert "**April 6**" in ferry.body and "- 07:10 to Skerry Point" in ferry.body
    assert "<" not in ferry.body
    soldering = articles["Notes on soldering irons — Åsa’s bench"]
    assert soldering.body.startswith("## Why temperature control matters")
    assert "too hot & lifts pads" in soldering.body


def test_plain_text_and_xhtml_content(cache: Path) -> None:
    articles = _by_title(cache)
    levy = articles["Council votes on water levy"]
    assert levy.body == (
        "The council voted 7 to 4 for the levy.\n\n"
        'Farmers said the levy was "a tax on rain". The vote is final.'
    )
    # The tracking parameters go with canonicalisation.
    assert levy.url == "https://valleycourier.example/2026/03/01/water-levy"
    frost = articles["Orchard growers count frost losses"]
    assert frost.body == "Growers lost a third of the blossom to one night of frost."
    assert frost.authors == []


def test_source_is_the_feed_title_else_a_domain(cache: Path) -> None:
    articles = _by_title(cache)
    assert articles["Basin reopens after three weeks"].source == "Harbour Times"
    assert articles["Council votes on water levy"].source == "Valley Courier & Gazette"
    # The blog's feed has no title: its site's domain.
    assert articles["Notes on soldering irons — Åsa’s bench"].source == "blog.lindqvist.example"
    # The feed's row is gone: the item's own domain.
    wire = articles["Wire service moves to new offices"]
    assert wire.source == "old-wire.example"
    assert wire.published is None, "newsboat's 0 means no date"


def test_state_unread_flags_and_flag_tags(cache: Path) -> None:
    articles = _by_title(cache)
    state = {t: (a.read, a.bookmarked, a.tags) for t, a in articles.items()}
    assert state["Basin reopens after three weeks"] == (True, False, [])
    assert state["Ferry timetable, “winter” edition, changes again"] == (False, True, ["flag-s"])
    # A capital flag is a different flag in newsboat; reader's tags ignore case.
    assert state["Council votes on water levy"] == (False, True, ["flag-capital-l", "flag-s"])
    # Flagged, then unflagged: flags is "" (never flagged is NULL).
    assert state["Notes on soldering irons — Åsa’s bench"] == (True, False, [])
    assert state["Episode 41: The lighthouse keepers"] == (False, False, [])


def test_an_item_without_text_is_a_saved_link(cache: Path) -> None:
    articles = _by_title(cache)
    link = articles["Worth reading: a history of the pocket radio"]
    assert link.link_only and link.body == ""
    assert link.url == "https://radiohistory.example/pocket-radio"
    assert not any(a.link_only for t, a in articles.items() if t != link.title)


def test_deleted_and_empty_items_are_skipped_and_counted(cache: Path) -> None:
    parsed = parse_newsboat(str(cache))
    titles = {a.title for a in parsed.articles}
    assert "Tide tables for February" not in titles
    assert "Episode 37: Fog signals" not in titles
    assert "Council agenda posted" not in titles
    assert parsed.notes == [
        "2 items marked deleted were skipped",
        "1 item with neither text nor a link was skipped",
    ]


def test_an_older_cache_without_later_columns(tmp_path: Path) -> None:
    old = build_cache(tmp_path / "cache.db", schema_before="2.22", data=False)
    with sqlite3.connect(old) as conn:
        conn.execute(
            "INSERT INTO rss_feed (rssurl, url, title) VALUES "
            "('https://hillpost.example/feed/', 'https://hillpost.example/', 'Hill Post')"
        )
        conn.execute(
            "INSERT INTO rss_item (guid, title, author, url, feedurl, pubDate, content, unread) "
            "VALUES ('hp-1', 'Snow closes the pass', 'Mara Quist', "
            "'https://hillpost.example/pass', 'https://hillpost.example/feed/', 1772436600, "
            "'<p>The pass closed at <b>noon</b>.</p>', 0)"
        )
    conn.close()
    assert is_newsboat_cache(str(old))
    (article,) = parse_newsboat(str(old)).articles
    assert (article.title, article.body, article.source) == (
        "Snow closes the pass",
        "The pass closed at **noon**.",
        "Hill Post",
    )
    assert article.read and not article.bookmarked


def test_cli_imports_with_state_and_notes(cache: Path, db_path: Path) -> None:
    result = import_ok(db_path, cache)
    assert "8 imported, 0 updated, 0 unchanged, 0 skipped, 0 failed" in result.output
    assert "2 items marked deleted were skipped" in result.stderr
    assert "1 item with neither text nor a link was skipped" in result.stderr
    by_title = {d["title"]: d for d in article_details(db_path)}
    assert len(by_title) == 8
    ferry = by_title["Ferry timetable, “winter” edition, changes again"]
    assert ferry["bookmarked"] and not ferry["read"] and ferry["tags"] == ["flag-s"]
    levy = by_title["Council votes on water levy"]
    assert sorted(levy["tags"]) == ["flag-capital-l", "flag-s"]
    basin = by_title["Basin reopens after three weeks"]
    assert basin["read"] and not basin["bookmarked"]
    assert basin["source"] == "Harbour Times"
    assert basin["url"] == "https://harbourtimes.example/2026/03/02/basin-reopens"


def test_cli_same_cache_twice_changes_nothing(cache: Path, db_path: Path) -> None:
    import_ok(db_path, cache)
    reimport_changes_nothing(db_path, cache, unchanged=8)
    assert article_count(db_path) == 8


def test_cli_detected_from_content_renamed_and_in_a_folder(cache: Path, tmp_path: Path) -> None:
    expect = "8 imported, 0 updated, 0 unchanged, 0 skipped, 0 failed"
    same_however_found(
        cache,
        tmp_path,
        user_state,
        renamed="newsboat-2026-03",
        in_folder="backup/newsboat-2026-03",
        expect=expect,
    )


def test_cli_opens_the_cache_read_only_and_leaves_it_untouched(
    cache: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = hashlib.sha256(cache.read_bytes()).hexdigest()
    siblings = sorted(p.name for p in cache.parent.iterdir())
    opened: list[str] = []
    real_connect = sqlite3.connect

    def spy(database: str, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if "cache.db" in str(database):
            opened.append(f"{database} uri={kwargs.get('uri')}")
        return real_connect(database, *args, **kwargs)

    monkeypatch.setattr("reader.importers.newsboat.sqlite3.connect", spy)
    # newsboat has it open, reading, while the import runs.
    with real_connect(cache) as newsboat:
        newsboat.execute("BEGIN")
        newsboat.execute("SELECT count(*) FROM rss_item").fetchone()
        result = import_ok(db_path, cache)
    newsboat.close()
    assert "8 imported" in result.output
    assert opened and all(o.endswith("?mode=ro uri=True") for o in opened), opened
    assert hashlib.sha256(cache.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in cache.parent.iterdir()) == siblings


def test_cli_a_cache_with_every_item_deleted_is_a_notice(tmp_path: Path, db_path: Path) -> None:
    cache = build_cache(tmp_path / "cache.db")
    with sqlite3.connect(cache) as conn:
        conn.execute("UPDATE rss_item SET deleted = 1")
    conn.close()
    result = import_ok(db_path, cache)
    assert "1 skipped, 0 failed" in result.output
    assert "a newsboat cache with no items to import (11 items marked deleted were skipped)" in (
        result.stderr
    )


def test_cli_a_damaged_cache_fails_in_one_line(tmp_path: Path, db_path: Path) -> None:
    cache = build_cache(tmp_path / "cache.db")
    with sqlite3.connect(cache) as conn:
        # Enough items that they fill pages beyond the schema's first page.
        conn.execute(
            "INSERT INTO rss_item (guid, title, author, url, feedurl, pubDate, content, unread) "
            "SELECT guid || n, title, author, url, feedurl, pubDate, content, unread "
            "FROM rss_item, (SELECT 1 AS n UNION SELECT 2 UNION SELECT 3 UNION SELECT 4)"
        )
        conn.execute("UPDATE rss_item SET content = content || ?", ("x" * 4000,))
    conn.close()
    data = cache.read_bytes()
    cache.write_bytes(data[:4096] + b"\xff" * (len(data) - 4096))
    [line] = failure_lines(db_path, cache)
    assert "cannot read newsboat's cache.db: " in line
