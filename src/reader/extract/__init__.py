"""Quotes, speakers, entities and links found in article text (pure Python, no UI).

:func:`extract_article` runs inside ``reader import``; ``reader reindex`` runs
it again over the archive when :data:`EXTRACTOR_VERSION` changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.extract.entities import TYPE_NAMES, Entities, Entity, find_entities
from reader.extract.links import Link, find_links
from reader.extract.quotes import Quote, find_quotes
from reader.extract.text import Prose

# Raise when extraction changes what it finds: older articles are then refreshed.
EXTRACTOR_VERSION = 2


@dataclass(slots=True)
class Extraction:
    """What extraction found in one article; offsets are into the stored body."""

    quotes: list[Quote]
    entities: list[Entity]
    links: list[Link]


def is_compiled() -> bool:
    """Whether this extractor was compiled by mypyc (a wheel built where a C compiler was)."""
    from reader.extract import entities

    return not entities.__file__.endswith(".py")


def load() -> None:
    """Read extraction's word lists now (they are read at first use): a worker
    process loads them before its first article."""
    from reader.extract import lexicon

    lexicon.places()
    lexicon.common_words()
    lexicon.first_names()


def extract_article(body: str) -> Extraction:
    """Find quotes with speakers, entities with mentions, and links in a Markdown body."""
    prose = Prose.from_markdown(body)
    entities: Entities = find_entities(prose)
    quotes = find_quotes(prose, entities)
    # Every offset mapped back to the body in one call: quotes', then mentions.
    spans = [(quote.start, quote.end) for quote in quotes]
    for entity in entities.items:
        spans += entity.mentions
    mapped = prose.spans_to_body(spans)
    for index, quote in enumerate(quotes):
        quote.start, quote.end = mapped[index]
    taken = len(quotes)
    for entity in entities.items:
        count = len(entity.mentions)
        entity.mentions = mapped[taken : taken + count]
        taken += count
    return Extraction(quotes, entities.items, find_links(body))


__all__ = [
    "EXTRACTOR_VERSION",
    "TYPE_NAMES",
    "Entity",
    "Extraction",
    "Link",
    "Quote",
    "extract_article",
    "is_compiled",
    "load",
]
