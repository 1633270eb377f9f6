"""The query language: every operator on a real archive, and no input that can break it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import cli
from reader.query import And, Not, Or, QueryError, Term, parse, resolve_date, to_sql
from reader.store import ArchiveStore

from .conftest import SAMPLE_DATA

_ARCHIVE: dict[str, Path] = {}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ArchiveStore:
    db = tmp_path_factory.mktemp("query") / "archive.db"
    assert CliRunner().invoke(cli, ["import", "--db", str(db), str(SAMPLE_DATA)]).exit_code == 0
    opened = ArchiveStore(db)
    opened.tag(1, "t-water")
    opened.tag(2, "t-water", "t-harbour")
    opened.tag_quote(3, opened.article_view(3).quotes[0].text, "memorable")  # type: ignore[union-attr]
    with opened.transaction():
        opened.set_bookmark(2, True)
        opened.set_read(1, True)
    return opened


def ids(store: ArchiveStore, query: str) -> set[int]:
    return set(store.query_ids(query))


def titles(store: ArchiveStore, query: str) -> set[str]:
    return {row.title for row in store.rows_for_ids(store.query_ids(query))}


def test_parse_shapes() -> None:
    assert parse("t-water") == Term("", "t-water")
    assert parse('"clean water"') == Term("", "clean water", phrase=True)
    assert parse("#t-water") == Term("tag", "t-water")
    assert parse("-tag:t-water") == Not(Term("tag", "t-water"))
    assert parse("a b") == And((Term("", "a"), Term("", "b")))
    assert parse("a OR b") == Or((Term("", "a"), Term("", "b")))
    assert parse("(a OR b) c") == And((Or((Term("", "a"), Term("", "b"))), Term("", "c")))
    assert parse("NOT a") == Not(Term("", "a"))
    assert parse('person:"Elena Varga"') == Term("person", "Elena Varga", phrase=True)


def test_words_and_phrases(store: ArchiveStore) -> None:
    assert ids(store, "brenmark") and ids(store, "brenmark") >= ids(store, '"brenmark chemicals"')
    assert ids(store, "brenmark quillon") == ids(store, "brenmark") & ids(store, "quillon")


def test_tags_including_quote_tags(store: ArchiveStore) -> None:
    assert ids(store, "tag:t-water") == {1, 2} == ids(store, "#t-water") == ids(store, "#T-WATER")
    assert ids(store, "tag:memorable") == {3}
    assert ids(store, "-tag:t-water") == ids(store, "brenmark OR NOT brenmark") - {1, 2}
    assert ids(store, "is:tagged") >= {1, 2}


def test_bookmarked_read_unread(store: ArchiveStore) -> None:
    assert ids(store, "is:bookmarked") == {2}
    assert ids(store, "is:read") == {1}
    assert 1 not in ids(store, "is:unread") and 2 in ids(store, "is:unread")


def test_source(store: ArchiveStore) -> None:
    found = store.rows_for_ids(store.query_ids('source:"Valley Courier"'))
    assert found and {row.source for row in found} == {"Valley Courier"}


def test_entities_with_aliases(store: ArchiveStore) -> None:
    full = ids(store, 'person:"Elena Varga"')
    # The surname is an alias: it finds her, and articles that name only a "Varga".
    assert full and full <= ids(store, "person:Varga")
    assert ids(store, "org:CWA") == ids(store, 'org:"Coastal Water Authority"')
    assert ids(store, "place:Eastfield")
    assert not ids(store, "person:Eastfield")


def test_said(store: ArchiveStore) -> None:
    said = ids(store, "said:Varga")
    assert said and said <= ids(store, "person:Varga")


def test_dates_and_ages(store: ArchiveStore) -> None:
    before, after = ids(store, "before:2026-04-01"), ids(store, "after:2026-04-01")
    assert before and after and not before & after
    assert resolve_date("2w", today=date(2026, 5, 15)) == "2026-05-01"
    assert resolve_date("6m", today=date(2026, 12, 1)) == "2026-06-04"
    assert resolve_date("2024") == "2024-01-01"
    assert ids(store, "after:1y") >= set()


def test_or_and_parentheses(store: ArchiveStore) -> None:
    assert ids(store, "#t-water OR is:bookmarked") == {1, 2}
    assert ids(store, "(#t-water OR #t-harbour) is:bookmarked") == {2}
    assert ids(store, "#t-water AND NOT is:bookmarked") == {1}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "type something"),
        ("(water", "without its ')'"),
        ("water)", "')' without"),
        ("a OR", "both sides"),
        ("is:sleepy", "is:bookmarked"),
        ("foo:bar", "unknown field"),
        ("before:yesterday", "not a date"),
        ("tag:", "needs a value"),
        ("NOT", "needs something"),
        ("()", "empty group"),
    ],
)
def test_malformed_queries_get_messages(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        parse(text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(
        alphabet=st.sampled_from(list("abcAB :\"()-#*^+_.,'\\OR AND NOT tag:is:said:before:2w"))
        | st.characters(),
        max_size=40,
    )
)
def test_no_input_raises_anything_but_a_query_error(store: ArchiveStore, text: str) -> None:
    try:
        node = parse(text)
        to_sql(node)
        store.query_ids(text)
    except QueryError:
        pass


def test_search_command_prints_and_saves(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    runner = CliRunner()
    runner.invoke(cli, ["import", "--db", str(db), str(SAMPLE_DATA)])
    result = runner.invoke(cli, ["search", "--db", str(db), "person:Varga", "--save", "varga"])
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0].split()
    assert first[0].isdigit() and first[1].startswith("2026-")
    assert "varga: person:Varga" in runner.invoke(cli, ["tags", "--db", str(db)]).stdout
    bad = runner.invoke(cli, ["search", "--db", str(db), "(unclosed"])
    assert bad.exit_code == 1 and "without its ')'" in bad.output
    assert "Traceback" not in bad.output


@pytest.mark.parametrize(
    "text",
    ["is:unread", "is:read", "#t-water OR is:bookmarked", "person:Varga", "-tag:t-water brenmark"],
)
def test_large_results_walk_the_date_index_to_the_same_answer(
    store: ArchiveStore, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Queries matching many articles are paged along the index, not fetched whole."""
    from reader.store import queries

    whole = store.run_query(text)
    assert whole.ids is not None
    monkeypatch.setattr(queries, "SMALL_RESULT", 2)
    walked = store.run_query(text)
    if len(whole.ids) > 2:
        assert walked.ids is None  # the large path was taken
    pages = [row.id for row in store.query_page(walked, 0, 7)]
    pages += [row.id for row in store.query_page(walked, 7, 100)]
    assert pages == whole.ids
    assert store.query_count(walked) == len(whole.ids)


@pytest.mark.parametrize("text", ["after:2100y", "NOT " * 3000 + "a", "(" * 3000 + "a"])
def test_extreme_queries_get_messages(store: ArchiveStore, text: str) -> None:
    with pytest.raises(QueryError):
        store.query_ids(text)


def test_search_takes_a_leading_minus_as_a_query(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    runner = CliRunner()
    runner.invoke(cli, ["import", "--db", str(db), str(SAMPLE_DATA)])
    result = runner.invoke(cli, ["search", "--db", str(db), "-tag:nothing", "brenmark"])
    assert result.exit_code == 0 and result.stdout
