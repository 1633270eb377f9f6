"""Versions (issue 15): a re-import that changes an article's words keeps the wording
it replaces; `reader versions` lists them, `reader diff` shows what changed word by
word, `is:changed` finds them, and JSONL carries them both ways."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.diffing import MAX_WORDS, diff, words_diff
from reader.store import ArchiveStore

FIRST = (
    "Council Votes On Harbour Wall",
    "The council voted 7 to 2 on Tuesday to rebuild the harbour wall.\n\n"
    '"We will fix the wall before summer," Elena Varga said.\n\n'
    "Work starts in March.",
)
SECOND = (
    "Council Narrowly Votes On Harbour Wall",
    "The council voted 6 to 3 on Tuesday night to rebuild the harbour wall.\n\n"
    '"We will fix the wall before the autumn storms," Elena Varga said.\n\n'
    "Work starts in March.",
)


def run(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def save(path: Path, title: str, body: str) -> None:
    path.write_text(
        f"---\ntitle: {title}\nsource: Harbour Gazette\npublished: 2024-01-10\n"
        f"url: https://gazette.example/wall\n---\n{body}\n",
        encoding="utf-8",
    )


@pytest.fixture
def changed(tmp_path: Path) -> Path:
    """An archive whose one article was captured twice with different words."""
    db, page = tmp_path / "archive.db", tmp_path / "wall.md"
    save(page, *FIRST)
    run("import", "--db", db, page)
    run("tag", "--db", db, "1", "wall")
    run("bookmark", "--db", db, "1")
    save(page, *SECOND)
    run("import", "--db", db, page)
    return db


def test_a_reimport_with_other_words_keeps_the_wording_it_replaces(changed: Path) -> None:
    with ArchiveStore(changed) as store:
        versions = store.versions(1)
        details = store.article_details(1)
        assert store.query_ids("is:changed") == [1]
    assert [(v.title, v.body, v.current) for v in versions] == [
        (*FIRST, False),
        (*SECOND, True),
    ]
    assert versions[0].imported_from and versions[0].imported_from.endswith("wall.md")
    assert details is not None
    assert details["tags"] == ["wall"] and details["bookmarked"]  # state stays on the article
    # Extraction runs on the current text.
    assert [q.text for q in details["quotes"]] == ["We will fix the wall before the autumn storms,"]
    listed = run("versions", "--db", changed, "1")
    assert "2 version(s)" in listed and "current" in listed
    assert "Council Votes On Harbour Wall" in listed


def test_the_same_words_again_make_no_version(tmp_path: Path) -> None:
    db, page = tmp_path / "archive.db", tmp_path / "wall.md"
    save(page, *FIRST)
    run("import", "--db", db, page)
    save(page, FIRST[0], FIRST[1].replace(" on Tuesday", "  on\nTuesday"))  # spacing only
    run("import", "--db", db, page, "--force")
    with ArchiveStore(db) as store:
        assert len(store.versions(1)) == 1
        assert store.query_ids("is:changed") == []


def test_diff_marks_removed_and_added_words_and_the_quotes_that_changed(changed: Path) -> None:
    printed = run("diff", "--db", changed, "1")
    assert "title: Council «Narrowly» Votes On Harbour Wall" in printed
    assert "The council voted »7« «6» to »2« «3» on Tuesday «night» to rebuild" in printed
    assert "… 1 paragraph(s) unchanged …" in printed  # "Work starts in March."
    assert "  − “We will fix the wall before summer,”" in printed
    assert "  + “We will fix the wall before the autumn storms,”" in printed
    assert run("diff", "--db", changed, "1", "1", "current") == printed
    result = CliRunner().invoke(cli, ["diff", "--db", str(changed), "1", "7"])
    assert result.exit_code == 2 and "a number from 1 to 2 or 'current'" in result.output


def test_versions_travel_in_jsonl_and_come_back(changed: Path, tmp_path: Path) -> None:
    exported = tmp_path / "out.jsonl"
    run("export", "--db", changed, "-o", exported)
    record = json.loads(exported.read_text(encoding="utf-8").splitlines()[0])
    assert [v["title"] for v in record["versions"]] == [FIRST[0]]
    fresh = tmp_path / "fresh.db"
    run("import", "--db", fresh, exported)
    run("import", "--db", fresh, exported)  # twice: nothing doubles
    with ArchiveStore(changed) as before, ArchiveStore(fresh) as after:
        assert [(v.title, v.body) for v in after.versions(1)] == [
            (v.title, v.body) for v in before.versions(1)
        ]
        assert after.versions(1)[0].captured_at == before.versions(1)[0].captured_at


def test_a_malformed_versions_field_fails_its_line_in_one_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"title": "T", "body": "B", "versions": 5}) + "\n", "utf-8")
    result = CliRunner().invoke(cli, ["import", "--db", str(tmp_path / "a.db"), str(bad)])
    assert result.exit_code == 1 and "'versions' must be a list" in result.output
    assert "Traceback" not in result.output


def test_a_saved_link_filled_in_by_its_page_is_not_a_version(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    links = tmp_path / "urls.txt"
    links.write_text("https://gazette.example/wall\n", encoding="utf-8")
    run("import", "--db", db, links)
    page = tmp_path / "wall.md"
    save(page, *FIRST)
    run("import", "--db", db, page)
    with ArchiveStore(db) as store:
        assert len(store.versions(1)) == 1


def test_word_diff_keeps_every_word_in_order() -> None:
    old, new = FIRST[1], SECOND[1]
    paragraphs = diff(old, new)
    rebuilt_new = "\n\n".join(
        "".join(p.text + p.tail for p in para.pieces if p.kind != "removed").strip()
        for para in paragraphs
    )
    rebuilt_old = "\n\n".join(
        "".join(p.text + p.tail for p in para.pieces if p.kind != "added").strip()
        for para in paragraphs
    )
    assert " ".join(rebuilt_new.split()) == " ".join(new.split())
    assert " ".join(rebuilt_old.split()) == " ".join(old.split())


def test_word_diff_takes_time_in_proportion_to_what_changed() -> None:
    paragraphs = [f"Paragraph {n} says something about the harbour wall." for n in range(3000)]
    old = "\n\n".join(paragraphs)
    new = "\n\n".join([*paragraphs[:1500], "A new paragraph.", *paragraphs[1500:]])
    started = time.perf_counter()
    changed = [p for p in diff(old, new) if p.changed]
    assert time.perf_counter() - started < 2.0
    assert len(changed) == 1
    # The same paragraph and the same word thousands of times (a crafted archive).
    same = "\n\n".join(["the same"] * 5000)
    started = time.perf_counter()
    diff(same, same + "\n\nend")
    words_diff(" ".join(["the"] * MAX_WORDS), " ".join(["the"] * (MAX_WORDS - 1)) + " end")
    assert time.perf_counter() - started < 2.0
    huge_old = " ".join(["word"] * (MAX_WORDS + 1))
    pieces = words_diff(huge_old, huge_old + " more")
    assert [p.kind for p in pieces] == ["removed", "added"]  # too long: whole
