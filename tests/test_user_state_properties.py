"""User state is sacred: no sequence of operations loses or invents a tag, bookmark or read mark."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from reader.cli import cli
from reader.store import ArchiveStore
from reader.store.user_state import TagError

from .conftest import SAMPLE_DATA

SOURCES = sorted((SAMPLE_DATA / "markdown").glob("00[1-5]-*.md"))
TAGS = st.sampled_from(["water", "Water", "harbour", "inquiry", "later", "x"])
ARTICLES = st.integers(min_value=1, max_value=len(SOURCES))


def run(*args: object) -> None:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output


class UserState(RuleBasedStateMachine):
    """A model of the user's state beside the archive; after every step they agree."""

    @initialize()
    def start(self) -> None:
        self.dir = Path(tempfile.mkdtemp())
        self.sources = self.dir / "sources"
        self.sources.mkdir()
        for source in SOURCES:
            shutil.copy(source, self.sources / source.name)
        self.db = self.dir / "archive.db"
        run("import", "--db", self.db, self.sources)
        self.store = ArchiveStore(self.db)
        self.tags: dict[int, set[str]] = {n: set() for n in range(1, len(SOURCES) + 1)}
        self.quote_tags: dict[int, set[str]] = {n: set() for n in self.tags}
        self.bookmarks: set[int] = set()
        # Speakers corrected by hand: article → (the quote's words, speaker or None).
        self.speakers: dict[int, tuple[str, str | None]] = {}
        self.read: set[int] = set()
        self.generation = 0

    def teardown(self) -> None:
        if hasattr(self, "store"):
            self.store.close()
            shutil.rmtree(self.dir, ignore_errors=True)

    # -- what a user does ----------------------------------------------------

    @rule(article=ARTICLES, tag=TAGS)
    def tag(self, article: int, tag: str) -> None:
        self.store.tag(article, tag)
        self.tags[article].add(tag.casefold())

    @rule(article=ARTICLES, tag=TAGS)
    def untag(self, article: int, tag: str) -> None:
        self.store.untag(article, tag)
        self.tags[article].discard(tag.casefold())

    @rule(article=ARTICLES, tag=TAGS)
    def tag_a_quote(self, article: int, tag: str) -> None:
        view = self.store.article_view(article)
        assert view is not None and view.quotes
        self.store.tag_quote(article, view.quotes[0].text, tag)
        self.quote_tags[article].add(tag.casefold())

    @rule(article=ARTICLES, speaker=st.sampled_from([None, "Ann Example", "a port official"]))
    def correct_a_speaker(self, article: int, speaker: str | None) -> None:
        view = self.store.article_view(article)
        assert view is not None and view.quotes
        text = self.speakers[article][0] if article in self.speakers else view.quotes[-1].text
        self.store.correct_speaker(article, text, speaker)
        self.speakers[article] = (text, speaker)

    @rule(old=TAGS, new=TAGS)
    def rename(self, old: str, new: str) -> None:
        exists = any(
            old.casefold() in tags for tags in (*self.tags.values(), *self.quote_tags.values())
        )
        try:
            self.store.rename_tag(old, new)
        except TagError:
            assert not exists
            return
        for tags in (*self.tags.values(), *self.quote_tags.values()):
            if old.casefold() in tags:
                tags.discard(old.casefold())
                tags.add(new.casefold())

    @rule(tag=TAGS)
    def delete(self, tag: str) -> None:
        try:
            self.store.delete_tag(tag)
        except TagError:
            return
        for tags in (*self.tags.values(), *self.quote_tags.values()):
            tags.discard(tag.casefold())

    @rule(article=ARTICLES)
    def bookmark(self, article: int) -> None:
        on = self.store.toggle_bookmark(article)
        (self.bookmarks.add if on else self.bookmarks.discard)(article)

    @rule(article=ARTICLES, on=st.booleans())
    def mark_read(self, article: int, on: bool) -> None:
        self.store.mark_read(article, on)
        (self.read.add if on else self.read.discard)(article)

    # -- what must not disturb it --------------------------------------------

    @rule(article=ARTICLES)
    def reimport_with_an_edit(self, article: int) -> None:
        source = sorted(self.sources.glob("*.md"))[article - 1]
        text = source.read_text(encoding="utf-8")
        edited = text.replace(" the ", " the very ", 1) + "\nA note added later.\n"
        source.write_text(edited, encoding="utf-8")
        run("import", "--db", self.db, self.sources)

    @rule()
    def reimport_unchanged(self) -> None:
        run("import", "--db", self.db, self.sources, "--force")

    @rule()
    def reindex(self) -> None:
        run("reindex", "--db", self.db, "--all", "--jobs", "1")

    @rule()
    def export_then_import_elsewhere(self) -> None:
        self.generation += 1
        exported = self.dir / f"export-{self.generation}.jsonl"
        run("export", "--db", self.db, "-o", exported)
        self.store.close()
        self.db = self.dir / f"archive-{self.generation}.db"
        run("import", "--db", self.db, exported)
        self.store = ArchiveStore(self.db)

    # -- the promise ---------------------------------------------------------

    @invariant()
    def state_is_exactly_the_model(self) -> None:
        if not hasattr(self, "store"):
            return
        for article, tags in self.tags.items():
            assert {t.casefold() for t in self.store.tags_of(article)} == tags
        for article, tags in self.quote_tags.items():
            view = self.store.article_view(article)
            assert view is not None
            stored = {t.casefold() for t in self.store.quote_tags(article, view.quotes[0].text)}
            assert stored == tags
        corrections = {
            row[0]: (row[1], row[2])
            for row in self.store.conn.execute(
                "SELECT article_id, quote_text, speaker FROM speaker_corrections"
            )
        }
        assert corrections == self.speakers
        for article, (text, speaker) in self.speakers.items():
            for quote in self.store.article_quotes(article):
                if quote.text == text:  # unless an edit changed the quote's words
                    assert (quote.speaker, quote.corrected) == (speaker, True)
        bookmarks = {r[0] for r in self.store.conn.execute("SELECT article_id FROM bookmarks")}
        read = {r[0] for r in self.store.conn.execute("SELECT article_id FROM read_state")}
        assert bookmarks == self.bookmarks
        assert read == self.read
        assert self.store.count_articles() == len(SOURCES)


UserState.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestUserState = UserState.TestCase
