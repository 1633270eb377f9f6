"""The archive's schema, as an ordered list of migrations.

``PRAGMA user_version`` records how many migrations an archive has had. Opening
an archive applies the missing ones in order, each in its own transaction, so an
archive made by an older version upgrades in place and never half-way.

User state (tags, bookmarks, read state, corrected speakers) lives in tables of
its own keyed by article id, never in the articles row: re-importing an article
rewrites its content and leaves those rows alone.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

from reader.sanitize import clean_line

Migration = Callable[[sqlite3.Connection], None]


def _execute_script(conn: sqlite3.Connection, script: str) -> None:
    """Run SQL statements one by one inside the caller's transaction.

    ``Connection.executescript`` would COMMIT first, breaking atomic migrations.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        conn.execute(statement)


def _core_tables(conn: sqlite3.Connection) -> None:
    _execute_script(
        conn,
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT,
            title TEXT NOT NULL DEFAULT '',
            authors TEXT NOT NULL DEFAULT '[]',   -- JSON list of names
            published TEXT,                       -- ISO 8601
            source TEXT,                          -- outlet or feed name
            body TEXT NOT NULL DEFAULT '',        -- Markdown
            imported_from TEXT,                   -- absolute path of the source file
            guid TEXT,
            content_hash TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            updated_at TEXT
        );
        CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
        CREATE INDEX articles_guid ON articles(guid) WHERE guid IS NOT NULL;
        CREATE INDEX articles_content_hash ON articles(content_hash);
        CREATE INDEX articles_published ON articles(published, id);
        CREATE INDEX articles_source ON articles(source, published);

        -- Files already imported: an unchanged file is recognised by its hash
        -- without being parsed again.
        CREATE TABLE import_files (
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            sha TEXT NOT NULL,
            format TEXT NOT NULL,
            articles INTEGER NOT NULL,
            imported_at TEXT NOT NULL
        );

        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE article_tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            tagged_at TEXT NOT NULL,
            PRIMARY KEY (article_id, tag_id)
        ) WITHOUT ROWID;
        CREATE INDEX article_tags_tag ON article_tags(tag_id, article_id);
        CREATE TABLE bookmarks (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE read_state (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            read_at TEXT NOT NULL
        );

        -- Filled by extraction (quotes, entities, links).
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            UNIQUE (name, type)
        );
        CREATE TABLE article_entities (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            mentions INTEGER NOT NULL,
            offsets TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (article_id, entity_id)
        ) WITHOUT ROWID;
        CREATE INDEX article_entities_entity ON article_entities(entity_id, article_id);
        CREATE TABLE quotes (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            speaker TEXT,
            speaker_entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,
            kind TEXT NOT NULL DEFAULT 'statement',
            start INTEGER,
            end INTEGER,
            rule TEXT,
            confidence REAL
        );
        CREATE INDEX quotes_article ON quotes(article_id);
        CREATE INDEX quotes_speaker_entity ON quotes(speaker_entity_id);
        CREATE TABLE links (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            url TEXT NOT NULL,
            target_article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL
        );
        CREATE INDEX links_article ON links(article_id);
        CREATE INDEX links_target ON links(target_article_id);
        """,
    )


def _full_text_search(conn: sqlite3.Connection) -> None:
    # External-content FTS5 over title and body, kept in sync by triggers. The
    # update trigger fires only when indexed columns change.
    _execute_script(
        conn,
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body,
            content='articles', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
        """,
    )
    create_fts_triggers(conn)


# The full-text tables and the columns of their content table each indexes.
FTS_COLUMNS = {"articles": ("title", "body"), "quotes": ("text",)}


def create_fts_triggers(conn: sqlite3.Connection, table: str = "articles") -> None:
    """(Re)create the triggers that keep ``<table>_fts`` in step with ``table``: an
    insert indexed, a delete unindexed, an update of indexed columns both."""
    columns = FTS_COLUMNS[table]
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    add = f"INSERT INTO {table}_fts(rowid, {names}) VALUES (new.id, {new});"
    remove = (
        f"INSERT INTO {table}_fts({table}_fts, rowid, {names}) VALUES ('delete', old.id, {old});"
    )
    _execute_script(
        conn,
        f"""
        CREATE TRIGGER IF NOT EXISTS {table}_fts_ai AFTER INSERT ON {table} BEGIN {add} END;
        CREATE TRIGGER IF NOT EXISTS {table}_fts_ad AFTER DELETE ON {table} BEGIN {remove} END;
        CREATE TRIGGER IF NOT EXISTS {table}_fts_au AFTER UPDATE OF {names} ON {table} BEGIN
            {remove} {add}
        END;
        """,
    )


def title_key(title: str | None) -> str | None:
    """How a link's text is matched to an article's title: case, spacing and quotes folded."""
    if not title:
        return None
    # Letters, digits and spaces kept: \w is str.isalnum() and "_", \s is str.isspace().
    folded = _NOT_WORD_OR_SPACE.sub("", title.casefold())
    return " ".join(folded.split()) or None


_NOT_WORD_OR_SPACE = re.compile(r"[^\w\s]|_")


def _extraction_tables(conn: sqlite3.Connection) -> None:
    conn.create_function("title_key", 1, title_key, deterministic=True)
    _execute_script(
        conn,
        """
        ALTER TABLE articles ADD COLUMN title_key TEXT;
        UPDATE articles SET title_key = title_key(title);
        CREATE INDEX articles_title_key ON articles(title_key);

        ALTER TABLE entities ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX entities_type_name ON entities(type, name COLLATE NOCASE);
        -- Short forms that point at an archive-wide entity: a surname, an acronym.
        CREATE TABLE entity_aliases (
            alias TEXT NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            PRIMARY KEY (alias, entity_id)
        ) WITHOUT ROWID;
        CREATE INDEX entity_aliases_entity ON entity_aliases(entity_id);

        -- Which extractor version last read each article.
        CREATE TABLE article_extraction (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            version INTEGER NOT NULL
        );

        -- A link whose target is not in the archive yet: resolved when it arrives.
        ALTER TABLE links ADD COLUMN title_key TEXT;
        ALTER TABLE links ADD COLUMN related INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX links_pending_url ON links(url) WHERE target_article_id IS NULL;
        CREATE INDEX links_pending_title ON links(title_key) WHERE target_article_id IS NULL;

        CREATE INDEX quotes_speaker ON quotes(speaker COLLATE NOCASE);
        """,
    )


def _date_order_index(conn: sqlite3.Connection) -> None:
    # Sorting a set of ids (search results, an entity's articles) by date reads
    # this narrow index instead of a million wide article rows.
    conn.execute("CREATE INDEX articles_id_published ON articles(id, published)")


def _quote_tags_and_saved_searches(conn: sqlite3.Connection) -> None:
    # A quote's tags are user state, so they cannot hang on quote ids, which
    # re-extraction renews: they are keyed by the article and the quote's text.
    _execute_script(
        conn,
        """
        CREATE TABLE quote_tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            quote_key TEXT NOT NULL,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            tagged_at TEXT NOT NULL,
            PRIMARY KEY (article_id, quote_key, tag_id)
        ) WITHOUT ROWID;
        CREATE INDEX quote_tags_tag ON quote_tags(tag_id, article_id);
        CREATE TABLE saved_searches (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            query TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """,
    )


def _quote_tag_text(conn: sqlite3.Connection) -> None:
    # The quote's own words, so that a tag outlives an edit of the quote's text
    # and still travels in exports.
    conn.execute("ALTER TABLE quote_tags ADD COLUMN quote_text TEXT")


def _speaker_corrections_and_cues(conn: sqlite3.Connection) -> None:
    # A speaker corrected by hand is user state, keyed like a quote's tags by the
    # article and the quote's text (quote ids are renewed by re-extraction). It is
    # applied onto the quotes row whenever extraction is saved or a correction
    # made, so every query of quotes.speaker follows it; corrected marks the row.
    _execute_script(
        conn,
        """
        CREATE TABLE speaker_corrections (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            quote_key TEXT NOT NULL,
            quote_text TEXT NOT NULL,
            speaker TEXT,                         -- NULL: the quote has no speaker
            corrected_at TEXT NOT NULL,
            PRIMARY KEY (article_id, quote_key)
        ) WITHOUT ROWID;
        ALTER TABLE quotes ADD COLUMN corrected INTEGER NOT NULL DEFAULT 0;
        -- The words that attribute a quote: "said", "told reporters", "according to".
        ALTER TABLE quotes ADD COLUMN cue TEXT;
        """,
    )


def _link_only(conn: sqlite3.Connection) -> None:
    # A saved link whose text no file has carried yet (Pocket, bookmarks): shown as
    # such, and filled in by the first import of the page itself.
    conn.execute("ALTER TABLE articles ADD COLUMN link_only INTEGER NOT NULL DEFAULT 0")
    conn.execute("CREATE INDEX articles_link_only ON articles(id) WHERE link_only = 1")


def _quote_search(conn: sqlite3.Connection) -> None:
    # Quotes found by what was said: an external-content index over their text.
    _execute_script(
        conn,
        """
        CREATE VIRTUAL TABLE quotes_fts USING fts5(
            text, content='quotes', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
        """,
    )
    create_fts_triggers(conn, "quotes")


def _article_versions(conn: sqlite3.Connection) -> None:
    # The wordings a re-import replaced (reader.store.versions), one row each.
    _execute_script(
        conn,
        """
        CREATE TABLE article_versions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            captured_at TEXT,                     -- when this wording was imported
            imported_from TEXT,
            fingerprint TEXT NOT NULL,            -- the wording, spacing folded
            UNIQUE (article_id, fingerprint)
        );
        """,
    )


def _timeline_indexes(conn: sqlite3.Connection) -> None:
    # An entity's timeline reads its mentions and quotes month by month: indexes
    # that hold what it counts, so no row is looked up (94,000 articles: 310 ms → 120).
    _execute_script(
        conn,
        """
        DROP INDEX article_entities_entity;
        CREATE INDEX article_entities_entity ON article_entities(entity_id, article_id, mentions);
        DROP INDEX quotes_speaker_entity;
        CREATE INDEX quotes_speaker_article ON quotes(speaker_entity_id, article_id);
        """,
    )


def _highlights(conn: sqlite3.Connection) -> None:
    # Passages the reader marked (reader.store.highlights): user state, anchored by
    # their text and the text around them, never by offsets.
    _execute_script(
        conn,
        """
        CREATE TABLE highlights (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            passage_key TEXT NOT NULL,            -- the passage, case and spacing folded
            passage TEXT NOT NULL,
            before TEXT NOT NULL DEFAULT '',      -- the text just before it, when made
            after TEXT NOT NULL DEFAULT '',
            note TEXT,
            origin TEXT,                          -- "reader", or the tool it came from
            created_at TEXT NOT NULL,
            UNIQUE (article_id, passage_key)
        );
        CREATE INDEX highlights_created ON highlights(created_at);
        """,
    )


def _stories(conn: sqlite3.Connection) -> None:
    # Near copies grouped into stories (reader.store.stories).
    _execute_script(
        conn,
        """
        CREATE TABLE story_signatures (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            signature BLOB                        -- NULL: too short to compare
        );
        -- No index by article and no cascade: sixteen rows an article, kept lean. A
        -- key of an article that is gone finds no sketch, and is passed over.
        CREATE TABLE story_keys (
            key INTEGER NOT NULL,
            article_id INTEGER NOT NULL,
            PRIMARY KEY (key, article_id)
        ) WITHOUT ROWID;
        CREATE TABLE story_members (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            story_id INTEGER NOT NULL             -- one of the story's article ids
        );
        CREATE INDEX story_members_story ON story_members(story_id);
        """,
    )


def _story_sketches_v2(conn: sqlite3.Connection) -> None:
    # The sketch now reads words of every script (reader.extract.stories,
    # SIGNATURE_VERSION 2): one of version 1 is not comparable with a new one, and a
    # Cyrillic or Greek text had none. They are derived data: dropped here, made
    # again by `reader reindex` (which files every article with no sketch). The
    # stories found so far (story_members) stay.
    conn.execute("DELETE FROM story_keys")
    conn.execute("DELETE FROM story_signatures")
    # New keys are filed here first and moved into story_keys in key order at the
    # end of an import (reader.store.stories.merge_recent): sixteen keys an article
    # written straight into an archive-sized index dirtied sixteen pages of it each.
    _execute_script(
        conn,
        """
        CREATE TABLE story_keys_recent (
            key INTEGER NOT NULL,
            article_id INTEGER NOT NULL,
            PRIMARY KEY (key, article_id)
        ) WITHOUT ROWID;
        """,
    )


def _story_keys_new(conn: sqlite3.Connection) -> None:
    # A third, small table of story keys in front of story_keys_recent
    # (reader.store.stories): an import's commits, every half second, rewrote every
    # page of the recent table that its random keys fell in, and that table holds
    # up to an eighth of the archive's keys (two million at a million articles).
    _execute_script(
        conn,
        """
        CREATE TABLE story_keys_new (
            key INTEGER NOT NULL,
            article_id INTEGER NOT NULL,
            PRIMARY KEY (key, article_id)
        ) WITHOUT ROWID;
        """,
    )


MIGRATIONS: list[Migration] = [
    _core_tables,
    _full_text_search,
    _extraction_tables,
    _date_order_index,
    _quote_tags_and_saved_searches,
    _quote_tag_text,
    _speaker_corrections_and_cues,
    _link_only,
    _quote_search,
    _article_versions,
    _timeline_indexes,
    _highlights,
    _stories,
    _story_sketches_v2,
    _story_keys_new,
]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


# The only triggers reader makes (create_fts_triggers).
_OWN_TRIGGERS = frozenset(
    f"{table}_fts_{event}" for table in FTS_COLUMNS for event in ("ai", "ad", "au")
)


def check_objects(conn: sqlite3.Connection) -> None:
    """Refuse an archive holding views or triggers reader never makes.

    A shared archive is a file someone else made. A view named as one of reader's
    tables computes its rows: a recursive one never returns (``reader tags`` hung,
    and neither Ctrl-C nor a timer is seen inside SQLite); a trigger of theirs runs
    on reader's writes (a tag that deletes every article).
    """
    rows = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type = 'view' "
        f"OR (type = 'trigger' AND name NOT IN ({','.join('?' * len(_OWN_TRIGGERS))}))",
        sorted(_OWN_TRIGGERS),
    ).fetchall()
    if rows:
        kind, name = rows[0]
        raise sqlite3.DatabaseError(
            f"it holds a {kind} reader never makes ({clean_line(name)}): "
            "another program's database, or one made to harm; not opened"
        )


def migrate(
    conn: sqlite3.Connection,
    target: int = SCHEMA_VERSION,
    *,
    begin: Callable[[], object] | None = None,
) -> int:
    """Apply the migrations an archive lacks, each atomically; return the new version.

    The connection must be in autocommit mode (``isolation_level=None``). begin
    starts each migration's write transaction (default: ``BEGIN IMMEDIATE``; the
    store passes one that waits for another writer). Another program opening
    the same new archive at the same moment may have applied a migration by the
    time the lock is ours: the version is read again inside the transaction.
    """
    check_objects(conn)
    current = schema_version(conn)
    if current < 0:
        # PRAGMA user_version is signed, and reader never writes one below 0: the
        # migrations would be taken from the end of the list (MIGRATIONS[-2]) and
        # applied to an archive that has them, or fail with an IndexError.
        raise sqlite3.DatabaseError(
            f"its schema version is {current}, which no reader writes: "
            "not a reader archive, or a damaged one"
        )
    if current > SCHEMA_VERSION:
        raise RuntimeError(
            f"this archive has schema version {current}, newer than this reader "
            f"understands ({SCHEMA_VERSION}); upgrade reader to open it"
        )
    for version in range(current + 1, target + 1):
        if begin is None:
            conn.execute("BEGIN IMMEDIATE")
        else:
            begin()
        try:
            if schema_version(conn) < version:
                MIGRATIONS[version - 1](conn)
                conn.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return schema_version(conn)
