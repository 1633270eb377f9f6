"""Quotes and who said them: the shared fixture, and one test per attribution shape."""

from __future__ import annotations

import json

import pytest

from reader.extract import extract_article
from reader.extract.quotes import Quote
from reader.importers.markdown import parse_markdown

from .conftest import SEED_ARTICLE, SEED_EXPECTED, needs_seed


def quotes_of(body: str) -> list[Quote]:
    return [q for q in extract_article(body).quotes if q.kind not in ("scare", "title")]


def speaker_of(body: str, fragment: str) -> str | None:
    found = [q for q in extract_article(body).quotes if fragment in q.text]
    assert found, f"no quote containing {fragment!r}"
    return found[0].speaker


@needs_seed
def test_fixture_every_quote_and_speaker() -> None:
    expected = json.loads(SEED_EXPECTED.read_text())
    body = parse_markdown(SEED_ARTICLE.read_text()).cleaned().body
    found = quotes_of(body)
    for item in expected["quotes"]:
        match = [q for q in found if item["text"] in q.text or q.text in item["text"]]
        assert match, f"missing quote {item['text']!r}"
        assert match[0].speaker == item["speaker"], item["how"]
    assert len(found) == len(expected["quotes"])


@needs_seed
def test_fixture_liberation_is_not_a_statement() -> None:
    body = parse_markdown(SEED_ARTICLE.read_text()).cleaned().body
    liberation = [q for q in extract_article(body).quotes if q.text == "liberation"]
    assert len(liberation) == 1
    assert liberation[0].kind == "scare"
    assert liberation[0].speaker is None


@needs_seed
def test_quote_offsets_point_into_the_body() -> None:
    body = parse_markdown(SEED_ARTICLE.read_text()).cleaned().body
    for quote in extract_article(body).quotes:
        assert body[quote.start : quote.end].strip() == quote.text


PEOPLE = "Mayor Elena Varga met Tomas Ekholm, the agency's director, on Monday.\n\n"


@pytest.mark.parametrize(
    ("body", "fragment", "speaker", "rule"),
    [
        (PEOPLE + "“We will fix it,” Varga said.", "fix it", "Elena Varga", "after"),
        (
            PEOPLE + "“We will fix it,” said Ekholm, the director.",
            "fix it",
            "Tomas Ekholm",
            "after",
        ),
        (PEOPLE + "Varga said: “We will fix it.”", "fix it", "Elena Varga", "before"),
        (PEOPLE + "Ekholm told reporters: “We will fix it.”", "fix it", "Tomas Ekholm", "before"),
        (
            PEOPLE + "The water is safe, “as of this morning,” according to Ekholm.",
            "this morning",
            "Tomas Ekholm",
            "according-to",
        ),
        (
            PEOPLE + "Varga spoke first. “We will fix it,” she said.",
            "fix it",
            "Elena Varga",
            "after",
        ),
        (
            "Health Minister Miriam Castell visited.\n\n"
            "“Tests are under way,” the ministry said in a statement. "
            "The Health Ministry gave no date.",
            "under way",
            "the ministry",
            "after",
        ),
        (
            PEOPLE + "“Nobody is telling us anything,” one senior official said.",
            "telling us",
            "one senior official",
            "after",
        ),
        (
            PEOPLE + "Varga said she had “no intention” of resigning.",
            "no intention",
            "Elena Varga",
            "before",
        ),
        (PEOPLE + "«Nous allons réparer,» a déclaré Varga.", "réparer", None, ""),
        (PEOPLE + '"We will fix it," Ekholm said.', "fix it", "Tomas Ekholm", "after"),
        (
            PEOPLE + "**Elena Varga:** “We will fix it, whatever it costs.”",
            "fix it",
            "Elena Varga",
            "interview",
        ),
    ],
)
def test_attribution_shapes(body: str, fragment: str, speaker: str | None, rule: str) -> None:
    found = [q for q in extract_article(body).quotes if fragment in q.text]
    assert found, body
    assert found[0].speaker == speaker
    if rule:
        assert found[0].rule == rule


def test_he_and_she_follow_gender() -> None:
    body = (
        "Mayor Elena Varga and Mr. Tomas Ekholm met residents.\n\n"
        "Ekholm spoke about the pipes, and Varga listened. “It will take a year,” he said."
    )
    assert speaker_of(body, "a year") == "Tomas Ekholm"


def test_continuation_paragraph_inherits_the_speaker() -> None:
    body = (
        PEOPLE + "“We will fix it,” Varga said.\n\n“And we will pay for it ourselves.”\n\n"
        "Ekholm did not comment."
    )
    assert speaker_of(body, "pay for it") == "Elena Varga"


def test_quotation_across_paragraphs() -> None:
    body = (
        PEOPLE
        + "Varga said: “The first thing is water. Every house gets bottled water.\n\n"
        + "“The second thing is the truth. We publish every test result.”"
    )
    assert speaker_of(body, "second thing") == "Elena Varga"


def test_speaker_in_the_middle() -> None:
    body = PEOPLE + "“We will fix it,” Varga said, “and we will do it this year.”"
    assert speaker_of(body, "this year") == "Elena Varga"


@pytest.mark.parametrize(
    "body",
    [
        PEOPLE + "Critics mocked the so-called “water plan” on Tuesday.",
        PEOPLE + "Varga hailed what she called the city's “renewal” at the meeting.",
        PEOPLE + "The report, titled “Clear Water”, was published on Friday.",
    ],
)
def test_scare_quotes_and_titles_are_not_statements(body: str) -> None:
    assert quotes_of(body) == []


def test_called_is_not_a_speech_verb_but_named_subjects_own_their_words() -> None:
    body = PEOPLE + "Ekholm called the plan “a sticking plaster.”"
    (quote,) = quotes_of(body)
    assert (quote.speaker, quote.kind) == ("Tomas Ekholm", "partial")


def test_unknown_speaker_stays_unknown() -> None:
    body = "The report came out on Monday.\n\n“This cannot go on,” read a sign at the gate."
    assert all(q.speaker is None for q in quotes_of(body))
