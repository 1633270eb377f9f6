"""The query language for finding articles, in the app's search and `reader search`.

    harbour "water authority"       words and phrases (full text)
    tag:water  #water  -tag:water   tags (an article's, or one of its quotes')
    is:bookmarked  is:unread  is:read  is:link (saved links, no text yet)
    is:changed                      captured again with other words (versions kept)
    is:highlighted  note:follow-up  with highlights; words in their notes
    story:42                        article 42 and the near copies of it (one story)
    source:"Harbour Gazette"
    person:"Elena Varga"  org:CWA  place:Westhaven   entities, aliases included
    said:Varga                      articles quoting that speaker
    before:2024-05-01  after:2w     dates, or ages: 3d, 2w, 6m, 1y
    a OR b, (a OR b) c, -term       implicit AND, OR, NOT, parentheses
    sort:relevance  sort:oldest     the order (default sort:newest); relevance
                                    ranks by the words, title hits above body hits

:func:`parse` turns text into a tree and raises :class:`QueryError` with a
message for people on anything malformed; :func:`to_sql` turns a tree into a
WHERE clause with parameters. Nothing here can produce an FTS5 syntax error:
every word and phrase reaches FTS5 quoted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import get_close_matches
from typing import Literal, get_args

FIELDS = (
    "tag",
    "is",
    "source",
    "person",
    "org",
    "place",
    "said",
    "note",
    "story",
    "before",
    "after",
    "sort",
)
_IS_VALUES = ("bookmarked", "unread", "read", "tagged", "link", "changed", "highlighted")
Sort = Literal["newest", "oldest", "relevance"]
SORTS: tuple[Sort, ...] = get_args(Sort)
# Each operator with an example, for the search box's help and `reader search --help`.
OPERATORS = (
    ("words", 'harbour "water authority"'),
    ("tag:", "tag:water  #water  -tag:water"),
    ("is:", "is:bookmarked  is:unread  is:read  is:link  is:changed  is:highlighted"),
    ("note:", "note:follow-up  (words in your highlights' notes)"),
    ("story:", "story:42  (article 42 and the other outlets' copies of it)"),
    ("source:", 'source:"Harbour Gazette"'),
    ("person: org: place:", 'person:"Elena Varga"  org:CWA  place:Westhaven'),
    ("said:", "said:Varga"),
    ("before: after:", "before:2024-05-01  after:2w"),
    ("OR NOT ( )", "(dam OR reservoir) -tag:done"),
    ("sort:", "sort:relevance  sort:oldest"),
)
_AGE = re.compile(r"^(\d{1,4})([dwmy])$")


class QueryError(ValueError):
    """A query that cannot be understood; the message says why, for the user."""


@dataclass(frozen=True, slots=True)
class Term:
    field: str  # "" for full text
    value: str
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Node, ...]


Node = Term | Not | And | Or

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<open>\()
    | (?P<close>\))
    | (?P<term>-?(?:\#|[A-Za-z]+:)?(?:"[^"]*"?|[^\s()"]+))
    | (?P<stray>.)
    """,
    re.VERBOSE,
)


def _tokens(text: str) -> list[str]:
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "space":
            continue
        if kind == "stray":
            continue  # a lone quote mark: ignored rather than refused
        tokens.append(match.group(0))
    return tokens


def parse(text: str) -> Node:
    """A query's text as a tree; QueryError (with a message) if it is malformed."""
    tokens = _tokens(text)
    if not tokens:
        raise QueryError("type something to search for")
    parser = _Parser(tokens)
    node = parser.expression()
    if parser.position < len(tokens):
        raise QueryError(f"unexpected {tokens[parser.position]!r}: a ')' without its '('?")
    return node


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.position = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def expression(self) -> Node:
        operands = [self.conjunction()]
        while self.peek() == "OR":
            self.position += 1
            if self.peek() in (None, ")", "OR"):
                raise QueryError("OR needs something on both sides")
            operands.append(self.conjunction())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def conjunction(self) -> Node:
        operands: list[Node] = []
        while (token := self.peek()) is not None and token not in ("OR", ")"):
            if token == "AND":
                self.position += 1
                continue
            operands.append(self.unary())
        if not operands:
            raise QueryError("an empty group: nothing between '(' and ')' or around OR")
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def unary(self) -> Node:
        token = self.peek()
        assert token is not None
        if token == "NOT":
            self.position += 1
            self.depth += 1
            if self.depth > 20:
                raise QueryError("too many NOTs in a row")
            if self.peek() in (None, ")", "OR"):
                raise QueryError("NOT needs something after it")
            negated = Not(self.unary())
            self.depth -= 1
            return negated
        if token == "(":
            self.position += 1
            self.depth += 1
            if self.depth > 20:
                raise QueryError("too many nested parentheses")
            node = self.expression()
            if self.peek() != ")":
                raise QueryError("a '(' without its ')'")
            self.position += 1
            self.depth -= 1
            return node
        if token == "-(":
            raise QueryError("put a space between '-' and '('")
        self.position += 1
        return _term(token)


def _term(token: str) -> Node:
    negated = token.startswith("-") and len(token) > 1
    if negated:
        token = token[1:]
    field = ""
    if token.startswith("#") and len(token) > 1:
        field, token = "tag", token[1:]
    else:
        match = re.match(r"([A-Za-z]+):(.*)$", token)
        if match and match.group(1).lower() in FIELDS:
            field, token = match.group(1).lower(), match.group(2)
        elif match and match.group(2):
            raise QueryError(_unknown_field(match.group(1)))
    phrase = token.startswith('"')
    value = token.strip('"').strip()
    if not value:
        raise QueryError(f"{field or 'a search'}: needs a value" if field else "an empty phrase")
    if field == "is" and value.lower() not in _IS_VALUES:
        raise QueryError(f"is:{value}? use is:" + ", is:".join(_IS_VALUES))
    if field == "sort" and value.lower() not in SORTS:
        raise QueryError(f"sort:{value}? use sort:" + ", sort:".join(SORTS))
    if field in ("before", "after"):
        resolve_date(value)  # validate now, for a message while typing
    if field == "story" and not (value.isascii() and value.isdigit() and 0 < int(value) < 2**63):
        raise QueryError(f"story:{value}? give an article's id: story:42")
    if not field and not re.search(r"\w", value):
        raise QueryError(f"nothing to search for in {value!r}")
    node: Node = Term(field, value, phrase)
    return Not(node) if negated else node


def _unknown_field(name: str) -> str:
    """A message for an unknown field that names the nearest one, if any is near."""
    near = get_close_matches(name.lower(), FIELDS, n=1, cutoff=0.6)
    hint = f"did you mean {near[0]}:? " if near else ""
    return f"unknown field {name!r}: {hint}fields are " + ", ".join(f"{f}:" for f in FIELDS)


def parse_sorted(text: str) -> tuple[Node | None, Sort]:
    """A query's tree without its sort: term, and the order it asks for (newest by
    default); QueryError if malformed.

    sort: orders the whole query wherever it stands outside parentheses ("dam OR
    weir sort:oldest" sorts both sides); inside parentheses or negated it is an
    error. Nothing left ("sort:oldest") means every article, in that order.
    """
    tokens = _tokens(text)
    depth = 0
    kept: list[str] = []
    sorts: list[str] = []
    for token in tokens:
        depth += token == "("
        depth -= token == ")"
        if depth == 0 and token.lower().startswith("sort:"):
            sorts.append(token[5:].strip('"').lower())
            continue
        kept.append(token)
    for value in sorts:
        _term("sort:" + value)  # the message for a value that is not a sort
    if len(set(sorts)) > 1:
        raise QueryError("one sort: at a time")
    if kept and kept[-1] in ("OR", "AND", "NOT"):
        raise QueryError(f"{kept[-1]} needs something after it")
    node = parse(" ".join(kept)) if kept else None
    if node is not None and _has_sort(node):
        raise QueryError("sort: orders the whole query: put it outside parentheses and NOT")
    return node, next((sort for sort in SORTS if sorts and sorts[0] == sort), "newest")


def _has_sort(node: Node) -> bool:
    if isinstance(node, Term):
        return node.field == "sort"
    if isinstance(node, Not):
        return _has_sort(node.operand)
    return any(_has_sort(operand) for operand in node.operands)


def ranking_words(node: Node | None) -> str | None:
    """An FTS5 query of the words a query looks for (not those it excludes), any of
    them, to rank its matches by; None when it looks for no words."""
    phrases: list[str] = []

    def collect(part: Node) -> None:
        if isinstance(part, Term) and part.field == "":
            words = re.findall(r"\w+", part.value)
            if words:
                phrases.append('"' + " ".join(words) + '"')
        elif isinstance(part, And | Or):
            for operand in part.operands:
                collect(operand)

    if node is not None:
        collect(node)
    return " OR ".join(dict.fromkeys(phrases)) or None


def resolve_date(value: str, today: date | None = None) -> str:
    """'2024-05-01' → itself; '2w' → the date two weeks ago (ISO)."""
    today = today or date.today()
    age = _AGE.match(value.lower())
    if age:
        count, unit = int(age.group(1)), age.group(2)
        days = {"d": 1, "w": 7, "m": 30, "y": 365}[unit] * count
        try:
            return (today - timedelta(days=days)).isoformat()
        except OverflowError:
            raise QueryError(f"{value!r} reaches back before the year 1") from None
    for pattern in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            from datetime import datetime

            parsed = datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        return parsed.isoformat()
    raise QueryError(f"{value!r} is not a date: use 2024-05-01, 2024-05, 2024, or 3d, 2w, 6m, 1y")


# Decides, for a term matching a set of articles, whether that set is large:
# given the set's SQL (a SELECT of article ids) and its parameters.
IsLarge = Callable[[str, list[object]], bool]


def to_sql(
    node: Node, today: date | None = None, is_large: IsLarge | None = None
) -> tuple[str, list[object]]:
    """A WHERE clause over `articles` (no alias) and its parameters.

    A term that picks a set of articles (a tag, an entity, bookmarks) is written
    as ``id IN (set)`` when the set is small, and, when ``is_large`` says it is
    large, as a per-row ``EXISTS`` on an index, which lets a page of results
    come from a short walk down the date index instead of building the set.
    """
    if isinstance(node, And | Or):
        parts = [to_sql(operand, today, is_large) for operand in node.operands]
        joiner = " AND " if isinstance(node, And) else " OR "
        return "(" + joiner.join(p[0] for p in parts) + ")", [x for p in parts for x in p[1]]
    if isinstance(node, Not):
        inner, params = to_sql(node.operand, today, is_large)
        return f"NOT {inner}", params
    sparse, dense, params = _term_sql(node, today)
    if sparse is None:
        assert dense is not None
        return dense, params  # a column test (source, dates): indexes do the rest
    if dense is not None and is_large is not None and is_large(sparse, params):
        return dense, params
    return f"articles.id IN ({sparse})", params


def to_quote_sql(
    node: Node, today: date | None = None, *, lookup: bool = True
) -> tuple[str, list[object]]:
    """A WHERE clause over `quotes` joined to their `articles`, and its parameters.

    Words match the quote's own text (quotes_fts), said: its speaker (aliases
    included), tag: a tag on the quote; every other term filters the articles
    the quotes come from. lookup=False when another index leads the query (the
    walk down the dates): the words' matches are then a set each quote is tested
    against, not a list of quotes SQLite looks up (once for every article).
    """
    if isinstance(node, And | Or):
        parts = [to_quote_sql(operand, today, lookup=lookup) for operand in node.operands]
        joiner = " AND " if isinstance(node, And) else " OR "
        return "(" + joiner.join(p[0] for p in parts) + ")", [x for p in parts for x in p[1]]
    if isinstance(node, Not):
        inner, params = to_quote_sql(node.operand, today, lookup=lookup)
        return f"NOT {inner}", params
    if node.field == "":
        words = re.findall(r"\w+", node.value)
        return (
            ("" if lookup else "+")
            + "quotes.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)",
            ['"' + " ".join(words) + '"'],
        )
    if node.field == "said":
        return (
            f"(quotes.speaker_entity_id IN ({_SPEAKERS}) OR quotes.speaker = ? COLLATE NOCASE)",
            [node.value, node.value, node.value],
        )
    if node.field == "tag":
        # Quote tags are keyed by the quote's folded text (reader_quote_key, a function
        # the store registers), which outlives re-extraction's new quote ids.
        tag = "(SELECT id FROM tags WHERE name = ? COLLATE NOCASE)"
        return (
            f"quotes.article_id IN (SELECT article_id FROM quote_tags WHERE tag_id = {tag}) "
            "AND EXISTS (SELECT 1 FROM quote_tags WHERE quote_tags.article_id = "
            "quotes.article_id AND quote_tags.quote_key = reader_quote_key(quotes.text) "
            f"AND quote_tags.tag_id = {tag})",
            [node.value, node.value],
        )
    return to_sql(node, today)


# The entities a name or alias names (said: matches their quotes).
_SPEAKERS = (
    "SELECT id FROM entities WHERE name = ? COLLATE NOCASE "
    "UNION SELECT entity_id FROM entity_aliases WHERE alias = ? COLLATE NOCASE"
)
_ENTITY_TYPES = {"person": ("PERSON",), "org": ("ORG",), "place": ("GPE", "LOC", "FAC")}


def _term_sql(term: Term, today: date | None) -> tuple[str | None, str | None, list[object]]:
    """(the set of matching article ids as SQL, the same as a per-row test or None, params)."""
    field, value = term.field, term.value
    if field == "":
        words = re.findall(r"\w+", value)
        match = '"' + " ".join(words) + '"'
        return "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", None, [match]
    if field == "tag":
        tag = "(SELECT id FROM tags WHERE name = ? COLLATE NOCASE)"
        return (
            f"SELECT article_id FROM article_tags WHERE tag_id = {tag} "
            f"UNION SELECT article_id FROM quote_tags WHERE tag_id = {tag}",
            f"(EXISTS (SELECT 1 FROM article_tags WHERE article_id = articles.id "
            f"AND tag_id = {tag}) OR EXISTS (SELECT 1 FROM quote_tags "
            f"WHERE article_id = articles.id AND tag_id = {tag}))",
            [value, value],
        )
    if field == "is":
        name = value.lower()
        if name == "link":
            return "SELECT id FROM articles WHERE link_only = 1", "articles.link_only = 1", []
        if name == "highlighted":
            return (
                "SELECT article_id FROM highlights",
                "EXISTS (SELECT 1 FROM highlights WHERE article_id = articles.id)",
                [],
            )
        if name == "changed":  # captured again with other words: versions kept
            return (
                "SELECT article_id FROM article_versions",
                "EXISTS (SELECT 1 FROM article_versions WHERE article_id = articles.id)",
                [],
            )
        table = {"bookmarked": "bookmarks", "read": "read_state", "unread": "read_state"}.get(
            name, "article_tags"
        )
        exists = f"EXISTS (SELECT 1 FROM {table} WHERE article_id = articles.id)"
        if name == "unread":
            # The unread are most of an archive: always the per-row test.
            return f"SELECT id FROM articles WHERE NOT {exists}", f"NOT {exists}", []
        return f"SELECT article_id FROM {table}", exists, []
    if field == "source":
        return None, "articles.source = ? COLLATE NOCASE", [value]
    if field in _ENTITY_TYPES:
        types = _ENTITY_TYPES[field]
        marks = ",".join("?" * len(types))
        entity_ids = (
            f"SELECT id FROM entities WHERE type IN ({marks}) AND name = ? COLLATE NOCASE "
            "UNION SELECT entity_aliases.entity_id FROM entity_aliases JOIN entities "
            "ON entities.id = entity_aliases.entity_id "
            f"WHERE entities.type IN ({marks}) AND alias = ? COLLATE NOCASE"
        )
        return (
            f"SELECT article_id FROM article_entities WHERE entity_id IN ({entity_ids})",
            "EXISTS (SELECT 1 FROM article_entities WHERE article_id = articles.id "
            f"AND entity_id IN ({entity_ids}))",
            [*types, value, *types, value],
        )
    if field == "said":
        return (
            f"SELECT article_id FROM quotes WHERE speaker_entity_id IN ({_SPEAKERS}) "
            "OR speaker = ? COLLATE NOCASE",
            "EXISTS (SELECT 1 FROM quotes WHERE article_id = articles.id AND "
            f"(speaker_entity_id IN ({_SPEAKERS}) OR speaker = ? COLLATE NOCASE))",
            [value, value, value],
        )
    if field == "story":  # the article and the near copies of it (reader.store.stories)
        return (
            "SELECT article_id FROM story_members WHERE story_id = "
            "(SELECT story_id FROM story_members WHERE article_id = ?) UNION SELECT ?",
            None,
            [int(value), int(value)],
        )
    if field == "note":  # words in the notes of its highlights
        found = "instr(lower(note), lower(?)) > 0"
        return (
            f"SELECT article_id FROM highlights WHERE {found}",
            f"EXISTS (SELECT 1 FROM highlights WHERE article_id = articles.id AND {found})",
            [value],
        )
    if field == "sort":
        raise QueryError("sort: orders the whole query: put it outside parentheses, OR and NOT")
    if field == "before":
        return None, "articles.published < ?", [resolve_date(value, today)]
    if field == "after":
        return None, "articles.published >= ?", [resolve_date(value, today)]
    raise QueryError(f"unknown field {field!r}")  # pragma: no cover - parse() stops it


def is_plain_text(node: Node) -> bool:
    """True when a query is only words and phrases (the fast full-text path)."""
    if isinstance(node, Term):
        return node.field == ""
    if isinstance(node, And):
        return all(is_plain_text(operand) for operand in node.operands)
    return False
