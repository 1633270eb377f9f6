"""What a parser gives back: the articles of one file, and what the user should hear of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.models import Article


@dataclass(slots=True)
class Parsed:
    """The articles of one file, with one-line notes for the user.

    ``notes`` are warnings, not failures: "ill-formed XML (undefined entity, line 4);
    read leniently", "14 highlights not imported yet". The file still counts as imported.
    """

    articles: list[Article] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# reader's field (title, body, url, published, authors, source, tags) -> the column or key
# that holds it in someone else's JSON or CSV, as `reader import --map` gives it.
FieldMap = dict[str, str]
