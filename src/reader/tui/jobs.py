"""The reader's database work: functions that run in thread workers and return a message.

Each takes the archive (its thread's own connection, through ArchiveAccess) and
the values it needs, and returns a typed message from :mod:`reader.tui.messages`
(or None). None of them touches a widget or the app's state: the main screen's
handlers do that on the event loop. Expected refusals (a malformed query, a tag
that is gone) come back as :class:`Problem`; anything else raises, and the app's
one error handler says so while the reader stays open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from textual.message import Message

from reader.diffing import diff
from reader.query import QueryError
from reader.sanitize import display_text
from reader.store import ArchiveStore
from reader.store.corrections import CorrectionError
from reader.store.highlights import Highlight, HighlightError
from reader.store.queries import list_position, story_folded
from reader.store.search import busiest
from reader.store.stories import members as story_members
from reader.store.user_state import TagError
from reader.tui.data import ArchiveAccess
from reader.tui.diff_view import OutletPair, Telling, VersionPair, diff_document, outlets_document
from reader.tui.items import ListItem
from reader.tui.messages import (
    ArchiveGrew,
    ArticleLoaded,
    Counted,
    DiffLoaded,
    FiltersLoaded,
    FirstPage,
    Flags,
    FlagsChanged,
    HighlightsChanged,
    Notice,
    Problem,
    QuotesFound,
    SpeakerCorrected,
    TagsFetched,
    TimelineLoaded,
    ViewIds,
    ViewReady,
)
from reader.tui.views import (
    View,
    ViewKind,
    all_articles,
    article_ids,
    from_result,
    marked,
    speaker_quotes,
)
from reader.tui.views import query as query_view

FIRST_PAGE = 100
QUOTES_SHOWN = 300  # the Quotes view's page; the next is read as the cursor nears the end

# A job: the archive in, one message (or nothing) out; see MainScreen.run_job.
Job = Callable[[ArchiveAccess], Message | None]


def first_page(access: ArchiveAccess) -> FirstPage:
    store = access.store()
    rows = marked(store, [ListItem.from_row(row) for row in store.list_page(0, FIRST_PAGE)])
    return FirstPage(all_articles(access, len(rows)), rows, store.newest_id())


def count(access: ArchiveAccess, view: View) -> Counted:
    """A view's exact length: the whole archive, or a large query counted after its first page."""
    store = access.store()
    if view.result is not None:
        return Counted(view, store.query_count(view.result))
    return Counted(view, store.count_articles())


def watch(access: ArchiveAccess, known: int | None, article_id: int | None) -> ArchiveGrew | None:
    """New articles since ``known`` (the newest id seen); where article_id now is."""
    store = access.store()
    newest = store.newest_id()
    if newest == known:
        return None
    position = list_position(store.conn, article_id) if article_id is not None else None
    return ArchiveGrew(newest, store.count_articles(), position, article_id)


def reload(access: ArchiveAccess, article_id: int | None) -> ArchiveGrew:
    """The whole archive read again (ctrl+r): its length, and where article_id is."""
    store = access.store()
    position = list_position(store.conn, article_id) if article_id is not None else None
    return ArchiveGrew(store.newest_id(), store.count_articles(), position, article_id)


def load_article(
    access: ArchiveAccess,
    article_id: int,
    quote_id: int | None,
    *,
    opened: bool,
    scroll: int | None = None,
) -> ArticleLoaded:
    store = access.store()
    article = store.article_view(article_id)
    if article is None:
        return ArticleLoaded(None, None, opened=opened, scroll=scroll)
    quote = None
    if quote_id is not None:
        for item in article.quotes:
            if item.id == quote_id:
                quote = (item.start, item.end)
    return ArticleLoaded(
        article,
        quote,
        opened=opened,
        scroll=scroll,
        story=store.same_story(article_id),
        highlights=store.highlights_of(article_id),
    )


def set_read(access: ArchiveAccess, article_id: int, read: bool, *, say: bool) -> FlagsChanged:
    access.store().mark_read(article_id, read)
    text = ("Marked read." if read else "Marked unread.") if say else ""
    return FlagsChanged([article_id], Flags(read=read), text)


def toggle_bookmark(access: ArchiveAccess, article_id: int) -> FlagsChanged:
    on = access.store().toggle_bookmark(article_id)
    return FlagsChanged(
        [article_id], Flags(bookmarked=on), "Bookmarked." if on else "Bookmark removed."
    )


def query(
    access: ArchiveAccess, label: str, text: str, replace: bool = False
) -> ViewReady | Problem:
    """A tag, a saved search, or one of the 1/2/3 lists (replace: the same, reordered)."""
    try:
        view = query_view(access, label, text, "query", False)
    except (QueryError, sqlite3.OperationalError) as error:
        return Problem(str(error))
    return ViewReady(view, replace=replace)


def search(access: ArchiveAccess, text: str, generation: int, replace: bool) -> ViewReady | Problem:
    """Search as you type: the last word is a prefix."""
    try:
        view = query_view(access, f"Search “{text}”", text, "search", True)
    except (QueryError, sqlite3.OperationalError) as error:
        return Problem(str(error), generation=generation)
    return ViewReady(view, replace=replace, generation=generation)


def quote_hits(access: ArchiveAccess, text: str, offset: int = 0) -> QuotesFound:
    """A page of the quotes a quote query names (its words: what was said)."""
    try:
        hits = list(access.store().quote_hits(text or None, QUOTES_SHOWN, offset))
    except (QueryError, sqlite3.OperationalError) as error:
        return QuotesFound(text, [], str(error), offset)
    return QuotesFound(text, hits, offset=offset)


def version_change(
    access: ArchiveAccess, article_id: int, older: int | None = None
) -> DiffLoaded | Problem:
    """Version ``older`` of an article against the one after it (None: its latest change,
    the last kept wording against the current one)."""
    store = access.store()
    versions = store.versions(article_id)
    if len(versions) < 2:
        return Problem("This article has not changed since it was first captured.")
    total = len(versions)
    older = total - 1 if older is None else min(max(older, 1), total - 1)
    old, new = versions[older - 1], versions[older]
    document = diff_document(
        old, new, diff(old.body, new.body), store.quote_changes(article_id, old, new), total
    )
    return DiffLoaded(article_id, document, VersionPair(article_id, older, total))


def outlets_change(
    access: ArchiveAccess, article_id: int, other_id: int, others: int
) -> DiffLoaded | Problem:
    """How another outlet worded the article's story: its copy against the article's."""
    store = access.store()
    ours, theirs = _telling(store, article_id), _telling(store, other_id)
    if ours is None or theirs is None:
        return Problem("That copy of the story is no longer in the archive.")
    document = outlets_document(
        ours,
        theirs,
        diff(ours.body, theirs.body),
        store.quotes_between(article_id, other_id),
        others=others,
    )
    return DiffLoaded(article_id, document, OutletPair(article_id, other_id))


def _telling(store: ArchiveStore, article_id: int) -> Telling | None:
    row = store.article_row(article_id)
    if row is None:
        return None
    return Telling(
        article_id, row["source"], row["title"] or "", row["published"], row["body"] or ""
    )


def fold(access: ArchiveAccess, view: View, keep: int) -> ViewReady | Problem:
    """The view with keep's story folded to keep's row (the other outlets' copies out)."""
    store = access.store()
    label = f"{view.label} · story folded"
    if view.result is not None or view.kind == "all":
        result = view.result if view.result is not None else store.run_query("")
        folded = from_result(
            access, label, story_folded(store.conn, result, keep), "query", view.query
        )
    elif view.ids:
        others = {member.article_id for member in story_members(store.conn, keep, limit=1000)}
        kept = [article_id for article_id in view.ids if article_id not in others]
        folded = article_ids(access, label, kept, view.kind, view.query)
    else:
        return Problem("A story folds in a list of articles, not of quotes.")
    folded.entity_id, folded.unfolded = view.entity_id, view
    ids = folded.ids or [item.article_id for item in folded.first_page or []]
    return ViewReady(folded, cursor=ids.index(keep) if keep in ids else 0)


def highlight(
    access: ArchiveAccess, article_id: int, passage: str, note: str | None
) -> HighlightsChanged | Problem:
    store = access.store()
    try:
        store.highlight(article_id, passage, note)
    except HighlightError as error:
        return Problem(f"Cannot highlight that: {error}")
    highlights = store.highlights_of(article_id)
    return HighlightsChanged(
        article_id, highlights, f"Highlighted ({len(highlights)} in this article)."
    )


def unhighlight(access: ArchiveAccess, marked: Highlight) -> HighlightsChanged:
    """A highlight removed, its note with it."""
    store = access.store()
    removed = store.unhighlight(marked.article_id, marked.passage)
    said = "Highlight removed." if removed else "That highlight was already gone."
    return HighlightsChanged(marked.article_id, store.highlights_of(marked.article_id), said)


def note_highlight(access: ArchiveAccess, marked: Highlight, note: str | None) -> HighlightsChanged:
    """A highlight's note replaced, or cleared (None)."""
    store = access.store()
    noted = store.note_highlight(marked.article_id, marked.passage, note)
    said = ("Note kept." if note else "Note cleared.") if noted else "That highlight is gone."
    return HighlightsChanged(marked.article_id, store.highlights_of(marked.article_id), said)


def entity_articles(access: ArchiveAccess, entity_id: int, name: str) -> ViewReady:
    ids = access.store().entity_article_ids(entity_id)
    kind: ViewKind = "entity"
    view = article_ids(access, f"Mentions {name}", ids, kind)
    view.entity_id = entity_id
    return ViewReady(view)


def speaker(access: ArchiveAccess, entity_id: int, name: str) -> ViewReady:
    quotes = access.store().speaker_quotes(entity_id)
    view = speaker_quotes(access, f"Said by {name}", quotes)
    view.entity_id = entity_id
    return ViewReady(view)


def timeline(access: ArchiveAccess, entity_id: int) -> TimelineLoaded:
    """An entity's months, for the chart above its list."""
    months = access.store().timeline(entity_id)
    return TimelineLoaded(entity_id, months, busiest(months))


def filters(access: ArchiveAccess) -> FiltersLoaded:
    store = access.store()
    tags = [(count.name, count.articles) for count in store.tag_counts()]
    saved = [(search.name, search.query) for search in store.saved_searches()]
    return FiltersLoaded(tags, saved)


def apply_tags(
    access: ArchiveAccess,
    article_id: int,
    quote_text: str | None,
    changes: list[tuple[str, str]],
) -> FlagsChanged | Problem:
    store = access.store()
    try:
        for change, name in changes:
            if quote_text is not None:
                if change == "add":
                    store.tag_quote(article_id, quote_text, name)
                else:
                    store.untag_quote(article_id, quote_text, name)
            elif change == "add":
                store.tag(article_id, name)
            else:
                store.untag(article_id, name)
    except TagError as error:
        return Problem(str(error))
    return FlagsChanged([article_id], Flags(tagged=bool(store.tags_of(article_id))))


def tags_of(
    access: ArchiveAccess, article_id: int, quote_text: str | None, title: str
) -> TagsFetched:
    store = access.store()
    current = store.quote_tags(article_id, quote_text) if quote_text else store.tags_of(article_id)
    known = [count.name for count in store.tag_counts()]
    # Cleaned before it is cut: a cut must not leave half an escape sequence.
    subject = (
        f"the quote “{display_text(quote_text)[:50]}…”"
        if quote_text
        else f"“{display_text(title)[:60]}”"
    )
    return TagsFetched(article_id, quote_text, subject, current, known)


def view_ids(access: ArchiveAccess, view: View) -> ViewIds:
    """Every article of a view (for T), however it was built."""
    store = access.store()
    if view.ids:
        return ViewIds(view, list(view.ids))
    if view.result is not None:
        return ViewIds(view, store.query_all_ids(view.result))
    return ViewIds(view, sorted({item.article_id for item in view.loader(0, view.total)}))


def tag_all(access: ArchiveAccess, ids: list[int], name: str) -> FlagsChanged | Problem:
    try:
        added = access.store().tag_many(ids, name)
    except TagError as error:
        return Problem(str(error))
    return FlagsChanged(
        ids[:5000], Flags(tagged=True), f"Tagged {added:,} more articles with #{name}."
    )


def correct_speaker(
    access: ArchiveAccess, article_id: int, text: str, speaker: str | None
) -> SpeakerCorrected | Problem:
    store = access.store()
    try:
        store.correct_speaker(article_id, text, speaker)
    except CorrectionError as error:
        return Problem(str(error))
    quotes = store.article_quotes(article_id)
    # The name as stored: "berg" becomes the article's "Tomas Berg".
    stored = next((quote.speaker for quote in quotes if quote.text == text), speaker)
    return SpeakerCorrected(article_id, quotes, stored)


def save_search(access: ArchiveAccess, name: str, text: str) -> Notice | Problem:
    try:
        access.store().save_search(name, text)
    except (QueryError, TagError) as error:
        return Problem(str(error))
    return Notice(f"Saved the search as “{display_text(name)}”.", filters_changed=True)


def rename_tag(access: ArchiveAccess, old: str, new: str) -> Notice | Problem:
    try:
        outcome = access.store().rename_tag(old, new)
    except TagError as error:
        return Problem(str(error))
    into = "into" if outcome == "merged" else "to"
    return Notice(f"#{old} {outcome} {into} #{new}.", filters_changed=True)


def delete_tag(access: ArchiveAccess, name: str) -> Notice | Problem:
    try:
        count = access.store().delete_tag(name)
    except TagError as error:  # removed meanwhile, from another window
        return Problem(str(error))
    return Notice(f"Deleted #{name} from {count:,} {_articles(count)}.", filters_changed=True)


def delete_saved_search(access: ArchiveAccess, name: str) -> Notice:
    access.store().delete_saved_search(name)
    return Notice(f"Deleted the saved search “{name}”.", filters_changed=True)


def _articles(count: int) -> str:
    return "article" if count == 1 else "articles"
