"""Feed lists (OPML, newsboat's urls): told from content, said to hold no articles, not failed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.importers.detect import detect_text
from reader.importers.feedlists import feed_list_notice, is_opml, is_url_list

from .import_helpers import article_count, import_ok

FIXTURES = Path(__file__).parent / "fixtures" / "imports" / "feedlists"
NOT_ARTICLES = "not articles: reader imports saved articles and feed files"


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "feeds"),
    [
        # Feeds in nested categories; a category and a plain link outline are not feeds.
        ("subscriptions.opml", 6),
        ("newsboat-export.opml", 3),
        # http(s), a password in the URL, file://, exec: and filter: lines, tags after
        # them; the two query lines and the comments are not feeds.
        ("urls", 12),
    ],
)
def test_the_notice_counts_the_feeds(name: str, feeds: int) -> None:
    notice = feed_list_notice(_text(name))
    assert str(notice) == f"a feed list with {feeds} feeds, {NOT_ARTICLES}"


def test_one_feed_is_singular_and_an_outline_without_feeds_is_said_so() -> None:
    one = "https://harbourtimes.example/rss.xml news\n"
    assert str(feed_list_notice(one)) == f"a feed list with 1 feed, {NOT_ARTICLES}"
    outline = '<?xml version="1.0"?><opml version="2.0"><body><outline text="Ideas"/></body></opml>'
    assert str(feed_list_notice(outline)) == f"an OPML outline without feeds, {NOT_ARTICLES}"


def test_newsboat_urls_lines() -> None:
    assert is_url_list(_text("urls"))
    assert is_url_list('"query:Starred:flags # \\"s\\""\nhttps://a.example/feed "~A"\n')
    # Only queries, or only comments: no feed in it.
    assert not is_url_list('"query:Starred:flags # \\"s\\""\n')
    assert not is_url_list("# nothing here\n")
    # Prose with a link is not a feed list.
    assert not is_url_list("https://a.example/feed\nRead this, it is good.\n")


def test_detected_from_content_whatever_the_name() -> None:
    assert detect_text(_text("subscriptions.opml"), "") == "feed-list"
    assert detect_text(_text("newsboat-export.opml"), ".xml") == "feed-list"
    assert is_opml(_text("subscriptions.opml"))


def _plain_urls(tmp_path: Path) -> Path:
    """The urls fixture's http(s) lines with their tags, and its comments."""
    lines = [
        line
        for line in _text("urls").splitlines()
        if line.strip().startswith(("http", "#")) or not line.strip()
    ]
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "urls"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["subscriptions.opml", "newsboat-export.opml"])
def test_cli_opml_is_a_notice_not_a_failure(tmp_path: Path, db_path: Path, name: str) -> None:
    path = tmp_path / name
    shutil.copy(FIXTURES / name, path)
    result = import_ok(db_path, path)
    assert "0 imported, 0 updated, 0 unchanged, 1 skipped, 0 failed" in result.output
    (line,) = [ln for ln in result.stderr.splitlines() if name in ln]
    assert "a feed list with" in line and NOT_ARTICLES in line
    assert article_count(db_path) == 0


def test_cli_urls_file_named_or_in_a_folder_renamed(tmp_path: Path, db_path: Path) -> None:
    urls = _plain_urls(tmp_path / "named")
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copy(urls, folder / "my-feeds.txt")
    shutil.copy(FIXTURES / "subscriptions.opml", folder / "subscriptions")
    result = import_ok(db_path, urls, folder)
    assert "0 imported, 0 updated, 0 unchanged, 3 skipped, 0 failed" in result.output
    notices = [ln for ln in result.stderr.splitlines() if NOT_ARTICLES in ln]
    assert len(notices) == 3
    assert sum("a feed list with 9 feeds" in ln for ln in notices) == 2
    assert article_count(db_path) == 0


def test_cli_full_newsboat_urls_file(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "urls"
    shutil.copy(FIXTURES / "urls", path)
    result = import_ok(db_path, path)
    assert f"a feed list with 12 feeds, {NOT_ARTICLES}" in result.stderr
    assert article_count(db_path) == 0
