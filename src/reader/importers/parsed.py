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
MAP_FIELDS = ("title", "body", "url", "published", "authors", "source", "tags")


def parse_field_map(text: str) -> FieldMap:
    """``title=headline,body=text`` as a FieldMap; ValueError says what is wrong."""
    mapping: FieldMap = {}
    for part in text.split(","):
        if not part.strip():
            continue
        field_name, sep, column = part.partition("=")
        field_name, column = field_name.strip().lower(), column.strip()
        if not sep or not column:
            raise ValueError(f"{part.strip()!r} is not FIELD=COLUMN")
        if field_name not in MAP_FIELDS:
            raise ValueError(f"unknown field {field_name!r}; fields are {', '.join(MAP_FIELDS)}")
        if field_name in mapping and mapping[field_name] != column:
            raise ValueError(
                f"{field_name} is mapped twice ({mapping[field_name]!r} and {column!r}): which?"
            )
        mapping[field_name] = column
    if not mapping:
        raise ValueError("no FIELD=COLUMN given")
    if "title" not in mapping and "body" not in mapping:
        raise ValueError("map at least title or body")
    return mapping
