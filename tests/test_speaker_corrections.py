"""Speakers corrected by hand are user state: they outlive reindex, re-import and export."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.extract import Extraction, Quote
from reader.models import Article
from reader.store import ArchiveStore
from reader.store.corrections import CorrectionError
from reader.store.queries import UNCERTAIN_BELOW, QuoteView

from .conftest import run

STORY = """# Harbour Plan Delayed Again

March 3, 2026

Mayor Elena Varga met the port director Tomas Berg on Monday.

“We will fix the harbour wall before summer,” Varga said.

“Nobody has shown us the money,” Berg told reporters.

Original url:

<https://news.example/harbour-plan>
"""


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "sources" / "harbour.md"
    path.parent.mkdir()
    path.write_text(STORY, encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path, story: Path) -> Path:
    path = tmp_path / "archive.db"
    run("import", "--db", path, story)
    return path


def quotes(db: Path, article_id: int = 1) -> list[QuoteView]:
    with ArchiveStore(db) as store:
        return store.article_quotes(article_id)


def mark_stale(db: Path) -> None:
    """Mark the quotes rows, to tell that extraction wrote them anew afterwards."""
    with ArchiveStore(db) as store, store.transaction():
        store.conn.execute("UPDATE quotes SET rule = 'stale'")


def rewritten(db: Path) -> bool:
    return all(quote.rule != "stale" for quote in quotes(db))


def speakers(db: Path) -> list[tuple[str | None, bool]]:
    return [(quote.speaker, quote.corrected) for quote in quotes(db)]


def entity_id(db: Path, name: str) -> int:
    with ArchiveStore(db) as store:
        return int(
            store.conn.execute("SELECT id FROM entities WHERE name = ?", (name,)).fetchone()[0]
        )


def test_the_story_is_attributed_as_expected(db: Path) -> None:
    # The other tests correct these: make sure they start from the extractor's answer.
    assert speakers(db) == [("Elena Varga", False), ("Tomas Berg", False)]


def test_a_correction_sets_speaker_and_entity_and_marks_the_quote(db: Path) -> None:
    with ArchiveStore(db) as store:
        corrected = store.attribute(1, 1, "berg")  # a surname of the article's person
    assert corrected.speaker == "Tomas Berg" and corrected.corrected
    assert corrected.speaker_entity_id == entity_id(db, "Tomas Berg")
    assert speakers(db) == [("Tomas Berg", True), ("Tomas Berg", False)]
    with ArchiveStore(db) as store:
        stored = store.conn.execute(
            "SELECT article_id, quote_text, speaker FROM speaker_corrections"
        ).fetchall()
    assert stored == [(1, quotes(db)[0].text, "berg")]


def test_a_name_outside_the_article_is_kept_as_typed(db: Path) -> None:
    with ArchiveStore(db) as store:
        corrected = store.attribute(1, 2, "a port spokesperson")
    assert corrected.speaker == "a port spokesperson" and corrected.speaker_entity_id is None


def test_said_quotes_and_the_speaker_view_follow_a_correction(db: Path) -> None:
    varga, berg = entity_id(db, "Elena Varga"), entity_id(db, "Tomas Berg")
    with ArchiveStore(db) as store:
        assert store.query_ids("said:Berg") == [1]
        store.attribute(1, 2, "Elena Varga")
        assert store.query_ids("said:Berg") == []
        assert store.query_ids('said:"Elena Varga"') == [1]
        assert len(list(store.quote_hits('said:"Varga"'))) == 2
        assert list(store.quote_hits('said:"Berg"')) == []
        assert len(store.speaker_quotes(varga)) == 2  # the reader's `s`
        assert store.speaker_quotes(berg) == []
    said = run("quotes", "--db", db, "--speaker", "Varga")
    assert "Nobody has shown us the money" in said


def test_clearing_leaves_the_quote_without_a_speaker(db: Path) -> None:
    with ArchiveStore(db) as store:
        cleared = store.attribute(1, 1, None)
        assert cleared.speaker is None and cleared.speaker_entity_id is None
        assert cleared.corrected
        assert store.query_ids("said:Varga") == []
    run("reindex", "--all", "--db", db)
    assert speakers(db) == [(None, True), ("Tomas Berg", False)]


def test_a_later_correction_replaces_an_earlier_one(db: Path) -> None:
    with ArchiveStore(db) as store:
        store.attribute(1, 1, None)
        store.attribute(1, 1, "Tomas Berg")
        assert store.conn.execute("SELECT count(*) FROM speaker_corrections").fetchone() == (1,)
    assert speakers(db)[0] == ("Tomas Berg", True)


def test_a_correction_survives_reindex_all(db: Path) -> None:
    with ArchiveStore(db) as store:
        store.attribute(1, 1, "Tomas Berg")
        store.attribute(1, 2, None)
    mark_stale(db)
    run("reindex", "--all", "--db", db)
    assert rewritten(db)
    after = quotes(db)
    assert [(q.speaker, q.speaker_entity_id, q.corrected) for q in after] == [
        ("Tomas Berg", entity_id(db, "Tomas Berg"), True),
        (None, None, True),
    ]


def test_a_correction_survives_reimport_force_and_an_edited_article(db: Path, story: Path) -> None:
    with ArchiveStore(db) as store:
        store.attribute(1, 1, "Tomas Berg")
    run("import", "--db", db, story)
    assert speakers(db)[0] == ("Tomas Berg", True)
    with ArchiveStore(db) as store, store.transaction():
        # As if an older extractor had read it: --force then extracts it again.
        store.conn.execute("UPDATE article_extraction SET version = 0")
    mark_stale(db)
    run("import", "--force", "--db", db, story)
    assert rewritten(db)
    assert speakers(db) == [("Tomas Berg", True), ("Tomas Berg", False)]
    story.write_text(
        STORY.replace("on Monday.", "on Monday.\n\nThe wall cracked in March."), encoding="utf-8"
    )
    mark_stale(db)
    run("import", "--db", db, story)
    assert rewritten(db)
    assert speakers(db) == [("Tomas Berg", True), ("Tomas Berg", False)]


def test_export_carries_corrections_and_import_restores_them(tmp_path: Path, db: Path) -> None:
    with ArchiveStore(db) as store:
        store.attribute(1, 1, "Tomas Berg")
        store.attribute(1, 2, None)
    exported = run("export", "--db", db)
    (record,) = [json.loads(line) for line in exported.splitlines()]
    assert record["quotes"] == [
        {"text": quotes(db)[0].text, "speaker": "Tomas Berg", "corrected": True},
        {"text": quotes(db)[1].text, "speaker": None, "corrected": True},
    ]
    (tmp_path / "out.jsonl").write_text(exported, encoding="utf-8")
    copy = tmp_path / "copy.db"
    run("import", "--db", copy, tmp_path / "out.jsonl")
    assert speakers(copy) == [("Tomas Berg", True), (None, True)]
    assert run("export", "--db", copy) == exported
    run("reindex", "--all", "--db", copy)
    assert speakers(copy) == [("Tomas Berg", True), (None, True)]
    # Markdown export carries them too, in the front matter.
    run("export", "--db", db, "--format", "markdown", "-o", tmp_path / "md")
    again = tmp_path / "again.db"
    run("import", "--db", again, tmp_path / "md")
    assert speakers(again) == [("Tomas Berg", True), (None, True)]


def test_an_uncorrected_quote_exports_as_before(db: Path) -> None:
    (record,) = [json.loads(line) for line in run("export", "--db", db).splitlines()]
    assert all(set(quote) == {"text", "speaker"} for quote in record["quotes"])


def test_a_carried_correction_never_overrides_the_archives_own(tmp_path: Path, db: Path) -> None:
    with ArchiveStore(db) as store:
        store.attribute(1, 1, "Tomas Berg")
    (tmp_path / "old.jsonl").write_text(run("export", "--db", db), encoding="utf-8")
    with ArchiveStore(db) as store:
        store.attribute(1, 1, "a harbour official")
    result = CliRunner().invoke(cli, ["import", "--db", str(db), str(tmp_path / "old.jsonl")])
    assert "0 updated, 1 unchanged" in result.stdout
    assert speakers(db)[0] == ("a harbour official", True)


def test_a_correction_outlives_an_edit_of_its_quote(db: Path, story: Path) -> None:
    with ArchiveStore(db) as store:
        store.attribute(1, 1, None)
    story.write_text(STORY.replace("before summer", "before the summer"), encoding="utf-8")
    run("import", "--db", db, story)
    assert speakers(db) == [("Elena Varga", False), ("Tomas Berg", False)]
    (record,) = [json.loads(line) for line in run("export", "--db", db).splitlines()]
    assert record["quotes"][-1] == {
        "text": "We will fix the harbour wall before summer,",
        "speaker": None,
        "corrected": True,
    }


def test_bad_corrections_say_what_is_wrong(db: Path) -> None:
    with ArchiveStore(db) as store:
        for article_id, number, name, message in (
            (99, 1, "X", "no article with id 99"),
            (1, 3, "X", "quotes 1 to 2; no quote 3"),
            (1, 0, "X", "no quote 0"),
            (1, 1, "  \x1b[31m ", "needs a name"),
            (1, 1, "x" * 201, "at most 200"),
        ):
            with pytest.raises(CorrectionError, match=message):
                store.attribute(article_id, number, name)
        assert store.conn.execute("SELECT count(*) FROM speaker_corrections").fetchone() == (0,)


def test_cue_and_confidence_are_stored_and_shown(db: Path) -> None:
    with ArchiveStore(db) as store:
        article_id, _ = store.upsert_article(Article(title="Cues", body="“Yes,” she said."))
        extraction = Extraction(
            [
                Quote("Yes,", "Ann Example", None, "statement", 1, 5, "after", 0.95, "said"),
                Quote("No", "Bo Example", None, "partial", 20, 22, "subject", 0.6, ""),
            ],
            [],
            [],
        )
        with store.transaction():
            store.save_extraction(article_id, extraction)
        first, second = store.article_quotes(article_id)
    assert (first.cue, first.rule, first.confidence, first.uncertain) == (
        "said",
        "after",
        0.95,
        False,
    )
    assert second.cue is None and second.confidence is not None
    assert second.confidence < UNCERTAIN_BELOW and second.uncertain
    shown = run("show", "--db", db, article_id)
    assert "   1. Ann Example (said):" in shown
    assert "   2. Bo Example? (partial):" in shown
    assert "? the extractor is unsure of the speaker" in shown


def test_attribute_command_sets_and_clears(db: Path) -> None:
    out = run("attribute", "--db", db, 1, 2, "Elena Varga").strip()
    # The extractor's cue ("told …") stays beside the name: the words are the text's.
    assert out.startswith("article 1, quote 2: Elena Varga (told")
    assert out.endswith(") ✎ corrected")
    assert run("attribute", "--db", db, 1, 1, "--clear").strip() == (
        "article 1, quote 1: unattributed ✎ corrected"
    )
    shown = run("show", "--db", db, 1)
    assert "   1. unattributed ✎ corrected:" in shown
    assert re.search(r"^   2\. Elena Varga \(told[^)]*\) ✎ corrected:$", shown, re.M)
    assert "✎ corrected by hand" in shown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["99", "1", "X"], "no article with id 99"),
        (["1", "7", "X"], "article 1 has quotes 1 to 2; no quote 7"),
        (["1", "1"], "give the speaker's name, or --clear"),
        (["1", "1", "X", "--clear"], "give the speaker's name, or --clear"),
        (["1", "one", "X"], "'one' is not a valid integer"),
    ],
)
def test_attribute_command_errors_are_one_line(db: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["attribute", "--db", str(db), *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_show_numbers_quotes_in_article_order(db: Path) -> None:
    shown = run("show", "--db", db, 1)
    assert "   1. Elena Varga (said):" in shown  # with the cue
    assert re.search(r"^   2\. Tomas Berg \(told[^)]*\):$", shown, re.M)
    assert shown.index("   1. ") < shown.index("   2. ")
    assert "unsure" not in shown and "✎" not in shown  # no legend without markers


def test_corrected_quotes_are_marked_wherever_quotes_are_listed(db: Path) -> None:
    run("attribute", "--db", db, 1, 2, "Elena Varga")
    said = run("quotes", "--db", db, "--speaker", "Varga")
    assert "· Elena Varga ✎  [article 1]\n    “Nobody has shown us the money,”" in said
    assert "· Elena Varga  [article 1]\n    “We will fix the harbour wall" in said
    exported = run("export", "--db", db, "--quotes", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [row["corrected"] for row in rows] == ["", "yes"]
    markdown = run("export", "--db", db, "--quotes")
    assert markdown.count("— **Elena Varga** ✎,") == 1
    with ArchiveStore(db) as store:
        found = store.speaker_quotes(entity_id(db, "Elena Varga"))
    assert [quote["corrected"] for quote in found] == [0, 1]
