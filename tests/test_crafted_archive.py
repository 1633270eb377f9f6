"""A shared archive is a file someone else made (issue 12, second attack run): what
its schema holds beyond reader's tables is refused with one line, at once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reader.cli import cli
from reader.store import ArchiveStore


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def archive(tmp_path: Path) -> Path:
    (tmp_path / "a.md").write_text("# Harbour\n\nThe quay opens in May, the council said.\n")
    db = tmp_path / "a.db"
    assert run("import", "--db", db, tmp_path / "a.md").exit_code == 0
    return db


def change(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.mark.parametrize("version", [-1, -20, -(2**31)])
def test_a_negative_schema_version_is_one_line(tmp_path: Path, version: int) -> None:
    """PRAGMA user_version is signed: -20 took migrations from the end of the list
    (MIGRATIONS[-21]: an IndexError traceback), -1 re-applied the last one."""
    db = archive(tmp_path)
    change(db, f"PRAGMA user_version = {version}")
    for args in (("search", "--db", db, "harbour"), ("import", "--db", db, tmp_path / "a.md")):
        result = run(*args)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
        assert f"its schema version is {version}, which no reader writes" in result.output


def test_an_endless_view_in_place_of_a_table_is_refused_at_once(tmp_path: Path) -> None:
    """`reader tags` on an archive whose saved_searches was a recursive view never
    returned, and Ctrl-C was not seen inside SQLite (run apart, so a regression
    cannot hang the suite)."""
    db = archive(tmp_path)
    change(
        db,
        "DROP TABLE saved_searches",
        "CREATE VIEW saved_searches AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL "
        "SELECT x + 1 FROM n) SELECT 's' || x AS name, 'q' AS query, x AS created_at "
        "FROM n ORDER BY x",
    )
    started = time.monotonic()
    done = subprocess.run(
        [str(Path(sys.executable).parent / "reader"), "tags", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.monotonic() - started < 30
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "it holds a view reader never makes (saved_searches)" in done.stderr


def test_a_trigger_of_someone_elses_is_refused_before_any_write(tmp_path: Path) -> None:
    """A trigger on article_tags that deleted every article ran on `reader tag`."""
    db = archive(tmp_path)
    change(db, "CREATE TRIGGER wipe AFTER INSERT ON article_tags BEGIN DELETE FROM articles; END")
    result = run("tag", "--db", db, 1, "water")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "it holds a trigger reader never makes (wipe)" in result.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    conn.close()


def test_a_view_of_someone_elses_is_refused_when_read_only_too(tmp_path: Path) -> None:
    """Opened read-only (a shared archive on a read-only disk), the archive was not
    checked: a recursive view named as one of reader's tables never returned."""
    db = archive(tmp_path)
    change(
        db,
        "DROP TABLE saved_searches",
        "CREATE VIEW saved_searches AS WITH RECURSIVE n(name, query, created_at) AS "
        "(SELECT 'a', 'b', 'c' UNION ALL SELECT name, query, created_at FROM n) "
        "SELECT * FROM n",
    )
    with pytest.raises(sqlite3.DatabaseError, match="it holds a view reader never makes"):
        ArchiveStore(db, read_only=True)


def test_a_row_that_is_not_utf8_costs_that_row_not_the_export(tmp_path: Path) -> None:
    """A crafted archive's one title of invalid UTF-8 stopped `reader export` of every
    article ("Could not decode to UTF-8 column 'title'"), and `quotes`, `reindex --all`."""
    db = archive(tmp_path)
    (tmp_path / "b.md").write_text("# Ferry\n\nThe night ferry runs twice, the company said.\n")
    assert run("import", "--db", db, tmp_path / "b.md").exit_code == 0
    change(db, "UPDATE articles SET title = CAST(X'48617262fffe6f7572' AS TEXT) WHERE id = 1")
    result = run("export", "--db", db, "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 2


def test_authors_that_are_not_json_are_no_authors(tmp_path: Path) -> None:
    """`reader show` on a crafted archive whose authors column is not JSON: a
    JSONDecodeError traceback."""
    db = archive(tmp_path)
    change(db, "UPDATE articles SET authors = 'Elena Varga' WHERE id = 1")
    result = run("show", "--db", db, 1)
    assert result.exit_code == 0 and result.exception is None, result.output


def test_a_write_refused_by_a_file_size_limit_is_named(tmp_path: Path) -> None:
    """With `ulimit -f` (or a quota) SQLite's write fails with EFBIG/EDQUOT, which it
    reports as a disk I/O error: reader said "is its disk still there?"."""
    import resource

    db = archive(tmp_path)
    pages = "".join(
        f"<item><title>Item {i}</title><link>https://example.org/{i}</link>"
        f"<description>{'The quay opens in May. ' * 40}</description></item>"
        for i in range(400)
    )
    (tmp_path / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>G</title>{pages}</channel></rss>'
    )
    limit = db.stat().st_size + 64 * 1024

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run(
        [str(Path(sys.executable).parent / "reader"), "import", "--db", str(db), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=small_files,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "disk still there" not in done.stderr
    assert "size limit" in done.stderr or "full" in done.stderr
