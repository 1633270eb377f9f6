"""Identity that cannot lose text: a much shorter copy never replaces a long text."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reader.cli import cli
from reader.models import Article
from reader.store import ArchiveStore
from reader.store.archive import KEEP_TEXT_OVER, loses_text

URL = "https://news.example/2026/03/harbour-reopens"
PAGE = " ".join(f"Sentence {n} of the full report on the harbour reopening." for n in range(90))
TEASER = "The harbour reopens on Monday after three weeks of repairs, the port authority says."


def art(body: str, **fields: object) -> Article:
    values: dict[str, object] = {"title": "Harbour reopens", "body": body, "url": URL}
    values.update(fields)
    return Article(**values).cleaned()  # type: ignore[arg-type]


def body_of(store: ArchiveStore, article_id: int) -> str:
    row = store.conn.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
    return str(row[0])


def test_much_shorter_means_under_half_of_a_text_over_a_thousand_characters() -> None:
    assert len(PAGE) > 5000 and len(TEASER) < 100
    assert loses_text(PAGE, TEASER)
    assert loses_text("x" * (KEEP_TEXT_OVER + 1), "x" * 500)  # 500 < 1001 / 2
    assert not loses_text("x" * (KEEP_TEXT_OVER + 1), "x" * 501)
    assert not loses_text("x" * KEEP_TEXT_OVER, "x")  # a short text may be replaced
    assert not loses_text(PAGE, "")  # an empty text replaces nothing anyway
    assert not loses_text(TEASER, PAGE)


def test_a_teaser_after_the_full_page_keeps_the_page(store: ArchiveStore) -> None:
    page_id, _ = store.upsert_article(art(PAGE))
    same_id, status = store.upsert_article(
        art(TEASER, title="Harbour to reopen", tags=["port"], published="2026-03-02")
    )
    assert same_id == page_id
    assert status == "updated"  # its tag and date were added; the text was not taken
    row = store.article_row(page_id)
    assert row is not None
    assert (row["body"], row["title"]) == (PAGE, "Harbour reopens")
    assert row["published"] == "2026-03-02"  # the page had no date: filled in
    assert store.tags_of(page_id) == ["port"]
    assert store.search_ids("repairs") == []  # the index holds the page, not the teaser


def test_the_caller_that_tells_the_user_hears_kept_longer(store: ArchiveStore) -> None:
    page_id, _ = store.upsert_article(art(PAGE))
    teaser = art(TEASER, url=URL.replace("https:", "http:"))  # the same page over http
    assert store.upsert_article(teaser, say_kept_longer=True) == (page_id, "kept-longer")
    assert store.upsert_article(teaser) == (page_id, "unchanged")
    note = store.kept_longer_note(page_id, teaser)
    assert note == (
        f"kept the longer text the archive has for {teaser.url} ({len(PAGE):,} characters); "
        f"this copy has {len(TEASER)}"
    )


def test_a_longer_or_comparable_text_still_replaces(store: ArchiveStore) -> None:
    article_id, _ = store.upsert_article(art(TEASER))
    assert store.upsert_article(art(PAGE), say_kept_longer=True) == (article_id, "updated")
    assert body_of(store, article_id) == PAGE
    edited = PAGE[: len(PAGE) * 2 // 3]  # cut by a third: an edit, not a teaser
    assert store.upsert_article(art(edited), say_kept_longer=True) == (article_id, "updated")
    assert body_of(store, article_id) == edited


def test_a_saved_link_still_never_replaces_text(store: ArchiveStore) -> None:
    article_id, _ = store.upsert_article(art("Short text."))
    _, status = store.upsert_article(art("", link_only=True, tags=["later"]))
    assert status == "updated"
    assert body_of(store, article_id) == "Short text."
    assert store.tags_of(article_id) == ["later"]


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Port News</title><link>https://news.example/</link>
<item><title>Harbour to reopen</title><link>{url}</link><guid>{url}</guid>
<description>{teaser}</description><pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate></item>
</channel></rss>
"""


def import_page_then_teaser(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "archive.db"
    page = tmp_path / "page.md"
    page.write_text(f"---\ntitle: Harbour reopens\nurl: {URL}\n---\n\n{PAGE}\n", encoding="utf-8")
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED.format(url=URL, teaser=TEASER), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["import", "--db", str(db), str(page)]).exit_code == 0
    result = runner.invoke(cli, ["import", "--db", str(db), str(feed)])
    assert result.exit_code == 0, result.output
    return db, result.output


def test_importing_a_feed_teaser_after_the_page_keeps_the_page(tmp_path: Path) -> None:
    db, _ = import_page_then_teaser(tmp_path)
    exported = CliRunner().invoke(cli, ["export", "--db", str(db)]).stdout.splitlines()
    (record,) = [json.loads(line) for line in exported]
    assert record["body"] == PAGE
    assert record["title"] == "Harbour reopens"


def test_importing_a_feed_teaser_after_the_page_says_so(tmp_path: Path) -> None:
    _, output = import_page_then_teaser(tmp_path)
    assert f"kept the longer text the archive has for {URL} ({len(PAGE):,} characters)" in output
