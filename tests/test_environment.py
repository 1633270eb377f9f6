"""What the environment does to an archive is one sentence, never a traceback.

Each class under its real condition where a test can make it: another writer
holding the lock, a read-only file or folder (as an unprivileged user when the
tests run as root, which no permission stops), a full disk (SQLite's page limit,
which fails exactly as a full disk does), garbage and damaged files, an archive
from a newer reader.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import reader.store.archive as archive_module
from reader.cli import cli
from reader.store import SCHEMA_VERSION, ArchiveProblem, ArchiveStore
from reader.store.schema import migrate

# Every command that opens an archive, with arguments that work on the sample archive.
READING = [
    ("show", "1"),
    ("search", "harbour"),
    ("export",),
    ("export", "--quotes"),
    ("quotes", "--speaker", "Varga"),
    ("tags",),
]
WRITING = [
    ("tag", "1", "mine"),
    ("untag", "1", "mine"),
    ("bookmark", "1"),
    ("attribute", "1", "1", "Someone Else"),
    ("tags", "rename", "water", "drinking-water"),
    ("tags", "delete", "water"),
    ("search", "harbour", "--save", "harbour"),
    ("reindex", "--jobs", "1"),
    ("import", "--jobs", "1", "NEW_FILE"),
]


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--db", str(db)])


def new_file(folder: Path) -> Path:
    path = folder / "new.md"
    path.write_text("# New story\n\nSomething happened at the harbour.\n", encoding="utf-8")
    return path


def command(args: tuple[str, ...], file: Path) -> list[str]:
    return [str(file) if arg == "NEW_FILE" else arg for arg in args]


def one_line_error(result: Result) -> str:
    """The error a command ended with: exit status 1, one line, no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    # CliRunner mixes stdout and stderr: an export stopped mid-line by the damage
    # has its error after the partial line, where a terminal keeps them apart.
    lines = [
        line[line.index("Error: ") :] for line in result.output.splitlines() if "Error: " in line
    ]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


# -- a file that is not an archive --------------------------------------------


def test_garbage_is_refused_by_every_command_and_left_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    db.write_bytes(random.Random(1).randbytes(16384))
    before = db.read_bytes()
    for args in [*READING, *WRITING]:
        message = one_line_error(run(db, *command(args, new_file(tmp_path))))
        assert "is not a reader archive" in message, args
    assert db.read_bytes() == before


def test_another_programs_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "places.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    for args in (("show", "1"), ("tag", "1", "x"), ("import", str(new_file(tmp_path)))):
        assert "a database of another program" in one_line_error(run(db, *args))
    assert db.read_bytes() == before
    assert not db.with_name("places.sqlite-wal").exists()


def test_a_damaged_archive_is_one_line_whatever_the_command(tmp_path: Path, archive: Path) -> None:
    data = bytearray(archive.read_bytes())
    page = 4096
    rng = random.Random(5)
    for number in range(3, len(data) // page, 4):  # page 1 (the schema) left whole
        start = number * page + 100
        data[start : start + 300] = rng.randbytes(300)
    archive.write_bytes(bytes(data))
    damaged = 0
    for args in [*READING, *WRITING]:
        result = run(archive, *command(args, new_file(tmp_path)))
        assert "Traceback" not in result.output
        if result.exit_code:
            # What SQLite notices is "damaged"; what it reads as other data is
            # that data's message ("no tag 'water'").
            damaged += "is damaged" in one_line_error(result)
    assert damaged


# -- an archive from a newer reader -------------------------------------------


def test_a_newer_archive_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn)  # rollback-journal mode: opening it for writing would switch it to WAL
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = db.read_bytes()
    for args in (("show", "1"), ("bookmark", "1"), ("import", str(new_file(tmp_path)))):
        message = one_line_error(run(db, *args))
        assert "was made by a newer reader" in message and "upgrade reader" in message
    assert db.read_bytes() == before


# -- a read-only archive ------------------------------------------------------


def test_a_read_only_store_reads_and_refuses_writes(archive: Path) -> None:
    before = archive.read_bytes()
    with ArchiveStore(archive, read_only=True) as store:
        assert store.read_only
        assert store.article_details(1) is not None
        assert list(store.iter_export())
        with pytest.raises(ArchiveProblem, match=r"is read-only$"):
            store.tag(1, "mine")
        with pytest.raises(ArchiveProblem, match=r"is read-only$"):
            store.begin()
    assert archive.read_bytes() == before


def test_read_only_archive_reading_commands_work_writing_ones_say_so(
    tmp_path: Path, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the store sees of a file or folder this user cannot write (the
    # unprivileged test below makes the real thing).
    monkeypatch.setattr(archive_module, "_writable", lambda path: False)
    before = archive.read_bytes()
    for args in READING:
        result = run(archive, *args)
        assert result.exit_code == 0, (args, result.output)
    for args in WRITING:
        message = one_line_error(run(archive, *command(args, new_file(tmp_path))))
        assert message == f"Error: the archive at {archive} is read-only", args
    assert archive.read_bytes() == before


def _unprivileged() -> list[str] | None:
    """How to run a command as a user that permissions apply to (None: no way here).

    Tests that run as root pass every permission check, so the real condition
    needs another user: nobody, through util-linux's setpriv.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    try:
        subprocess.run(
            [*prefix, sys.executable, "-c", "import reader.cli"],
            check=True,
            capture_output=True,
            cwd="/",
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return prefix


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another user can reach (pytest's own are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="reader-ro-"))
    folder.chmod(0o755)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


_COMMANDS_AS_USER = """
import json, sys
from click.testing import CliRunner
from reader.cli import cli
results = []
for args in json.loads(sys.argv[1]):
    result = CliRunner().invoke(cli, args)
    results.append([result.exit_code, result.output, repr(result.exception)])
print(json.dumps(results))
"""


@pytest.mark.parametrize("read_only", ["file", "folder", "file and folder"])
def test_read_only_for_real_as_an_unprivileged_user(
    shared_folder: Path, archive: Path, read_only: str
) -> None:
    as_user = _unprivileged()
    if as_user is None:
        pytest.skip("cannot run a command as an unprivileged user here")
    folder = shared_folder / "archives"
    folder.mkdir()
    db = folder / "archive.db"
    shutil.copy(archive, db)
    extra = new_file(shared_folder)
    db.chmod(0o444 if "file" in read_only else 0o666)
    folder.chmod(0o555 if "folder" in read_only else 0o777)
    before = db.read_bytes()
    commands = [
        [*args, "--db", str(db)]
        for args in (
            ("show", "1"),
            ("search", "harbour"),
            ("export",),
            ("tags",),
            ("tag", "1", "mine"),
            ("bookmark", "1"),
            ("import", "--jobs", "1", str(extra)),
        )
    ]
    finished = subprocess.run(
        [*as_user, sys.executable, "-c", _COMMANDS_AS_USER, json.dumps(commands)],
        capture_output=True,
        text=True,
        cwd=shared_folder,
        timeout=240,
    )
    assert finished.returncode == 0, finished.stderr
    results = json.loads(finished.stdout)
    for (code, output, exception), args in zip(results[:4], commands[:4], strict=True):
        assert code == 0, (args, output, exception)
    assert "harbour" in results[1][1].lower()
    for code, output, _ in results[4:]:
        assert code == 1 and output == f"Error: the archive at {db} is read-only\n"
    assert db.read_bytes() == before
    assert stat.S_IMODE(db.stat().st_mode) == (0o444 if "file" in read_only else 0o666)


# -- a full disk --------------------------------------------------------------


def _small_disk(monkeypatch: pytest.MonkeyPatch, spare_pages: int) -> None:
    """Every archive opened from now on may grow by only spare_pages pages: SQLite
    then fails as it does when the disk is full (SQLITE_FULL, "database or disk is full")."""
    connect = archive_module._connect

    def limited(target: str, *, uri: bool = False) -> sqlite3.Connection:
        conn = connect(target, uri=uri)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + spare_pages}")
        return conn

    monkeypatch.setattr(archive_module, "_connect", limited)


def test_a_full_disk_during_an_import_is_named(
    tmp_path: Path, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(200):
        (folder / f"{n:03d}.md").write_text(
            f"# Story {n}\n\n" + f"Words of story {n}, at length. " * 300, encoding="utf-8"
        )
    with ArchiveStore(archive) as store:
        before = store.count_articles()
    _small_disk(monkeypatch, spare_pages=60)
    message = one_line_error(run(archive, "import", "--jobs", "1", str(folder)))
    assert message.startswith(f"Error: the disk holding the archive at {archive} is full")
    assert "rollback" not in message
    monkeypatch.undo()
    with ArchiveStore(archive) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.fts_in_sync()
        assert store.count_articles() >= before  # what was committed is kept


def test_a_full_disk_in_a_transaction_is_named_not_cannot_rollback(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_disk(monkeypatch, spare_pages=1)
    with ArchiveStore(archive) as store:
        with pytest.raises(ArchiveProblem) as full, store.transaction():
            store.conn.execute(
                "INSERT INTO saved_searches VALUES ('big', ?, 'now')", ("x" * 100_000,)
            )
        assert full.value.kind == "full"
        assert not store.conn.in_transaction
        store.tag(1, "still-works")  # small enough for the space left
        assert "still-works" in store.tags_of(1)


# -- another writer holding the lock ------------------------------------------


def _hold_write_lock(db: Path, seconds: float, taken: threading.Event) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO saved_searches VALUES ('held', 'x', 'now')")
    taken.set()
    time.sleep(seconds)
    conn.execute("COMMIT")
    conn.close()


def test_a_command_waits_for_another_writer_and_says_so_once(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive_module, "BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(archive_module, "WAIT_POLL_MS", 50)
    taken = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(archive, 1.5, taken))
    holder.start()
    taken.wait(10)
    started = time.monotonic()
    result = run(archive, "bookmark", "2")
    holder.join()
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started >= 1.0  # it waited for the other writer
    waiting = f"waiting: another program is writing to {archive} (an import?)…"
    assert result.stderr.count(waiting) == 1
    assert "article 2 bookmarked" in result.stdout
    with ArchiveStore(archive) as store:
        assert store.conn.execute("SELECT count(*) FROM bookmarks WHERE article_id = 2").fetchone()
        assert store.conn.execute("SELECT query FROM saved_searches").fetchall() == [("x",)]


def test_a_long_write_lock_is_waited_out_not_a_traceback(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Past the busy timeout many times over: a writer waits as long as the lock is held.
    monkeypatch.setattr(archive_module, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(archive_module, "WAIT_POLL_MS", 20)
    taken = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(archive, 2.0, taken))
    holder.start()
    taken.wait(10)
    heard: list[str] = []
    with ArchiveStore(archive, on_wait=heard.append) as store:
        assert store.tag(3, "patient") == 1
    holder.join()
    assert len(heard) == 1 and heard[0].startswith("waiting: another program is writing")


def _jsonl(path: Path, name: str, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            record = {
                "title": f"{name} story {n}",
                "url": f"https://{name}.example/{n}",
                "body": f"Mayor Elena Varga spoke about {name} story {n}. " * 20,
            }
            out.write(json.dumps(record) + "\n")


def test_two_imports_at_once_wait_for_each_other_and_both_finish(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"  # new: both make it at the same moment
    count = 1500
    for name in ("first", "second"):
        _jsonl(tmp_path / f"{name}.jsonl", name, count)
    command_line = [sys.executable, "-m", "reader", "import", "--db", str(db), "--jobs", "1"]
    imports = [
        subprocess.Popen(
            [*command_line, str(tmp_path / f"{name}.jsonl")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    tagged = False
    deadline = time.monotonic() + 120
    while not tagged and time.monotonic() < deadline:
        try:
            with ArchiveStore(db, create=False) as store:
                if store.newest_id():
                    tagged = store.tag(1, "written-meanwhile") == 1
        except ArchiveProblem:
            pass  # not made yet
        time.sleep(0.05)
    for process in imports:
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err
        assert "Traceback" not in err
        assert f"{count:,} imported" in out
    with ArchiveStore(db) as store:
        assert store.count_articles() == 2 * count
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.fts_in_sync()
        assert tagged and store.tags_of(1) == ["written-meanwhile"]


# -- an archive crafted by someone else, and odd arguments ---------------------

HOSTILE = "\x1b]0;pwned\x07\x1b[31m\u202e\u200b"


def test_a_crafted_archive_reaches_the_terminal_clean(archive: Path) -> None:
    conn = sqlite3.connect(archive)
    conn.execute(
        "UPDATE articles SET title = ?1 || title, url = url || ?1, source = ?1 || source, "
        "published = ?1 || published WHERE id IN (1, 13, 41)",
        (HOSTILE,),
    )
    conn.execute(
        "UPDATE entities SET name = name || ?1, type = type || ?1 WHERE id IN "
        "(SELECT entity_id FROM article_entities WHERE article_id = 1)",
        (HOSTILE,),
    )
    conn.execute(
        "UPDATE quotes SET text = ?1 || text, cue = cue || ?1 WHERE article_id = 1", (HOSTILE,)
    )
    conn.execute("UPDATE links SET text = text || ?1, url = url || ?1", (HOSTILE,))
    conn.execute("UPDATE tags SET name = name || ?1", (HOSTILE,))
    conn.execute("INSERT INTO saved_searches VALUES (?1, ?1, 'now')", (f"s{HOSTILE}",))
    conn.commit()
    conn.close()
    for args in (
        ("show", "1"),
        ("search", "harbour"),
        ("tags",),
        ("tag", "1", "mine"),
        ("quotes", "--speaker", "Ingrid Solberg"),
        ("export", "--quotes"),
        ("export", "--quotes", "--format", "csv"),
        ("attribute", "1", "2", "Ingrid Solberg"),
    ):
        result = run(archive, *args)
        assert result.exit_code == 0, (args, result.output)
        # Whole sequences go, parameters and all (the window title's "pwned" too).
        for shown in ("\x1b", "\x07", "\u202e", "\u200b", "pwned", "[31m"):
            assert shown not in result.output, (args, shown)


@pytest.mark.parametrize(
    "args",
    [
        ("tag", "1", "caf\udce9"),
        ("untag", "1", "caf\udce9"),
        ("quotes", "--speaker", "\udcff"),
        ("attribute", "1", "1", "Ren\udce9"),
        ("tags", "rename", "water", "\udcff"),
        ("tags", "delete", "\udcff"),
        ("search", "harbour", "--save", "\udcff"),
        ("export", "--query", "harbour \udcff"),
    ],
)
def test_text_arguments_that_are_not_utf8_are_a_usage_error(
    archive: Path, args: tuple[str, ...]
) -> None:
    # Bytes of another encoding in argv arrive as lone surrogates, which SQLite
    # cannot take: a message, not a UnicodeEncodeError.
    result = run(archive, *args)
    assert result.exit_code == 2, result.output
    assert "is not UTF-8 text" in result.output


def test_an_empty_saved_search_name_is_refused(archive: Path) -> None:
    assert "a saved search needs a name" in one_line_error(
        run(archive, "search", "harbour", "--save", "")
    )
