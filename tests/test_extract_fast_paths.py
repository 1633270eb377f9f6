"""The extractor's fast paths agree with the plain definitions they replace.

Each fast path (a regex that starts on a cheap character range, a lazy lookup, an
incremental sentence reader) was written for speed; these properties check it
against the slow, obvious version on random text.
"""

from __future__ import annotations

import re
import string
import time
from itertools import cycle, islice

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.extract import entities, extract_article, quotes
from reader.extract import text as text_module
from reader.extract.text import SENTENCE_MARKS, Prose, Sentences, char_positions, sentence_bounds

from .conftest import REPO

# Words, and what clings to them, that exercise the rules: capitals in and beyond
# ASCII, lower-case Latin-1 letters, particles, abbreviations, possessives.
# fmt: off
WORDS = [
    "Anna", "Élodie", "Øresund", "Łódź", "ßtraße", "ªbc", "µ", "van", "de", "of", "the", "And",
    "The", "Mr.", "Dr", "U.S.", "St.-Denis", "Smiths'", "Varga’s", "O'Neill", "x", "well-known",
    "residents", "Residents", "said", "he", "she", "&", "3", "1990s", "_x", "Co.", "Ky.", "Jr.",
    "Ann.", "Rovers", "Athletic", "Ministry", "EU", "NATO", "French", "President", "Lisbon",
    "Varga", "Hamburg-based", "Union-led", "I’ve", "Monday", "Mount", "Bay", "Hospital",
    "Street", "Party", "Ms", "Minister", "Auditor-General", "Sir",
]
# fmt: on
BEFORE = ["", "", "", "“", '"', "(", "[", "«", "*", "‘"]
AFTER = ["", "", "", ".", ",", ";", "!", "?", "…", "”", '"', ")", ".”", ",”", "’", "»", "*"]
GAPS = [" ", " ", " ", " ", "\n", "\n\n", "\t", "\u00a0", "\u2009", "—", "-", " - "]
token = st.tuples(st.sampled_from(BEFORE), st.sampled_from(WORDS), st.sampled_from(AFTER))
texts = st.lists(st.tuples(token, st.sampled_from(GAPS)), max_size=30).map(
    lambda parts: "".join(before + word + after + gap for (before, word, after), gap in parts)
)
FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(texts)
def test_capitalised_runs_match_the_plain_expression(text: str) -> None:
    plain = re.compile(
        rf"(?<![\w'’\-]){entities._CAPITALISED}"
        rf"(?:(?: |-| & )(?:(?:{'|'.join(sorted(entities._CONNECTORS))}) )*"
        rf"{entities._CAPITALISED})*"
    )
    assert [m.span() for m in entities._RUN.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]


@FAST
@example("(residents) residents… Smiths' smiths'", ["residents", "smiths"])
@example("the " * 70 + "then he.", ["he", "the", "then"])  # many misses: the whole set
@given(texts, st.lists(st.sampled_from(["residents", "he", "the", "smiths", "o'neill", "x"])))
def test_lower_case_words_match_the_set_of_the_articles_words(text: str, asked: list[str]) -> None:
    written = {word.strip(entities._PUNCTUATION) for word in text.split() if word[:1].islower()}
    lookup = entities._LowerWords(text)
    for word in [*asked, *written]:
        assert (word in lookup) == (word in written), word


@FAST
@given(texts)
def test_run_words_match_the_word_expression(text: str) -> None:
    for run in entities._RUN.finditer(text):
        words, starts = entities._run_words(run.group(), run.start())
        expected = list(entities._WORD.finditer(text, run.start(), run.end()))
        assert words == [m.group() for m in expected]
        assert starts == [m.start() for m in expected]


def plain_sentence_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences as one scan of the sentence-end expression finds them."""
    bounds = []
    begin = start
    for match in text_module._SENTENCE_END.finditer(text, start, end):
        stop = match.end()
        word = text[max(begin, stop - 12) : stop].rstrip(".!?…\"'”’»)]").split()
        last = word[-1].lower().rstrip(".") if word else ""
        abbreviation = last in text_module.ABBREVIATIONS or (len(last) == 1 and last.isalpha())
        if "." in match.group(0) and abbreviation:
            continue
        bounds.append((begin, stop))
        begin = stop
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end and text[begin:end].strip():
        bounds.append((begin, end))
    return bounds


@FAST
@given(texts)
@example("He met x. Anna said. Mr. Varga left. The U.S. Army came… Then “Go!” she said.")
def test_sentences_match_one_plain_scan(text: str) -> None:
    prose = Prose.from_markdown(text)
    marks = char_positions(prose.text, SENTENCE_MARKS)
    for paragraph in prose.paragraphs:
        bounds = plain_sentence_bounds(prose.text, paragraph.start, paragraph.end)
        assert sentence_bounds(prose.text, paragraph.start, paragraph.end) == bounds
        reader = Sentences(prose.text, paragraph.start, paragraph.end, marks)
        for offset in range(paragraph.start, paragraph.end):
            begin = paragraph.start
            expected = None
            for sentence_begin, sentence_end in bounds:
                if sentence_begin <= offset < sentence_end:
                    expected = sentence_begin
                    break
                begin = sentence_end
                if sentence_begin > offset:
                    break
            if expected is None:
                expected = min(begin, offset)
            assert reader.start_of(offset) == expected, (offset, bounds)


@FAST
@given(texts)
def test_prose_offsets_map_back_to_the_same_characters(text: str) -> None:
    prose = Prose.from_markdown(text)
    spans = [(start, start + 1) for start in range(len(prose.text))]
    for (start, _end), (body_start, _body_end) in zip(
        spans, prose.spans_to_body(spans), strict=True
    ):
        assert prose.to_body(start) == body_start
        if not prose.text[start].isspace():
            assert text[body_start] == prose.text[start]


def test_words_that_prefix_one_long_token_stay_linear() -> None:
    # 300 sentence-opening words, each a prefix of one 300,000-letter token: looked
    # up one by one in the text, that took 12 s; collected once, under 0.1 s.
    token = "".join(islice(cycle(string.ascii_lowercase), 300_000))
    body = " ".join(token[:k].capitalize() + " went home." for k in range(2, 300))
    started = time.perf_counter()
    extract_article(body + " " + token)
    assert time.perf_counter() - started < 3.0


def entities_found(body: str) -> list[tuple[object, ...]]:
    prose = Prose.from_markdown(body)
    return [
        (e.name, e.type, e.mentions, e.gender, sorted(e.roles), sorted(e.aliases))
        for e in entities.find_entities(prose).items
    ]


def corpus() -> list[str]:
    folders = [REPO / "tests" / "extraction_set", REPO / "sample_data"]
    return [path.read_text(encoding="utf-8") for f in folders for path in sorted(f.rglob("*.md"))]


def test_one_word_path_classifies_as_the_general_one(monkeypatch: pytest.MonkeyPatch) -> None:
    bodies = corpus()
    fast = [entities_found(body) for body in bodies]
    monkeypatch.setattr(entities._Finder, "_classify_word", entities._Finder._classify_words)
    assert [entities_found(body) for body in bodies] == fast


@FAST
@given(texts)
def test_one_word_path_classifies_random_text_as_the_general_one(text: str) -> None:
    fast = entities_found(text)
    general = entities._Finder._classify_word
    entities._Finder._classify_word = entities._Finder._classify_words  # type: ignore[method-assign]
    try:
        assert entities_found(text) == fast
    finally:
        entities._Finder._classify_word = general  # type: ignore[method-assign]


@FAST
@given(
    st.lists(
        st.sampled_from(["said", "told.", "Varga", "(asked", "x,", "—", "  ", "\n"]), max_size=80
    )
)
def test_the_last_speech_verb_is_the_one_a_full_scan_finds(words: list[str]) -> None:
    clause = " ".join(words)
    verbs = [
        match
        for match in quotes._WORDS.finditer(clause)
        if match.group().rstrip(".,") in quotes.SPEECH_VERBS
    ]
    found = quotes._last_speech_verb(clause)
    assert (found.span() if found else None) == (verbs[-1].span() if verbs else None)
