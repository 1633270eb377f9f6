"""What the article list holds: rows as plain values, no Textual (the Navigator keeps them too)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reader.store import ArticleRow

PAGE = 100  # rows fetched at once


@dataclass(frozen=True, slots=True)
class ListItem:
    """A row as the list shows it: an article, or a quote leading to one."""

    article_id: int
    title: str
    published: str | None
    source: str | None
    read: bool = True
    bookmarked: bool = False
    tagged: bool = False
    quote_id: int | None = None
    link_only: bool = False
    # A search's passage around its hits: (text, is a hit word) parts, shown under the title.
    snippet: tuple[tuple[str, bool], ...] = ()
    changed: bool = False  # earlier wordings kept: D shows the latest change
    story: int | None = None  # the story (other outlets' copies) it belongs to

    @classmethod
    def from_row(cls, row: ArticleRow) -> ListItem:
        return cls(
            row.id,
            row.title,
            row.published,
            row.source,
            row.read,
            row.bookmarked,
            row.tagged,
            link_only=row.link_only,
        )


# Rows offset..offset+limit of a list; runs in a worker thread.
PageLoader = Callable[[int, int], list[ListItem]]
