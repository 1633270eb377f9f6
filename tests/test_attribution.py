"""Who said what on the shapes real news takes (issue 9): one test per class of error.

Every article here is written for this project; the names are invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.extract import Quote, extract_article
from reader.store import ArchiveStore

SAMPLE_DATA = Path(__file__).resolve().parent.parent / "sample_data"


def quotes(body: str) -> list[Quote]:
    return [q for q in extract_article(body).quotes if q.kind not in ("scare", "title")]


def speaker(body: str, fragment: str) -> str | None:
    found = [q for q in extract_article(body).quotes if fragment in q.text]
    assert found, f"no quote containing {fragment!r}"
    return found[0].speaker


# 1. A surname is not bound to someone of another article.


def test_speakers_are_the_same_alone_and_inside_the_sample_archive(
    tmp_path: Path, db_path: Path
) -> None:
    # "Varga" here is a basketball player; the sample archive's Elena Varga is a mayor.
    body = (
        "The Harbour Hawks beat the Millbrook Owls 88-80 on Saturday.\n\n"
        "“We found our rhythm in the third quarter,” Varga said after the game. "
        "“The crowd carried us.”\n\n"
        "Coach Tamsin Oduya was less pleased. “We gave away too many fouls,” Oduya said."
    )
    alone = [
        (q.text, q.speaker)
        for q in extract_article(body).quotes
        if q.kind not in ("scare", "title")
    ]
    assert ("We found our rhythm in the third quarter,", "Varga") in alone
    folder = tmp_path / "game"
    folder.mkdir()
    (folder / "game.md").write_text(
        f"# Hawks beat Owls\n\nMarch 3, 2025\n\n{body}\n", encoding="utf-8"
    )
    runner = CliRunner()
    assert runner.invoke(cli, ["import", "--db", str(db_path), str(SAMPLE_DATA)]).exit_code == 0
    assert runner.invoke(cli, ["import", "--db", str(db_path), str(folder)]).exit_code == 0
    with ArchiveStore(db_path) as store:
        (article_id,) = store.conn.execute(
            "SELECT id FROM articles WHERE title = 'Hawks beat Owls'"
        ).fetchone()
        stored = store.conn.execute(
            "SELECT text, speaker FROM quotes WHERE article_id = ? ORDER BY start", (article_id,)
        ).fetchall()
        assert [tuple(row) for row in stored] == alone
        assert "Elena Varga" not in {row[1] for row in stored}


def test_sample_archive_speakers_do_not_depend_on_the_other_articles(db_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["import", "--db", str(db_path), str(SAMPLE_DATA)]).exit_code == 0
    with ArchiveStore(db_path) as store:
        rows = store.conn.execute("SELECT id, body FROM articles ORDER BY id").fetchall()
        for article_id, body in rows:
            alone = [
                q.speaker for q in extract_article(body).quotes if q.kind not in ("scare", "title")
            ]
            stored = [
                row[0]
                for row in store.conn.execute(
                    "SELECT speaker FROM quotes WHERE article_id = ? ORDER BY start",
                    (article_id,),
                )
            ]
            assert stored == alone, f"article {article_id}"


# 2. Sentence openers, labels, titles and party tags are not speakers.


@pytest.mark.parametrize(
    ("body", "fragment", "wanted"),
    [
        (
            "Sen. Ann Example, D-Mich., said the bill was late. “It is too late,” said Sen. "
            "Ann Example, D-Mich., on Monday.",
            "too late",
            "Ann Example",
        ),
        (
            "The committee met on Monday. “We will vote,” said Sen. Bo R. Example (R-Wis.).",
            "We will vote",
            "Bo R. Example",
        ),
        (
            "The clinic reopened. “It is safe now,” according to Dr. Jo Example, who runs it.",
            "safe now",
            "Jo Example",
        ),
    ],
)
def test_party_tags_and_abbreviated_titles_are_passed_over(
    body: str, fragment: str, wanted: str
) -> None:
    assert speaker(body, fragment) == wanted


@pytest.mark.parametrize(
    "body",
    [
        "So it went on. “Nothing will change,” So said.",
        "Still, the crowd waited. “Nothing will change,” Still he said.",
        "ANALYST'S TAKE\n\n“Nothing will change,” ANALYST'S TAKE said.",
        "The vote is on Monday. “Nothing will change,” Monday said.",
        "Nonetheless the council met. “Nothing will change,” Nonetheless said.",
        "WASHINGTON — The council met. “Nothing will change,” WASHINGTON said.",
    ],
)
def test_openers_days_and_labels_are_never_speakers(body: str) -> None:
    assert speaker(body, "Nothing will change") is None


def test_a_possessive_is_not_a_speaker() -> None:
    body = "Mayor Ann Example spoke on Friday. Ed Sample denounced Example’s remarks as “hurtful”."
    assert speaker(body, "hurtful") != "Example’s"
    body = "Example’s comments “show bias,” said Ed Sample."
    assert speaker(body, "show bias") == "Ed Sample"


def test_a_quotation_with_its_own_unresolved_cue_does_not_inherit_the_previous_speaker() -> None:
    body = (
        "Mayor Ann Example opened the bridge.\n\n"
        "“It is a great day,” Example said. “We waited ten years,” So said."
    )
    assert speaker(body, "great day") == "Ann Example"
    assert speaker(body, "ten years") is None


# 3. "he/she said": the subject who agrees in gender.


def test_she_is_the_woman_who_is_the_subject_not_the_last_name() -> None:
    body = (
        "Mayor Ann Example visited the pipeline site run by Example Pipeline Company, where "
        "engineer Tom Sample showed her the valve. She thanked the crew. "
        "“We will not let this happen again,” she said."
    )
    assert speaker(body, "happen again") == "Ann Example"


def test_he_is_the_man_who_is_the_subject_not_the_woman_named_last() -> None:
    body = (
        "Owen Marsh thanked his coach, Mrs. Tamsin Oduya, after scoring 30 points. "
        "“The team made it easy,” he said."
    )
    assert speaker(body, "made it easy") == "Owen Marsh"


# 4. Descriptions resolved to the one the article named.


def test_the_mayor_is_the_mayor_named_before() -> None:
    body = (
        "Mayor Ann Example opened the bridge on Monday.\n\n"
        "“This is a great day for the town,” the mayor said."
    )
    assert speaker(body, "great day") == "Ann Example"


def test_a_description_that_fits_no_one_stays_a_description() -> None:
    body = "The bridge opened on Monday. “It took too long,” one resident said."
    assert speaker(body, "too long") == "one resident"


# 5. No comma before the closing mark, and the paragraph that follows.


def test_no_comma_before_the_closing_mark_and_the_follow_on_paragraph() -> None:
    body = (
        "The strike entered its second week.\n\n"
        "“We deserve a fair wage and we will not back down to management” Local 12 president "
        "Jo Example said Saturday.\n\n"
        "“The strike will go on until they listen.”"
    )
    assert speaker(body, "back down") == "Jo Example"
    assert speaker(body, "until they listen") == "Jo Example"


# 6. Titles, slogans and signs are not statements.


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("Protesters carried signs reading “No More Cuts” outside.", "No More Cuts"),
        ("Her campaign slogan, “Stronger Together,” was everywhere.", "Stronger Together"),
        ("The film, “The Long Road Home,” opened on Friday.", "Long Road Home"),
        ("The book “Notes From a Harbour Town” sold well.", "Harbour Town"),
        ("The headline, “Mayor Quits Over Water,” ran on Monday.", "Mayor Quits"),
        ("Ann Example said so on “Harbour Morning Live.”", "Harbour Morning"),
    ],
)
def test_titles_slogans_and_signs_are_not_statements(body: str, fragment: str) -> None:
    found = [q for q in extract_article(body).quotes if fragment in q.text]
    assert found and found[0].kind == "title" and found[0].speaker is None


def test_a_characterisation_of_a_book_is_still_a_partial_quote() -> None:
    body = "The critic Rhys Maddox called the new book “a love letter written in seawater.”"
    found = quotes(body)
    assert found and found[0].speaker == "Rhys Maddox"


# 7. Every speaker is an entity of its article, or a short description.


def test_a_speaker_found_only_by_the_attribution_becomes_an_entity() -> None:
    extraction = extract_article("The launch was delayed. “We are ready,” CivicLink said.")
    (quote,) = extraction.quotes
    assert quote.speaker == "CivicLink"
    assert quote.speaker_entity is not None
    assert quote.speaker_entity in extraction.entities


def test_every_sample_archive_speaker_is_an_entity_of_its_article_or_a_description(
    db_path: Path,
) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["import", "--db", str(db_path), str(SAMPLE_DATA)]).exit_code == 0
    with ArchiveStore(db_path) as store:
        rows = store.conn.execute(
            "SELECT quotes.article_id, quotes.speaker, quotes.speaker_entity_id, entities.type, "
            "EXISTS (SELECT 1 FROM article_entities ae WHERE ae.article_id = quotes.article_id "
            "AND ae.entity_id = quotes.speaker_entity_id) "
            "FROM quotes LEFT JOIN entities ON entities.id = quotes.speaker_entity_id "
            "WHERE quotes.speaker IS NOT NULL"
        ).fetchall()
    assert len(rows) > 200
    for article_id, name, entity_id, type_, of_article in rows:
        if entity_id is not None:
            assert type_ in ("PERSON", "ORG") and of_article, (article_id, name)
        else:
            words = name.split()
            assert name[0].islower() and 2 <= len(words) <= 6, (article_id, name)
            assert words[-1] not in ("a", "the", "of", "and", "to"), (article_id, name)


# A quotation that carries on the previous one in the same paragraph.


def test_the_next_quotation_after_a_long_attribution_is_still_the_speakers() -> None:
    body = (
        "The campaign raised money for state races.\n\n"
        "“We need leaders in every capitol,” Jo Example, Sam Sample's campaign manager, said "
        "in a statement on Monday. “The leaders we back today are tomorrow's senators.”"
    )
    assert speaker(body, "tomorrow's senators") == "Jo Example"


def test_someone_elses_sentence_between_two_quotations_breaks_the_run() -> None:
    body = (
        "Mayor Ann Example and Tom Sample met. “A deal is close,” Example said. "
        "Tom Sample disagreed. “Nothing is agreed.”"
    )
    assert speaker(body, "A deal is close") == "Ann Example"
    assert speaker(body, "Nothing is agreed") is None


def test_a_quotation_signed_with_a_dash_is_the_signers() -> None:
    body = (
        "Readers wrote in after the debate.\n\n"
        "“He represents our greatest shame.” ― Sonya Example “I am so ashamed.”― Pat Sample"
    )
    assert speaker(body, "greatest shame") == "Sonya Example"
    assert speaker(body, "so ashamed") == "Pat Sample"


def test_a_place_then_a_title_then_the_person() -> None:
    body = (
        "Brandt won 38 percent, and Harbour City Mayor Ann Example of the Civic Party 22 "
        "percent. Example conceded. “The people have made their choice,” she said."
    )
    extraction = extract_article(body)
    assert "Ann Example" in {e.name for e in extraction.entities if e.type == "PERSON"}
    assert speaker(body, "made their choice") == "Ann Example"
