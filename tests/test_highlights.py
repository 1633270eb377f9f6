"""Highlights and notes (issue 15): made on a passage, found again by its words after
every rewrite of the text, searchable, exported and imported both ways."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.store import ArchiveStore
from reader.store.highlights import locate

BODY = (
    "The council voted 7 to 2 on Tuesday to rebuild the harbour wall.\n\n"
    '"We will fix the wall before summer," Elena Varga said.\n\n'
    "The harbour wall was last rebuilt in 1962. Work starts in March."
)
PASSAGE = "rebuild the harbour wall"


def run(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def save(path: Path, body: str, title: str = "Council Votes On Harbour Wall") -> None:
    path.write_text(
        f"---\ntitle: {title}\nsource: Harbour Gazette\npublished: 2024-01-10\n"
        f"url: https://gazette.example/wall\n---\n{body}\n",
        encoding="utf-8",
    )


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "wall.md"
    save(path, BODY)
    return path


@pytest.fixture
def db(tmp_path: Path, page: Path) -> Path:
    path = tmp_path / "archive.db"
    run("import", "--db", path, page)
    run("highlight", "--db", path, "1", PASSAGE, "--note", "check the vote count")
    return path


def test_a_highlight_is_listed_shown_and_searchable(db: Path) -> None:
    listed = run("highlights", "--db", db)
    assert f"▌ {PASSAGE}" in listed and "note: check the vote count" in listed
    shown = run("show", "--db", db, "1")
    assert "Highlights (1)" in shown and f"▌ {PASSAGE}" in shown
    with ArchiveStore(db) as store:
        assert store.query_ids("is:highlighted") == [1]
        assert store.query_ids("note:VOTE") == [1]
        assert store.query_ids("note:budget") == []
        (found,) = store.highlights_of(1)
    assert BODY[found.start : found.end] == PASSAGE  # type: ignore[misc]


def test_a_passage_the_article_lacks_is_refused_in_one_line(db: Path) -> None:
    result = CliRunner().invoke(cli, ["highlight", "--db", str(db), "1", "the ferry timetable"])
    assert result.exit_code == 1 and "has no passage 'the ferry timetable'" in result.output
    empty = CliRunner().invoke(cli, ["highlight", "--db", str(db), "1", "   "])
    assert empty.exit_code == 1 and "an empty passage" in empty.output


def test_spacing_and_case_aside_the_article_s_own_words_are_kept(db: Path) -> None:
    run("highlight", "--db", db, "1", "ELENA   varga said")
    with ArchiveStore(db) as store:
        passages = [h.passage for h in store.highlights_of(1)]
    assert "Elena Varga said" in passages


def test_highlights_survive_reimport_reindex_and_a_new_version(db: Path, page: Path) -> None:
    run("import", "--db", db, page, "--force")
    run("reindex", "--db", db, "--all")
    save(page, "A new first paragraph.\n\n" + BODY.replace("7 to 2", "6 to 3"))
    run("import", "--db", db, page)
    with ArchiveStore(db) as store:
        assert len(store.versions(1)) == 2
        (found,) = store.highlights_of(1)
        body = store.article_details(1)["body"]  # type: ignore[index]
    assert not found.vanished and body[found.start : found.end] == PASSAGE
    assert found.note == "check the vote count"


def test_a_highlight_whose_words_left_the_text_is_kept_and_marked(db: Path, page: Path) -> None:
    save(page, BODY.replace(PASSAGE, "repair the old breakwater"))
    run("import", "--db", db, page)
    with ArchiveStore(db) as store:
        (found,) = store.highlights_of(1)
    assert found.vanished and found.passage == PASSAGE
    assert "(no longer in the text)" in run("highlights", "--db", db)


def test_of_two_places_the_context_picks_the_one_highlighted(db: Path) -> None:
    run("highlight", "--db", db, "1", "harbour wall was last rebuilt")
    body = BODY.replace("7 to 2", "7 to 2 on the harbour wall")  # an earlier "harbour wall"
    at = BODY.index("The harbour wall was last")
    place = locate(body, "harbour wall", before=BODY[at - 10 : at + 4], after=" was last")
    assert place is not None and body[place[1] : place[1] + 9] == " was last"


def test_highlights_travel_in_jsonl_and_markdown(db: Path, tmp_path: Path) -> None:
    exported = tmp_path / "out.jsonl"
    run("export", "--db", db, "-o", exported)
    record = json.loads(exported.read_text(encoding="utf-8"))
    assert [(h["passage"], h["note"]) for h in record["highlights"]] == [
        (PASSAGE, "check the vote count")
    ]
    for source in (exported, tmp_path / "md"):
        if source.name == "md":
            run("export", "--db", db, "--format", "markdown", "-o", source)
            written = next(source.iterdir()).read_text(encoding="utf-8")
            assert "highlights:" in written  # the front matter, for import
            # and a section for people: the passage marked, the note beneath
            assert f"- =={PASSAGE}==\n  > check the vote count" in written
        fresh = tmp_path / f"{source.name}.db"
        run("import", "--db", fresh, source)
        run("import", "--db", fresh, source)  # twice: nothing doubles
        with ArchiveStore(fresh) as store:
            found = store.highlights_of(1)
            body = store.article_details(1)["body"]  # type: ignore[index]
        assert [(h.passage, h.note) for h in found] == [(PASSAGE, "check the vote count")]
        assert "==" not in body and "highlights" not in body  # the text came back as it was


def test_a_saved_link_s_highlight_is_found_once_the_page_is_imported(
    tmp_path: Path, page: Path
) -> None:
    db = tmp_path / "archive.db"
    export = tmp_path / "wallabag.json"
    export.write_text(
        json.dumps(
            [
                {
                    "title": "Council Votes On Harbour Wall",
                    "url": "https://gazette.example/wall",
                    "content": "",
                    "is_archived": 0,
                    "is_starred": 0,
                    "annotations": [{"quote": PASSAGE, "text": "from wallabag"}],
                }
            ]
        ),
        encoding="utf-8",
    )
    run("import", "--db", db, export)
    with ArchiveStore(db) as store:
        assert [h.vanished for h in store.highlights_of(1)] == [True]  # no text yet
    run("import", "--db", db, page)
    with ArchiveStore(db) as store:
        (found,) = store.highlights_of(1)
    assert not found.vanished and found.note == "from wallabag" and found.origin == "wallabag"


def test_deleting_a_highlight(db: Path) -> None:
    assert run("highlight", "--db", db, "1", PASSAGE, "--delete") == "article 1: removed\n"
    with ArchiveStore(db) as store:
        assert store.highlights_of(1) == []


def test_an_empty_note_takes_the_note_away_and_keeps_the_highlight(db: Path) -> None:
    assert run("highlight", "--db", db, "1", PASSAGE, "--note", "") == "article 1: highlighted\n"
    with ArchiveStore(db) as store:
        (kept,) = store.highlights_of(1)
        assert kept.note is None and store.query_ids("note:vote") == []


def test_finding_a_passage_again_stays_fast_on_hostile_text() -> None:
    body = "a " * 500_000  # a megabyte of one word
    passage = "a " * 2000 + "b"
    started = time.perf_counter()
    assert locate(body, passage) is None
    assert locate(body, "a a a") is not None
    # Markup to pass over in every place: brackets, bold marks, quotation marks.
    for marked_up in ("[a](" * 64_000, "**a " * 100_000, "> a\n" * 100_000):
        assert locate(marked_up, "a b c d e f g h") is None
    assert time.perf_counter() - started < 2.0


MARKED_UP = (
    "The [Port Linden harbour authority](https://gazette.example/authority) reopened the "
    "eastern basin on Monday. Officials said **every sample had come back clean** after "
    "three _weeks_ of tests.\n\n> The basin is open,\n> the chief engineer said.\n\n"
    "Ferries resumed on the morning tide."
)


def test_a_passage_read_across_markdown_is_found_in_the_text(db: Path, page: Path) -> None:
    """A passage as the reading pane shows it (a link's words, bold, a quotation's lines
    joined) is the article's text with its Markdown passed over; kept in those words."""
    save(page, MARKED_UP, title="Basin Reopens")
    run("import", "--db", db, page)
    read = [
        "The Port Linden harbour authority reopened the eastern basin on Monday.",
        "Officials said every sample had come back clean after three weeks of tests.",
        "The basin is open, the chief engineer said.",
    ]
    for passage in read:
        run("highlight", "--db", db, "1", passage)
    with ArchiveStore(db) as store:
        found = [h for h in store.highlights_of(1) if not h.vanished]
        row = store.article_row(1)
    assert row is not None
    body = row["body"]
    assert [h.passage for h in found] == read
    first, second, third = found
    assert body[first.start : first.end] == (
        "The [Port Linden harbour authority](https://gazette.example/authority) reopened "
        "the eastern basin on Monday."
    )
    assert body[second.start : second.end].endswith("three _weeks_ of tests.")
    assert body[third.start : third.end] == "The basin is open,\n> the chief engineer said."
    # Its own words, in any case or spacing, name it again: --delete finds it.
    run("highlight", "--db", db, "1", read[1].upper(), "--delete")
    with ArchiveStore(db) as store:
        assert len([h for h in store.highlights_of(1) if not h.vanished]) == 2
