"""What the importer tests share: `reader import` through click, the archive read back,
and the checks every format must pass (found by content under any name or in a
folder, imported twice without change, broken files failing in one line)."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from click.testing import CliRunner, Result

from reader.cli import cli
from reader.models import Article
from reader.store import ArchiveStore

T = TypeVar("T")

# Each tool's CSV export header, for the tests that one reader claims no other's file.
POCKET_HEADER = "title,url,time_added,tags,status".split(",")
INSTAPAPER_HEADER = "URL,Title,Selection,Folder,Timestamp,Tags".split(",")
READWISE_HEADER = "Title,URL,ID,Document tags,Saved date,Reading progress,Location".split(",")
MEDIACLOUD_HEADER = "stories_id,publish_date,title,url,language,media_name,media_url".split(",")

# url -> (title, read, bookmarked, sorted tags)
UserState = dict[str, tuple[str, bool, bool, list[str]]]


def run(*args: str | Path) -> Result:
    """A ``reader`` command; an exception it does not handle fails the test."""
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


def import_files(db: Path, *paths: str | Path) -> Result:
    """``reader import --db DB PATHS…``, whatever its outcome."""
    return run("import", "--db", db, *paths)


def import_ok(db: Path, *paths: str | Path) -> Result:
    """``reader import``, which must succeed."""
    result = import_files(db, *paths)
    assert result.exit_code == 0, result.output
    return result


def failure_lines(db: Path, *paths: Path) -> list[str]:
    """Import that fails without a traceback: the one line of stderr naming each path."""
    result = import_files(db, *paths)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = []
    for path in paths:
        [line] = [ln for ln in result.stderr.splitlines() if f"{path}:" in ln]
        lines.append(line)
    return lines


def article_details(db: Path) -> list[dict[str, Any]]:
    """Every stored article's details (text, user state, tags…), in the order stored."""
    with ArchiveStore(db) as store:
        ids = [row[0] for row in store.conn.execute("SELECT id FROM articles")]
        details = [store.article_details(article_id) for article_id in ids]
    return [d for d in details if d is not None]


def stored(db: Path) -> dict[str, dict[str, Any]]:
    """Every stored article's details, by URL (by title when it has none)."""
    return {str(d["url"] or d["title"]): d for d in article_details(db)}


def user_state(db: Path) -> UserState:
    """Every stored article's title and what the user made of it, by URL (or title)."""
    return {
        url: (d["title"], bool(d["read"]), bool(d["bookmarked"]), sorted(d["tags"]))
        for url, d in stored(db).items()
    }


def article_count(db: Path) -> int:
    """How many articles the archive holds."""
    with ArchiveStore(db) as store:
        return store.count_articles()


def articles_by_url(articles: Iterable[Article]) -> dict[str, Article]:
    """Parsed articles by their URL as the parser gave it (by title when it has none)."""
    return {article.url or article.title: article for article in articles}


def same_however_found(
    source: Path,
    tmp_path: Path,
    read: Callable[[Path], T],
    *,
    renamed: str = "export.txt",
    in_folder: str = "inner/export.txt",
    also: Iterable[Path] = (),
    expect: str = "",
) -> T:
    """Import ``source`` as it is named, copied as ``renamed``, found deep in a folder (and
    ``also``), each into an archive of its own: what ``read`` finds is the same every time.

    ``expect`` is a piece of every import's output ("4 imported").
    """
    found = []
    for n, path in enumerate([*_copies(source, tmp_path, renamed, in_folder), *also]):
        db = tmp_path / f"archive-{n}.db"
        assert expect in import_ok(db, path).output
        found.append(read(db))
    assert all(each == found[0] for each in found), found
    return found[0]


def _copies(source: Path, tmp_path: Path, renamed: str, in_folder: str) -> list[Path]:
    """``source``, a copy of it named ``renamed``, and a folder with a copy deep inside it."""
    copy = tmp_path / "renamed" / renamed
    folder = tmp_path / "folder"
    for target in (copy, folder / in_folder):
        target.parent.mkdir(parents=True)
        shutil.copy(source, target)
    return [source, copy, folder]


def reimport_changes_nothing(
    db: Path,
    *paths: Path,
    read: Callable[[Path], object] = user_state,
    unchanged: int | None = None,
) -> None:
    """Imported again, known unchanged and then parsed again (--force), nothing changes."""
    before = read(db)
    expected = "0 imported, 0 updated"
    if unchanged is not None:
        expected += f", {unchanged} unchanged"
    for flags in ((), ("--force",)):
        again = import_ok(db, *flags, *paths)
        assert expected in again.output
    assert read(db) == before


def write_zip(target: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target
