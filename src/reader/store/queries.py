"""Read queries for the reader's screens: list pages, searches, views, one article.

Every query here is index-backed and bounded, so that it answers in
milliseconds on a million articles: list pages come by keyset or by offset on
the (published, id) index, flags for a page come by primary key, search is FTS5.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from reader.query import QueryError, Sort
from reader.store import derived
from reader.store.derived import Related

# Newest first; NULL dates sort last because SQLite orders NULL lowest.
_ORDER = "ORDER BY published DESC, id DESC"
# Oldest first, undated articles still last.
_ORDER_OLDEST = "ORDER BY published IS NULL, published, id"
MAX_RESULTS = 50_000
# Ordering a set of ids by date: the narrow (id, published) index, not the rows.
_BY_DATE = "INDEXED BY articles_id_published"


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One line of the article list."""

    id: int
    title: str
    published: str | None
    source: str | None
    read: bool
    bookmarked: bool
    tagged: bool
    # A saved link with no text yet (from Pocket, bookmarks, ...).
    link_only: bool = False


# An attribution the extractor is less sure of than this is shown as uncertain
# (`reader show` marks it "?", the sidebar dims it): the one threshold for both.
UNCERTAIN_BELOW = 0.8


@dataclass(frozen=True, slots=True)
class QuoteView:
    """A quote of an article, with how it was attributed."""

    id: int
    text: str
    speaker: str | None
    speaker_entity_id: int | None
    kind: str
    start: int | None
    end: int | None
    rule: str | None = None
    confidence: float | None = None
    cue: str | None = None  # the attributing words: "said", "told reporters"
    corrected: bool = False  # the speaker was set (or cleared) by hand

    @property
    def uncertain(self) -> bool:
        """A speaker the extractor found but is not sure of (never one set by hand)."""
        return (
            not self.corrected
            and self.speaker is not None
            and self.confidence is not None
            and self.confidence < UNCERTAIN_BELOW
        )


@dataclass(frozen=True, slots=True)
class EntityView:
    id: int
    name: str
    type: str
    mentions: int
    article_count: int


@dataclass(frozen=True, slots=True)
class LinkView:
    text: str
    url: str
    article_id: int | None


@dataclass(slots=True)
class ArticleView:
    """Everything the reading pane and the sidebar show for one article."""

    id: int
    title: str
    authors: list[str]
    published: str | None
    source: str | None
    url: str | None
    body: str
    tags: list[str]
    bookmarked: bool
    read: bool
    quotes: list[QuoteView] = field(default_factory=list)
    entities: list[EntityView] = field(default_factory=list)
    links: list[LinkView] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    link_only: bool = False


def stored_authors(value: object) -> list[str]:
    """The authors column as a list of names; what is not a JSON list of them (an
    archive written by another program) is no authors, not a failure."""
    try:
        names = json.loads(value) if isinstance(value, str) and value else []
    except ValueError:
        return []
    if not isinstance(names, list):
        return []
    return [str(name) for name in names if isinstance(name, str | int)]


def count_articles(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def list_page(conn: sqlite3.Connection, offset: int, limit: int) -> list[ArticleRow]:
    """Rows offset..offset+limit of the whole archive, newest first."""
    rows = conn.execute(
        f"SELECT {_ROW_COLUMNS} FROM articles {_ORDER} LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    return _with_flags(conn, rows)


def list_position(conn: sqlite3.Connection, article_id: int) -> int | None:
    """Where article_id is in the whole archive's list (list_page's order), or None.

    Counts the rows before it on the (published, id) index, so the reader can keep
    its cursor on an article while an import adds rows above it.
    """
    row = conn.execute("SELECT published FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    published = row[0]
    if published is None:  # undated rows come last, newest id first
        before = conn.execute(
            "SELECT (SELECT count(*) FROM articles WHERE published IS NOT NULL)"
            " + (SELECT count(*) FROM articles WHERE published IS NULL AND id > ?)",
            (article_id,),
        ).fetchone()[0]
    else:
        before = conn.execute(
            "SELECT (SELECT count(*) FROM articles WHERE published > ?)"
            " + (SELECT count(*) FROM articles WHERE published = ? AND id > ?)",
            (published, published, article_id),
        ).fetchone()[0]
    return int(before)


def rows_for_ids(conn: sqlite3.Connection, ids: list[int]) -> list[ArticleRow]:
    """Rows for these ids, in the order given."""
    if not ids:
        return []
    if len(ids) > 500:  # SQLite limits the number of parameters of one statement
        return [
            row
            for start in range(0, len(ids), 500)
            for row in rows_for_ids(conn, ids[start : start + 500])
        ]
    marks = ",".join("?" * len(ids))
    found = {
        row[0]: row
        for row in conn.execute(f"SELECT {_ROW_COLUMNS} FROM articles WHERE id IN ({marks})", ids)
    }
    return _with_flags(conn, [found[i] for i in ids if i in found])


# The columns of a list row, in the order _with_flags reads them.
_ROW_COLUMNS = "id, title, published, source, link_only"


def _with_flags(conn: sqlite3.Connection, rows: list[Any]) -> list[ArticleRow]:
    if not rows:
        return []
    ids = [row[0] for row in rows]
    marks = ",".join("?" * len(ids))

    def present(table: str) -> set[int]:
        return {
            row[0]
            for row in conn.execute(
                f"SELECT DISTINCT article_id FROM {table} WHERE article_id IN ({marks})", ids
            )
        }

    read, marked, tagged = present("read_state"), present("bookmarks"), present("article_tags")
    return [
        ArticleRow(
            row[0],
            row[1],
            row[2],
            row[3],
            row[0] in read,
            row[0] in marked,
            row[0] in tagged,
            bool(row[4]),
        )
        for row in rows
    ]


class SearchError(QueryError):
    """A search the archive cannot run; the message is for the user."""


_TOKEN = re.compile(r'"([^"]*)"?|([^\s"]+)')


def fts_query(text: str, prefix_last: bool = True) -> str:
    """A user's words as a safe FTS5 query: every word and "phrase" must match.

    Quoting every term means FTS5 syntax in the input (AND, NEAR, *, ^, :, (
    ...) is read as plain words, so no input can raise an FTS5 syntax error.
    The last word matches as a prefix, for results as you type.
    """
    terms: list[str] = []
    for phrase, word in _TOKEN.findall(text):
        words = re.findall(r"\w+", phrase if phrase else word)
        if words:
            terms.append('"' + " ".join(words) + '"')
    if not terms:
        raise SearchError("type a word to search for")
    if prefix_last and text.rstrip() and not text.rstrip().endswith('"'):
        terms[-1] += "*"
    return " ".join(terms)


def search_ids(conn: sqlite3.Connection, text: str, limit: int = MAX_RESULTS) -> list[int]:
    """Ids of articles matching a search, newest first."""
    query = fts_query(text)
    try:
        rows = conn.execute(
            f"SELECT id FROM articles {_BY_DATE} WHERE id IN "
            "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) "
            f"{_ORDER} LIMIT ?",
            (query, limit),
        ).fetchall()
    except sqlite3.OperationalError as error:
        raise SearchError(f"cannot search for that: {error}") from None
    return [row[0] for row in rows]


# A query matching at most this many articles is fetched whole and sorted; a
# larger one is read page by page along the date index (its matches are dense
# enough there that a page fills after a short walk).
SMALL_RESULT = 5000


@dataclass(slots=True)
class QueryResult:
    """A query run far enough to show its first page at once, on any archive size."""

    where: str
    params: list[object]
    ids: list[int] | None  # every match, in order, when there are few (or ranked)
    total: int | None  # known when few; else counted later with count()
    # The same query with every set built whole: slower to page, faster to count.
    count_where: str = ""
    count_params: list[object] | None = None
    order: Sort = "newest"
    # The words the query looks for, as an FTS5 query: what snippets mark.
    words: str | None = None
    # Said once to the user about how the query ran ("no words to rank by").
    note: str | None = None


def run_query(conn: sqlite3.Connection, text: str, *, as_you_type: bool = False) -> QueryResult:
    """Parse and start a query; QueryError (with a message) if it is malformed."""
    from reader.query import is_plain_text, parse_sorted, ranking_words, to_sql

    node, order = parse_sorted(text)
    words = ranking_words(node)
    note = None
    if order == "relevance" and words is None:
        order, note = "newest", "sort:relevance ranks by words, and there are none: newest first"
    if node is None:  # only a sort: every article
        return QueryResult("1", [], None, None, order=order, note=note)
    sizes: list[bool] = []

    def is_large(subquery: str, params: list[object]) -> bool:
        # Counting stops at SMALL_RESULT + 1: cheap whatever the set's size.
        found = conn.execute(
            f"SELECT count(*) FROM ({subquery} LIMIT {SMALL_RESULT + 1})", params
        ).fetchone()[0]
        sizes.append(int(found) > SMALL_RESULT)
        return sizes[-1]

    if as_you_type and is_plain_text(node) and "sort:" not in text.lower():
        where = "id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
        params: list[object] = [fts_query(text)]
    else:
        where, params = to_sql(node, is_large=is_large)
    count_where, count_params = to_sql(node)
    if order == "relevance":
        assert words is not None
        from reader.store.search import ranked_ids

        ids = ranked_ids(conn, words, where, params, every_match_has_a_word(node))
        return QueryResult(where, params, ids, len(ids), order=order, words=words, note=note)
    if sizes and all(sizes) and not _has_small_filter(node):
        # Every set is large: pages come straight from the walk down the date index.
        return QueryResult(where, params, None, None, count_where, count_params, order, words, note)
    try:
        probe = conn.execute(
            f"SELECT id FROM articles WHERE {where} LIMIT {SMALL_RESULT + 1}", params
        ).fetchall()
        if len(probe) <= SMALL_RESULT:
            ids = _by_date([row[0] for row in probe], conn, order)
            return QueryResult(where, params, ids, len(ids), order=order, words=words, note=note)
    except sqlite3.OperationalError as error:
        raise QueryError(f"cannot run that query: {error}") from None
    return QueryResult(where, params, None, None, count_where, count_params, order, words, note)


def every_match_has_a_word(node: object) -> bool:
    """Whether every article a query matches holds one of its words (so ranking by
    the words reaches them all): not so for "dam OR tag:water"."""
    from reader.query import And, Or, Term

    if isinstance(node, Term):
        return node.field == ""
    if isinstance(node, And):
        return any(every_match_has_a_word(operand) for operand in node.operands)
    if isinstance(node, Or):
        return all(every_match_has_a_word(operand) for operand in node.operands)
    return False


def _has_small_filter(node: object) -> bool:
    """Full-text terms (always a set) or source/date tests among the query's terms."""
    from reader.query import And, Not, Or, Term

    if isinstance(node, Term):
        return node.field in ("", "source", "before", "after")
    if isinstance(node, Not):
        return _has_small_filter(node.operand)
    if isinstance(node, And | Or):
        return any(_has_small_filter(operand) for operand in node.operands)
    return False


def _by_date(ids: list[int], conn: sqlite3.Connection, order: Sort = "newest") -> list[int]:
    if not ids:
        return []
    return [
        row[0]
        for row in conn.execute(
            f"SELECT id FROM articles {_BY_DATE} WHERE id IN "
            f"(SELECT value FROM json_each(?)) {_ORDER_OLDEST if order == 'oldest' else _ORDER}",
            (json.dumps(ids),),
        )
    ]


def query_page(
    conn: sqlite3.Connection, result: QueryResult, offset: int, limit: int
) -> list[ArticleRow]:
    """Rows offset..offset+limit of a query's matches, in the query's order."""
    if result.ids is not None:
        return rows_for_ids(conn, result.ids[offset : offset + limit])
    if result.order == "oldest":
        return _with_flags(conn, _oldest_page(conn, result, offset, limit))
    rows = conn.execute(
        f"SELECT {_ROW_COLUMNS} FROM articles INDEXED BY articles_published "
        f"WHERE {result.where} {_ORDER} LIMIT ? OFFSET ?",
        (*result.params, limit, offset),
    ).fetchall()
    return _with_flags(conn, rows)


def _oldest_page(
    conn: sqlite3.Connection, result: QueryResult, offset: int, limit: int
) -> list[Any]:
    """A page oldest first, up the date index: the dated articles, then the undated."""
    dated = conn.execute(
        f"SELECT {_ROW_COLUMNS} FROM articles INDEXED BY articles_published "
        f"WHERE published IS NOT NULL AND {result.where} ORDER BY published, id "
        "LIMIT ? OFFSET ?",
        (*result.params, limit, offset),
    ).fetchall()
    if len(dated) == limit:
        return list(dated)
    # Past the dated ones: how many there are is known from this page, or counted.
    before = offset + len(dated) if dated or not offset else _count_dated(conn, result)
    undated = conn.execute(
        f"SELECT {_ROW_COLUMNS} FROM articles INDEXED BY articles_published "
        f"WHERE published IS NULL AND {result.where} ORDER BY id LIMIT ? OFFSET ?",
        (*result.params, limit - len(dated), max(0, offset + len(dated) - before)),
    ).fetchall()
    return [*dated, *undated]


def _count_dated(conn: sqlite3.Connection, result: QueryResult) -> int:
    where, params = result.count_where or result.where, result.count_params or result.params
    return int(
        conn.execute(
            f"SELECT count(*) FROM articles WHERE published IS NOT NULL AND {where}", params
        ).fetchone()[0]
    )


def query_count(conn: sqlite3.Connection, result: QueryResult) -> int:
    if result.total is not None:
        return result.total
    where, params = result.count_where or result.where, result.count_params or result.params
    return int(conn.execute(f"SELECT count(*) FROM articles WHERE {where}", params).fetchone()[0])


def query_ids(conn: sqlite3.Connection, text: str, limit: int = MAX_RESULTS) -> list[int]:
    """Articles matching a query of the query language (reader.query), in its order."""
    result = run_query(conn, text)
    if result.ids is not None:
        return result.ids[:limit]
    return [row.id for row in query_page(conn, result, 0, limit)]


def entity_article_ids(
    conn: sqlite3.Connection, entity_id: int, limit: int = MAX_RESULTS
) -> list[int]:
    """Articles that mention an entity, newest first."""
    rows = conn.execute(
        f"SELECT id FROM articles {_BY_DATE} WHERE id IN "
        f"(SELECT article_id FROM article_entities WHERE entity_id = ?) {_ORDER} LIMIT ?",
        (entity_id, limit),
    ).fetchall()
    return [row[0] for row in rows]


def entity(conn: sqlite3.Connection, entity_id: int) -> EntityView | None:
    row = conn.execute(
        "SELECT id, name, type, article_count FROM entities WHERE id = ?", (entity_id,)
    ).fetchone()
    return EntityView(row[0], row[1], row[2], 0, row[3]) if row else None


def speaker_quotes(
    conn: sqlite3.Connection, entity_id: int, limit: int = 5000
) -> list[dict[str, Any]]:
    """Everything one speaker said across the archive, newest first, with each article."""
    rows = conn.execute(
        "SELECT quotes.id, quotes.text, quotes.kind, articles.id, articles.title, "
        "articles.published, quotes.corrected FROM quotes "
        "JOIN articles ON articles.id = quotes.article_id WHERE quotes.speaker_entity_id = ? "
        "ORDER BY articles.published DESC, articles.id DESC, quotes.start LIMIT ?",
        (entity_id, limit),
    ).fetchall()
    keys = ("quote_id", "text", "kind", "article_id", "title", "published", "corrected")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def article_quotes(conn: sqlite3.Connection, article_id: int) -> list[QuoteView]:
    """An article's quotes in article order: quote N of `reader show` is the Nth."""
    rows = conn.execute(
        "SELECT id, text, speaker, speaker_entity_id, kind, start, end, rule, confidence, cue, "
        "corrected FROM quotes WHERE article_id = ? ORDER BY start, id",
        (article_id,),
    )
    return [
        QuoteView(id_, text, speaker, entity_id, kind, start, end, rule, confidence, cue, bool(fix))
        for id_, text, speaker, entity_id, kind, start, end, rule, confidence, cue, fix in rows
    ]


def article_view(conn: sqlite3.Connection, article_id: int) -> ArticleView | None:
    """One article with its user state, quotes, entities, links and related articles."""
    row = conn.execute(
        "SELECT id, title, authors, published, source, url, body, link_only FROM articles "
        "WHERE id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        return None
    tags = [
        r[0]
        for r in conn.execute(
            "SELECT tags.name FROM article_tags JOIN tags ON tags.id = article_tags.tag_id "
            "WHERE article_id = ? ORDER BY tags.name COLLATE NOCASE",
            (article_id,),
        )
    ]
    bookmarked = conn.execute(
        "SELECT 1 FROM bookmarks WHERE article_id = ?", (article_id,)
    ).fetchone()
    read = conn.execute("SELECT 1 FROM read_state WHERE article_id = ?", (article_id,)).fetchone()
    view = ArticleView(
        row[0],
        row[1],
        stored_authors(row[2]),
        row[3],
        row[4],
        row[5],
        row[6],
        tags,
        bookmarked is not None,
        read is not None,
        link_only=bool(row[7]),
    )
    view.quotes = article_quotes(conn, article_id)
    view.entities = [
        EntityView(*r)
        for r in conn.execute(
            "SELECT entities.id, entities.name, entities.type, article_entities.mentions, "
            "entities.article_count FROM article_entities JOIN entities "
            "ON entities.id = article_entities.entity_id WHERE article_entities.article_id = ? "
            "ORDER BY entities.type, article_entities.mentions DESC, entities.name",
            (article_id,),
        )
    ]
    view.links = [
        LinkView(*r)
        for r in conn.execute(
            "SELECT text, url, target_article_id FROM links WHERE article_id = ? ORDER BY id",
            (article_id,),
        )
    ]
    view.related = derived.related_to(conn, article_id)
    return view


def changed_among(conn: sqlite3.Connection, ids: list[int]) -> set[int]:
    """Which of a list page's articles have earlier wordings kept (the list marks them).

    One query a page, on article_versions' (article_id, fingerprint) index.
    """
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    return {
        int(row[0])
        for row in conn.execute(
            f"SELECT DISTINCT article_id FROM article_versions WHERE article_id IN ({marks})",
            ids,
        )
    }


def stories_among(conn: sqlite3.Connection, ids: list[int]) -> dict[int, int]:
    """The story of each of a list page's articles that has one (story_members' key)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {
        int(article): int(story)
        for article, story in conn.execute(
            f"SELECT article_id, story_id FROM story_members WHERE article_id IN ({marks})", ids
        )
    }


def story_folded(conn: sqlite3.Connection, result: QueryResult, keep: int) -> QueryResult:
    """The query's matches with the other articles of keep's story left out: the story
    folded to keep's row. The story's members come from story_members' story index."""
    from dataclasses import replace

    others = [
        int(row[0])
        for row in conn.execute(
            "SELECT other.article_id FROM story_members AS mine JOIN story_members AS other "
            "ON other.story_id = mine.story_id AND other.article_id != mine.article_id "
            "WHERE mine.article_id = ? LIMIT 1000",
            (keep,),
        )
    ]
    if not others:
        return result
    marks = ",".join("?" * len(others))
    left_out = set(others)
    ids = [i for i in result.ids if i not in left_out] if result.ids is not None else None
    return replace(
        result,
        where=f"({result.where}) AND id NOT IN ({marks})",
        params=[*result.params, *others],
        ids=ids,
        total=len(ids) if ids is not None else None,
        count_where=f"({result.count_where or result.where}) AND id NOT IN ({marks})",
        count_params=[*(result.count_params or result.params), *others],
    )
