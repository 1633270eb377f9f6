"""People, organisations, places and nationalities named in an article.

Rule-based and fast: runs of capitalised words are candidates; titles, word
lists, a gazetteer and the shape of the name decide the type; a second pass
resolves short forms within the article ("Putin" → "Vladimir Putin", "the CWA"
→ "Coastal Water Authority", "Mr. Scholz" → "Olaf Scholz").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from operator import itemgetter

from reader.extract import lexicon

# Word lists imported by name: compiled by mypyc, a Final name is read directly,
# where lexicon.NAME is an attribute lookup each time.
from reader.extract.lexicon import (
    ALWAYS_STRIPPED,
    COMPANY_NOUNS,
    FACILITY_HEADS,
    FACILITY_STARTS,
    FEMALE_TITLES,
    FOREIGN_ARTICLES,
    KNOWN_ORG_PHRASES,
    KNOWN_ORGS,
    LANDMARKS,
    LOCATION_HEADS,
    LOCATION_STARTS,
    MALE_TITLES,
    MEDIA_HEADS,
    NATIONALITIES,
    NOT_NAMES,
    NOT_PERSON_HEADS,
    ORG_HEADS,
    ORG_NOUN_HEADS,
    ORG_NOUNS,
    ORG_STARTS,
    PERSON_TITLES,
    PLACE_ACRONYMS,
    PLACE_PREFIXES,
    PUBLIC_BODY_HEADS,
    SPEECH_VERBS,
    STRONG_ORG_STARTS,
    TITLES,
)
from reader.extract.text import Prose

PERSON, ORG, GPE, LOC, FAC, NORP = "PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"
# What people call each entity type, in the order views list them.
TYPE_NAMES = {
    PERSON: "People",
    ORG: "Organisations",
    GPE: "Places",
    LOC: "Locations",
    FAC: "Facilities",
    NORP: "Nationalities and groups",
}

_WORD = re.compile(r"[^\W\d_][\w'’\-]*\.?|\d[\w\-]*")
_CONNECTORS = frozenset(
    "of de del della di da do dos das du des la le van von der den ter bin ibn al el y for "
    "and the on upon".split()
)
# Connectors that may only join the words of an organisation's name.
_ORG_ONLY_CONNECTORS = frozenset({"and", "the", "for", "on", "upon"})
# Where a name of two people, or a person and an organisation, is cut in two.
_SPLITTERS = _ORG_ONLY_CONNECTORS | {"of"}
# Particles inside a name of three words or more: "Bay of Biscay", "Osteria del Ponte".
_NAME_CONNECTORS = frozenset({"of", "for", "de", "del", "di", "da", "du", "des"})
_SENTENCE_OPENERS = frozenset('.!?:;“"«‘(—–-\n')
_PREPOSITIONS_OF_PLACE = frozenset(
    "in at near from to across outside around inside into throughout towards toward via".split()
)
_POSSESSIVE = re.compile(r"['’]s?$")
_COMPOUND_SUFFIX = re.compile(r"-(?:led|based|backed|owned|run|born|style|era|made|funded)$")
_PLURAL_POSSESSIVE = re.compile(r"(?<=s)'(?=\s|$)")
_NAME_SUFFIXES = frozenset("KC QC Jr Jr. Sr Sr. MP MEP MSP PhD MD III II IV OBE MBE CBE".split())
_CONTRACTION = re.compile(r"['’](?:ve|re|ll|d|m|t)$", re.I)
_ABBREVIATIONS = frozenset("st jr sr co inc ltd corp bros mt ft".split())


class Entity:
    """An entity as found in one article, with every mention (prose offsets).

    A plain class rather than a dataclass: compiled by mypyc, a dataclass keeps an
    interpreted ``__init__``, and twenty of these are made an article.
    """

    __slots__ = ("aliases", "gender", "mentions", "name", "roles", "type")

    def __init__(
        self,
        name: str,
        type_: str,
        mentions: list[tuple[int, int]] | None = None,
        gender: str = "",
        roles: set[str] | None = None,
        aliases: set[str] | None = None,
    ) -> None:
        self.name = name
        self.type = type_
        self.mentions: list[tuple[int, int]] = mentions if mentions is not None else []
        self.gender = gender
        self.roles: set[str] = roles if roles is not None else set()
        self.aliases: set[str] = aliases if aliases is not None else set()

    def __reduce__(self) -> tuple[type[Entity], tuple[object, ...]]:
        # Import workers send extractions to the writer pickled; a class compiled by
        # mypyc pickles only this way.
        fields = (self.name, self.type, self.mentions, self.gender, self.roles, self.aliases)
        return (Entity, fields)

    def __repr__(self) -> str:
        return f"Entity({self.name!r}, {self.type!r}, {len(self.mentions)} mentions)"

    @property
    def surname(self) -> str:
        return self.name.split()[-1] if self.type == PERSON else ""


def _at_sentence_start(text: str, start: int, floor: int) -> bool:
    """Whether what starts at start opens a sentence (or a quotation, or a
    bracket), reading back to floor (its paragraph's start) and 80 characters at most."""
    floor = max(floor, start - 80)
    # The commonest case first: a word, one space, the span.
    if start - 2 >= floor and text[start - 1] == " " and not text[start - 2].isspace():
        return text[start - 2] in _SENTENCE_OPENERS
    # What comes before, less spaces (rstrip() takes what isspace() calls one).
    lead = text[floor:start].rstrip()
    return not lead or lead[-1] in _SENTENCE_OPENERS


def _word_before(text: str, floor: int, start: int) -> str:
    """The word before start, lower-cased, reading back to floor (80 characters at most)."""
    words = text[max(floor, start - 80) : start].rsplit(None, 1)
    return words[-1].lower() if words else ""


def _words_after(text: str, end: int, ceiling: int) -> str:
    """Up to two words after end, lower-cased, reading on to ceiling (40 characters at most)."""
    words = text[end : min(end + 40, ceiling)].split(None, 2)[:2]
    return " ".join(words).lower()


class _Span:
    """A candidate name: its words, and what surrounds it, worked out only when asked.

    Half the candidates are settled by their words alone, so the words before and
    after are read from the text lazily (whether it opens a sentence, which nearly
    every one is asked, at once). A span cut from another ("Putin" from "President
    Putin") shares its context unless given its own.
    """

    __slots__ = (
        "_after",
        "_before",
        "_ceiling",
        "_context",
        "_floor",
        "_text",
        "end",
        "sentence_start",
        "start",
        "starts",
        "titles",
        "words",
    )

    def __init__(
        self,
        start: int,
        end: int,
        words: list[str],
        starts: list[int],
        titles: list[str] | None = None,
        text: str = "",
        floor: int = 0,
        ceiling: int = 0,
        context: _Span | None = None,
        sentence_start: bool | None = None,
        before: str | None = None,
        after: str | None = None,
    ) -> None:
        self.start, self.end = start, end
        self.words, self.starts = words, starts
        self.titles = titles if titles is not None else []
        self._text, self._floor, self._ceiling = text, floor, ceiling  # the paragraph
        self._context = context
        self._before, self._after = before, after
        # Whether the span opens a sentence (or a quotation, or a bracket): nearly
        # every span is asked, so it is worked out here, not behind a property.
        if sentence_start is None:
            if context is not None:
                sentence_start = context.sentence_start
            elif start - 2 >= floor and text[start - 1] == " " and not text[start - 2].isspace():
                # _at_sentence_start()'s commonest case without the call: a word, a space.
                sentence_start = text[start - 2] in _SENTENCE_OPENERS
            else:
                sentence_start = _at_sentence_start(text, start, floor)
        self.sentence_start: bool = sentence_start

    @property
    def before(self) -> str:
        """The word before the span, lower-cased."""
        if self._before is None:
            context = self._context
            if context is not None:
                self._before = context.before
            else:
                self._before = _word_before(self._text, self._floor, self.start)
        return self._before

    @property
    def after(self) -> str:
        """Up to two words after the span, lower-cased."""
        if self._after is None:
            context = self._context
            if context is not None:
                # Not kept: a span cut from another holds words after of its own
                # only when given them (see _after_is_read).
                return context.after
            self._after = _words_after(self._text, self.end, self._ceiling)
        return self._after

    def _after_is_read(self) -> bool:
        """Whether the words after this span are read from the text (its own, or
        those of the candidate it was cut from) rather than given when it was cut."""
        span = self
        while span._after is None and span._context is not None:
            span = span._context
        return span._context is None


@dataclass
class Entities:
    """The entities of one article and the lookups quote attribution needs."""

    items: list[Entity]
    _by_name: dict[str, Entity] = field(default_factory=dict)
    _aliases: dict[str, Entity] = field(default_factory=dict)
    _ambiguous: set[str] = field(default_factory=set)
    _mentions: list[tuple[int, int, Entity]] = field(default_factory=list)
    # The stretches inside quotations, in order and apart (set by mark_quoted).
    quoted: list[tuple[int, int]] = field(default_factory=list)
    text: str = ""
    # Mention starts, for bisecting _mentions by offset.
    _starts: list[int] = field(default_factory=list)
    # Mentions of people outside quotations, and their starts: worked out once
    # the quotations are known.
    _people: list[tuple[int, int, Entity]] | None = None
    _people_starts: list[int] = field(default_factory=list)
    # Mentions of people, quoted or not (worked out when first asked).
    _person_mentions: list[tuple[int, int, Entity]] | None = None
    # Where in _people the people of each gender ("m", "f", "") are, in order.
    _people_by_gender: dict[str, list[int]] = field(default_factory=dict)
    # Lookups quote attribution asks of every quotation, made when first asked
    # and made again after add_speaker(): one walk over the entities each, not one
    # a quotation.
    _lookups: _Lookups | None = None
    # Names tried as speakers the entity finder passed over (see
    # quotes._new_speaker, which stops at MAX_NEW_SPEAKERS).
    speakers_tried: int = 0

    def finish(self) -> None:
        mentions = [(start, end, entity) for entity in self.items for start, end in entity.mentions]
        mentions.sort(key=_BY_OFFSETS)
        self._mentions = mentions
        self._starts = [mention[0] for mention in mentions]
        self._people = self._person_mentions = self._lookups = None

    def mark_quoted(self, ranges: list[tuple[int, int]]) -> None:
        """Where the quotations are: someone named inside one is not who "he" is.

        Kept sorted with overlaps merged, so that lookups can sweep them in order.
        """
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ranges):
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.quoted = merged
        self._people = None

    def lookup(self, text: str) -> Entity | None:
        """The entity a name refers to: full name, surname, acronym or short form."""
        if text.isalpha():  # one word, no title to strip: the commonest ("Varga")
            return self._by_name.get(text) or self._aliases.get(text)
        key = _strip_titles(text.split())
        name = " ".join(key)
        if not name:
            return None
        if name[:4] in ("the ", "The "):
            name = name[4:]
        return self._by_name.get(name) or self._aliases.get(name)

    def add_speaker(self, name: str, type_: str, start: int, end: int) -> Entity:
        """A name found only as a speaker ("…,” Tester said): an entity of the article
        like the others, so that its quotes lead to it."""
        entity = self._by_name.get(name)
        if entity is None or entity.type != type_:
            entity = Entity(name, type_)
            self.items.append(entity)
            self._by_name[name] = entity
        if (start, end) not in entity.mentions:
            entity.mentions.append((start, end))
            entity.mentions.sort()
            index = bisect_left(self._starts, start)
            self._mentions.insert(index, (start, end, entity))
            self._starts.insert(index, start)
            self._people = self._person_mentions = self._lookups = None
        return entity

    def _looked_up(self) -> _Lookups:
        if self._lookups is None:
            self._lookups = _Lookups(self.items, self._mentions)
        return self._lookups

    def by_surname(self, word: str, offset: int) -> Entity | None:
        """The person named in full whose surname this is: of several, the one
        mentioned last before offset, else the first named. A two-word name the
        finder took for a club ("Idris Vaughan": Vaughan is also a town) counts."""
        lookups = self._looked_up()
        if " " in word:  # never a surname the lookups hold: the plain walk
            return _by_surname(self.items, word, offset)
        people = lookups.surnames.get(word)
        if people is None:
            clubs = lookups.two_word_orgs.get(word)
            if clubs is None or len(clubs) != 1:
                return None
            return _latest_before(clubs, offset) or clubs[0]
        latest = lookups.latest.get(word)
        if latest is None:
            latest = lookups.latest[word] = _LatestMention(people)
        return latest.before(offset) or people[0]

    def last_person_before(self, offset: int, gender: str) -> Entity | None:
        """The person mentioned last before an offset who is of that gender, else
        the one mentioned last whose gender is unknown (one backward sweep)."""
        # Someone named inside a quotation is not who "he" or "she" is.
        people, starts = self._people_outside_quotes()
        before = bisect_left(starts, offset)
        # Told from where each gender's mentions are: a sweep back over hundreds
        # of people of the other gender, once a quotation, was quadratic.
        for sought in (gender, ""):
            places = self._people_by_gender.get(sought)
            if places:
                index = bisect_left(places, before) - 1
                if index >= 0:
                    return people[places[index]][2]
        return None

    def with_role(self, role: str) -> Entity | None:
        """The one person introduced with this role ('mayor', 'chairman'), if exactly one."""
        found = self._looked_up().roles.get(role, ())
        return found[0] if len(found) == 1 else None

    def organisation_for(self, noun: str, offset: int) -> Entity | None:
        """'the ministry' → the last organisation named before with that word in its name."""
        noun = noun.lower()
        generic = noun in COMPANY_NOUNS
        heads = ORG_NOUN_HEADS.get(noun, ())
        lookups = self._looked_up()
        mentions = lookups.org_mentions
        last = bisect_left(lookups.org_starts, offset) - 1
        # The organisations named last first, MAX_ORGANISATIONS_BACK of them at most.
        for index in range(last, max(last - MAX_ORGANISATIONS_BACK, -1), -1):
            entity = mentions[index][2]
            words = entity.name.split()
            if (
                words[-1] in heads
                or noun in entity.name.lower().split()
                or (
                    generic
                    and words[-1] not in PUBLIC_BODY_HEADS
                    and words[-1] not in MEDIA_HEADS
                    and len(words) > 1
                )
            ):
                return entity
        return None

    def last_organisation(self, offset: int) -> Entity | None:
        """The organisation named last before an offset ('the statement said')."""
        lookups = self._looked_up()
        index = bisect_left(lookups.org_starts, offset) - 1
        return lookups.org_mentions[index][2] if index >= 0 else None

    def mentions_in(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        """Mentions that lie within [start, end), in order."""
        return _within(self._mentions, self._starts, start, end)

    def people_outside_quotes(
        self, start: int, end: int, latest: int = 0
    ) -> list[tuple[int, int, Entity]]:
        """Mentions of people within [start, end) that are not inside a quotation;
        with latest, only that many of the last."""
        return _within(*self._people_outside_quotes(), start, end, latest)

    def person_mentions(self) -> list[tuple[int, int, Entity]]:
        """Mentions of people, in order."""
        if self._person_mentions is None:
            self._person_mentions = [
                mention for mention in self._mentions if mention[2].type == PERSON
            ]
        return self._person_mentions

    def _people_outside_quotes(self) -> tuple[list[tuple[int, int, Entity]], list[int]]:
        """Mentions of people that do not start inside a quotation, and their starts."""
        if self._people is None:
            # One sweep: mentions ascend, and the quotations are in order and apart,
            # so only the first quotation that ends after a mention can hold it.
            people: list[tuple[int, int, Entity]] = []
            starts: list[int] = []
            ranges = self.quoted
            index, count = 0, len(ranges)
            for mention in self.person_mentions():
                offset = mention[0]
                while index < count and ranges[index][1] <= offset:
                    index += 1
                if index < count and ranges[index][0] <= offset:
                    continue  # inside a quotation
                people.append(mention)
                starts.append(offset)
            by_gender: dict[str, list[int]] = {}
            for place, mention in enumerate(people):
                gender = mention[2].gender
                if gender not in by_gender:
                    by_gender[gender] = []
                by_gender[gender].append(place)
            self._people, self._people_starts = people, starts
            self._people_by_gender = by_gender
        return self._people, self._people_starts


# How many organisations' mentions "the ministry said" looks back over at most;
# a real article holds a few dozen.
MAX_ORGANISATIONS_BACK = 1_000


class _Lookups:
    """What quote attribution looks up by name, made in one walk over the entities."""

    __slots__ = ("latest", "org_mentions", "org_starts", "roles", "surnames", "two_word_orgs")

    def __init__(self, items: list[Entity], mentions: list[tuple[int, int, Entity]]) -> None:
        # Surname → the people named in full with it; the last word of a
        # two-word organisation → those organisations; role → people: in order.
        self.surnames: dict[str, list[Entity]] = {}
        self.two_word_orgs: dict[str, list[Entity]] = {}
        self.roles: dict[str, list[Entity]] = {}
        for entity in items:
            name = entity.name
            if entity.type == PERSON:
                for role in entity.roles:
                    self.roles.setdefault(role, []).append(entity)
                cut = name.rfind(" ")
                if cut >= 0:
                    self.surnames.setdefault(name[cut + 1 :], []).append(entity)
            elif entity.type == ORG and len(name.split()) == 2 and " " in name:
                self.two_word_orgs.setdefault(name[name.rfind(" ") + 1 :], []).append(entity)
        # Surname → who of its people was mentioned last, made when first asked.
        self.latest: dict[str, _LatestMention] = {}
        self.org_mentions = [mention for mention in mentions if mention[2].type == ORG]
        self.org_starts = [mention[0] for mention in self.org_mentions]


def _by_surname(items: list[Entity], word: str, offset: int) -> Entity | None:
    """Entities.by_surname() by a walk over every entity."""
    people = [e for e in items if e.type == PERSON and e.name.endswith(" " + word)]
    if not people:
        people = [
            e
            for e in items
            if e.type == ORG and len(e.name.split()) == 2 and e.name.endswith(" " + word)
        ]
        if len(people) != 1:
            return None
    return _latest_before(people, offset) or people[0]


# Mentions in order of start, then end (a stable sort: the entity breaks no tie).
_BY_OFFSETS = itemgetter(0, 1)


def _within(
    mentions: list[tuple[int, int, Entity]],
    starts: list[int],
    start: int,
    end: int,
    latest: int = 0,
) -> list[tuple[int, int, Entity]]:
    """The mentions (sorted, with their starts) that lie within [start, end); with
    latest, only among that many of the last."""
    low, high = bisect_left(starts, start), bisect_right(starts, end)
    if latest:
        low = max(low, high - latest)
    return [mention for mention in mentions[low:high] if mention[1] <= end]


def _strip_titles(words: list[str]) -> list[str]:
    index = 0
    while index < len(words) - 1 and is_title(words[index]):
        index += 1
    return words[index:]


_TITLE_KEYS = frozenset(word.rstrip(".") for word in TITLES)


def is_title(word: str) -> bool:
    """'Minister', 'Dr.', and hyphenated titles such as 'Auditor-General'."""
    bare = word.rstrip(".")
    return bare in _TITLE_KEYS or (
        "-" in bare and all(part in _TITLE_KEYS for part in bare.split("-") if part)
    )


def find_entities(prose: Prose) -> Entities:
    """Find the entities in an article's prose.

    Candidates are runs of capitalised words, joined by name particles, within
    one sentence: one regular expression finds the runs, so Python only looks at
    capitalised words, not at every word of the article. A run of several words
    met before (in this article or an earlier one) is classified as it was then
    when every question its rules asked has the same answer here (see _Trace);
    else by the rules, and recorded from its second sighting on.
    """
    text = prose.text
    finder = _Finder(text)
    # An article that defines an acronym classifies it by what was found before
    # it: its runs are neither replayed nor recorded.
    runs = _RUNS if _RUNS.capacity and not finder.acronyms else None
    lower_words, classify_word, pending = finder.lower_words, finder._classify_word, finder.pending
    for paragraph in prose.paragraphs:
        if paragraph.heading:
            continue  # headings are in title case: every word would look like a name
        floor, ceiling = paragraph.start, paragraph.end
        for run in _RUN.finditer(text, floor, ceiling):
            token = run.group()
            if token in _NEVER_ALONE:
                continue  # a lone "The", "But", "He": four runs in ten, skipped cheaply
            start = run.start()
            if " " not in token and ".-" not in token:
                # One word (a third of the runs): classified by the rules, which
                # costs no more than a replay; what _run_spans() would do, inline.
                if token[0].isupper():
                    end = start + len(token)
                    span = _Span(start, end, [token], [start], None, text, floor, ceiling)
                    if runs is None:
                        classify_word(span)
                    elif token in runs.alone:
                        # What the rules did before (see _RunMemo), unless it opens a
                        # sentence and the article writes it in lower case too.
                        if not span.sentence_start or token.lower() not in lower_words:
                            pending.append(span)
                    else:
                        classify_word(span)
                        # Inside a sentence, left for resolve_pending() as it is.
                        if not span.sentence_start and pending and pending[-1] is span:
                            runs.waits_alone(token)
                continue
            if runs is None:
                finder.classify_all(_run_spans(text, token, start, floor, ceiling, None))
                continue
            if start - 2 >= floor and text[start - 1] == " " and not text[start - 2].isspace():
                # _at_sentence_start()'s commonest case without the call.
                opening = text[start - 2] in _SENTENCE_OPENERS
            else:
                opening = _at_sentence_start(text, start, floor)
            traces = runs.opening if opening else runs.inside
            trace = traces.get(token)
            if trace is None and runs.first_seen(token):
                # Most runs of an article are never met again: recorded only from
                # the second time on.
                finder.classify_all(_run_spans(text, token, start, floor, ceiling, opening))
                continue
            if trace is not None and finder.replay(trace, start, floor, ceiling):
                continue
            recorder = finder.recorder = _Recorder(start)
            lower_words.asked = recorder.lower
            finder.classify_all(_run_spans(text, token, start, floor, ceiling, opening), recorder)
            finder.recorder = lower_words.asked = None
            runs.keep(traces, token, recorder.trace())
    finder.resolve_pending()
    entities = Entities([entity for entity in finder.found.values() if entity.mentions])
    entities.text = prose.text
    _index(entities, prose.text)
    entities.finish()
    return entities


# The first "he"/"himself" or "she"/"herself" (whole words, any case). The class
# up front holds what re.IGNORECASE takes for h and s (ſ is a long s), so the
# scan skips ahead to those letters: an IGNORECASE pattern from \b tries every
# position, at four times the cost.
_PRONOUN = re.compile(
    r"[HhSsſ](?<!\w.)(?i:(?<=h)(?:e|imself)|(?<=h)(?P<herself>erself)|(?<=s)(?P<she>he))\b"
)
# _PRONOUN in ASCII text, lower-cased: two expressions that each start with
# letters, so that the engine finds an "h" or an "sh" at a few instructions a
# character, where a class tested at each character ("[HhSsſ]") costs several times
# as much. In ASCII, lower-casing keeps offsets and what \w and \b see, and the
# letters re.IGNORECASE takes for those of the pronouns are those lower-casing
# makes them ("ı" and "ſ", its others, are not ASCII).
_HE_LOWER = re.compile(r"h(?<!\w.)(?:e|imself|(?P<herself>erself))\b")
_SHE_LOWER = re.compile(r"sh(?<!\w..)e\b")


def infer_genders(entities: Entities, text: str) -> None:
    """A person of unknown gender takes that of the pronouns that follow their name.

    Each mention votes with the first "he" or "she" after it, if nobody else is
    named in between; the majority decides. Pronouns inside quotations are
    passed over: "'She has known,' he said" says nothing about who came before.
    """
    # Only people's mentions matter: a window ends at the next person named.
    people = entities.person_mentions()
    for _start, _end, entity in people:
        if not entity.gender:
            break
    else:
        return  # everyone's gender is known
    # Quotations blank the same in any window: blank them once.
    blanked = _blank_quotes(text, entities.quoted)
    votes: dict[Entity, list[int]] = {}  # he, she
    count, length = len(people), len(text)
    for index in range(count):
        _start, end, entity = people[index]
        if entity.gender:
            continue
        limit = min(end + 250, length)
        for later in range(index + 1, count):
            later_start, _later_end, other = people[later]
            if later_start >= limit:
                break
            if other is not entity:
                limit = later_start
                break
        window = blanked[end:limit]  # a slice: \b sees no name before
        if window.isascii():
            female = _female_pronoun_in_ascii(window.lower())
        else:
            female = _female_pronoun(_PRONOUN.search(window))
        if female is None:
            continue
        tally = votes.get(entity)
        if tally is None:
            tally = votes[entity] = [0, 0]
        tally[female] += 1
    for entity, (he_votes, she_votes) in votes.items():  # those who have votes
        if he_votes > she_votes:
            entity.gender = "m"
        elif she_votes > he_votes:
            entity.gender = "f"


def _female_pronoun(pronoun: re.Match[str] | None) -> bool | None:
    """Whether a match of _PRONOUN is "she" or "herself" (None: no match)."""
    if pronoun is None:
        return None
    return bool(pronoun.group("she") or pronoun.group("herself"))


def _female_pronoun_in_ascii(window: str) -> bool | None:
    """_female_pronoun(_PRONOUN.search(text)), given an ASCII text lower-cased (see
    _HE_LOWER): whether the first "he", "himself", "herself" or "she" is female."""
    he = _HE_LOWER.search(window)
    # A "she" before it: one that ends where it starts is none (an "h" after a
    # letter starts no "he").
    she = _SHE_LOWER.search(window, 0, he.start() if he is not None else len(window))
    if she is not None:
        return True
    if he is None:
        return None
    return he.group("herself") is not None


def _blank_quotes(text: str, quoted: list[tuple[int, int]]) -> str:
    """The text with quoted stretches (in order and apart) blanked; offsets hold."""
    pieces = []
    position = 0
    for q_start, q_end in quoted:
        q_end = min(q_end, len(text))
        pieces.append(text[position:q_start])
        pieces.append(" " * (q_end - q_start))
        position = q_end
    pieces.append(text[position:])
    return "".join(pieces)


# Titles a name keeps even where an ordinary first word is dropped: "Mr. Scholz".
_KEPT_TITLES = frozenset({"Mr", "Mrs", "Ms", "Dr", "Prof"})


# The last characters _without_stop_or_possessive() can change a word at.
_STOP_OR_POSSESSIVE_ENDS = frozenset(".'’s")


def _without_stop_or_possessive(word: str) -> str:
    """A name's last word without a sentence's full stop or a possessive: "Lane." → "Lane"."""
    if word.endswith(".") and len(word) > 2 and word.rstrip(".") not in _TITLE_KEYS:
        word = word.rstrip(".")
    if len(word) > 2 and (word[-1] in "'’" or word[-2] in "'’") and _POSSESSIVE.search(word):
        word = _POSSESSIVE.sub("", word)
    return word


def _without_compound_suffix(word: str) -> str:
    """ "Progressive Union-led": the name without its compound suffix."""
    return (_COMPOUND_SUFFIX.sub("", word) or word) if "-" in word else word


def _ends_name(token: str) -> bool:
    """A word after which a name cannot go on: "Lane." ends a sentence, "Linden's" a name."""
    if token.endswith("."):
        bare = token.rstrip(".")
        return not (bare in _TITLE_KEYS or len(bare) == 1 or bare.lower() in _ABBREVIATIONS)
    return len(token) > 2 and token.endswith(("'s", "’s"))


def _possessive_in_name(words: list[str], probe: int) -> bool:
    """ "St Brendan's General Hospital", "Children's Hospital": a possessive inside a name."""
    if not _POSSESSIVE.search(words[probe - 1]):
        return False
    for token in words[probe : probe + 4]:
        if not token[0].isupper():
            return False
        if token in ORG_HEADS or token in FACILITY_HEADS:
            return True
    return False


_NEVER_ALONE = ALWAYS_STRIPPED | NOT_NAMES
_PUNCTUATION = '.,;:!?"“”‘’()[]«»—–'
# How long a name may run: capitalised words in a run, particles between two of
# them ("van der", "of the"), characters in a word. News copy stays far below
# (16 words, 3 particles, 30 characters in a thousand articles); a run of
# hundreds of words ("Ann Example and Ann Example and …") is cut into runs of
# this many, so that the work a run costs, quadratic in its words, stays bounded.
MAX_RUN_WORDS = 24
MAX_RUN_PARTICLES = 4
MAX_WORD = 64
_WORD_BODY = rf"[\w'’\-]{{0,{MAX_WORD - 1}}}(?![\w'’\-])"
_CAPITALISED = rf"[^\W\d_a-z]{_WORD_BODY}\.?"
_RUN = re.compile(
    # The first word's first letter is found by plain ranges (A-Z, or beyond
    # ASCII), which the engine scans for fast, and checked afterwards: twice the
    # speed of starting with the class itself, or with the look-behind. Written
    # as what it is not, two ranges (of ASCII), it is tested at each character in
    # two steps; the punctuation block of ’ “ ” — (U+2000 to U+206F, where no
    # character is a letter) left out too made it a table of the BMP and a range
    # beyond: 8 instructions a character more (a run tried at “ or ’ costs less).
    rf"[^\x00-@\[-\x7f](?<=[^\W\d_a-z])(?<![\w'’\-].){_WORD_BODY}\.?"
    rf"(?:(?: |-| & )(?:(?:{'|'.join(sorted(_CONNECTORS))}) ){{0,{MAX_RUN_PARTICLES}}}"
    rf"{_CAPITALISED}){{0,{MAX_RUN_WORDS - 1}}}"
)
# Inside a run without "&", words are parted by spaces and by a hyphen after a
# full stop ("St.-Denis").
_RUN_GAP = re.compile(r" |(?<=\.)-")


def _run_words(token: str, start: int) -> tuple[list[str], list[int]]:
    """The words of a run of capitalised words, and their offsets."""
    if "&" in token:  # the gap " & " is three characters: find the words themselves
        matches = list(_WORD.finditer(token))
        return [match.group() for match in matches], [start + match.start() for match in matches]
    words = token.split(" ") if ".-" not in token else _RUN_GAP.split(token)
    starts = []
    position = start
    for word in words:
        starts.append(position)
        position += len(word) + 1
    return words, starts


def _run_spans(
    text: str, token: str, start: int, floor: int, ceiling: int, opening: bool | None
) -> list[_Span]:
    """The candidates of one run of capitalised words (token, at start in a paragraph
    from floor to ceiling): the run cut after a word that ends a name ("Lane.",
    "Linden's"), less the particles at either end. opening: whether the run opens a
    sentence, if known."""
    if " " not in token and ".-" not in token:
        if token[0].isupper():  # one word: the commonest case
            # Arguments by position: a call with keywords costs more.
            end = start + len(token)
            return [_Span(start, end, [token], [start], None, text, floor, ceiling, None, opening)]
        return []
    if "&" in token or ".-" in token:
        words, starts = _run_words(token, start)
    else:  # _run_words() without the call: words parted by single spaces
        words = token.split(" ")
        starts = []
        position = start
        for word in words:
            starts.append(position)
            position += len(word) + 1
    spans = []
    count = len(words)
    first = 0
    while first < count and not words[first][0].isupper():
        first += 1
    for index in range(first + 1, count + 1):
        if index < count and (
            words[index - 1][-1] not in ".s"  # the cheap test _ends_name starts with
            or not _ends_name(words[index - 1])
            or _possessive_in_name(words, index)
        ):
            continue
        last = index
        while last > first and not words[last - 1][0].isupper():
            last -= 1  # a run never ends on a particle
        if last - first == 1 and words[first] in _NEVER_ALONE:
            last = first  # "The", "But", "He": the commonest capitalised words
        if last > first:
            end = starts[last - 1] + len(words[last - 1])
            spans.append(
                _Span(
                    starts[first],
                    end,
                    words[first:last],
                    starts[first:last],
                    None,
                    text,
                    floor,
                    ceiling,
                    None,
                    opening if starts[first] == start else None,
                )
            )
        first = index
    return spans


class _LowerWords:
    """The words an article writes in lower case, as a set that looks up on demand.

    A word is in it when some whitespace-separated token starts with a lower-case
    letter and, stripped of punctuation, is that word. An article asks about a few
    dozen words, so each is searched for when first asked: collecting all of an
    article's words first cost more than the rest of the entity finding. Once the
    searches have read the text _SEARCHES_BEFORE_INDEX times over (an article of
    thousands of odd words), every word is collected after all, in one pass.
    """

    __slots__ = ("_answers", "_every", "_left", "_text", "asked")

    def __init__(self, text: str) -> None:
        self._text = text
        self._answers: dict[str, bool] = {}
        # Where each question and its answer are noted, while a run is recorded.
        self.asked: list[tuple[str, bool]] | None = None
        self._every: set[str] | None = None
        # Characters the searches may still read before every word is collected.
        self._left = _SEARCHES_BEFORE_INDEX * len(text) + _SEARCH_ALLOWANCE

    def __contains__(self, word: str) -> bool:
        answer = self._answers.get(word)
        if answer is None:
            answer = self._answers[word] = self._written(word)
        if self.asked is not None:
            self.asked.append((word, answer))
        return answer

    def _written(self, word: str) -> bool:
        if self._every is not None:
            return word in self._every
        if not word[:1].islower() or word[-1] in _PUNCTUATION:
            return False  # stripped of punctuation, no word of the article is either
        text = self._text
        length = len(text)
        if self._left < 0:
            return word in self._collect()
        at = text.find(word)
        self._left -= length if at < 0 else at
        misses = 0
        while at >= 0:
            if at == 0 or text[at - 1].isspace():
                # The word, then only punctuation up to a space or the end.
                end = at + len(word)
                while end < length and text[end] in _PUNCTUATION:
                    end += 1
                if end == length or text[end].isspace():
                    return True
            misses += 1
            if misses > 64:
                # Found inside many other words ("he" in "the"): collecting every
                # word once now keeps an odd article from costing words × length.
                return word in self._collect()
            following = text.find(word, at + 1)
            self._left -= (length if following < 0 else following) - at
            at = following
        return False

    def _collect(self) -> set[str]:
        """Every word the article writes in lower case, collected in one pass."""
        self._every = {
            token.strip(_PUNCTUATION) for token in set(self._text.split()) if token[:1].islower()
        }
        return self._every


# How many times over a lookup that searches the article's text may read it, in
# all, before what it looks for is collected in one pass instead: a few dozen
# searches in real articles (49 at most in a thousand), one per distinct word, so
# thousands of distinct words made searching quadratic.
_SEARCHES_BEFORE_INDEX = 64
_SEARCH_ALLOWANCE = 100_000


class _Finder:
    """Classifies candidate spans and collects entities with their mentions."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Words the article writes in lower case ("residents" makes "Residents" a word).
        self.lower_words = _LowerWords(text)
        self.found: dict[tuple[str, str], Entity] = {}
        self.pending: list[_Span] = []
        self.speaking: dict[str, bool] = {}  # _speaks_somewhere's answers
        # What _find_speaking may still read before _speaking_words() is used.
        self.speaking_left = _SEARCHES_BEFORE_INDEX * len(text) + _SEARCH_ALLOWANCE
        self.speaking_words: set[str] | None = None
        # What classifying the current run does, while it is recorded for _RUNS.
        self.recorder: _Recorder | None = None
        # "the European Union (EU)": the acronym names the same organisation.
        self.acronyms: dict[str, str] = {}
        for bracket in _BRACKETED_ACRONYM.finditer(text):
            match = _ACRONYM_DEFINITION.search(text, max(0, bracket.start() - 120), bracket.end())
            if match and match.end() == bracket.end():
                expansion = _expansion(match["name"], match["acronym"])
                if expansion:
                    self.acronyms[match["acronym"]] = expansion

    def add(
        self,
        name: str,
        type_: str,
        start: int,
        end: int,
        titles: list[str] | tuple[str, ...] | None = None,
    ) -> Entity:
        """A mention of an entity; titles ("Mrs.", "Mayor") tell a person's gender and roles."""
        if self.recorder is not None:
            self.recorder.adds(name, type_, start, end, titles)
        # "Growers’ Union" and "Growers' Union" are one name.
        if "'" in name or "’" in name:
            name = _PLURAL_POSSESSIVE.sub("", name.replace("’", "'"))
        entity = self.found.get((name, type_))
        if entity is None:
            entity = self.found[(name, type_)] = Entity(name, type_)
        entity.mentions.append((start, end))
        for title in titles or ():
            key = title.rstrip(".")
            if key in FEMALE_TITLES or title in FEMALE_TITLES:
                entity.gender = "f"
            elif key in MALE_TITLES or title in MALE_TITLES:
                entity.gender = "m"
            elif key in PERSON_TITLES and key not in ("Mr", "Mrs", "Ms", "Dr"):
                entity.roles.add(key.lower())
        return entity

    def classify(self, span: _Span) -> None:
        """Add the entities a candidate names, or keep it for resolve_pending()."""
        if len(span.words) == 1:
            self._classify_word(span)  # the same steps, shortened for one word
        else:
            self._classify_words(span)

    def classify_all(self, spans: list[_Span], recorder: _Recorder | None = None) -> None:
        """classify() each of the candidates of a run, noting each in recorder if any."""
        classify_word, classify_words = self._classify_word, self._classify_words
        for span in spans:
            if recorder is not None:
                recorder.candidate(span)
            # classify(), without a call between: half the spans are one word.
            if len(span.words) == 1:
                classify_word(span)
            else:
                classify_words(span)

    def replay(self, trace: _Trace, start: int, floor: int, ceiling: int) -> bool:
        """Do what classifying a run did when trace was recorded, the run now at
        start in the paragraph from floor to ceiling, if every question the rules
        asked then has the same answer now; else nothing (False)."""
        lower, around, candidates, added, left = trace
        lower_words = self.lower_words
        for word, answer in lower:
            if (word in lower_words) is not answer:
                return False
        text = self.text
        for candidate, question, answer in around:
            if question == _ASK_PLACE_BEFORE:
                words = _word_before(text, floor, start + candidates[candidate][0])
            else:
                words = _words_after(text, start + candidates[candidate][1], ceiling)
            if _answer(question, words) is not answer:
                return False
        add = self.add
        for name, type_, begin, end, titles in added:
            add(name, type_, start + begin, start + end, titles)
        if left:
            self._replay_left(left, candidates, start, floor, ceiling)
        return True

    def _replay_left(
        self,
        left: tuple[_Waiting, ...],
        candidates: tuple[_Candidate, ...],
        start: int,
        floor: int,
        ceiling: int,
    ) -> None:
        """The names a trace left for resolve_pending(), left again."""
        text = self.text
        made: dict[int, _Span] = {}  # the candidates they were cut from, made once each
        for index, itself, begin, end, words, starts, titles, opens, after in left:
            if itself:
                # The candidate itself waits: made anew, as it was before it was classified.
                self.pending.append(_made(candidates[index], text, start, floor, ceiling))
                continue
            context = made.get(index)
            if context is None:
                context = made[index] = _made(candidates[index], text, start, floor, ceiling)
            offsets = [start + offset for offset in starts]
            self.pending.append(
                _Span(
                    start + begin,
                    start + end,
                    list(words),
                    offsets,
                    list(titles),
                    "",
                    0,
                    0,
                    context,
                    opens,
                    None,
                    after,
                )
            )

    def _classify_words(self, span: _Span) -> None:
        lower_words = self.lower_words
        words, starts = list(span.words), list(span.starts)
        if words[-1][-1] in _STOP_OR_POSSESSIVE_ENDS:
            words[-1] = _without_stop_or_possessive(words[-1])
        # A place whose name starts with an ordinary word: "A Coruña", "Great Yarmouth".
        place = " ".join(words)
        places = _places()  # the gazetteer, fetched once a span
        kind = places.get(place) if len(words) > 1 else None
        if kind is not None:
            self.add(
                place, LOC if kind == "continent" else GPE, starts[0], starts[-1] + len(words[-1])
            )
            return
        # Drop ordinary words: "The", "On Monday" anywhere, "Residents" or "Free" only
        # at a sentence's start ("the Free Citizens Alliance" keeps its "Free").
        count = len(words)  # words are only dropped below: as many, the same words
        while words and (
            words[0] in ALWAYS_STRIPPED
            or words[0].lower() in _CONNECTORS
            or (
                starts[0] == span.start
                and span.sentence_start
                and (words[0] in NOT_NAMES or words[0].lower() in lower_words)
            )
        ):
            if words[0].rstrip(".") in _KEPT_TITLES or (len(words) > 1 and is_title(words[0])):
                break  # "Mayor Ann Example" when the article also says "the mayor"
            words.pop(0)
            starts.pop(0)
        while words and (words[-1].lower() in _CONNECTORS or words[-1] in _NAME_SUFFIXES):
            words.pop()
            starts.pop()
        if not words:
            return
        end = starts[-1] + len(words[-1])
        name = place if len(words) == count else " ".join(words)
        if ("'" in name or "’" in name) and any(_CONTRACTION.search(word) for word in words):
            return
        emit = self.add

        if name in LANDMARKS:
            self.add(name, LOC, starts[0], end)
            return
        if name in KNOWN_ORG_PHRASES:
            emit(KNOWN_ORG_PHRASES[name], ORG, starts[0], end)
            return
        # Words glued on before a name: "Hamburg-based", "Forecaster" (a job at a
        # sentence's start), a possessive's apostrophe.
        count = len(words)
        while len(words) > 1 and (
            words[0].endswith(("-based", "-born", "-led", "-owned", "-backed"))
            or (
                starts[0] == span.start
                and span.sentence_start
                and len(words) > 2
                and words[0].lower() in _common_words()
                and words[1].lower() not in _common_words()
                and not is_title(words[0])  # "President Barack Obama": a title, kept
            )
        ):
            words.pop(0)
            starts.pop(0)
        rejoin = len(words) != count
        if "s'" in name or "s’" in name:
            words = [w.rstrip("'’") if w.endswith(("s'", "s’")) else w for w in words]
            rejoin = True
        if "-" in words[-1]:
            words[-1] = _without_compound_suffix(words[-1])
            rejoin = True
        if rejoin:
            name = " ".join(words)
        end = starts[-1] + len(words[-1])
        connectors = (
            [i for i, w in enumerate(words) if w in _NAME_CONNECTORS] if len(words) > 2 else []
        )
        has_connector = bool(connectors)
        org_like = (
            words[-1] in ORG_HEADS
            or "&" in self.text[span.start : span.end]
            or (
                len(words) > 2
                and has_connector
                and any(w in ORG_STARTS or w in ORG_HEADS for w in words[: connectors[0]])
            )
        )
        if len(words) > 2 and has_connector and not org_like:
            kind = _kind_by_first_word(words[0])
            if kind:
                self.add(name, kind, starts[0], end)
                return
        # A single word waits: it may be the surname of someone named in full.
        whole_place = places.get(name) if len(words) > 1 else None
        if whole_place and not (org_like and len(words) > 1 and words[-1] not in ("City",)):
            emit(name, LOC if whole_place == "continent" else GPE, starts[0], end)
            return
        # Leading nationality words: "Russian President Vladimir Putin".
        if not org_like:
            while len(words) > 1 and words[0] in NATIONALITIES:
                emit(words[0], NORP, starts[0], starts[0] + len(words[0]))
                words.pop(0)
                starts.pop(0)
            titles: list[str] = []
            while len(words) > 1 and is_title(words[0]):
                titles.append(words.pop(0))
                starts.pop(0)
            inner = (
                [i for i in range(1, len(words) - 1) if is_title(words[i])]
                if len(words) > 2
                else []
            )
            if inner and words[inner[-1] + 1][:1].isupper() and not is_title(words[-1]):
                # "Port Linden Mayor Elena Varga", "New Jersey Gov. Chris Christie": a
                # place or a body, then a title, then the person.
                cut = inner[-1]
                self.classify(
                    _Span(
                        starts[0],
                        starts[cut - 1] + len(words[cut - 1]),
                        words[:cut],
                        starts[:cut],
                        context=span,
                        sentence_start=False,
                        after="",
                    )
                )
                titles.append(words[cut])
                words, starts = words[cut + 1 :], starts[cut + 1 :]
            span.titles = titles
            name = " ".join(words)
        if org_like and len(words) == 1 and words[0] not in KNOWN_ORGS:
            # "Rovers", "Athletic": a short form of a name given in full, if any.
            self._defer(span, words, starts, looks_like="org?")
            return
        if org_like and "of" in words:
            head = words[: words.index("of")]
            if len(head) >= 2 and (
                not any(w in ORG_HEADS or w in ORG_STARTS or w in LOCATION_STARTS for w in head)
                or any(is_title(w) for w in head[1:-1])  # "Harbour City Mayor Ann Example of"
            ):
                org_like = False  # "Henrik Aalto of the National Renewal Party": two names
        if org_like and "and" in words:
            cut = words.index("and")
            if 0 < cut < len(words) - 1 and words[cut - 1] in ORG_HEADS:
                # "the Coastal Water Authority and Brenmark Chemicals": two names.
                for part_words, part_starts in (
                    (words[:cut], starts[:cut]),
                    (words[cut + 1 :], starts[cut + 1 :]),
                ):
                    part_end = part_starts[-1] + len(part_words[-1])
                    self.classify(
                        _Span(
                            part_starts[0],
                            part_end,
                            part_words,
                            part_starts,
                            context=span,
                            sentence_start=False,
                        )
                    )
                return
        if org_like:
            while len(words) > 1 and words[0].lower() in _ORG_ONLY_CONNECTORS:
                words.pop(0)
                starts.pop(0)
            emit(" ".join(words), ORG, starts[0], end)
            return
        # "Vladimir Putin and Sergei Shoigu", "Mads Kjeldsen of Kestrel Nordic": two
        # names, classified one by one.
        if not _SPLITTERS.isdisjoint(words):
            cut = next(i for i, w in enumerate(words) if w in _SPLITTERS)
            for part_words, part_starts in (
                (words[:cut], starts[:cut]),
                (words[cut + 1 :], starts[cut + 1 :]),
            ):
                if part_words:
                    self.classify(
                        _Span(
                            part_starts[0],
                            part_starts[-1] + len(part_words[-1]),
                            part_words,
                            part_starts,
                            context=span,
                            sentence_start=False,
                            after="",
                        )
                    )
            return
        start = starts[0]
        if len(words) == 1:
            self._single(span, words[0], start, end, titles)
            return
        first_names = _first_names()
        if words[-1] in FACILITY_HEADS:
            emit(name, FAC, start, end)
        elif words[-1] in LOCATION_HEADS or (
            words[0] in ("Mount", "Lake", "Cape") and len(words) == 2
        ):
            emit(name, LOC, start, end)
        elif words[0] in PLACE_PREFIXES and not titles and words[0] not in first_names:
            emit(name, GPE, start, end)
        elif words[-1] in NOT_PERSON_HEADS or self._has_ordinary_word(words):
            return  # "Residents Association": ordinary words the article writes in lower case
        elif not titles and words[0] not in first_names and self._asks(span, _ASK_ORG_NOUN_AFTER):
            emit(name, ORG, start, end)  # the words after read last: most names pass before
        elif titles or words[0] in first_names:
            emit(name, PERSON, start, end, span.titles)
        elif words[0] in STRONG_ORG_STARTS or words[0] in FOREIGN_ARTICLES:
            emit(name, ORG, start, end)  # "Team Veloria", "SV Murtal Graz", "Le Phare Culturel"
        elif _kind_by_first_word(words[0]):
            emit(name, _kind_by_first_word(words[0]), start, end)  # "Sierra Morena", "Via Belfiore"
        elif (
            words[-1].lower() in _common_words()
            or any(w in NATIONALITIES for w in words)
            or len(words[0]) == 1
        ):
            return  # "Civic Renewal", "Blue Lantern": words, not a name
        elif self._asks(span, _ASK_PERSON_AFTER):
            emit(name, PERSON, start, end, span.titles)  # "Kirsty Mackay, who …" / "…, 47,"
        elif not span.sentence_start and self._asks(span, _ASK_PLACE_BEFORE):
            emit(name, LOC, start, end)  # "lived on Coton Hill"
        elif words[-1] in places and len(words) == 2:
            emit(name, ORG, start, end)  # "Daugava Riga": a club named after its city
        else:
            emit(name, PERSON, start, end, span.titles)

    def _has_ordinary_word(self, words: list[str]) -> bool:
        """A word of the name is no name's: "Residents", or a word of four letters
        or more the article also writes in lower case. The word lists first: they
        cost a set lookup, the article's words a search of its text."""
        if not NOT_NAMES.isdisjoint(words):
            return True
        lower_words = self.lower_words
        for word in words:  # noqa: SIM110 - a loop: any() over a generator costs more
            if len(word) > 3 and word.lower() in lower_words:
                return True
        return False

    def _single(self, span: _Span, word: str, start: int, end: int, titles: list[str]) -> None:
        """A name of one word: known kinds now, the rest once the article is read."""
        emit = self.add
        if word in NATIONALITIES:
            # "Cuban" is Mark Cuban where the article names him: decided once it is read.
            self._defer(span, [word], [start], titles, looks_like="NORP?")
        elif is_title(word) or word in NOT_PERSON_HEADS:
            return
        elif word in self.acronyms:
            full = self.acronyms[word]
            known = [e for (n, _t), e in self.found.items() if n == full]
            entity = emit(full, known[0].type if known else ORG, start, end)
            entity.aliases.add(word)
        elif word in KNOWN_ORGS:
            emit(word, ORG, start, end)
        elif word.isupper() and len(word) > 6:
            # A dateline or a label in capitals: "WASHINGTON —", "ANALYSIS".
            if word.title() in _places():
                emit(word.title(), GPE, start, end)
        elif word.isupper() and 2 <= len(word) <= 6:
            if word in PLACE_ACRONYMS:
                emit(PLACE_ACRONYMS[word], GPE, start, end)
            else:
                self._defer(span, [word], [start], titles, looks_like="ORG?")
        elif len(span.words) == 1 and span.words[0] == word and not span.titles:
            # The candidate itself waits (what _defer() would copy: the same word,
            # offsets and surroundings), unless a title was cut from it.
            if self.recorder is not None:
                self.recorder.waits(span)
            self.pending.append(span)  # _wait(), without the call: the commonest end
        else:
            self._defer(span, [word], [start], titles)

    def _defer(
        self,
        span: _Span,
        words: list[str],
        starts: list[int],
        titles: list[str] | None = None,
        looks_like: str | None = None,
    ) -> None:
        """Keep a name of one word for resolve_pending(), cut from span.

        looks_like "org?" (an organisation's head word, "Rovers") or "ORG?" (an
        acronym) takes the place of the words after it.
        """
        end = starts[-1] + len(words[-1])
        sentence_start = False if looks_like is not None else None
        self._wait(
            _Span(
                starts[0],
                end,
                words,
                starts,
                titles,
                "",
                0,
                0,
                span,
                sentence_start,
                None,
                looks_like,
            )
        )

    def _asks(self, span: _Span, question: int) -> bool:
        """A rule's question about the words around span (see _answer), noted in
        the recorder, if any, when its answer is read from the text."""
        answer = _answer(question, span.before if question == _ASK_PLACE_BEFORE else span.after)
        recorder = self.recorder
        if recorder is not None and (question == _ASK_PLACE_BEFORE or span._after_is_read()):
            recorder.asked(question, answer)
        return answer

    def _wait(self, span: _Span) -> None:
        """Keep a span of one word for resolve_pending()."""
        if self.recorder is not None:
            self.recorder.waits(span)
        self.pending.append(span)

    def _classify_word(self, span: _Span) -> None:
        """:meth:`_classify_words` for a span of one word (half of them), with its
        steps reduced to those that can apply to one word. A rule changed there
        must change here too: tests/test_extract_fast_paths.py compares the two."""
        word = span.words[0]
        if word[-1] in _STOP_OR_POSSESSIVE_ENDS:
            word = _without_stop_or_possessive(word)
        start = span.start
        lower = word.lower()
        if word in ALWAYS_STRIPPED or lower in _CONNECTORS:
            ordinary = True
        else:
            # At a sentence's start only: "Residents say", "Free".
            ordinary = span.sentence_start and (word in NOT_NAMES or lower in self.lower_words)
        if ordinary and word.rstrip(".") not in _KEPT_TITLES:
            return
        if word in _NAME_SUFFIXES or (("'" in word or "’" in word) and _CONTRACTION.search(word)):
            return
        end = start + len(word)
        if word in LANDMARKS:
            self.add(word, LOC, start, end)
            return
        if word in KNOWN_ORG_PHRASES:
            self.add(KNOWN_ORG_PHRASES[word], ORG, start, end)
            return
        if word.endswith(("s'", "s’")):
            word = word.rstrip("'’")
        if "-" in word:
            word = _without_compound_suffix(word)
        end = start + len(word)
        if word in ORG_HEADS:
            if word in KNOWN_ORGS:
                self.add(word, ORG, start, end)
            else:
                # "Rovers", "Athletic": a short form of a name given in full, if any.
                self._defer(span, [word], [start], looks_like="org?")
            return
        span.titles = []
        self._single(span, word, start, end, span.titles)

    def _merge_glued_roles(self) -> None:
        """ "Shopkeeper Sunil Bhandari" is "Sunil Bhandari" with a role word glued on."""
        people = {name: e for (name, t), e in self.found.items() if t == PERSON}
        for name, entity in people.items():
            words = name.split()
            for cut in range(1, len(words) - 1):
                shorter = people.get(" ".join(words[cut:]))
                if shorter is not None and shorter is not entity and entity.mentions:
                    shorter.mentions.extend(entity.mentions)
                    shorter.roles |= entity.roles
                    shorter.gender = shorter.gender or entity.gender
                    entity.mentions = []
                    break

    def _mid_sentence(self, known: set[str] | None) -> set[str]:
        """Single words written with a capital inside a sentence somewhere."""
        if known is not None:
            return known
        return {span.words[0] for span in self.pending if not span.sentence_start}

    def _speaks_somewhere(self, word: str) -> bool:
        """The word is the subject of "said" somewhere in the article: a look at
        what follows each of its occurrences, not a scan of the whole text; once
        a word."""
        known = self.speaking.get(word)
        if known is None:
            known = self.speaking[word] = self._find_speaking(word)
        return known

    def _find_speaking(self, word: str) -> bool:
        text, probe = self.text, word + " "
        if self.speaking_left < 0 and len(word) <= MAX_WORD and not _has_space(word):
            if self.speaking_words is None:
                self.speaking_words = _speaking_words(text)
            return word in self.speaking_words
        length = len(probe)
        at = text.find(probe)
        while at >= 0:
            if at == 0 or not text[at - 1].isalnum():  # the cheap test first
                following = text[at + length : at + length + 14].split(None, 1)
                if following and following[0].strip(",.") in SPEECH_VERBS:
                    return True
            at = text.find(probe, at + 1)
        self.speaking_left -= len(text)  # read to the end
        return False

    def resolve_pending(self) -> None:
        """Single words and acronyms, resolved against the names the article gave in full."""
        emit, found, pending = self.add, self.found, self.pending
        self._merge_glued_roles()
        people = [e for (_n, t), e in found.items() if t == PERSON and e.mentions]
        surnames: dict[str, list[Entity]] = {}
        first_names_of: dict[str, list[Entity]] = {}
        for person in people:
            if " " in person.name:
                parts = person.name.split()
                surnames.setdefault(parts[-1], []).append(person)
                first_names_of.setdefault(parts[0], []).append(person)
        short_forms: dict[str, Entity] = {}
        last_word_orgs: dict[str, list[Entity]] = {}
        for (name, type_), entity in list(found.items()):
            if type_ != ORG:
                continue
            words = name.split()
            acronym = "".join([w[0] for w in words if w[0].isupper()])
            if len(acronym) >= 2:
                short_forms.setdefault(acronym, entity)
            if len(words) > 1 and words[0] not in ORG_STARTS and words[0] not in _places():
                short_forms.setdefault(words[0], entity)
            if len(words) > 1 and words[-1][0].isupper():
                last_word_orgs.setdefault(words[-1], []).append(entity)
        for word, orgs in last_word_orgs.items():
            if len(orgs) == 1 and word not in ("Authority", "Ministry", "Council", "Party"):
                short_forms.setdefault(word, orgs[0])
        # Words written with a capital inside sentences, and words that are the
        # subject of "said" somewhere: "Trump" is a name even though "trump" is a word.
        # Worked out only when a common word is met: most articles have none.
        mid_sentence: set[str] | None = None
        places = _places()
        # Surnames of several people, with their mentions in order (made when asked).
        shared: dict[str, _LatestMention] = {}
        for span in pending:
            word = span.words[0]
            # What _defer() marked it as, read before span.after is asked: unmarked,
            # the words after it are read from the text only if a rule needs them.
            marker = span._after
            # A surname beats the gazetteer: "Blackwood" is the barrister here.
            # Shared by two people ("Morillo"), it is the one named last.
            named = None
            if word in surnames:
                sharing = surnames[word]
                if len(sharing) == 1:
                    named = sharing[0]  # "Cuban said …" before "Mark Cuban" is named
                else:
                    if word not in shared:
                        shared[word] = _LatestMention(sharing)
                    named = shared[word].before(span.start)
            if named is None and span.titles and len(first_names_of.get(word, ())) == 1:
                named = first_names_of[word][0]  # "Father Ramon" is Father Ramon Dizon
            if named is not None:
                emit(named.name, PERSON, span.start, span.end, span.titles)
                if word in shared:
                    shared[word].add(named, span.start)
            elif span.titles and marker != "NORP?":
                # "Mr. Obama", "Sen. Tester": a title makes a person of a place's name.
                emit(word, PERSON, span.start, span.end, span.titles)
            elif marker == "NORP?":
                emit(word, NORP, span.start, span.end)  # "Cuban", unless a surname here
            elif word in places and word not in surnames:
                kind = places[word]
                emit(word, LOC if kind == "continent" else GPE, span.start, span.end)
            elif word in short_forms:
                entity = short_forms[word]
                entity.aliases.add(word)
                emit(entity.name, ORG, span.start, span.end)
            elif (word, ORG) in found or (
                span.after == "org?" and (word.isupper() or word.lower() not in _common_words())
            ):
                emit(word, ORG, span.start, span.end)
            elif (word, GPE) in found:
                emit(word, GPE, span.start, span.end)
            elif word in surnames:
                continue  # shared by two people named in full: ambiguous
            elif span.titles:
                emit(word, PERSON, span.start, span.end, span.titles)
            elif _org_noun_follows(span.after):
                emit(word, ORG, span.start, span.end)
            elif word.lower() in _common_words() and (
                word.lower() in self.lower_words
                or word not in (mid_sentence := self._mid_sentence(mid_sentence))
                or not self._speaks_somewhere(word)  # last: it searches the text
            ):
                continue  # "Hydrologists say": a word at a sentence's start
            elif _speaks(span) or self._speaks_somewhere(word):
                emit(word, PERSON, span.start, span.end)
            elif span.before in _PREPOSITIONS_OF_PLACE and not span.sentence_start:
                emit(word, GPE, span.start, span.end)


# The questions a rule asks about the words around a candidate.
_ASK_ORG_NOUN_AFTER, _ASK_PERSON_AFTER, _ASK_PLACE_BEFORE = 0, 1, 2


def _answer(question: int, words: str) -> bool:
    """The answer to a question, given the words it is about (span.after, or
    span.before for _ASK_PLACE_BEFORE)."""
    if question == _ASK_ORG_NOUN_AFTER:
        return _org_noun_follows(words)  # "Varga Holdings said" → an organisation
    if question == _ASK_PERSON_AFTER:
        return _person_context(words)  # "Kirsty Mackay, who …" → a person
    return words in _PLACE_BEFORE  # "on Coton Hill" → a place


# A trace is a tuple of tuples of strings and numbers, not objects of classes
# of its own: the garbage collector stops tracking such tuples (not even a
# NamedTuple's), so the thousands a process keeps cost each collection nothing,
# and do not bring on the collections of the whole heap that a growing number
# of tracked objects does (6 % of the time of the compiled extractor).
#
# Where a candidate lies in its run (offsets from the run's start), and its words.
_Candidate = tuple[int, int, tuple[str, ...], tuple[int, ...]]  # start, end, words, starts
# A question about the words around a candidate (by its place in the run), and
# the answer the text gave.
_Asked = tuple[int, int, bool]  # candidate, question, answer
# A mention added while a run was classified.
_Added = tuple[str, str, int, int, tuple[str, ...]]  # name, type, start, end, titles
# A one-word name left for resolve_pending(): the candidate itself, or a span cut
# from it, with the words after it if it was given them when it was cut (else
# None: the candidate's, read from the text).
_Waiting = tuple[
    int, bool, int, int, tuple[str, ...], tuple[int, ...], tuple[str, ...], bool, str | None
]  # candidate, itself, start, end, words, starts, titles, sentence start, after
# What classifying a run of capitalised words asked of its article, with the
# answers, and what it did: the same run, where every question has the same
# answer, is classified the same, so it is done again without the rules (see
# _Finder.replay). The rules read the run's words, whether it opens a sentence
# (the two are the trace's key), fixed word lists, and of the article only what
# is noted here: which words it writes in lower case (a word, and whether), and
# questions about the words around a candidate. (An article that defines
# acronyms is never replayed: there the rules read what was found before.)
# Mentions and names left for later are apart: one list does not read the other.
_Trace = tuple[
    tuple[tuple[str, bool], ...],
    tuple[_Asked, ...],
    tuple[_Candidate, ...],
    tuple[_Added, ...],
    tuple[_Waiting, ...],
]  # lower-case words, questions asked, candidates, mentions added, names left


def _made(candidate: _Candidate, text: str, run: int, floor: int, ceiling: int) -> _Span:
    """A candidate of a trace, in a run at offset run in the paragraph from floor
    to ceiling."""
    start, end, words, starts = candidate
    offsets = [run + offset for offset in starts]
    return _Span(run + start, run + end, list(words), offsets, None, text, floor, ceiling)


class _Recorder:
    """Notes what classifying one run asks and does, for a _Trace."""

    __slots__ = ("added", "around", "candidates", "current", "left", "lower", "run")

    def __init__(self, run: int) -> None:
        self.run = run  # the run's offset: the trace holds offsets from it
        self.lower: list[tuple[str, bool]] = []  # filled by _LowerWords
        self.around: list[_Asked] = []
        self.candidates: list[_Candidate] = []
        self.current: _Span | None = None  # the candidate being classified
        self.added: list[_Added] = []
        self.left: list[_Waiting] = []

    def candidate(self, span: _Span) -> None:
        run = self.run
        starts = tuple([start - run for start in span.starts])
        self.candidates.append((span.start - run, span.end - run, tuple(span.words), starts))
        self.current = span

    def asked(self, question: int, answer: bool) -> None:
        self.around.append((len(self.candidates) - 1, question, answer))

    def adds(
        self,
        name: str,
        type_: str,
        start: int,
        end: int,
        titles: list[str] | tuple[str, ...] | None,
    ) -> None:
        run = self.run
        self.added.append((name, type_, start - run, end - run, tuple(titles or ())))

    def waits(self, span: _Span) -> None:
        itself = span is self.current
        # The words after it: given when it (or a span it was cut from) was cut,
        # else the candidate's, read from the text.
        holder = span
        while holder._after is None and holder._context is not None:
            holder = holder._context
        after = holder._after if holder._context is not None else None
        run = self.run
        self.left.append(
            (
                len(self.candidates) - 1,
                itself,
                span.start - run,
                span.end - run,
                tuple(span.words),
                tuple([start - run for start in span.starts]),
                tuple(span.titles),
                span.sentence_start,
                after,
            )
        )

    def trace(self) -> _Trace:
        return (
            tuple(self.lower),
            tuple(self.around),
            tuple(self.candidates),
            tuple(self.added),
            tuple(self.left),
        )


class _RunMemo:
    """Traces of runs, by the run's text, apart for runs that open a sentence and
    runs that do not; shared by every article a process reads (names recur
    across articles), and emptied when it holds capacity of them.

    And the words that, alone in a run and inside a sentence, the rules leave
    for resolve_pending() as they are ("Trump", "Brussels": half the runs of one
    word). There the rules read nothing of the article but the acronyms it
    defines (an article that defines any is never helped by the memo): they
    read the word and fixed word lists, so they do so again for the same word.
    Opening a sentence, such a word is also left so, unless the article writes
    it in lower case ("Officials say"): then it is dropped.
    """

    __slots__ = ("alone", "capacity", "inside", "opening", "seen")

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.opening: dict[str, _Trace] = {}
        self.inside: dict[str, _Trace] = {}
        self.seen: set[str] = set()  # runs met once, not yet recorded
        self.alone: set[str] = set()

    def waits_alone(self, word: str) -> None:
        """A word alone in a run, inside a sentence, that the rules left as it is."""
        if len(self.alone) >= self.capacity:
            self.alone.clear()
        self.alone.add(word)

    def first_seen(self, token: str) -> bool:
        """Whether a run is met for the first time (since the memo was last emptied)."""
        if token in self.seen:
            return False
        if len(self.seen) >= self.capacity:
            self.seen.clear()
        self.seen.add(token)
        return True

    def keep(self, traces: dict[str, _Trace], token: str, trace: _Trace) -> None:
        if len(self.opening) + len(self.inside) >= self.capacity:
            self.opening.clear()
            self.inside.clear()
        traces[token] = trace


# A trace takes about a kilobyte (measured on PolNeAR): 8 MB at most, a process.
_RUNS = _RunMemo(8_192)


def _speaking_words(text: str) -> set[str]:
    """Every word of at most MAX_WORD characters, without spaces, that
    _Finder._find_speaking finds speaking, found in one pass: the text before each
    space that a speech verb follows, from after any character that is no letter
    or digit."""
    found: set[str] = set()
    at = text.find(" ")
    while at >= 0:
        following = text[at + 1 : at + 15].split(None, 1)
        if following and following[0].strip(",.") in SPEECH_VERBS:
            for start in range(at - 1, max(0, at - MAX_WORD) - 1, -1):
                if text[start].isspace():
                    break
                if start == 0 or not text[start - 1].isalnum():
                    found.add(text[start:at])
        at = text.find(" ", at + 1)
    return found


def _has_space(word: str) -> bool:
    return any(char.isspace() for char in word)


def _speaks(span: _Span) -> bool:
    """The word after the span is a speech verb: "Trump said"."""
    after = span.after.split(None, 1)
    return bool(after) and after[0].strip(",.") in SPEECH_VERBS


_PERSON_AFTER = re.compile(r"^(?:, (?:who|whose)\b|, \d{1,3},|(?:said|says|told|added|asked)\b)")
# Before a multi-word name, these make it a place rather than a person.
_PLACE_BEFORE = frozenset("in at near across outside inside around throughout on".split())


def _person_context(after: str) -> bool:
    return bool(_PERSON_AFTER.match(after))


def _kind_by_first_word(word: str) -> str:
    """'Bay of Biscay' is a place, 'Church of Santa Brigida' a building, by its first word."""
    if word in LOCATION_STARTS:
        return LOC
    if word in FACILITY_STARTS:
        return FAC
    return ""


_BRACKETED_ACRONYM = re.compile(r"\([A-Z]{2,6}\)")
_ACRONYM_DEFINITION = re.compile(
    r"(?P<name>(?:[A-Z][\w'’\-]*\s+(?:(?:of|for|and|the|de)\s+)*){1,7})\((?P<acronym>[A-Z]{2,6})\)"
)


def _expansion(name: str, acronym: str) -> str:
    """The words of name that 'EU' or 'IFB' stands for ('' if its initials do not match)."""
    words = name.split()
    taken: list[str] = []
    capitals = 0
    while words and capitals < len(acronym):
        word = words.pop()
        taken.insert(0, word)
        capitals += word[0].isupper()
    initials = "".join(w[0] for w in taken if w[0].isupper())
    return " ".join(taken) if initials == acronym else ""


_places = lexicon.places
_first_names = lexicon.first_names
_common_words = lexicon.common_words


class _LatestMention:
    """_latest_before(people, offset) for one list of people asked many times, as
    their mentions grow: a surname shared by two people and written a thousand
    times is not a thousand walks over every mention of both."""

    __slots__ = ("_keys", "_order", "_people")

    def __init__(self, people: list[Entity]) -> None:
        self._people = people
        self._order = {id(person): order for order, person in enumerate(people)}
        # (start, the person's place in the list), in order: ties go to the first.
        self._keys = sorted(
            (start, order) for order, person in enumerate(people) for start, _end in person.mentions
        )

    def before(self, offset: int) -> Entity | None:
        keys = self._keys
        index = bisect_left(keys, (offset, -1)) - 1
        if index < 0:
            return None
        # Of those mentioned last at that start, the first in the list.
        return self._people[keys[bisect_left(keys, (keys[index][0], -1))][1]]

    def add(self, person: Entity, start: int) -> None:
        """A mention of one of the people, added to person.mentions."""
        insort(self._keys, (start, self._order[id(person)]))


def _latest_before(people: list[Entity], offset: int) -> Entity | None:
    """Of several people, the one whose last mention before offset is the latest."""
    best, best_start = None, -1
    for person in people:
        starts = [start for start, _end in person.mentions if start < offset]
        if starts and max(starts) > best_start:
            best, best_start = person, max(starts)
    return best


def _org_noun_follows(after: str) -> bool:
    parts = after.split()
    return bool(parts) and (
        parts[0].strip(",.;:") in ORG_NOUNS
        or (len(parts) > 1 and parts[1].strip(",.;:") in ORG_NOUNS and parts[0].isalpha())
    )


def _merge_longer_names(entities: Entities) -> None:
    """ "Shopkeeper Sunil Bhandari" (a role word glued on) is "Sunil Bhandari"."""
    people = [e for e in entities.items if e.type == PERSON]
    by_name = {e.name: e for e in people}
    for entity in people:
        words = entity.name.split()
        for cut in range(1, len(words) - 1):
            shorter = by_name.get(" ".join(words[cut:]))
            if shorter is not None and shorter is not entity:
                shorter.mentions.extend(entity.mentions)
                shorter.roles |= entity.roles
                shorter.gender = shorter.gender or entity.gender
                entity.mentions = []
                break
    entities.items = [e for e in entities.items if e.mentions]


def _index(entities: Entities, text: str) -> None:
    _merge_longer_names(entities)
    by_name: dict[str, Entity] = {}
    aliases: dict[str, Entity] = {}
    ambiguous: set[str] = set()
    for entity in entities.items:
        by_name[entity.name] = entity
        if entity.type == PERSON:
            first = entity.name.split()[0]
            if not entity.gender:
                sex = _first_names().get(first, "")
                entity.gender = sex if sex in ("f", "m") else ""
            surname = entity.surname
            if surname != entity.name:
                if surname in aliases and aliases[surname] is not entity:
                    ambiguous.add(surname)
                aliases[surname] = entity
        for alias in entity.aliases:
            aliases.setdefault(alias, entity)
    for name in ambiguous:
        aliases.pop(name, None)
    # Appositive roles: "Gregor Maalouf, the Rovers chairman," / "Varga, the mayor,".
    for entity in entities.items:
        if entity.type != PERSON:
            continue
        for _start, end in entity.mentions:
            # The expression starts with its comma: most names have none after.
            match = _APPOSITIVE.match(text, end) if text[end : end + 1] == "," else None
            if match:
                entity.roles.add(match.group("role").lower())
    entities._by_name = by_name
    entities._aliases = aliases
    entities._ambiguous = ambiguous


_APPOSITIVE = re.compile(
    r",\s+(?:the|a|an|its|their)\s+(?:[\w'’\-]+\s+){0,3}?(?P<role>[a-z][a-z\-]+)(?=[,.;])"
)
