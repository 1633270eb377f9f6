"""What the article list shows: the whole archive, or a narrowed view of it.

Plain values and functions of the store, no Textual: the Navigator stacks them
and its tests build them without an app.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from reader.store import ArchiveStore
from reader.store.queries import QueryResult, changed_among, stories_among
from reader.tui.data import ArchiveAccess
from reader.tui.items import PAGE, ListItem, PageLoader

# Shown as a large query's length until it is counted (the list scrolls on).
PROVISIONAL_TOTAL = 10_000

ViewKind = Literal["all", "search", "query", "entity", "speaker"]


@dataclass
class View:
    """A list of articles (or of quotes leading to articles) with a name for the breadcrumb."""

    label: str
    total: int
    loader: PageLoader
    kind: ViewKind = "all"
    query: str = ""
    cursor: int = 0  # where the cursor was, to come back to it
    cursor_article: int | None = None  # and the article it was on (rows move during imports)
    ids: list[int] = field(default_factory=list)
    # Fetched with the view, in the same worker, so results show in one step.
    first_page: list[ListItem] | None = None
    counted: bool = True  # False while a large query's total is being counted
    result: QueryResult | None = None  # the store's query, for counting and tagging later
    entity_id: int | None = None  # an entity's or a speaker's list: its timeline shows
    unfolded: View | None = None  # a view with a story folded: the view before the fold

    @property
    def words(self) -> str | None:
        """The words the view searched for (FTS5 query), for snippets and find."""
        return self.result.words if self.result is not None else None

    @property
    def order(self) -> str:
        return self.result.order if self.result is not None else "newest"

    def crumb(self) -> str:
        """The view in the breadcrumb: its name and how many it holds."""
        order = ", best first" if self.order == "relevance" else ""
        if not self.counted:
            return f"{self.label} ({self.total:,}+, counting…{order})"
        return f"{self.label} ({self.total:,}{order})"


def marked(store: ArchiveStore, rows: list[ListItem]) -> list[ListItem]:
    """A page's rows with what the list marks: changed since first captured, in a story.
    Two index lookups a page, in the worker that fetched it."""
    ids = [row.article_id for row in rows]
    changed, stories = changed_among(store.conn, ids), stories_among(store.conn, ids)
    if not changed and not stories:
        return rows
    return [
        replace(row, changed=row.article_id in changed, story=stories.get(row.article_id))
        for row in rows
    ]


def all_articles(access: ArchiveAccess, total: int) -> View:
    def load(offset: int, limit: int) -> list[ListItem]:
        store = access.store()
        return marked(store, [ListItem.from_row(row) for row in store.list_page(offset, limit)])

    return View("All articles", total, load)


def article_ids(
    access: ArchiveAccess, label: str, ids: list[int], kind: ViewKind, query: str = ""
) -> View:
    def load(offset: int, limit: int) -> list[ListItem]:
        store = access.store()
        rows = store.rows_for_ids(ids[offset : offset + limit])
        return marked(store, [ListItem.from_row(row) for row in rows])

    view = View(label, len(ids), load, kind, query, ids=ids)
    view.first_page = load(0, PAGE)
    return view


def query(access: ArchiveAccess, label: str, text: str, kind: ViewKind, as_you_type: bool) -> View:
    """A query of the query language; raises QueryError. Its total may come later."""
    return from_result(
        access, label, access.store().run_query(text, as_you_type=as_you_type), kind, text
    )


def from_result(
    access: ArchiveAccess, label: str, result: QueryResult, kind: ViewKind, text: str
) -> View:
    """A view of a query already started (its first page fetched here, in the worker)."""

    def load(offset: int, limit: int) -> list[ListItem]:
        # Runs in a worker: the page's snippets come with its rows, off the event loop.
        store = access.store()
        rows = marked(
            store, [ListItem.from_row(r) for r in store.query_page(result, offset, limit)]
        )
        if not result.words or not rows:
            return rows
        found = store.snippets([row.article_id for row in rows], result.words)
        return [
            replace(row, snippet=found[row.article_id].parts) if row.article_id in found else row
            for row in rows
        ]

    first = load(0, PAGE)
    total = result.total if result.total is not None else max(len(first), PROVISIONAL_TOTAL)
    if result.total is None and len(first) < PAGE:
        total = len(first)  # fewer than a page: that is all of them
    view = View(label, total, load, kind, text, ids=result.ids or [], first_page=first)
    view.counted = result.total is not None or len(first) < PAGE
    view.result = result
    return view


def speaker_quotes(access: ArchiveAccess, label: str, quotes: list[dict[str, object]]) -> View:
    items = [
        ListItem(
            article_id=int(str(quote["article_id"])),
            # A quote whose speaker was corrected by hand is marked, as in the sidebar.
            title=f"{'✎ ' if quote['corrected'] else ''}“{quote['text']}” — {quote['title']}",
            published=str(quote["published"] or ""),
            source=None,
            quote_id=int(str(quote["quote_id"])),
        )
        for quote in quotes
    ]

    def load(offset: int, limit: int) -> list[ListItem]:
        return items[offset : offset + limit]

    return View(label, len(items), load, "speaker", first_page=items[:PAGE])
