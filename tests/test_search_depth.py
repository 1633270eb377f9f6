"""Search at research depth (issue 14): ranked results with snippets, quote search,
the exact quotes an export names, a person's timeline, a query language that says
what it expects."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.query import QueryError, parse, parse_sorted
from reader.store import ArchiveStore, queries, search
from reader.store.schema import migrate

# (file name, title, source, date, body): a small archive where the words of
# the searches below fall where the tests need them.
ARTICLES = [
    (
        "takeaways",
        "Five Takeaways From The Harbour Budget",
        "Harbour Gazette",
        "2024-01-10",
        "The council passed its budget on Tuesday after a long night of debate.\n\n"
        '"We kept the reservoir project alive," Elena Varga said after the vote.',
    ),
    (
        "ferry",
        "Ferry Timetable Changes In Spring",
        "Coast Courier",
        "2024-03-02",
        "Five takeaways were promised by the operator, and five takeaways there were, "
        "but riders wanted a ferry.\n\n"
        '"The reservoir can wait, the ferry cannot," said Tomas Ekholm, who runs the line.',
    ),
    (
        "reservoir",
        "Reservoir Levels Fall Again",
        "Harbour Gazette",
        "2024-03-20",
        "Water levels at the Tollen reservoir fell for the third month.\n\n"
        '"Nobody should panic about the reservoir," Elena Varga told reporters.\n\n'
        '"Rationing is not on the table," Varga said.',
    ),
    (
        "market",
        "Market Hall Reopens",
        "Coast Courier",
        "2024-05-11",
        "Traders returned to the market hall on Saturday.\n\n"
        '"It feels like home again," said Mira Castell, a fishmonger.',
    ),
    (
        "undated",
        "An Undated Note",
        "Coast Courier",
        "",
        "A note without a date that mentions five takeaways once.\n\n"
        '"Nobody dates their notes," said Mira Castell.',
    ),
]


def _write(folder: Path) -> None:
    for name, title, source, published, body in ARTICLES:
        date = f"published: {published}\n" if published else ""
        (folder / f"{name}.md").write_text(
            f"---\ntitle: {title}\nsource: {source}\n{date}"
            f"url: https://news.example/{name}\n---\n{body}\n",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("depth")
    _write(folder)
    path = folder / "archive.db"
    result = CliRunner().invoke(cli, ["import", "--db", str(path), str(folder)])
    assert result.exit_code == 0, result.output
    return path


def run(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def titles(store: ArchiveStore, query: str) -> list[str]:
    result = store.run_query(query)
    return [row.title for row in store.query_page(result, 0, 50)]


def test_relevance_puts_the_title_match_first_and_newest_does_not(db: Path) -> None:
    with ArchiveStore(db) as store:
        ranked = titles(store, "five takeaways sort:relevance")
        newest = titles(store, "five takeaways")
        oldest = titles(store, "five takeaways sort:oldest")
    assert ranked[0] == "Five Takeaways From The Harbour Budget"
    assert newest[0] == "Ferry Timetable Changes In Spring"  # newer, words in its body
    assert set(ranked) == set(newest) and len(ranked) == 3
    # Oldest first, and the undated article last either way.
    assert oldest == [
        "Five Takeaways From The Harbour Budget",
        "Ferry Timetable Changes In Spring",
        "An Undated Note",
    ]
    assert newest[-1] == "An Undated Note"


def test_relevance_keeps_the_matches_that_hold_none_of_the_words(db: Path) -> None:
    with ArchiveStore(db) as store:
        found = titles(store, 'takeaways OR source:"Coast Courier" sort:relevance')
    assert found[0] == "Five Takeaways From The Harbour Budget"
    assert "Market Hall Reopens" in found  # matched by its source alone: after the ranked


def test_relevance_without_words_says_so_and_goes_newest_first(db: Path) -> None:
    with ArchiveStore(db) as store:
        result = store.run_query('source:"Harbour Gazette" sort:relevance')
        assert result.note is not None and "newest first" in result.note
        rows = store.query_page(result, 0, 10)
    assert [row.title for row in rows] == [
        "Reservoir Levels Fall Again",
        "Five Takeaways From The Harbour Budget",
    ]


def test_snippets_carry_the_hit_words_marked(db: Path) -> None:
    with ArchiveStore(db) as store:
        result = store.run_query("reservoir sort:relevance")
        assert result.words is not None
        ids = [row.id for row in store.query_page(result, 0, 10)]
        passages = store.snippets(ids, result.words)
    assert set(passages) == set(ids)
    for snippet in passages.values():
        hits = [text for text, hit in snippet.parts if hit]
        assert hits and all(text.lower() == "reservoir" for text in hits)
        assert "«reservoir»" in snippet.marked().lower()
    printed = run("search", "--db", db, "reservoir", "--snippets")
    # Not a terminal: the hit words «marked», one passage under each title.
    assert printed.count("«") >= 3 and "\x1b" not in printed
    assert "Reservoir Levels Fall Again\n         " in printed


def test_quote_search_finds_by_words_and_by_speaker_and_nothing_else(db: Path) -> None:
    with ArchiveStore(db) as store:
        by_words = list(store.quote_hits("reservoir"))
        by_speaker = list(store.quote_hits("said:Varga"))
        both = list(store.quote_hits("reservoir said:Varga"))
        by_source = list(store.quote_hits('source:"Coast Courier"'))
    assert sorted(q.text for q in by_words) == sorted(
        [
            "The reservoir can wait, the ferry cannot,",
            "We kept the reservoir project alive,",
            "Nobody should panic about the reservoir,",
        ]
    )
    assert {q.speaker for q in by_speaker} == {"Elena Varga"} and len(by_speaker) == 3
    assert {q.text for q in both} == {
        "We kept the reservoir project alive,",
        "Nobody should panic about the reservoir,",
    }
    # Every other operator filters the articles the quotes come from.
    assert {q.speaker for q in by_source} == {"Tomas Ekholm", "Mira Castell"}


def test_quote_search_by_a_quote_tag(db: Path) -> None:
    with ArchiveStore(db) as store:
        quote = next(iter(store.quote_hits("panic")))
        store.tag_quote(quote.article_id, quote.text, "calm")
        tagged = list(store.quote_hits("tag:calm"))
    assert [q.text for q in tagged] == [quote.text]


def test_reader_quotes_prints_date_outlet_speaker_quote_and_article(db: Path) -> None:
    printed = run("quotes", "--db", db, "ferry")
    lines = printed.splitlines()
    assert lines[0].startswith("2024-03-02  Coast Courier · Tomas Ekholm  [article ")
    assert lines[1] == "    “The reservoir can wait, the ferry cannot,”"
    assert len(lines) == 2


def test_the_quotes_export_holds_exactly_the_quotes_the_query_names(db: Path) -> None:
    exported = run("export", "--db", db, "--quotes", "--format", "csv", "--query", "said:Varga")
    rows = list(csv.DictReader(io.StringIO(exported)))
    with ArchiveStore(db) as store:
        expected = {(q.article_id, q.text) for q in store.quote_hits("said:Varga")}
        everyone = len(list(store.quote_hits(None)))
    assert {(int(row["article_id"]), row["quote"]) for row in rows} == expected
    assert len(rows) == 3 < everyone  # not everyone's quotes in Varga's articles


def test_the_quote_index_follows_reimport_and_reindex(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    run("reindex", "--db", copy, "--all")
    with ArchiveStore(copy) as store:
        store.conn.execute("INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1)")
        assert len(list(store.quote_hits("reservoir"))) == 3
        assert (
            store.conn.execute("SELECT count(*) FROM quotes_fts").fetchone()[0]
            == (store.conn.execute("SELECT count(*) FROM quotes").fetchone()[0])
        )


def test_an_older_archive_gets_its_quotes_indexed_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 8)  # the schema before quote search
    conn.execute(
        "INSERT INTO articles (id, title, body, content_hash, imported_at) "
        "VALUES (1, 'T', 'B', 'h', '2024-01-01')"
    )
    conn.execute("INSERT INTO quotes (article_id, text) VALUES (1, 'the reservoir is full')")
    conn.close()
    with ArchiveStore(path) as store:
        assert [q.text for q in store.quote_hits("reservoir")] == ["the reservoir is full"]


def test_a_timeline_month_by_month_with_the_quiet_months(db: Path) -> None:
    with ArchiveStore(db) as store:
        (varga, *_) = store.entities_named("Varga")
        months = store.timeline(varga.id)
    assert [m.month for m in months] == ["2024-01", "2024-02", "2024-03"]
    assert [(m.articles, m.quotes) for m in months] == [(1, 1), (0, 0), (1, 2)]
    printed = run("show-entity", "--db", db, "Elena Varga")
    assert printed.splitlines()[0] == "Elena Varga (person), in 2 article(s)"
    assert "2024-02  " in printed and "2024-03  █" in printed
    assert "1 article(s), 2 mention(s), 2 quote(s)" in printed


def test_an_unknown_field_suggests_the_nearest_one() -> None:
    with pytest.raises(QueryError, match=r"did you mean source:\?"):
        parse("sorce:Gazette")
    with pytest.raises(QueryError, match="sort:newest, sort:oldest, sort:relevance"):
        parse("sort:best")
    with pytest.raises(QueryError, match="outside parentheses"):
        parse_sorted("(a OR sort:oldest)")
    with pytest.raises(QueryError, match="one sort"):
        parse_sorted("a sort:oldest sort:newest")
    assert parse_sorted("sort:oldest") == (None, "oldest")
    assert parse_sorted("dam OR weir sort:Relevance")[1] == "relevance"


def test_oldest_first_pages_down_a_large_result_with_undated_last(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "SMALL_RESULT", 1)  # every set "large": the index walk
    with ArchiveStore(db) as store:
        result = store.run_query("is:unread sort:oldest")
        assert result.ids is None
        pages = [store.query_page(result, offset, 2) for offset in (0, 2, 4)]
    order = [row.title for page in pages for row in page]
    assert order[0] == "Five Takeaways From The Harbour Budget"
    assert order[-1] == "An Undated Note" and len(order) == 5


@pytest.mark.parametrize("query", [None, "said:Varga", 'source:"Coast Courier"', "sort:oldest"])
def test_a_large_quote_search_walks_the_dates_in_the_same_order(
    db: Path, monkeypatch: pytest.MonkeyPatch, query: str | None
) -> None:
    with ArchiveStore(db) as store:
        whole = [q.quote_id for q in store.quote_hits(query)]
        monkeypatch.setattr(search, "SMALL_QUOTE_RESULT", 0)  # every result "large"
        walked = [q.quote_id for q in store.quote_hits(query)]
        first_two = [q.quote_id for q in store.quote_hits(query, limit=2)]
    assert walked == whole and first_two == whole[:2]
