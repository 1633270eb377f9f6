"""Search at research depth: ranked articles with snippets, quotes found by what was
said, and when an entity was in the news.

Ranking is FTS5's bm25 with a title hit weighing as much as ten body hits, so
the article titled with the words comes before those that only use them. A
snippet is FTS5's own passage around the hits, its hit words marked by two
control characters that import strips from every text (so none can come from an
article), and handed on as typed parts, never as markup.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from reader.query import Node, Sort, parse_sorted, ranking_words, to_quote_sql

# How much a hit in the title weighs against one in the body.
TITLE_WEIGHT = 10.0
_RANK = f"bm25(articles_fts, {TITLE_WEIGHT}, 1.0)"
MAX_RANKED = 50_000
# The marks FTS5 puts around a hit word in a snippet.
_HIT_OPEN, _HIT_CLOSE = "\x02", "\x03"
SNIPPET_WORDS = 14


@dataclass(frozen=True, slots=True)
class Snippet:
    """A passage of an article around its hits: (text, is a hit word) parts."""

    parts: tuple[tuple[str, bool], ...]

    def marked(self, before: str = "«", after: str = "»") -> str:
        """The passage with its hit words between marks, as plain text."""
        return "".join(f"{before}{text}{after}" if hit else text for text, hit in self.parts)

    @classmethod
    def parse(cls, raw: str) -> Snippet:
        first, *marked = raw.split(_HIT_OPEN)
        parts = [(first, False)]
        for piece in marked:
            hit, _, rest = piece.partition(_HIT_CLOSE)
            parts += [(hit, True), (rest, False)]
        return cls(tuple((text.replace("\n", " "), hit) for text, hit in parts if text))


def ranked_ids(
    conn: sqlite3.Connection, words: str, where: str, params: list[object], complete: bool
) -> list[int]:
    """Matches of a query, best first by its words; then, unless every match holds a
    word (complete), the matches without one, newest first."""
    ranked = [
        row[0]
        for row in conn.execute(
            "SELECT articles.id FROM articles_fts JOIN articles "
            "ON articles.id = articles_fts.rowid WHERE articles_fts MATCH ? "
            f"AND {where} ORDER BY {_RANK}, articles.id DESC LIMIT {MAX_RANKED}",
            (words, *params),
        )
    ]
    if complete or len(ranked) >= MAX_RANKED:
        return ranked
    seen = set(ranked)
    rest = conn.execute(
        f"SELECT id FROM articles WHERE {where} "
        f"ORDER BY published DESC, id DESC LIMIT {MAX_RANKED}",
        params,
    )
    return ranked + [row[0] for row in rest if row[0] not in seen][: MAX_RANKED - len(ranked)]


def snippets(conn: sqlite3.Connection, ids: list[int], words: str) -> dict[int, Snippet]:
    """The passage of each article's body around the query's words (a page's worth)."""
    found: dict[int, Snippet] = {}
    for article_id in ids:
        row = conn.execute(
            "SELECT snippet(articles_fts, 1, char(2), char(3), '…', ?) FROM articles_fts "
            "WHERE articles_fts MATCH ? AND rowid = ?",
            (SNIPPET_WORDS, words, article_id),
        ).fetchone()
        if row is not None and row[0]:
            found[article_id] = Snippet.parse(row[0])
    return found


@dataclass(frozen=True, slots=True)
class QuoteHit:
    """A quote found across the archive, with the article it comes from."""

    quote_id: int
    text: str
    speaker: str | None
    kind: str
    corrected: bool
    article_id: int
    title: str
    published: str | None
    source: str | None
    url: str | None


_QUOTE_COLUMNS = (
    "quotes.id, quotes.text, quotes.speaker, quotes.kind, quotes.corrected, articles.id, "
    "articles.title, articles.published, articles.source, articles.url"
)
_QUOTE_ORDER = {
    "newest": "ORDER BY articles.published IS NULL, articles.published DESC, articles.id DESC, "
    "quotes.start, quotes.id",
    "oldest": "ORDER BY articles.published IS NULL, articles.published, articles.id, "
    "quotes.start, quotes.id",
    "relevance": "ORDER BY bm25(quotes_fts), articles.published DESC, quotes.id",
}


# A quote search matching at most this many quotes is fetched whole and sorted; a
# larger one is read down the articles' date index until the page is full.
SMALL_QUOTE_RESULT = 5000


def iter_quote_hits(
    conn: sqlite3.Connection, query: str | None, limit: int | None = None
) -> Iterator[QuoteHit]:
    """The quotes a query names (see query.to_quote_sql), in the order it asks for.

    Without a query, every quote, newest article first. QueryError on a bad query.
    """
    where, order = "1", "newest"
    params: list[object] = []
    words: str | None = None
    node: Node | None = None
    if query:
        node, order = parse_sorted(query)
        if node is not None:
            where, params = to_quote_sql(node)
            words = ranking_words(node)
    if order == "relevance" and words is None:
        order = "newest"  # nothing to rank by
    tail = f" LIMIT {int(limit)}" if limit is not None else ""
    rows: Iterable[Any]
    if order == "relevance":
        # Ranked by the quote's own words: the quotes' full-text table leads the join.
        rows = conn.execute(
            f"SELECT {_QUOTE_COLUMNS} FROM quotes_fts JOIN quotes "
            "ON quotes.id = quotes_fts.rowid JOIN articles ON articles.id = quotes.article_id "
            f"WHERE quotes_fts MATCH ? AND {where} {_QUOTE_ORDER[order]}{tail}",
            [words, *params],
        )
    elif where != "1" and _is_small(conn, where, params):
        rows = conn.execute(
            f"SELECT {_QUOTE_COLUMNS} FROM quotes JOIN articles "
            f"ON articles.id = quotes.article_id WHERE {where} {_QUOTE_ORDER[order]}{tail}",
            params,
        )
    else:
        if node is not None:
            where, params = to_quote_sql(node, lookup=False)
        rows = _down_the_dates(conn, where, params, order == "oldest", limit)
    for row in rows:
        yield QuoteHit(
            row[0], row[1], row[2], row[3], bool(row[4]), row[5], row[6], row[7], row[8], row[9]
        )


def _is_small(conn: sqlite3.Connection, where: str, params: list[object]) -> bool:
    found = conn.execute(
        "SELECT count(*) FROM (SELECT quotes.id FROM quotes JOIN articles "
        f"ON articles.id = quotes.article_id WHERE {where} LIMIT {SMALL_QUOTE_RESULT + 1})",
        params,
    ).fetchone()[0]
    return int(found) <= SMALL_QUOTE_RESULT


def _down_the_dates(
    conn: sqlite3.Connection, where: str, params: list[object], oldest: bool, limit: int | None
) -> Iterator[Any]:
    """Quotes article by article along the date index (articles lead the join), so a
    page fills after a short walk however many quotes match; undated articles last."""
    walk = (
        f"SELECT {_QUOTE_COLUMNS} FROM articles INDEXED BY articles_published "
        "CROSS JOIN quotes ON quotes.article_id = articles.id WHERE articles.published {dated} "
        f"AND {where} ORDER BY {{order}}, quotes.start, quotes.id"
    )
    direction = "" if oldest else " DESC"
    parts = [
        walk.format(
            dated="IS NOT NULL", order=f"articles.published{direction}, articles.id{direction}"
        ),
        walk.format(dated="IS NULL", order=f"articles.id{direction}"),
    ]
    left = limit
    for sql in parts:
        if left is not None and left <= 0:
            return
        for row in conn.execute(sql + ("" if left is None else f" LIMIT {left}"), params):
            if left is not None:
                left -= 1
            yield row


@dataclass(frozen=True, slots=True)
class Month:
    """An entity's month: articles that mention it, its mentions, its quotes."""

    month: str  # "2024-05"
    articles: int
    mentions: int
    quotes: int


def timeline(conn: sqlite3.Connection, entity_id: int) -> list[Month]:
    """Month by month from the first mention to the last, months without any included."""
    counts: dict[str, list[int]] = {}
    for month, articles, mentions in conn.execute(
        "SELECT substr(articles.published, 1, 7) AS month, count(*), "
        "sum(article_entities.mentions) FROM article_entities "
        "JOIN articles INDEXED BY articles_id_published "
        "ON articles.id = article_entities.article_id "
        "WHERE article_entities.entity_id = ? AND articles.published IS NOT NULL GROUP BY month",
        (entity_id,),
    ):
        counts[month] = [articles, mentions, 0]
    for month, quotes in conn.execute(
        "SELECT substr(articles.published, 1, 7) AS month, count(*) FROM quotes "
        "JOIN articles INDEXED BY articles_id_published ON articles.id = quotes.article_id "
        "WHERE quotes.speaker_entity_id = ? AND articles.published IS NOT NULL GROUP BY month",
        (entity_id,),
    ):
        counts.setdefault(month, [0, 0, 0])[2] = quotes
    months = sorted(month for month in counts if _is_month(month))
    if not months:
        return []
    if _month_number(months[-1]) - _month_number(months[0]) > MAX_MONTHS:
        # Centuries between two dates (a wrong year somewhere): the months there are.
        return [Month(month, *counts[month]) for month in months]
    return [
        Month(month, *counts.get(month, [0, 0, 0]))
        for month in _months_between(months[0], months[-1])
    ]


# A timeline longer than this shows only the months that have something.
MAX_MONTHS = 1200


def _month_number(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:]) - 1


def _is_month(text: str) -> bool:
    return len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit()


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    end = (int(last[:4]), int(last[5:]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def busiest(months: list[Month], count: int = 3) -> list[Month]:
    """The months with the most articles (ties: the later first)."""
    active = [month for month in months if month.articles or month.quotes]
    return sorted(active, key=lambda m: (m.articles, m.quotes, m.month), reverse=True)[:count]


__all__ = [
    "Month",
    "QuoteHit",
    "Snippet",
    "Sort",
    "busiest",
    "iter_quote_hits",
    "ranked_ids",
    "snippets",
    "timeline",
]
