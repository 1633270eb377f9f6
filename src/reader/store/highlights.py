"""Highlights: passages a reader marked in an article, with an optional note.

A highlight is anchored by its text and a little of the text around it, never by
offsets, so it survives everything that rewrites an article's text: a re-import,
``--force``, ``reindex``, a new version. Where it stands is found again each time
it is shown (:func:`locate`); a highlight whose passage the current text no
longer holds is kept and shown as such. Highlights are user state: exports carry
them, imports add them, nothing else removes them.
"""

from __future__ import annotations

import json
import re
import sqlite3
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from reader.models import CarriedHighlight
from reader.sanitize import clean_path
from reader.store.user_state import quote_key

# How much text on either side of a passage is kept to tell two places apart.
CONTEXT = 40
# A passage is at most this long (a few paragraphs), a note too.
MAX_PASSAGE = 5000
MAX_NOTE = 5000
# Occurrences of a passage weighed by their context, at most (a common phrase).
MAX_PLACES = 100
# The search with spacing and case folded tries the passage's words from each place
# in the text: words × characters, bounded so that no article makes it slow.
MAX_FOLDED_WORK = 50_000_000


class HighlightError(ValueError):
    """A highlight that cannot be made; the message is for the user."""


@dataclass(frozen=True, slots=True)
class Highlight:
    """A highlight and where its passage stands in the article's current text."""

    id: int
    article_id: int
    passage: str
    note: str | None
    created_at: str
    origin: str | None  # "reader", or the tool an import brought it from
    start: int | None  # None: the current text no longer holds the passage
    end: int | None

    @property
    def vanished(self) -> bool:
        return self.start is None


def passage_key(passage: str) -> str:
    """A passage's identity: its words, case and spacing folded (as a quote's is)."""
    return quote_key(passage)


# Inline Markdown the reading pane does not show: a link's brackets and address, the
# marks of emphasis and code, a quotation's ">" and escapes. A passage read off the
# pane has none of it, and a passage may run across any of it.
_MARKUP = re.compile(
    r"""\]\([^()\s]{0,2000}(?:\s+"[^"\n]{0,300}")?\)  # a link's address
    | !?\[ | \] | \*{1,2} | _{1,2} | `
    | (?m:^[ \t]*>[ \t]?)
    | \\(?=[\\`*_{}\[\]()#+\-.!>])""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class _Plain:
    """An article's text without its inline Markdown, and where each run of it stands in
    the text itself: how a passage as the reader saw it is found in the Markdown."""

    text: str
    starts: list[int]  # where each run begins in text
    origins: list[int]  # and where it begins in the body

    @classmethod
    def of(cls, body: str) -> _Plain:
        parts: list[str] = []
        starts: list[int] = []
        origins: list[int] = []
        length = position = 0
        for match in [*_MARKUP.finditer(body), None]:
            stop = match.start() if match is not None else len(body)
            if stop > position:
                starts.append(length)
                origins.append(position)
                parts.append(body[position:stop])
                length += stop - position
            position = match.end() if match is not None else stop
        return cls("".join(parts), starts, origins)

    def body_offset(self, offset: int) -> int:
        """The body offset of the character at this offset of the plain text."""
        run = bisect_right(self.starts, offset) - 1
        return self.origins[run] + offset - self.starts[run] if run >= 0 else offset

    def body_span(self, place: tuple[int, int]) -> tuple[int, int]:
        start, end = place
        return self.body_offset(start), self.body_offset(end - 1) + 1


def _places(text: str, passage: str) -> list[tuple[int, int]]:
    """Where a passage stands in text: its exact words, else with spacing and case folded."""
    places: list[tuple[int, int]] = []
    at = text.find(passage) if passage else -1
    while at >= 0 and len(places) < MAX_PLACES:
        places.append((at, at + len(passage)))
        at = text.find(passage, at + 1)
    if places:
        return places
    words = passage.split()
    if not words or len(words) * len(text) > MAX_FOLDED_WORK:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    found = pattern.finditer(text)
    return [match.span() for _, match in zip(range(MAX_PLACES), found, strict=False)]


def _find(
    body: str, passage: str, before: str = "", after: str = ""
) -> tuple[tuple[int, int], str] | None:
    """Where the passage stands in body (the place whose surroundings best match the
    context it was made with) and the article's own spelling of it, without markup."""
    places = [(place, body[place[0] : place[1]]) for place in _places(body, passage)]
    plain = _Plain.of(body) if not places else None
    if plain is not None and len(plain.text) < len(body):  # it has markup to pass over
        places = [
            (plain.body_span(place), " ".join(plain.text[place[0] : place[1]].split()))
            for place in _places(plain.text, _MARKUP.sub("", passage).strip())
        ]
    if not places:
        return None
    return max(places, key=lambda found: _context_match(body, found[0], before, after))


def locate(body: str, passage: str, before: str = "", after: str = "") -> tuple[int, int] | None:
    """Where the passage stands in body: the place whose surroundings best match the
    context it was made with; spacing and case folded if the exact words are gone, and
    the Markdown the reader does not see (links, emphasis) passed over."""
    found = _find(body, passage, before, after)
    return found[0] if found is not None else None


def _context_match(body: str, place: tuple[int, int], before: str, after: str) -> int:
    """How many characters of the context agree, next to the passage outwards."""
    start, end = place
    score = 0
    preceding = body[max(0, start - len(before)) : start]
    for a, b in zip(reversed(before), reversed(preceding), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(after, body[end : end + len(after)], strict=False):
        if a != b:
            break
        score += 1
    return score


def add(
    conn: sqlite3.Connection,
    article_id: int,
    passage: str,
    *,
    note: str | None,
    origin: str,
    now: str,
    body: str,
) -> bool:
    """Highlight a passage of body (HighlightError if body has none such), with the
    text around it; a note given replaces the highlight's. True if anything changed."""
    passage = passage.strip()
    if not passage:
        raise HighlightError("an empty passage")
    found = _find(body, passage)
    if found is None:
        raise HighlightError(f"article {article_id} has no passage {clean_path(passage[:80])!r}")
    if len(passage) > MAX_PASSAGE:
        raise HighlightError(f"a passage of at most {MAX_PASSAGE:,} characters")
    place, spelled = found
    before, after = _context(body, place)
    row = (article_id, spelled, before, after, note, origin, now)  # its own spelling
    return _store(conn, row, replace_note=True)


def add_carried(
    conn: sqlite3.Connection, article_id: int, carried: Iterable[CarriedHighlight], now: str
) -> bool:
    """Highlights an export carried (ours, or another tool's), added where missing; a
    note is added to a highlight without one, never replacing the user's."""
    body_row = conn.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
    body = body_row[0] if body_row else ""
    added = False
    for item in carried:
        passage = item.passage.strip()[:MAX_PASSAGE]
        if not passage:
            continue
        before, after = item.before[-CONTEXT:], item.after[:CONTEXT]
        place = locate(body, passage, before, after)
        if place is not None and not (before or after):
            before, after = _context(body, place)
        row = (article_id, passage, before, after, item.note, item.origin, item.created_at or now)
        added |= _store(conn, row, replace_note=False)
    return added


def _context(body: str, place: tuple[int, int]) -> tuple[str, str]:
    """The text just before and just after a place: how it is told from another."""
    start, end = place
    return body[max(0, start - CONTEXT) : start], body[end : end + CONTEXT]


def _store(
    conn: sqlite3.Connection,
    row: tuple[int, str, str, str, str | None, str | None, str],
    *,
    replace_note: bool,
) -> bool:
    """Insert a highlight (article, passage, before, after, note, origin, created);
    one the article has already takes the note given when replace_note (the user's
    own), else only when it has none (an import's). True if anything changed."""
    article_id, passage, before, after, note, origin, created = row
    note = (note or "").strip()[:MAX_NOTE] or None
    takes_note = (
        "excluded.note IS NOT highlights.note" if replace_note else "highlights.note IS NULL"
    )
    cursor = conn.execute(
        "INSERT INTO highlights (article_id, passage_key, passage, before, after, note, "
        "origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (article_id, passage_key) DO UPDATE SET note = excluded.note "
        f"WHERE excluded.note IS NOT NULL AND {takes_note}",
        (article_id, passage_key(passage), passage, before, after, note, origin, created),
    )
    return cursor.rowcount > 0


def set_note(conn: sqlite3.Connection, article_id: int, passage: str, note: str | None) -> bool:
    """Give a highlight this note (None or blank: no note); False if it has none such."""
    note = (note or "").strip()[:MAX_NOTE] or None
    cursor = conn.execute(
        "UPDATE highlights SET note = ? WHERE article_id = ? AND passage_key = ?",
        (note, article_id, passage_key(passage)),
    )
    return cursor.rowcount > 0


def remove(conn: sqlite3.Connection, article_id: int, passage: str) -> bool:
    cursor = conn.execute(
        "DELETE FROM highlights WHERE article_id = ? AND passage_key = ?",
        (article_id, passage_key(passage)),
    )
    return cursor.rowcount > 0


_COLUMNS = "id, article_id, passage, before, after, note, created_at, origin"


def of_article(conn: sqlite3.Connection, article_id: int, body: str) -> list[Highlight]:
    """An article's highlights in reading order; those whose passage vanished last."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM highlights WHERE article_id = ? ORDER BY id", (article_id,)
    ).fetchall()
    found = [_placed(row, body) for row in rows]
    return sorted(found, key=lambda h: (h.start is None, h.start or 0, h.id))


def _placed(row: Any, body: str) -> Highlight:
    id_, article_id, passage, before, after, note, created_at, origin = row
    place = locate(body, passage, before, after)
    start, end = place if place is not None else (None, None)
    return Highlight(id_, article_id, passage, note, created_at, origin, start, end)


def listing(
    conn: sqlite3.Connection, article_ids: list[int] | None, limit: int
) -> list[tuple[Highlight, str, str | None]]:
    """Highlights with their article's title and date, newest highlight first; of these
    articles only, when given."""
    where, params = "", []
    if article_ids is not None:
        if not article_ids:
            return []
        where = "WHERE highlights.article_id IN (SELECT value FROM json_each(?))"
        params = [json.dumps(article_ids)]
    rows = conn.execute(
        "SELECT highlights.id, highlights.article_id, passage, before, after, note, "
        "highlights.created_at, origin, articles.body, articles.title, articles.published "
        f"FROM highlights JOIN articles ON articles.id = highlights.article_id {where} "
        "ORDER BY highlights.created_at DESC, highlights.id DESC LIMIT ?",
        (*params, limit),
    ).fetchall()
    return [(_placed(row[:8], row[8]), row[9], row[10]) for row in rows]


def for_export(conn: sqlite3.Connection, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The highlights of these articles as JSONL export writes them."""
    marks = ",".join("?" * len(ids))
    found: dict[int, list[dict[str, Any]]] = {}
    for article_id, passage, before, after, note, created_at, origin in conn.execute(
        "SELECT article_id, passage, before, after, note, created_at, origin FROM highlights "
        f"WHERE article_id IN ({marks}) ORDER BY article_id, id",
        ids,
    ):
        found.setdefault(article_id, []).append(
            {
                "passage": passage,
                "note": note,
                "before": before,
                "after": after,
                "created_at": created_at,
                "origin": origin,
            }
        )
    return found
