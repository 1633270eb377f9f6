"""Quotations and who said them.

Finds quoted spans (“curly”, "straight", «guillemets», across paragraphs),
tells statements from partial quotes and from scare quotes or titles, and
attributes each to a speaker by the shapes news copy uses:

    “…,” X said / said X, title       → rule "after"
    X said: “…” / X said that he “…”  → rule "before"
    according to X                    → rule "according-to"
    he/she said                       → the last person named before (gender agreeing)
    the ministry said in a statement  → the organisation named before
    a paragraph that only continues   → the previous speaker ("continuation")
    a sentence whose subject speaks   → that subject ("subject", lower confidence)

A wrong attribution is worse than none: when no rule fits, the speaker is None.
"""

from __future__ import annotations

import re
from itertools import islice
from operator import methodcaller

from reader.extract.entities import (
    MAX_RUN_WORDS,
    ORG,
    PERSON,
    Entities,
    Entity,
    infer_genders,
    is_title,
)
from reader.extract.lexicon import (
    NATIONALITIES,
    NOT_NAMES,
    PRONOUNS,
    SPEECH_ACTS,
    SPEECH_VERBS,
    first_names,
    places,
)
from reader.extract.text import (
    SENTENCE_MARKS,
    Prose,
    Sentences,
    char_positions,
    sentence_bounds,
)

_OPEN_CLOSE = {"“": "”", "«": "»", '"': '"', "„": "“"}
_WORDS = re.compile(r"[\w'’\-\.]+")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’\-]*\.?|[a-z]{1,3}|al-\w+)$")
_ARTICLE_WORDS = frozenset({"the", "a", "an", "one", "another", "two", "three", "several", "its"})
_STOP_AFTER_SPEAKER = re.compile(
    r"\s*(?:,|;|(?<!\b[A-Z])\.|\(|—|–| - | in | on | at | during | after | before | when "
    r"| while | as | to | from | of | about | with | who | which | that | last | this "
    r"| earlier | later | on | via | told | and )"
)
_ACCORDING_TO = re.compile(r"\baccording to (?P<who>[^,.;:“”\"]{2,80})")
_SCARE_BEFORE = re.compile(
    r"(?:\b(?:what|which)\s+(?:he|she|they|it|we|I|[A-Z][\w'’\-]+)\s+(?:\w+\s+)?"
    r"(?:called|calls|describes as|described as|termed|dubbed|labelled|labeled)"
    r"(?:\s+[\w'’\-]+){0,3}?"
    r"|\b(?:so-called|dubbed|nicknamed|titled|entitled|called|named|branded|labelled|labeled"
    r"|termed|the (?:word|term|phrase|slogan|motto|hashtag|headline))"
    r"(?:\s+[A-Z][\w'’\-]*(?:['’]s)?)?)\s*$"
)

# Every match of _SCARE_BEFORE holds one of these words. A search anchored at $
# tries every position of the string, so text without any is not searched.
_SCARE_HINT = re.compile(
    r"call|describ|term|dubbed|label|titled|named|branded"
    r"|the (?:word|phrase|slogan|motto|hashtag|headline)"
)


class Quote:
    """A quotation: its text, who said it, and how that was decided.

    Plain classes here, not dataclasses: compiled by mypyc, a dataclass keeps an
    interpreted ``__init__``.
    """

    __slots__ = (
        "confidence",
        "cue",
        "end",
        "kind",
        "rule",
        "speaker",
        "speaker_entity",
        "start",
        "text",
    )

    def __init__(
        self,
        text: str,
        speaker: str | None,
        speaker_entity: Entity | None,
        kind: str,  # statement / partial / scare
        start: int,  # prose offsets of the quoted text
        end: int,
        rule: str,
        confidence: float,
        cue: str = "",  # the words that attribute it: "said", "told reporters", "according to"
    ) -> None:
        self.text, self.speaker, self.speaker_entity = text, speaker, speaker_entity
        self.kind, self.start, self.end = kind, start, end
        self.rule, self.confidence, self.cue = rule, confidence, cue

    def __reduce__(self) -> tuple[type[Quote], tuple[object, ...]]:
        # Import workers send quotes to the writer pickled (see Entity.__reduce__).
        fields = (self.text, self.speaker, self.speaker_entity, self.kind, self.start, self.end)
        return (Quote, (*fields, self.rule, self.confidence, self.cue))

    def __repr__(self) -> str:
        return f"Quote({self.text[:40]!r}, speaker={self.speaker!r}, kind={self.kind!r})"


class _Span:
    """A quotation's marks: where it opens, its text, where it closes."""

    __slots__ = ("close", "continues", "end", "open", "paragraph", "start")

    def __init__(
        self,
        paragraph: int,
        open_: int,  # offset of the opening mark
        start: int,  # quoted text
        end: int,
        close: int | None,  # offset just after the closing mark; None when unclosed
        continues: bool = False,  # opens a paragraph that carries on an unclosed quotation
    ) -> None:
        self.paragraph, self.open, self.start, self.end = paragraph, open_, start, end
        self.close, self.continues = close, continues


# How far before a quotation the rules that attribute it read: its sentence, the
# sentence or the paragraph before it, each up to this many characters (380 at
# most in a thousand news articles). Each quotation's rules then cost at most
# this much, however long the sentence or the paragraph: unbounded, a paragraph of
# thousands of quotations was read again for each, quadratic in its length.
LOOKBACK = 1_000
# Earlier quotations a sentence may hold before the one attributed (4 at most).
MAX_QUOTES_BEFORE = 16
# For "he said": how far back in the paragraph the person is looked for (its
# longest paragraph was 2,573 characters; the furthest back looked was 608), and
# how many of the people named there last are weighed (7 at most).
PARAGRAPH_LOOKBACK = 3_000
MAX_LOCAL_PEOPLE = 24


def find_quotes(prose: Prose, entities: Entities) -> list[Quote]:
    """Every quotation in the article with its speaker (or None) and kind."""
    text = prose.text
    spans = _quote_spans(prose)
    entities.mark_quoted([(span.start, span.end) for span in spans])
    infer_genders(entities, text)
    quotes: list[Quote] = []
    sentences: Sentences | None = None
    sentence_marks = char_positions(text, SENTENCE_MARKS)
    previous: Quote | None = None
    previous_paragraph = -1
    for index, span in enumerate(spans):
        paragraph = prose.paragraphs[span.paragraph]
        # Where the previous quotation of the paragraph closed, else its start.
        prev_close = paragraph.start
        if index and spans[index - 1].paragraph == span.paragraph:
            close = spans[index - 1].close
            if close is not None:
                prev_close = close
        next_open = (
            spans[index + 1].open
            if index + 1 < len(spans) and spans[index + 1].paragraph == span.paragraph
            else paragraph.end
        )
        after = text[span.close : next_open] if span.close is not None else ""
        quoted = text[span.start : span.end].strip()
        if not quoted or not (quoted[0].isalpha() or any(ch.isalpha() for ch in quoted)):
            continue
        if sentences is None or sentences.start != paragraph.start:
            sentences = Sentences(text, paragraph.start, paragraph.end, sentence_marks)
        # Rules read no further back than LOOKBACK, nor over more than
        # MAX_QUOTES_BEFORE quotations: a sentence of many quotations (or of none
        # ending) would otherwise be read again for each quotation.
        sentence_start = max(sentences.start_of(span.open), span.open - LOOKBACK)
        if index >= MAX_QUOTES_BEFORE and spans[index - MAX_QUOTES_BEFORE].open > sentence_start:
            sentence_start = spans[index - MAX_QUOTES_BEFORE].open
        # The sentence up to the quote, with earlier quotations blanked out so
        # that their words are not taken for the narrator's.
        if index and spans[index - 1].open >= sentence_start:
            clause = _masked(text, sentence_start, span.open, spans, index)
        else:
            clause = text[sentence_start : span.open]  # no quotation before in it
        just_before = text[max(sentence_start, prev_close) : span.open]
        # A name of a work is short: long quotations are not asked.
        spaces = quoted.count(" ")
        is_work = spaces <= 11 and _names_a_work(quoted, just_before, after, spaces)
        kind = "title" if is_work else ""
        kind = kind or _kind(quoted, just_before, clause, span)
        speaker, entity, rule, confidence, cue = None, None, "", 0.0, ""
        if kind not in ("scare", "title"):
            # The words after, from the first that is not a space (what the
            # rules read first), taken off once.
            following = after.lstrip()
            found = _attribute(
                text, span, quoted, following, clause, sentence_start, sentences, entities
            )
            if found:
                speaker, entity, rule, confidence, cue = found
            elif (
                previous is not None
                and previous.speaker
                and not clause.rstrip().endswith(":")  # "Williamson concludes: “…”"
                and (_ends_sentence(quoted, following) or not _own_cue(after))
                and _continues(
                    prose,
                    previous,
                    previous_paragraph,
                    span,
                    text[prev_close : span.open],
                    entities,
                )
            ):
                speaker, entity = previous.speaker, previous.speaker_entity
                rule, confidence, cue = "continuation", 0.85, "continues"
            else:
                subject = _sentence_subject(text, sentence_start, span, entities)
                if subject:
                    speaker, entity, rule, confidence, cue = subject
            if kind == "fragment":
                if speaker is None or rule in ("subject", "continuation"):
                    kind = "scare"
                    speaker, entity, rule, confidence, cue = None, None, "", 0.0, ""
                else:
                    kind = "partial"
        quote = Quote(quoted, speaker, entity, kind, span.start, span.end, rule, confidence, cue)
        quotes.append(quote)
        if kind not in ("scare", "title"):
            previous = quote
            previous_paragraph = span.paragraph
    return quotes


def _quote_spans(prose: Prose) -> list[_Span]:
    """The quotations, found from the opening marks (a paragraph without one is
    passed over, not searched); an unclosed one runs to its paragraph's end, and
    the next paragraph opening with a mark carries it on."""
    text = prose.text
    paragraphs = prose.paragraphs
    count = len(paragraphs)
    spans: list[_Span] = []
    number = 0  # the paragraph of the mark
    position = 0  # where the next quotation may open
    unclosed = -2  # the last paragraph that ended inside a quotation
    seen = -1  # the last paragraph where a quotation opened
    for at in char_positions(text, _OPEN_CLOSE):
        if at < position:
            continue
        while number < count and paragraphs[number].end <= at:
            number += 1
        if number == count:
            break
        paragraph = paragraphs[number]
        if paragraph.heading or at < paragraph.start:
            continue
        mark = text[at]
        if mark == '"' and not _straight_opens(text, at, paragraph.start):
            continue
        close_at = text.find(_OPEN_CLOSE[mark], at + 1, paragraph.end)
        continues = unclosed == number - 1 and seen != number and at == paragraph.start
        seen = number
        if close_at < 0:
            spans.append(_Span(number, at, at + 1, paragraph.end, None, continues))
            unclosed, position = number, paragraph.end
        else:
            spans.append(_Span(number, at, at + 1, close_at, close_at + 1, continues))
            position = close_at + 1
    return spans


def _straight_opens(text: str, at: int, paragraph_start: int) -> bool:
    """A straight quote mark opens a quotation unless it closes a word (inches, 5'10")."""
    return at == paragraph_start or not text[at - 1].isalnum()


def _masked_previous_sentence(
    text: str, paragraph_start: int, sentence_start: int, sentences: Sentences
) -> str:
    """The sentence before, if it holds no quotation of its own."""
    if paragraph_start == sentences.start and sentence_start == sentences.begin:
        # Read already: it runs from its start to this one's (spaces and all).
        if sentences.previous is None:
            return ""
        previous = text[max(sentences.previous, sentence_start - LOOKBACK) : sentence_start]
    else:
        bounds = sentence_bounds(text, paragraph_start, sentence_start)
        if not bounds:
            return ""
        previous = text[bounds[-1][0] : bounds[-1][1]]
    return "" if any(mark in previous for mark in '“”«»"') else previous


def _masked(text: str, start: int, end: int, spans: list[_Span], index: int) -> str:
    """text[start:end] with the quotations before spans[index] that open inside it
    replaced by an ellipsis."""
    first = index
    while first and spans[first - 1].open >= start:
        first -= 1  # spans are in order: those opening after start come last
    if first == index:
        return text[start:end]
    pieces = []
    position = start
    for span in spans[first:index]:
        if span.open < end:
            pieces.append(text[position : span.open])
            pieces.append("“…”")
            position = min(span.close if span.close is not None else end, end)
    pieces.append(text[position:end])
    return "".join(pieces)


_STRIP_CLAUSE_MARKS = methodcaller("strip", ",.;:")


def _continues(
    prose: Prose,
    previous: Quote,
    previous_paragraph: int,
    span: _Span,
    before: str,
    entities: Entities,
) -> bool:
    """A quotation with no attribution of its own that carries on the previous speaker's."""
    if span.continues:
        return True
    if previous.kind in ("scare", "title"):
        return False
    if previous_paragraph == span.paragraph:
        # “A,” she said. “B.”: nothing but the attribution and no one else between.
        if "“" in before:
            return False
        if previous.rule == "after":
            # After "…,” Jeff Weaver, Sanders' campaign manager, said in a statement."
            # the next quotation is still his: between the two there is nothing but
            # his attribution (one speech verb), whoever it names on the way.
            words = before.split()
            if len(words) > 40:
                return False
            bare_words = list(map(_STRIP_CLAUSE_MARKS, words))
            # Speech verbs counted at C speed; two or more, then the "-ing" ones
            # ("adding") are told apart.
            if sum(map(SPEECH_VERBS.__contains__, bare_words)) > 1:
                verbs = [w for w in bare_words if w in SPEECH_VERBS and not w.endswith("ing")]
                if len(verbs) > 1:
                    return False
            # "“A,” Smith said. Jones disagreed. “B.”": someone else's sentence.
            text, speaker = entities.text, previous.speaker_entity
            for start, _end, entity in entities.mentions_in(previous.end, span.open):
                if (
                    entity.type == PERSON
                    and entity is not speaker
                    and _after_sentence_end(text, start)
                ):
                    return False
            return True
        between = entities.mentions_in(previous.end, span.open)
        others = [e for _, _, e in between if e.type == PERSON and e is not previous.speaker_entity]
        return not others and len(before.split()) <= 14
    if previous_paragraph == span.paragraph - 1 and (not before or before.isspace()):
        # A paragraph that opens with a quotation right after the speaker's paragraph.
        return not _names_someone_new(prose, previous_paragraph, span, entities)
    return False


# Nouns and verbs that put a title, a slogan or a sign in quotation marks.
_WORK_CUES = frozenset(
    """
    film films movie book books novel memoir song songs album show series documentary
    play musical poem column op-ed essay article editorial headline headlined slogan
    slogans motto sign signs placard placards banner banners hashtag reading read reads
    chanted chanting chant chants titled entitled episode podcast program programme
    """.split()
)
_TITLE_WORD = re.compile(r"^[\W\d]*[A-Z0-9]")


def _title_word(word: str) -> bool:
    """_TITLE_WORD.match(word), told at once where the word starts with a capital,
    a digit or another letter (the expression passes over marks and digits)."""
    first = word[0]
    if "A" <= first <= "Z" or "0" <= first <= "9":
        return True
    if first.isalpha():
        return False
    return _TITLE_WORD.match(word) is not None


def _names_a_work(quoted: str, just_before: str, after: str, spaces: int) -> bool:
    """A title, a slogan or a sign, not a statement: a film's or a book's name, a
    campaign slogan, what a placard reads ("signs reading “No More Cuts”", "the
    film “The Long Road Home”", “Stronger Together,” a show in title case after a
    preposition: on “Face the Nation.”). spaces: how many the quotation holds."""
    if spaces > 11 or quoted[-1:] in "!?…":
        return False  # a whole sentence: what a banner or a person says, not a name
    if spaces > 7 and (quoted[-1:] == "." or not just_before or just_before.isspace()):
        return False  # what each test below says of it: no cue, or one that fails
    if quoted[-1:] == "." and not _title_word(quoted):
        return False  # likewise
    cue = just_before[-40:].rstrip(" ,:;—–-(").rsplit(None, 1)[-1:]
    if cue and cue[0].lower() in _WORK_CUES:
        # "called the new book “a love letter”" is a characterisation, and a
        # banner that reads a whole sentence ("Our stadium, our city.") speaks.
        return quoted[-1:] != "." and not _characterises(just_before)
    if spaces > 7 or not _title_word(quoted):
        return False
    words = quoted.split()
    if len(words) < 2:
        return False
    # Title case: every word of four letters or more capitalised, and most words
    # (one pass, leaving at the first long word in lower case).
    capitalised = 0
    long_words = False
    for word in words:
        title = _title_word(word)
        if title:
            capitalised += 1
        if len(word.strip("\"'’,:;.")) >= 4:
            if not title:
                return False
            long_words = True
    if not (
        long_words
        and capitalised * 3 >= len(words) * 2
        and words[0].strip("\"'’") not in ("I", "I'm", "I’m", "We", "You")
    ):
        return False
    if cue and cue[0].lower() in _TITLE_PREPOSITIONS:
        return True  # on “Face the Nation,” in “The Art of the Deal.”
    return not (quoted[-1:] == "." or _characterises(just_before) or _own_cue(after))


_TITLE_PREPOSITIONS = frozenset("on in at of from to for by with about".split())


def _kind(quoted: str, just_before: str, clause: str, span: _Span) -> str:
    if just_before and _SCARE_HINT.search(just_before) and _SCARE_BEFORE.search(just_before):
        return "scare"
    ends_like_speech = quoted[-1] in ".,!?…—-" if quoted else False
    if span.continues:
        return "statement"
    lead = clause.strip()
    # Word counts by split with a limit: a long quotation is not split in full.
    if not ends_like_speech and len(quoted.split(None, 3)) <= 3:
        # Too short to be a statement by itself: a partial quote if someone is
        # said to have said it, else a term.
        return "fragment"
    if lead and not lead.endswith((":", ",", "—", "–")) and len(lead.split(None, 1)) >= 2:
        return "partial"
    if quoted[0].islower() and lead:
        return "partial"
    return "statement"


# speaker, speaker entity, rule, confidence, cue (the attributing words)
_Attribution = tuple[str, Entity | None, str, float, str]


def _attribute(
    text: str,
    span: _Span,
    quoted: str,
    after: str,
    clause: str,
    sentence_start: int,
    sentences: Sentences,
    entities: Entities,
) -> _Attribution | None:
    if span.close is not None and after and not _new_sentence_after(quoted, clause, after):
        found = _after_pattern(after, span, entities)
        if found:
            return found
    found = _before_pattern(clause, span, text, sentence_start, entities)
    if found:
        return found
    # A label and a colon ('Varga: “…”') end with the colon, like an introduction.
    colon = clause.rstrip().endswith(":")
    interview = _INTERVIEW_LABEL.match(clause) if colon else None
    if interview:
        resolved = _resolve(interview.group("who"), span.open, entities)
        if resolved:
            return (*resolved, "interview", 0.9, "label")
    if colon:
        cited = _QUOTES_SOMEONE.search(clause)
        if cited:
            resolved = _resolve(_speaker_phrase(cited.group("who")), span.open, entities)
            return (*resolved, "before", 0.8, "quotes") if resolved else None
        # "Williamson concludes: “…”", "Trump went even further: “…”": a short
        # sentence whose subject introduces the quotation.
        if len(clause.split()) <= 12:
            subject = _sentence_subject(text, sentence_start, span, entities, any_verb=True)
            if subject:
                return (subject[0], subject[1], "colon", 0.7, ":")
    blank = not clause or clause.isspace()  # not clause.strip(), without the copy
    # The line break before the sentence, LOOKBACK back at most.
    floor = max(0, sentence_start - LOOKBACK)
    line_break = text.rfind("\n", floor, sentence_start) if blank else -1
    if line_break >= 0:
        # 'In a speech …, she said:' ending the paragraph before this one (its
        # last LOOKBACK characters).
        previous_end = line_break
        lowest = max(0, previous_end - LOOKBACK)
        paragraph_break = text.rfind("\n\n", lowest, previous_end)
        previous_start = paragraph_break + 2 if paragraph_break >= 0 else max(lowest, 1)
        lead = text[previous_start:previous_end].rstrip()
        if lead.endswith(":") and not any(mark in lead[-200:] for mark in '“”«»"'):
            last = sentence_bounds(text, previous_start, previous_end)
            sentence = text[last[-1][0] : last[-1][1]] if last else lead
            found = _before_pattern(
                sentence.rstrip(": "), span, text, last[-1][0] if last else previous_start, entities
            )
            if found:
                return (found[0], found[1], "before", found[3], found[4])
    if blank:
        # 'He said the crowd had played its part. "With everything …"': the
        # sentence before, in the same paragraph, says who speaks.
        paragraph_start = max(line_break + 1, floor)
        previous_sentence = _masked_previous_sentence(
            text, paragraph_start, sentence_start, sentences
        )
        if previous_sentence:
            found = _before_pattern(previous_sentence, span, text, sentence_start, entities)
            if found:
                return (found[0], found[1], "previous-sentence", min(found[3], 0.8), found[4])
    # Titles lose their dots first: "according to Dr. Jo Example" is one sentence.
    for region, following in ((clause, False), (after, True)):
        if "according to " not in region:
            continue
        region = _ABBREVIATED_TITLE.sub(r"\1", region)
        if following:
            region = region.partition(". ")[0]  # the words after: their sentence only
        match = _ACCORDING_TO.search(region) if "according to " in region else None
        if match:
            resolved = _resolve(_speaker_phrase(match.group("who")), span.open, entities)
            if resolved:
                return (*resolved, "according-to", 0.85, "according to")
    return None


_SIGNATURE = re.compile(
    r"[―—–]\s*(?P<who>[A-Z][\w'’\-.]*(?:\s+[A-Z][\w'’\-.]*){0,3})\s*(?:[.,;]|$|[“\"«])"
)
_BRACKETED = re.compile(r"\s*\([^()]{0,40}\)")
_LEADING_ASIDE = re.compile(r"^\([^)]{0,40}\)\s*")
_LONG_APPOSITIVE = re.compile(
    r"(?P<who>[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-.]*){0,3}),[^“”\"«»,]{8,160}"
    r"(?:,[^“”\"«»,]{2,80}){0,2},\s+(?P<verb>said|says|added|told|explained|noted|wrote)\b"
)
# Words that cannot stand inside the subject of "…,” X said": "for instance, and
# Trump vowed" and "until Haley said" are other clauses.
_NOT_IN_SUBJECT = frozenset(
    "and but or nor while as because when if until unless that which who whom whose "
    "then though although instance also".split()
)


_NOT_IN_SUBJECT_WORD = re.compile(
    r"(?<![\w'’\-])(?i:" + "|".join(sorted(_NOT_IN_SUBJECT)) + r")(?![\w'’\-])"
)


def _holds_clause_word(tokens: list[str]) -> bool:
    """_NOT_IN_SUBJECT_WORD.search(phrase), given the phrase's tokens between spaces
    (phrase.split()): a token of ASCII letters is a word of its own, looked up in
    the set; others are read with the expression (its look-arounds see a space, or
    nothing, at a token's ends)."""
    for token in tokens:
        if token.isascii() and token.isalpha():
            if token.lower() in _NOT_IN_SUBJECT:
                return True
        elif _NOT_IN_SUBJECT_WORD.search(token):
            return True
    return False


def _subjects_before_verb(phrase: str) -> list[str]:
    """Who speaks in "…,” PHRASE said", or "" when PHRASE is no subject.

    "Michael Briggs, a spokesman for Sanders," → "Michael Briggs" (an appositive);
    "that is blatantly sexist, Brock" → "Brock" (the clause before ends the quote's
    sentence); "for instance, and Trump" → nothing (another clause). The last
    part first, then the first: each is tried in turn."""
    if "," not in phrase:
        phrase = phrase.strip()
        if phrase.isascii() and phrase.isalpha():
            # One plain word ("Varga", "she"): always plausible, so only whether
            # it is a word of another clause decides.
            return [] if phrase.lower() in _NOT_IN_SUBJECT else [phrase]
        words = phrase.split()
        return [phrase] if _plausible_subject(words) and not _holds_clause_word(words) else []
    parts = phrase.split(",")
    found = []
    for position, candidate in enumerate((parts[-1].strip(), parts[0].strip())):
        if not candidate or (position == 0 and not candidate[0].isupper()):
            continue
        words = candidate.split()
        if _plausible_subject(words) and not _holds_clause_word(words):
            found.append(candidate)
    return found


def _after_sentence_end(text: str, start: int) -> bool:
    """The word at start opens a sentence: a full stop before it that is not a
    title's ("Rep.") or an initial's ("G.K.")."""
    before = text[max(0, start - 40) : start].rstrip()
    if before[-1:] not in (".", "!", "?"):
        return False
    last = before.rsplit(None, 1)[-1] if before.split() else ""
    return not (_ABBREVIATED_TITLE.fullmatch(last) or _INITIALS.fullmatch(last))


_INITIALS = re.compile(r"(?:[A-Z]\.)+")


def _ends_sentence(quoted: str, after: str) -> bool:
    """A quotation closed by a full stop and followed by a capital: the words after
    it are a new sentence ("“… the bully.” South Carolina, he said, was …"). News
    copy that attributes a quotation closes it with a comma, "?" or "!"."""
    return quoted.rstrip()[-1:] == "." and after.lstrip()[:1].isupper()


def _new_sentence_after(quoted: str, clause: str, after: str) -> bool:
    """The words after a quotation start a new sentence and say nothing of it: it
    closed with a full stop (see _ends_sentence), or it ends a sentence that was
    going on before it ("called Trump a “liar!”")."""
    last, capital = quoted.rstrip()[-1:], after.lstrip()[:1].isupper()
    if last == "." and capital:
        return True  # _ends_sentence(quoted, after)
    if last not in ("!", "?") or not capital or not clause or clause.isspace():
        return False
    return not (clause.rstrip().endswith((":", ",")) and len(clause.split()) <= 2)


def _after_pattern(after: str, span: _Span, entities: Entities) -> _Attribution | None:
    """“…,” Varga said. / “…,” said Elena Varga, the mayor. / “…?” she asked."""
    stripped = after.lstrip()
    if not stripped or stripped[0] in '“«"':
        return None
    signed = _SIGNATURE.match(stripped) if stripped[0] in "―—–" else None
    if signed:
        # “…” ― Pamela Padilla: a quotation signed with a dash, as comments and tweets are.
        resolved = _resolve(signed.group("who"), span.open, entities)
        return (*resolved, "after", 0.85, "signed") if resolved and resolved[1] else None
    if stripped[0] in ",.!?":
        stripped = stripped[1:].lstrip()
    if stripped[:1] == "(":
        stripped = _LEADING_ASIDE.sub("", stripped)
    # A verb comes early: nine words are read, not the rest of the paragraph.
    matches = list(islice(_WORDS.finditer(stripped, 0, 160), 9))
    words = [match.group() for match in matches]
    for index, word in enumerate(words):
        bare = word.rstrip(".,")
        if bare not in SPEECH_VERBS and (bare not in _REPLY_VERBS or not _replies(words, index)):
            continue
        # "Rep. Gwen Moore (D-Wis.) said": the bracket describes the name.
        prefix = stripped[: matches[index].start()].rstrip()
        if "(" in prefix:
            prefix = _BRACKETED.sub("", prefix).rstrip()
        phrases = []
        if index == 0 or prefix.endswith(","):
            rest = stripped[matches[index].end() :]  # the paragraph's rest: only here
            if index == 0 or rest.lstrip()[:1].isupper():
                # said X / said X, title / “…” for Clinton, said Kunin.
                phrases.append(_speaker_phrase(rest))
        if index:
            # Varga said / the council's president, Henrique Lobo, said
            phrases.extend(_subjects_before_verb(prefix.rstrip(",")))
        particle = _REPLY_PARTICLES.get(bare) if bare not in SPEECH_VERBS else None
        cue = f"{bare} {particle}" if particle else bare
        for phrase in phrases:
            resolved = _resolve(phrase, span.open, entities) if phrase else None
            if resolved:
                return (*resolved, "after", 0.95 if resolved[1] is not None else 0.8, cue)
        return None
    long_appositive = _LONG_APPOSITIVE.match(stripped) if stripped[:1].isupper() else None
    if long_appositive:
        # "“…,” Trump, the front-runner nationally and the leader in the polls here, said"
        resolved = _resolve(long_appositive.group("who"), span.open, entities)
        if resolved and resolved[1] is not None:
            return (*resolved, "after", 0.9, long_appositive.group("verb"))
    return None


# Verbs that attribute a quotation only from after it: "“…,” Bennett shot back".
_REPLY_VERBS = frozenset(
    "retorted retaliated interjected pressed exclaimed chimed shot fired went wrote".split()
)
_REPLY_PARTICLES = {"chimed": "in", "shot": "back", "fired": "back", "went": "on", "wrote": "back"}


def _replies(words: list[str], index: int) -> bool:
    """words[index] is a verb of reply after a quotation ("shot back", "retorted")."""
    bare = words[index].rstrip(".,")
    if bare not in _REPLY_VERBS or index == 0:
        return False
    particle = _REPLY_PARTICLES.get(bare)
    return particle is None or (
        index + 1 < len(words) and words[index + 1].rstrip(".,") == particle
    )


def _own_cue(after: str) -> bool:
    """The words after a quotation attribute it ("…,” Cuban said): whoever that is,
    the quotation does not carry on the previous speaker's, even where the name
    cannot be resolved."""
    stripped = after.lstrip(" ,.!?")
    if not stripped or stripped[0] in '“«"':
        return False
    words = [match.group() for match in islice(_WORDS.finditer(stripped, 0, 120), 7)]
    return any(
        word.rstrip(".,") in SPEECH_VERBS
        or (word.rstrip(".,") in _REPLY_VERBS and _replies(words, index))
        for index, word in enumerate(words)
    )


# A word after these is a noun, not a verb: "Trump's remarks", "her comments".
_NOUN_MARKER = re.compile(r"(?:['’]s?|^(?:the|his|her|their|its|our|my|your|these|those))$", re.I)


def _after_noun_marker(clause: str, at: int) -> bool:
    """The word before clause[at] makes a noun of it: "Trump's remarks"."""
    before = clause[max(0, at - 30) : at].rsplit(None, 1)
    return bool(before) and _NOUN_MARKER.search(before[-1]) is not None


# What no word of _WORDS holds and a speech verb neither starts nor ends with, and
# the full stops, apostrophes and hyphens it may: a token between spaces, stripped
# of these, that is all letters holds one word, those letters with some of these.
_AROUND_WORD = ".,;:!?\"'“”‘’()[]«»—–…-"


def _last_speech_verb(clause: str) -> re.Match[str] | None:
    """The last word of the clause that is a speech verb ("said", "told"), unless
    a possessive or a determiner makes a noun of it ("Trump's remarks").

    Read from the end a token between spaces at a time (spaces lie between words),
    so the search stops at the verb. A token that, stripped of marks, is letters
    and no speech verb holds none; others are read with the expression.
    """
    position = len(clause)
    for token in reversed(clause.split()):
        position = clause.rfind(token, 0, position)  # the token itself: spaces lie between
        if token.isalpha():
            if token in SPEECH_VERBS and not _after_noun_marker(clause, position):
                return _WORDS.match(clause, position)  # the token, a word of its own
            continue
        core = token.strip(_AROUND_WORD)
        if not core or (core.isalpha() and core not in SPEECH_VERBS):
            continue
        words = list(_WORDS.finditer(clause, position, position + len(token)))
        for match in reversed(words):
            if match.group().rstrip(".,") in SPEECH_VERBS and not _after_noun_marker(
                clause, match.start()
            ):
                return match
    return None


def _before_pattern(
    clause: str, span: _Span, text: str, sentence_start: int, entities: Entities
) -> _Attribution | None:
    """Varga said: “…” / Putin told reporters: “…” / Michel said in a tweet that he “…”."""
    verb = _last_speech_verb(clause)
    if verb is not None:
        word = verb.group().rstrip(".,")
        subject_text = clause[: verb.start()]
        agent = _PASSIVE_AGENT.match(clause, verb.end())
        if agent:
            # "Rubio was asked by moderator Gerard Baker whether “…”": the one asking.
            resolved = _resolve(_speaker_phrase(agent.group("who")), span.open, entities)
            return (*resolved, "before", 0.85, word) if resolved else None
        if word.endswith("ing") and subject_text.rstrip().endswith(","):
            # "…, saying “…”": the sentence's subject speaks.
            found = _sentence_subject(text, sentence_start, span, entities, any_verb=True)
            return (*found[:4], word) if found else None
        # The subject is the last clause before the verb, passing over relative
        # clauses, ages and appositives: "Doreen Maybury, 78, who lives on Station
        # Road, asked:" / "Dagmar Pohl, leader of the Social Progress Party, said".
        parts: list[str] = _CLAUSE_BREAK.split(subject_text)  # typed for mypyc
        clauses = [part.strip() for part in parts]
        if clauses and clauses[-1].split()[:1] in (["and"], ["but"], ["then"]) and len(clauses) > 1:
            # "Then she folded the paper, looked up, and added": the sentence's subject.
            lead = _first_noun_phrase(
                [w for w in clauses[0].split() if w.lower() not in _SENTENCE_ADVERBS]
            )
            if lead:
                resolved = _resolve(lead, span.open, entities)
                if resolved:
                    return (*resolved, "before", 0.8, word)
        fallback: _Attribution | None = None
        for position, clause_text in enumerate(reversed(clauses)):
            relative = _RELATIVE_WITH_NAME.match(clause_text)
            if relative:
                clause_text = relative.group("rest")
            elif not clause_text or _RELATIVE_OR_AGE.match(clause_text):
                continue
            if position and _APPOSITIVE_START.match(clause_text):
                continue
            if _PARTY_TAG.match(clause_text.rstrip(".")):
                continue  # "Gov. John Kasich (R-OH), said": the tag describes the name
            phrase = _subject_phrase(clause_text)
            if not phrase:
                break
            resolved = _resolve(phrase, span.open, entities)
            if resolved is None:
                break
            found = (*resolved, "before", 0.9 if resolved[1] is not None else 0.75, word)
            if resolved[1] is not None and resolved[1].type == PERSON:
                return found
            if position == 0 and resolved[1] is None:
                return found
            fallback = fallback or found
            if resolved[1] is None:
                break
        return fallback
    return _characterised(clause, span, entities)


_CLAUSE_BREAK = re.compile(r"[,;:—–()]\s*")
_PASSIVE_AGENT = re.compile(r"\s+by\s+(?P<who>.{2,80}?)(?=,|\s+(?:whether|if|why|how|what)\b|$)")
_INTERVIEW_LABEL = re.compile(r"^\s*(?:[-–—•*]\s*)?(?P<who>[A-Z][\w'’\-. ]{1,60}?)\s*:\s*$")
# "Frank quotes former Carter adviser Alfred Kahn:" — the one quoted speaks.
_QUOTES_SOMEONE = re.compile(
    r"\b(?:quotes|quoted|quoting|cites|cited|citing)\s+(?P<who>[^:]{2,80}):\s*$"
)
# Clauses that describe the one named before them.
_APPOSITIVE_START = re.compile(
    r"^[A-Z][\w'’\-]*['’]s?\s+[a-z]"  # "Tad Devine, Sanders's chief strategist, said"
    r"|^(?:(?:a|an|the|its|his|her|their|one of)\s+)?[a-z][\w'’\-]*(?:\s|$)"
    r"|^(?:in|at|on|of|for|with|from|by|after|before|speaking|asked|writing)\b"
)
_RELATIVE_WITH_NAME = re.compile(r"^(?:which|that|whom|who)\s+(?P<rest>(?:[A-Z]|he\b|she\b).*)$")
_RELATIVE_OR_AGE = re.compile(r"^(?:who|which|whose|whom|where|when|aged|\d+\b)", re.I)
_CHARACTERISED = re.compile(
    r"(?P<who>\b(?:he|she|(?:[Oo]ne|[Aa]n?|[Aa]nother)\s+[a-z]+|"
    r"[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,3}))\s+"
    r"(?:(?:has|had|have|once|also|\w+ly)\s+){0,2}"
    r"(?P<verb>called|calls|described|describes|dubbed|branded|labelled|labeled|termed)\s+"
    r"(?:[\w'’\-]+\s+){0,5}?(?:as\s+)?$"
)

# Stems of _CHARACTERISED's verbs: a clause without one cannot match it.
_CHARACTERISING_STEMS = ("call", "describ", "dubbed", "branded", "label", "termed")


def _characterises(text: str) -> bool:
    """Whether text holds one of _CHARACTERISING_STEMS (spelt out: no generator)."""
    return (
        "call" in text
        or "describ" in text
        or "dubbed" in text
        or "branded" in text
        or "label" in text
        or "termed" in text
    )


def _characterised(clause: str, span: _Span, entities: Entities) -> _Attribution | None:
    """'Pennock called them "a sticking plaster."': the subject's own words."""
    if not _characterises(clause):
        return None
    match = _CHARACTERISED.search(clause)
    if not match:
        return None
    who = match.group("who")
    resolved = _resolve(who, span.open, entities)
    if resolved and (resolved[1] is not None or who.split()[0].lower() in _ARTICLE_WORDS):
        return (*resolved, "characterised", 0.8, match.group("verb"))
    return None


_AUXILIARIES = frozenset(
    "also then later again had has have would will once could might may must did does do "
    "was were is are been being not never still already just".split()
)
_SENTENCE_ADVERBS = frozenset(
    "then later earlier afterwards still yet now also finally meanwhile instead".split()
)
_COORDINATORS = frozenset({"and", "but", "then", "or", "yet"})


def _subject_phrase(text: str) -> str:
    """The subject of the verb that follows text, with coordination handled.

    "She declined to describe Norway's offer but" → "She" (the subject of the
    first verb also does the second).
    """
    words = text.split()
    while words and (
        (words[-1].endswith("ly") and words[-1][0].islower()) or words[-1] in _AUXILIARIES
    ):
        words.pop()
    if words and words[-1] in _COORDINATORS:
        first = _first_noun_phrase(words[:-1])
        if first:
            return first
    return _trim_subject(words)


def _first_noun_phrase(words: list[str]) -> str:
    if not words:
        return ""
    if words[0].lower() in PRONOUNS:
        return words[0]
    phrase: list[str] = []
    for word in words:
        if word[0].isupper() or (not phrase and word.lower() in _ARTICLE_WORDS):
            phrase.append(word)
        elif (
            phrase and phrase[0].lower() in _ARTICLE_WORDS and len(phrase) < 4 and word[0].islower()
        ):
            phrase.append(word)
            break
        else:
            break
    return " ".join(phrase)


def _trim_subject(words: list[str]) -> str:
    """The noun phrase right before a verb: 'Earlier, Mayor Elena Varga' → 'Mayor Elena Varga'.

    words: the text's words (text.split()); the list is changed."""
    if not words:
        return ""
    # Adverbs between subject and verb: "Varga later said".
    while words and words[-1].endswith("ly") and words[-1][0].islower() and len(words) > 1:
        words.pop()
    while words and words[-1] in (
        "also",
        "then",
        "later",
        "again",
        "had",
        "has",
        "have",
        "would",
        "will",
        "once",
    ):
        words.pop()
    phrase: list[str] = []
    for word in reversed(words):
        if _name_word(word) or word.lower() in PRONOUNS or word.lower() in _ARTICLE_WORDS:
            phrase.insert(0, word)
            if word.lower() in PRONOUNS:
                break
            continue
        if word[0].islower() and len(phrase) < 5 and phrase and phrase[0][0].islower():
            phrase.insert(0, word)
            continue
        if word[0].islower() and not phrase:
            phrase.insert(0, word)
            continue
        break
    while (
        phrase
        and phrase[0][0].islower()
        and phrase[0].lower() not in PRONOUNS
        and phrase[0].lower() not in _ARTICLE_WORDS
        and len(phrase) > 1
        and phrase[1][0].isupper()
    ):
        phrase.pop(0)
    return " ".join(phrase)


_PHRASE_READ = 500
_ABBREVIATED_TITLE = re.compile(r"\b(Mr|Mrs|Ms|Dr|Prof|St|Gen|Lt|Col|Sgt|Capt|Gov|Sen|Rep|Rev)\.")


def _speaker_phrase(text: str) -> str:
    """What follows 'said' up to the first comma or clause: 'Elena Varga, the mayor' → name.

    Only the first _PHRASE_READ characters are read: a speaker is named in a few
    words (62 characters at most in a thousand articles)."""
    text = _ABBREVIATED_TITLE.sub(r"\1", text[:_PHRASE_READ])
    match = _STOP_AFTER_SPEAKER.search(" " + text + " ")
    phrase = (" " + text)[: match.start()] if match else text
    return phrase.strip().rstrip(".")


def _plausible_subject(words: list[str]) -> bool:
    """Whether a phrase's words (phrase.split()) may be a speaker: a pronoun alone,
    or a few words that are names, numbers or lower case."""
    if not words or len(words) > (10 if words[0].lower() in _ARTICLE_WORDS else 7):
        return False
    if words[0].lower() in PRONOUNS:
        return len(words) == 1
    for word in words:  # noqa: SIM110 - a loop: all() over a generator costs more
        if not (word[0].islower() or word.isdigit() or _name_word(word)):
            return False
    return True


def _name_word(word: str) -> bool:
    """_NAME_WORD.match(word), told at once for a capital and letters ("Varga")."""
    rest = word[1:]
    if "A" <= word[0] <= "Z" and (not rest or rest.isalpha()):
        return True
    return _NAME_WORD.match(word) is not None


def _resolve(phrase: str, offset: int, entities: Entities) -> tuple[str, Entity | None] | None:
    """A speaker phrase to (speaker name, entity or None); None if it names nobody."""
    phrase = phrase.strip(" ,.;:'’\"”“")
    if not phrase:
        return None
    words = phrase.split()
    lower = words[0].lower()
    if len(words) == 1 and lower in PRONOUNS:
        return _resolve_pronoun(lower, offset, entities)
    link = _LINK.search(phrase) if phrase[:1].isupper() and " " in phrase else None
    if link:
        # "Joel Pollak of Breitbart California", "Cameron Easley for Morning Consult":
        # the person, not where they work.
        head = phrase[: link.start()]
        person = entities.lookup(head)
        if person is not None and person.type == PERSON:
            return person.name, person
        if person is None and head.split()[-1][:1].isupper():
            new = _new_speaker(head.split(), offset, entities)
            if new is not None and new[1].type == PERSON:
                return new
    entity = entities.lookup(phrase) or _trailing_name(words, entities)
    if entity is not None and entity.type in (PERSON, ORG):
        return entity.name, entity
    if lower in _ARTICLE_WORDS or lower in ("officials", "police", "authorities", "residents"):
        rest = [w for w in words[1:] if w[0].isupper()]
        if rest:
            named = entities.lookup(" ".join(rest))
            if named is not None and named.type == PERSON and len(words) <= 3:
                return named.name, named
            if named is None and len(words) <= 3 and words[-1][0].isupper():
                new = _new_speaker(rest, offset, entities)  # "an angry Hollande"
                if new is not None:
                    return new
        head = _POSSESSIVE_END.sub("", words[-1].rstrip(".,").lower())
        if lower == "the" and head in ("statement", "release", "report", "letter", "post"):
            issuer = entities.last_organisation(offset)
            if issuer is not None:
                return issuer.name, issuer
        if lower == "the" and len(words) <= 4:
            organisation = entities.organisation_for(head, offset)
            if organisation is not None:
                return organisation.name, organisation
            role = entities.with_role(head)
            if role is not None:
                return role.name, role
        # "A Brenmark spokesperson", "one senior official": kept as described.
        if not 2 <= len(words) <= 6 or words[-1].lower().strip(",.") in _NOT_A_HEAD:
            return None  # "one" alone, a whole clause, or a broken one ("the deal worth a")
        return words[0].lower() + " " + " ".join(words[1:]), None
    if words[0][0].isupper():
        capitalised = [w for w in words if w[0].isupper()]
        entity = entities.lookup(" ".join(capitalised))
        if entity is not None and entity.type in (PERSON, ORG):
            return entity.name, entity
        if len(capitalised) == 1:
            named = entities.by_surname(capitalised[0].rstrip(".,"), offset)
            if named is not None:
                return named.name, named
        if entity is None:
            return _new_speaker(words, offset, entities)
    return None


# Words that cannot end a description of a speaker: it would be cut mid-phrase.
_NOT_A_HEAD = frozenset(
    "a an the of to in on at for with by from and or but that which who whom whose his her "
    "their its our my your this these those some any is was are were has had have will would "
    "said says told worth than as".split()
)
_LINK = re.compile(r" (?:of|for|from|at) ")
_POSSESSIVE_END = re.compile(r"['’]s$")
_INITIAL = re.compile(r"^[A-Z]\.$")
_PARTY_TAG = re.compile(r"^[RDI]-[A-Z][\w.]*$|^[RDI]$")
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
_NAME_PART = re.compile(r"^(?:[A-Z][a-z][\w'’\-]*|[A-Z]\.|Mc[A-Z]\w+|O['’][A-Z]\w+)$")


# Names tried as speakers the entity finder passed over, an article (six at most
# in a thousand articles).
MAX_NEW_SPEAKERS = 50


def _new_speaker(words: list[str], offset: int, entities: Entities) -> tuple[str, Entity] | None:
    """A speaker the entity finder passed over, kept only if it is a name by every
    check: a person's name ("Tester", "Marc E. Elias") or an acronym ("CNN"); not
    a sentence opener ("So", "Still"), a day, a party tag ("R-Wis."), a label in
    capitals ("WASHINGTON"), a place or a nationality. It becomes an entity of
    the article, so that its quotes lead to it. An article tries MAX_NEW_SPEAKERS
    of them at most: each costs a search of its text."""
    if entities.speakers_tried >= MAX_NEW_SPEAKERS:
        return None
    entities.speakers_tried += 1
    words = [w.rstrip(",.;:") if not _INITIAL.match(w) else w for w in words]
    titled = [i for i, word in enumerate(words) if is_title(word)]
    if titled:
        # "European Council President Donald Tusk": the name after the last title.
        words = words[titled[-1] + 1 :]
    if not words or len(words) > 4:
        return None
    name = " ".join(words)
    text = entities.text
    if len(words) == 1 and _ACRONYM.match(name) and name not in NOT_NAMES:
        type_ = ORG
    elif all(_NAME_PART.match(w) for w in words) and not any(
        w in NOT_NAMES or w in NATIONALITIES or _PARTY_TAG.match(w) or w in places() for w in words
    ):
        first = words[0]
        # An ordinary word the article also writes in lower case opens a
        # sentence, it names nobody: "So", "Still", "Read".
        if (len(words) == 1 or first not in first_names()) and re.search(
            rf"(?<![\w’']){re.escape(first.lower())}(?![\w’'])", text
        ):
            return None
        if name in places():
            return None
        type_ = PERSON
    else:
        return None
    window = max(0, offset - 400)
    at = text.rfind(name, window, offset + 400)
    if at < 0:
        return None
    entity = entities.add_speaker(name, type_, at, at + len(name))
    return entity.name, entity


def _trailing_name(words: list[str], entities: Entities) -> Entity | None:
    """'the Rangers manager Declan Furlong' → Declan Furlong: the last run of capitals."""
    run: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() and len(run) < MAX_RUN_WORDS:
            run.insert(0, word.strip(",.;:"))
        else:
            break
    for start in range(len(run)):
        found = entities.lookup(" ".join(run[start:]))
        if found is not None:
            return found
    return None


_UNNAMED_PERSON = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=[.!?][”\"»]\s))(?P<who>(?:A|An|One|Another)\s+(?:[\w'’\-]+\s+){0,4}?"
    r"(?:official|diplomat|negotiator|source|spokesman|spokeswoman|spokesperson|mother|father"
    r"|resident|worker|analyst|executive|lawmaker|legislator|engineer|doctor|nurse|teacher"
    r"|parent|fan|witness|member|employee|aide|adviser|advisor|insider|person|woman|man"
    r"|officer|player|student|voter|farmer|trader|owner|manager|director|banker|economist"
    r"|expert|lawyer|activist|protester|supporter|neighbour|neighbor|colleague|friend"
    r"|relative|passenger|customer|shopper|driver|commuter|patient|survivor|villager)"
    r"(?:\s+(?:at|from|of|for|in|with|on)\s+(?:[\w'’\-]+\s+){0,4}?[\w'’\-]+(?=,|\s+said|\s+says))?)\b",
    re.M,
)
# What every match of _UNNAMED_PERSON holds: a cheap test that spares the scan.
_UNNAMED_OPENING = re.compile(r"(?:A|An|One|Another)\s")
_NOT_A_VERB = frozenset(
    "in on at of for with from by to into onto over under near after before during and or "
    "but who which whose whom that as than".split()
)


def _resolve_pronoun(
    pronoun: str, offset: int, entities: Entities
) -> tuple[str, Entity | None] | None:
    """'he'/'she': the person the sentence is about, as a careful reader would take it.

    In the quote's own paragraph, the most recent person who is the subject of a
    sentence, else the most recent person, else an unnamed source described at a
    sentence's start ("A Faroese negotiator"); in earlier paragraphs the most
    recent person of that gender, else of unknown gender.
    """
    gender = PRONOUNS[pronoun]
    if gender not in ("m", "f"):
        return None
    text = entities.text
    floor = max(0, offset - PARAGRAPH_LOOKBACK)
    paragraph_break = text.rfind("\n\n", floor, offset)
    paragraph_start = paragraph_break + 2 if paragraph_break >= 0 else floor
    local = [
        mention
        for mention in entities.people_outside_quotes(paragraph_start, offset, MAX_LOCAL_PEOPLE)
        if mention[2].gender in ("", gender)
    ]
    unnamed = None
    if _UNNAMED_OPENING.search(text, paragraph_start, offset):
        for match in _UNNAMED_PERSON.finditer(text, paragraph_start, offset):
            unnamed = match
    if unnamed is not None and (not local or unnamed.start() > local[-1][0]):
        who = unnamed.group("who")
        return who[0].lower() + who[1:], None
    # The subject of a sentence of its own first, then of any clause, then anyone;
    # at each step someone known to agree in gender before someone of unknown gender.
    for known in (True, False):
        for start, end, entity in reversed(local):
            if (
                bool(entity.gender) == known
                and _opens_sentence(text, start, paragraph_start)
                and _is_subject(text, end, offset)
            ):
                return entity.name, entity
    for known in (True, False):
        for _start, end, entity in reversed(local):
            if bool(entity.gender) == known and _is_subject(text, end, offset):
                return entity.name, entity
    for known in (True, False):
        for _start, _end, entity in reversed(local):
            if bool(entity.gender) == known:
                return entity.name, entity
    earlier = entities.last_person_before(paragraph_start, gender)
    return (earlier.name, earlier) if earlier is not None else None


# What the tests around a name read on either side; a name is tried for each
# "he said" of its paragraph, so a test that read the paragraph was quadratic.
_NAME_LEAD = 400


def _opens_sentence(text: str, start: int, paragraph_start: int) -> bool:
    """Nothing but title words between the sentence's start and the name (read
    back _NAME_LEAD characters at most: five words are too many)."""
    lead = text[max(paragraph_start, start - _NAME_LEAD) : start]
    cut = max(lead.rfind(". "), lead.rfind("? "), lead.rfind("! "), lead.rfind(".” "))
    words = lead[cut + 1 :].split() if cut >= 0 else lead.split()
    return all(word[:1].isupper() for word in words) and len(words) <= 4


def _is_subject(text: str, end: int, limit: int) -> bool:
    """A name followed by its verb: "Keady was", "Ozola, speaking in the zone, was"
    (read on _NAME_LEAD characters at most: fourteen words are too many)."""
    rest = text[end : min(limit, end + _NAME_LEAD)]
    if rest.startswith(","):
        close = rest.find(",", 1)
        if close < 0 or len(rest[1:close].split()) > 14:
            return False
        rest = rest[close + 1 :]
    words = rest.split(None, 1)
    if not words:
        return False
    word = words[0].strip('”"')
    return word[:1].islower() and word not in _NOT_A_VERB


def _names_someone_new(prose: Prose, paragraph: int, span: _Span, entities: Entities) -> bool:
    """A paragraph between the previous quote's and this one that names a person."""
    between = entities.mentions_in(prose.paragraphs[paragraph].end, span.open)
    return any(entity.type == PERSON for _, _, entity in between)


_OPENING_PHRASE = re.compile(
    r"^\s*(?:In|On|At|After|Before|During|Speaking|Asked|Writing|Earlier|Later|Last)\b[^,“”\"]{0,80},"
)


def _sentence_subject(
    text: str, sentence_start: int, span: _Span, entities: Entities, any_verb: bool = False
) -> _Attribution | None:
    """'Putin …, ordering troops … so that “…”': the sentence's subject, if it speaks."""
    head = text[sentence_start : span.open]
    act = ""
    for word in head.split():
        word = word.strip(",.")
        if word in SPEECH_ACTS:
            act = word
            break
    if not any_verb and not act:
        return None
    mentions = entities.mentions_in(sentence_start, span.open)
    if not mentions:
        return None
    first_start, _end, entity = mentions[0]
    # The subject opens the sentence: nothing but a title or an adverb before it,
    # once an opening phrase is passed over ("In a statement on Thursday, Rep. …").
    lead = text[sentence_start:first_start]
    closing = max(lead.rfind("”"), lead.rfind('"'), lead.rfind("»"))
    if closing >= 0:
        lead = lead[closing + 1 :].lstrip(" ,")  # “…,” Lewandowski said, adding: “…”
    if _OPENING_PHRASE.match(lead):
        lead = lead[lead.index(",") + 1 :]
    if entity.type not in (PERSON, ORG) or len(lead.split()) > 3:
        return None
    others = {e for _, _, e in mentions if e.type == PERSON}
    if len(others) > 1 and not (any_verb and _is_subject(text, _end, span.open)):
        # Others are named: only a subject followed by its own verb, introducing the
        # quotation itself (", saying “…”", "…: “…”"), is sure to be the speaker.
        return None
    return entity.name, entity, "subject", 0.6, act
