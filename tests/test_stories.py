"""Stories (issue 15): near copies of one report (wire copy, light rewrites) group
together across outlets; an article on the same subject, written apart, does not."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import cli
from reader.extract import stories as sketching
from reader.extract.stories import SAME_STORY, signature, similarity, words_of
from reader.store import ArchiveStore, stories

WIRE = [
    "The Port Linden harbour authority closed the eastern basin to shipping on Tuesday "
    "after tests found traces of an industrial solvent in water samples taken near the "
    "fuel jetty, officials said.",
    "The closure affects berths four to nine, which handle most of the ferry and fishing "
    "traffic in the port. Vessels already moored in the basin were allowed to leave under "
    "escort, and incoming ships were diverted to the western quays.",
    '"We will not reopen the basin until every sample has come back clean," said Maren '
    "Tollefsen, the authority's chief engineer. She said the source of the solvent had not "
    "yet been identified and that divers would inspect the jetty's pipework on Wednesday.",
    "Environmental groups called for an independent inquiry. The city council is expected "
    "to discuss the closure at its meeting on Thursday, when the authority will present its "
    "first findings to councillors and residents.",
]


def outlet_copy(lede: str, cut_last: bool = False, extra: str = "") -> str:
    paragraphs = [lede, *WIRE[1:]]
    if cut_last:
        paragraphs = paragraphs[:-1]
    if extra:
        paragraphs.insert(2, extra)
    return "\n\n".join(paragraphs)


COPIES = {
    "gazette": ("Eastern Basin Closed After Solvent Found", "\n\n".join(WIRE)),
    "courier": (
        "Solvent In Harbour Water Shuts Eastern Basin",
        outlet_copy(
            "Port Linden's eastern basin was closed to shipping on Tuesday after tests found "
            "traces of an industrial solvent in water samples taken near the fuel jetty."
        ),
    ),
    "post": (
        "Harbour Basin Shut Over Solvent Traces",
        outlet_copy(
            WIRE[0],
            cut_last=True,
            extra="Fishing crews said the closure came at the worst time of the season.",
        ),
    ),
}
SAME_SUBJECT = (
    "What The Solvent Scare Means For Port Linden's Fishermen",
    "Down on the western quays on Wednesday morning, the talk among the crews was of "
    "little else. The eastern basin, where most of them tie up, has been shut since "
    "Tuesday, and nobody could say when it would open again.\n\n"
    "Harbour officials have not said where the solvent came from. Some crews blamed the "
    "fuel jetty, others an old drain from the industrial estate above the harbour.\n\n"
    '"Every day we cannot land is a day without pay," said one skipper, who has fished '
    "out of Port Linden for thirty years. The council meets on Thursday, and the crews "
    "plan to be there, asking for compensation and for answers about the tests.",
)


def run(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def write(folder: Path, name: str, title: str, body: str, source: str) -> None:
    (folder / f"{name}.md").write_text(
        f"---\ntitle: {title}\nsource: {source}\npublished: 2024-03-1{len(name) % 9}\n"
        f"url: https://{name}.example/basin\n---\n{body}\n",
        encoding="utf-8",
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, (title, body) in COPIES.items():
        write(folder, name, title, body, name.title())
    write(folder, "feature", *SAME_SUBJECT, "Feature Weekly")
    path = tmp_path / "archive.db"
    run("import", "--db", path, folder)
    return path


def ids_by_source(store: ArchiveStore) -> dict[str, int]:
    return dict(store.conn.execute("SELECT source, id FROM articles").fetchall())


def test_three_outlets_copies_are_one_story_and_the_feature_is_not(db: Path) -> None:
    with ArchiveStore(db) as store:
        ids = ids_by_source(store)
        story = {m.source for m in store.same_story(ids["Gazette"])}
        assert story == {"Courier", "Post"}
        assert store.same_story(ids["Feature Weekly"]) == []
        assert sorted(store.query_ids(f"story:{ids['Post']}")) == sorted(
            [ids["Gazette"], ids["Courier"], ids["Post"]]
        )
        assert store.query_ids(f"story:{ids['Feature Weekly']}") == [ids["Feature Weekly"]]
    shown = run("show", "--db", db, str(ids["Courier"]))
    assert "Same story (2 more)" in shown and "· Gazette ·" in shown and "· Post ·" in shown


def test_the_sketches_tell_copies_from_the_same_subject() -> None:
    wire = signature("\n\n".join(WIRE))
    assert wire is not None
    for _title, body in COPIES.values():
        assert similarity(wire, signature(body) or b"") >= SAME_STORY
    feature = signature(SAME_SUBJECT[1])
    assert feature is not None and similarity(wire, feature) < 0.1
    assert signature("Too short to tell.") is None
    # The same text gives the same sketch in every process, whatever its hash seed:
    # sketches are stored and compared across imports.
    code = (
        "import sys; from reader.extract.stories import signature; "
        "sys.stdout.write(signature(sys.stdin.read()).hex())"
    )
    for seed in ("0", "12345"):
        other = subprocess.run(
            [sys.executable, "-c", code],
            input="\n\n".join(WIRE),
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert bytes.fromhex(other.stdout) == wire


def test_a_rewritten_article_leaves_its_story(db: Path, tmp_path: Path) -> None:
    with ArchiveStore(db) as store:
        ids = ids_by_source(store)
    rewritten = (
        "The autumn regatta will go ahead on Saturday despite the basin's closure, its "
        "organisers said, with the start moved to the western quays and the course "
        "shortened by two miles.\n\nEntries are up on last year, with forty boats from "
        "six clubs, and the weather service expects a steady breeze from the south west "
        "for most of the afternoon, which the sailors said would suit the new course."
    )
    write(tmp_path / "pages", "post", "Regatta Goes Ahead", rewritten, "Post")
    run("import", "--db", db, tmp_path / "pages" / "post.md")
    with ArchiveStore(db) as store:
        assert {m.source for m in store.same_story(ids["Gazette"])} == {"Courier"}
        assert store.same_story(ids["Post"]) == []


def test_reindex_groups_articles_stored_before_stories(db: Path) -> None:
    with ArchiveStore(db) as store, store.transaction():
        for table in ("story_members", "story_keys", "story_signatures"):
            store.conn.execute(f"DELETE FROM {table}")
    run("reindex", "--db", db)
    with ArchiveStore(db) as store:
        ids = ids_by_source(store)
        assert {m.source for m in store.same_story(ids["Gazette"])} == {"Courier", "Post"}


def test_a_bad_story_id_gets_a_message() -> None:
    from reader.query import QueryError, parse

    with pytest.raises(QueryError, match="give an article's id"):
        parse("story:abc")


def test_diff_shows_how_two_outlets_worded_one_story(db: Path) -> None:
    with ArchiveStore(db) as store:
        ids = ids_by_source(store)
    printed = run("diff", "--db", db, str(ids["Gazette"]), "--with", str(ids["Courier"]))
    first = printed.splitlines()[0]
    assert first.startswith("“Eastern Basin Closed After Solvent Found” → “Solvent In Harbour")
    assert "»jetty, officials said.« «jetty.»" in printed  # the ledes differ word by word
    assert "paragraph(s) unchanged" in printed  # the wire copy's body, word for word


def test_many_copies_make_one_story_and_a_story_stops_growing_at_its_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    for number in range(60):
        body = "\n\n".join(WIRE) + f"\n\nCopy number {number} of the wire report."
        write(folder, f"c{number:02d}", f"Basin Closed ({number})", body, f"Outlet {number}")
    db = tmp_path / "archive.db"
    run("import", "--db", db, folder)
    with ArchiveStore(db) as store:
        sizes = store.conn.execute(
            "SELECT count(*) FROM story_members GROUP BY story_id"
        ).fetchall()
    assert sizes == [(60,)]
    monkeypatch.setattr(stories, "MAX_STORY", 10)
    capped = tmp_path / "capped.db"
    run("import", "--db", capped, folder)
    with ArchiveStore(capped) as store:
        largest = store.conn.execute(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM story_members GROUP BY story_id)"
        ).fetchone()[0]
    assert largest == 10


# One report in Russian as two outlets ran it (written for this test): the second
# with its own first sentence and typographic quotes where the first has straight ones.
CYRILLIC = (
    "Городской совет Северной гавани в четверг одобрил план ремонта старого моста через "
    "реку, который был закрыт для машин с весны. Работы начнутся в мае и продлятся до "
    "конца года, сообщили в администрации. По словам инженеров, опоры моста пострадали "
    'от наводнения и требуют замены. "Мы не можем больше ждать," сказала глава комиссии '
    "по транспорту Анна Крылова. Жители района собрали более трёх тысяч подписей за "
    "скорейшее открытие моста, а торговцы с рынка на левом берегу жалуются на потерю "
    "покупателей. Стоимость работ оценивается в сорок миллионов, половину выделит область."
)


def test_words_of_any_script_are_sketched_and_punctuation_does_not_count() -> None:
    first = signature(CYRILLIC)
    assert first is not None  # no words at all, before: only ASCII letters were read
    rest = CYRILLIC.split(". ", 1)[1].replace('"', "«", 1).replace(',"', ",»", 1)
    copy = "Ремонт моста через реку начнётся в мае, решили депутаты. " + rest
    second = signature(copy)
    assert second is not None and similarity(first, second) >= SAME_STORY
    # Curly quotes, dashes, a no-break space and an ellipsis end words as spaces do.
    plain = "\n\n".join(WIRE)
    typeset = (
        plain.replace('"', "\u201c", 1)
        .replace(',"', ",\u201d", 1)
        .replace(" ", "\u00a0", 5)
        .replace(", ", " \u2014 ", 3)
        .replace(".", "\u2026", 2)
    )
    assert signature(typeset) == signature(plain)
    # An accented word is one word: "café" is not "caf".
    assert signature(f"{plain} café crème") != signature(f"{plain} cafx crème")


@pytest.mark.parametrize(
    "text",
    [
        "It\u2019s \u201cFine\u201d\u2014really\u2026 OK\u00a0then? Yes\u2013no",
        "It\u2019s \u201cFine\u201d\u2014r\u00e9ally\u2026 \u00c9T\u00c9 \u00abok\u00bb",
        "Why? \u201cWhy?\u201d \u2018K\u2019 is \u212a? \u0130stanbul\u2026 \uff21\uff22\u2014x",
    ],
)
def test_words_of_typeset_english_are_those_of_the_general_reading(text: str) -> None:
    # The quick reading (the common punctuation as "?") and the general one (the
    # text lower-cased, the punctuation by pattern) give the same words, and a text
    # with anything else outside ASCII (an É, the Kelvin sign, İ, a full-width
    # letter) takes the general one.
    general = sketching._PUNCTUATION.sub(b" ", text.lower().encode()).translate(
        sketching._SEPARATORS
    )
    assert words_of(text) == general.split()


def _general_reading(text: str) -> list[bytes]:
    spaced = sketching._PUNCTUATION.sub(b" ", text.lower().encode())
    spaced = sketching._UNSPACED.sub(rb" \g<0> ", spaced)
    return spaced.translate(sketching._SEPARATORS).split()


# ASCII, Latin-1's signs and general punctuation (the quick reading's), and what
# must send a text to the general one: letters of two and three bytes, signs whose
# first byte is E2 outside general punctuation (the Kelvin sign, arrows), CJK.
_MIXED = st.text(
    alphabet=st.sampled_from(
        [
            *"ab Z?.,'\n9",
            *("\u00a0", "\u00ab", "\u00b5", "\u00bf", "\u2019", "\u2014", "\u2026", "\u2060"),
            *("\u207f", "\u00c0", "\u00e9", "\u0130", "\u212a", "\u2190", "\u0436", "\u6e2f"),
            *("\uff21", "\u3001", "\U0001f600"),
        ]
    ),
    max_size=40,
)


@given(_MIXED)
@settings(max_examples=400, deadline=None)
def test_words_of_any_mix_of_punctuation_and_letters_are_the_general_readings(
    text: str,
) -> None:
    # The quick reading (every byte from 0x80 up a separator, when the text's only
    # characters outside ASCII are punctuation) agrees with the general one on any
    # mix, and a single letter outside ASCII among the punctuation is read as one.
    assert words_of(text) == _general_reading(text)


CHINESE_WIRE = [
    "林登港港务局周二关闭了东港池，此前在燃油码头附近采集的水样中检测出微量工业溶剂，官员表示。",
    "此次关闭影响四号至九号泊位，这些泊位承担港口大部分渡轮和渔船的往来。"
    "已停泊在港池内的船只在护送下离开，进港船只被引导至西码头。",
    "港务局总工程师玛伦·托勒夫森说：“在每一份样本都检测合格之前，我们不会重新开放港池。”"
    "她说溶剂的来源尚未查明，潜水员将于周三检查码头的管道。",
    "环保团体呼吁进行独立调查。市议会预计将在周四的会议上讨论此次关闭，"
    "届时港务局将向议员和居民介绍初步调查结果。",
]
CHINESE_FEATURE = (
    "周三早上在西码头，渔民们谈论的几乎只有这件事。他们大多数人停靠的东港池自周二起关闭，"
    "没有人能说出何时重新开放。港口官员没有说明溶剂来自哪里。一些船员怪罪燃油码头，"
    "另一些人则指向港口上方工业区的一条旧排水沟。一位在林登港捕鱼三十年的船长说："
    "“每一天不能卸货，就是一天没有收入。”议会周四开会，渔民们打算到场，要求赔偿并要求说明检测情况。"
)


def test_chinese_copies_of_one_story_are_sketched_and_meet() -> None:
    """Chinese is written without spaces: read as one word a clause, the wire story
    had 16 words (under MIN_WORDS, so no sketch), and one changed character made its
    whole clause another word. Each ideograph is a word now."""
    wire = signature("\n\n".join(CHINESE_WIRE))
    assert wire is not None
    lede = "周二，林登港东港池因燃油码头附近水样中发现微量工业溶剂而对航运关闭。"
    copy = signature("\n\n".join([lede, *CHINESE_WIRE[1:3]]))
    assert copy is not None and similarity(wire, copy) >= SAME_STORY
    feature = signature(CHINESE_FEATURE)
    assert feature is not None and similarity(wire, feature) < 0.1
    # Full-width colons, semicolons and question marks end words as the comma does.
    assert words_of("林登港：关闭；何时？重开") == words_of("林登港，关闭，何时！重开")
    assert words_of("ｐｏｒｔ：ｌｉｎｄｅｎ") == ["ｐｏｒｔ".encode(), "ｌｉｎｄｅｎ".encode()]


def test_the_sketches_of_the_first_version_are_dropped_and_reindex_makes_them_again(
    db: Path,
) -> None:
    from reader.store.schema import SCHEMA_VERSION, migrate

    with ArchiveStore(db) as store:
        ids = ids_by_source(store)
        conn = store.conn
        with store.transaction():
            # As an archive of the last release: its keys in one table, sketches of v1.
            conn.execute("PRAGMA user_version = 13")
            for table in ("story_keys_recent", "story_keys_new"):
                conn.execute(f"INSERT INTO story_keys SELECT * FROM {table}")
                conn.execute(f"DROP TABLE {table}")
            conn.execute("UPDATE story_signatures SET signature = zeroblob(128)")
        assert conn.execute("SELECT count(*) FROM story_keys").fetchone()[0] > 0
    with ArchiveStore(db) as store:  # opening migrates
        conn = store.conn
        assert migrate(conn) == SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM story_signatures").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM story_keys").fetchone()[0] == 0
        # The stories found stay until then.
        assert {m.source for m in store.same_story(ids["Gazette"])} == {"Courier", "Post"}
    run("reindex", "--db", db)
    with ArchiveStore(db) as store:
        assert store.conn.execute("SELECT count(*) FROM story_signatures").fetchone()[0] == 4
        assert {m.source for m in store.same_story(ids["Gazette"])} == {"Courier", "Post"}


def test_keys_are_found_while_new_or_recent_and_move_down_the_levels_when_due(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def count(store: ArchiveStore, table: str) -> int:
        return int(store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    with ArchiveStore(db) as store:
        # A small archive's keys stay in the table of new ones: too few to be moved.
        assert count(store, "story_keys") == count(store, "story_keys_recent") == 0
        assert (new := count(store, "story_keys_new"))
        assert not stories.merge_due(store.conn)
    extra = tmp_path / "more"
    extra.mkdir()
    write(extra, "herald", "Basin Shut After Solvent Found", "\n\n".join(WIRE), "Herald")
    run("import", "--db", db, extra)
    with ArchiveStore(db) as store:
        ids = ids_by_source(store)  # found while its copies' keys are new
        assert {m.source for m in store.same_story(ids["Herald"])} == {"Gazette", "Courier", "Post"}
        assert count(store, "story_keys_new") > new
    # Past NEW_KEYS the new keys move into the recent table, and are found there.
    monkeypatch.setattr(stories, "NEW_KEYS", 0)
    write(extra, "ledger", "Solvent Closes Basin", "\n\n".join(WIRE[1:]), "Ledger")
    run("import", "--db", db, extra)
    with ArchiveStore(db) as store:
        assert count(store, "story_keys_new") == 0 and count(store, "story_keys_recent") > new
        ids = ids_by_source(store)
        assert "Ledger" in {m.source for m in store.same_story(ids["Gazette"])}
    # Due once they are more than an eighth of the archive's (16 keys an article).
    monkeypatch.setattr(stories, "MERGE_FLOOR", 0)
    write(extra, "tribune", "Basin Solvent Closure", "\n\n".join(WIRE[:-1]), "Tribune")
    run("import", "--db", db, extra)
    with ArchiveStore(db) as store:
        assert count(store, "story_keys_recent") == count(store, "story_keys_new") == 0
        assert count(store, "story_keys") > new
        ids = ids_by_source(store)  # and found there as well
        assert {"Ledger", "Tribune"} <= {m.source for m in store.same_story(ids["Gazette"])}


def test_a_key_shared_by_many_articles_reads_only_the_newest_of_the_three_tables(
    tmp_path: Path,
) -> None:
    db = tmp_path / "archive.db"
    with ArchiveStore(db) as store:
        conn = store.conn
        with store.transaction():
            conn.executemany("INSERT INTO story_keys VALUES (7, ?)", [(n,) for n in range(1, 31)])
            conn.executemany(
                "INSERT INTO story_keys_recent VALUES (7, ?)", [(n,) for n in range(31, 41)]
            )
            conn.executemany(
                "INSERT INTO story_keys_new VALUES (7, ?)", [(n,) for n in range(41, 46)]
            )
            conn.execute("INSERT INTO story_keys_new VALUES (8, 3)")
            found = stories._filed_under(conn, {7, 8, 9})
    assert found == {7: list(range(26, 46)), 8: [3]}


def test_an_import_says_when_older_articles_wait_for_reindex_to_be_grouped(
    db: Path, tmp_path: Path
) -> None:
    with ArchiveStore(db) as store, store.transaction():
        # As after the upgrade to schema 14: the old sketches dropped.
        store.conn.execute("DELETE FROM story_signatures")
    extra = tmp_path / "more"
    extra.mkdir()
    write(extra, "herald", "Basin Shut After Solvent Found", "\n\n".join(WIRE), "Herald")
    result = CliRunner().invoke(cli, ["import", "--db", str(db), str(extra)])
    assert result.exit_code == 0, result.output
    assert (
        "4 articles stored by an earlier version of reader not compared for stories yet: "
        "`reader reindex` does it once." in result.stderr
    )
    # What the hint sent the user to do says it did it (it said "0 articles re-read").
    assert "4 articles compared for stories" in run("reindex", "--db", db)
    write(extra, "ledger", "Solvent Closes Basin", "\n\n".join(WIRE[1:]), "Ledger")
    again = CliRunner().invoke(cli, ["import", "--db", str(db), str(extra)])
    assert again.exit_code == 0 and "reindex" not in again.stderr


def test_recent_keys_move_a_piece_at_a_time_and_all_of_them_arrive(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    rows = [(7, n) for n in range(1, 6)] + [(key, 100 + key) for key in range(1, 40)]
    with ArchiveStore(db) as store:
        conn = store.conn
        with store.transaction():
            conn.executemany("INSERT INTO story_keys_recent VALUES (?, ?)", rows)
        pieces = 0
        done = False
        while not done:  # as merge_story_keys does, with pieces of 3
            with store.transaction():
                done = stories.merge_recent(conn, most=3)
            pieces += 1
            assert pieces < 50, "a piece must always move something"
        assert pieces > 5  # a piece at a time, not all at once
        assert conn.execute("SELECT count(*) FROM story_keys_recent").fetchone()[0] == 0
        moved = conn.execute("SELECT key, article_id FROM story_keys").fetchall()
        assert sorted(moved) == sorted(set(rows))
        # Five articles under one key, and pieces of 1: the piece still moves (all five).
        with store.transaction():
            conn.executemany(
                "INSERT INTO story_keys_recent VALUES (9, ?)", [(n,) for n in range(5)]
            )
            assert stories.merge_recent(conn, most=1) is False
        assert conn.execute("SELECT count(*) FROM story_keys_recent").fetchone()[0] == 0


@pytest.mark.parametrize("stored", ["x'0102'", "zeroblob(64)", "'not a sketch'"])
def test_a_sketch_of_the_wrong_shape_is_passed_over(db: Path, tmp_path: Path, stored: str) -> None:
    """An archive someone else made (or damaged) may hold any value as a sketch: one
    of the wrong length failed the import of every near copy of its article
    ("cannot store: bytes length not a multiple of item size"), and the re-import of
    the article itself."""
    with ArchiveStore(db) as store, store.transaction():
        ids = ids_by_source(store)
        store.conn.execute(
            f"UPDATE story_signatures SET signature = {stored} WHERE article_id = ?",
            (ids["Gazette"],),
        )
    extra = tmp_path / "more"
    extra.mkdir()
    write(extra, "herald", "Basin Shut After Solvent Found", "\n\n".join(WIRE), "Herald")
    changed = "\n\n".join([*WIRE, "The authority will publish the results online."])
    write(extra, "gazette", "Eastern Basin Closed After Solvent Found", changed, "Gazette")
    result = CliRunner().invoke(cli, ["import", "--db", str(db), str(extra)])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output
    with ArchiveStore(db) as store:
        ids = ids_by_source(store)
        assert {m.source for m in store.same_story(ids["Herald"])} == {
            "Gazette",
            "Courier",
            "Post",
        }


def test_a_story_keeps_its_name_when_another_member_leaves(db: Path) -> None:
    """A story is named by one of its articles, not always the oldest (an older one
    filed later by reindex joins under the newer name). One leaving renamed the whole
    story to its oldest member, rewriting every member's row, although the article
    that named it was still in it."""
    with ArchiveStore(db) as store:
        ids = ids_by_source(store)
        conn = store.conn
        oldest, middle, newest = sorted([ids["Gazette"], ids["Courier"], ids["Post"]])
        with store.transaction():
            # The story as named by its newest article: the older ones joined it later.
            conn.execute("UPDATE story_members SET story_id = ?", (newest,))
            stories.forget(conn, middle)
            assert stories.story_of(conn, oldest) == newest
            assert stories.story_of(conn, newest) == newest
            assert stories.story_of(conn, middle) is None
            # The article that named it leaving: the story left is one article, no story.
            stories.forget(conn, newest)
            assert stories.story_of(conn, oldest) is None


def test_the_sketch_of_a_known_text_is_what_archives_hold() -> None:
    """Sketches are stored: one made by another Python must equal this one. The runs'
    hashes combine by CPython's hash of a tuple of integers, which no document
    promises (it changed in 3.8); a Python or a tokeniser that changes it makes every
    stored sketch silently unlike new ones. Then SIGNATURE_VERSION must change, with a
    migration that drops the old sketches (as 14 did)."""
    wire = signature("\n\n".join(WIRE))
    assert wire is not None
    assert wire.hex() == (
        "7ed95d00778d0a02d5ad1304f09f6606fc469a08958b060a48b68a0c13eaf70e"
        "34002a109f2b551234cd061586a55416c72f791871ac8b1bced9e31c19cf001e"
        "0de31220bd59a82247e63a2554b509263a7a47280223f92a2b6e5b2c4028c82e"
        "3d9e58309cf844322caa7a340ed71336f53e5e3833bfe13a77cf263cc280403f"
    )


def test_the_keys_of_a_known_sketch_are_what_archives_hold() -> None:
    """Keys are stored too (story_keys): however they are computed, a known sketch's
    keys must stay these, and a band with an empty bin has none."""
    from array import array

    from reader.extract.stories import EMPTY, keys

    wire = signature("\n\n".join(WIRE))
    assert wire is not None
    assert keys(wire) == [
        *(1143744137, 1186852748, 759823565, 1334674511, 2123550421, 1349254823),
        *(1292042835, 1725387703, 1152338343, 1544153978, 1112447144, 1533730023),
        *(968641158, 2129512432, 1479411151, 696201620),
    ]
    bins = array("I", wire)
    bins[0] = bins[5] = EMPTY  # bands 0 and 2
    assert keys(bins.tobytes()) == [
        key for band, key in enumerate(keys(wire)) if band not in (0, 2)
    ]


@given(
    st.lists(st.sampled_from([0, 1, 7, 0xFFFFFFFF]), min_size=32, max_size=32),
    st.lists(st.sampled_from([0, 1, 7, 0xFFFFFFFF]), min_size=32, max_size=32),
)
def test_similarity_counts_the_bins_two_sketches_agree_on_of_those_either_filled(
    first: list[int], second: list[int]
) -> None:
    from array import array

    from reader.extract.stories import EMPTY

    both_empty = sum(x == y == EMPTY for x, y in zip(first, second, strict=True))
    agree = sum(x == y for x, y in zip(first, second, strict=True)) - both_empty
    expected = agree / (32 - both_empty) if both_empty < 32 else 0.0
    packed = [array("I", bins).tobytes() for bins in (first, second)]
    assert similarity(*packed) == expected


def test_a_huge_text_is_sketched_by_its_beginning() -> None:
    """A sketch held every word of the text at once: 4 million characters of Chinese,
    a word a character, took 680 MB and 8 s in a parser (an article may have 16
    million). Its first SKETCHED_CHARACTERS are read: far more than any news
    article, and near copies share their beginning."""
    from reader.extract.stories import SKETCHED_CHARACTERS

    rng = random.Random(15)
    text = " ".join(f"w{rng.randrange(50_000)}" for _ in range(SKETCHED_CHARACTERS // 4))
    assert len(text) > SKETCHED_CHARACTERS
    tail = " ".join(f"t{rng.randrange(50_000)}" for _ in range(50_000))
    assert signature(text) == signature(f"{text} {tail}")


def test_the_statistics_after_an_import_sample_the_story_keys_not_read_them_all(
    tmp_path: Path,
) -> None:
    # PRAGMA optimize analysed every story key the import had looked up: a second of
    # a million articles' import. Counted in SQLite's steps, not in seconds.
    with ArchiveStore(tmp_path / "archive.db") as store:
        conn = store.conn
        with store.transaction():
            conn.executemany(
                "INSERT INTO story_keys VALUES (?, ?)", ((key, key % 997) for key in range(200_000))
            )
        stories._filed_under(conn, {5, 6})  # as an import asks: the table counts as used
        steps = 0

        def step() -> int:
            nonlocal steps
            steps += 1
            return 0

        conn.set_progress_handler(step, 1000)
        store.checkpoint()
        conn.set_progress_handler(None, 0)
        analysed = conn.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'story_keys'").fetchone()
    assert analysed is not None  # it was analysed,
    assert steps < 400  # from a sample: all 200,000 keys took 1,200
