"""Saved links without text (Pocket, bookmarks): shown as such, filled in by the page, state kept.

Identity across tools is the canonical URL: tracking parameters, fragments and
http versus https do not make two articles.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reader.cli import cli
from reader.models import Article
from reader.query import parse, to_sql
from reader.store import ArchiveStore


def link(url: str, **state: object) -> Article:
    return Article(title="Saved title", body="", url=url, link_only=True, **state).cleaned()  # type: ignore[arg-type]


def page(url: str, body: str = "The council met on Monday and voted.") -> Article:
    return Article(title="Council votes on harbour plan", body=body, url=url).cleaned()


def test_the_page_fills_in_a_saved_link_and_keeps_its_state(tmp_path: Path) -> None:
    with ArchiveStore(tmp_path / "a.db") as store, store.transaction():
        article_id, status = store.upsert_article(
            link("http://news.example/harbour?utm_source=pocket#top", read=True, tags=["pocket"])
        )
        assert status == "imported"
        assert store.article_details(article_id)["link_only"] == 1  # type: ignore[index]
        same_id, status = store.upsert_article(page("https://news.example/harbour"))
        assert (same_id, status) == (article_id, "updated")
        details = store.article_details(article_id)
        assert details is not None
        assert details["link_only"] == 0
        assert details["body"] == "The council met on Monday and voted."
        assert details["title"] == "Council votes on harbour plan"
        assert details["read"] and details["tags"] == ["pocket"]
        assert details["url"] == "https://news.example/harbour"  # https kept over http
        assert store.count_articles() == 1


def test_a_saved_link_never_replaces_the_text_it_adds_state(tmp_path: Path) -> None:
    with ArchiveStore(tmp_path / "a.db") as store, store.transaction():
        article_id, _ = store.upsert_article(page("https://news.example/harbour"))
        same_id, status = store.upsert_article(
            link("https://news.example/harbour", bookmarked=True, tags=["later"])
        )
        assert (same_id, status) == (article_id, "updated")
        details = store.article_details(article_id)
        assert details is not None
        assert details["body"] == "The council met on Monday and voted."
        assert details["title"] == "Council votes on harbour plan"
        assert details["link_only"] == 0
        assert details["bookmarked"] and details["tags"] == ["later"]
        # The same link again changes nothing.
        assert store.upsert_article(link("https://news.example/harbour"))[1] == "unchanged"


def test_http_and_https_are_one_article(tmp_path: Path) -> None:
    with ArchiveStore(tmp_path / "a.db") as store, store.transaction():
        first, _ = store.upsert_article(page("https://news.example/a"))
        second, _ = store.upsert_article(page("http://news.example/a", body="Updated text."))
        assert first == second
        assert store.article_details(first)["url"] == "https://news.example/a"  # type: ignore[index]


def test_is_link_finds_saved_links_only(tmp_path: Path) -> None:
    with ArchiveStore(tmp_path / "a.db") as store, store.transaction():
        saved, _ = store.upsert_article(link("https://news.example/saved"))
        store.upsert_article(page("https://news.example/read"))
        clause, params = to_sql(parse("is:link"))
        found = [
            r[0] for r in store.conn.execute(f"SELECT id FROM articles WHERE {clause}", params)
        ]
        assert found == [saved]


def test_link_only_travels_through_export_and_back(tmp_path: Path) -> None:
    source, target = tmp_path / "a.db", tmp_path / "b.db"
    record = {"title": "Saved", "body": "", "url": "https://news.example/s", "link_only": True}
    (tmp_path / "in.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["import", "--db", str(source), str(tmp_path / "in.jsonl")]).exit_code
        == 0
    )
    exported = runner.invoke(cli, ["export", "--db", str(source)])
    assert json.loads(exported.stdout.splitlines()[0])["link_only"] is True
    (tmp_path / "out.jsonl").write_text(exported.stdout, encoding="utf-8")
    assert (
        runner.invoke(cli, ["import", "--db", str(target), str(tmp_path / "out.jsonl")]).exit_code
        == 0
    )
    with ArchiveStore(target) as store:
        (row,) = store.conn.execute("SELECT link_only FROM articles").fetchall()
        assert row[0] == 1
    shown = runner.invoke(cli, ["show", "--db", str(target), "1"])
    assert "saved link — no text yet" in shown.stdout


async def test_the_app_marks_a_saved_link_in_the_list_and_the_pane(tmp_path: Path) -> None:
    from reader.tui import make_app
    from reader.tui.widgets.article_list import LINK_ONLY_MARK, ArticleList
    from reader.tui.widgets.reading_pane import LINK_ONLY_NOTICE, ReadingPane

    from .tui_helpers import settle

    db = tmp_path / "a.db"
    with ArchiveStore(db) as store, store.transaction():
        store.upsert_article(page("https://news.example/read"))
        store.upsert_article(link("https://news.example/saved"))  # the newest: listed first
    app = make_app(db)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        articles = app.query_one(ArticleList)
        first = articles.render_line(0).text
        assert LINK_ONLY_MARK + "Saved title" in first
        pane = app.query_one(ReadingPane)
        assert pane.document is not None
        assert any(LINK_ONLY_NOTICE in block.text for block in pane.document.blocks)
        await pilot.press("j")
        await settle(pilot)
        assert pane.document is not None
        assert not any(LINK_ONLY_NOTICE in block.text for block in pane.document.blocks)
