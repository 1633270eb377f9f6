"""The folder walk cannot be led astray: links out, loops, deep trees, unreadable folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.importers import files
from reader.importers.files import iter_files
from reader.store import ArchiveStore


def article(path: Path, title: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {title}\n\nBody of {title}.\n", encoding="utf-8")


def test_a_link_out_of_the_folder_is_not_followed_and_is_named(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.md"
    article(secret, "Secret")
    folder = tmp_path / "in"
    article(folder / "kept.md", "Kept")
    (folder / "leak.md").symlink_to(secret)
    (folder / "inside.md").symlink_to(folder / "kept.md")  # a link within: fine
    result = CliRunner().invoke(cli, ["import", "-v", "--db", str(tmp_path / "a.db"), str(folder)])
    assert result.exit_code == 0, result.output
    assert "leak.md: a link to a place outside the folder imported" in result.stderr
    with ArchiveStore(tmp_path / "a.db") as store:
        titles = {row[0] for row in store.conn.execute("SELECT title FROM articles")}
    assert titles == {"Kept"}


def test_a_link_loop_ends(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    article(folder / "a" / "one.md", "One")
    (folder / "a" / "again").symlink_to(folder / "a")
    found = [item.path for item in iter_files([folder]) if not item.skip]
    assert found == [str(folder / "a" / "one.md")]


def test_a_very_deep_tree_is_walked(tmp_path: Path) -> None:
    deep = str(tmp_path / "in")
    os.mkdir(deep)
    for _ in range(1100):  # deeper than Python's recursion limit
        deep = os.path.join(deep, "d")
        os.mkdir(deep)
    article(Path(deep) / "bottom.md", "Bottom")
    try:
        found = [item for item in iter_files([tmp_path / "in"]) if not item.skip]
        assert [Path(item.path).name for item in found] == ["bottom.md"]
    finally:  # pytest's own clean-up of old temporary folders recurses: undo the depth here
        os.remove(os.path.join(deep, "bottom.md"))
        while deep != str(tmp_path):
            os.rmdir(deep)
            deep = os.path.dirname(deep)


def test_an_unreadable_folder_is_a_failure_named_the_rest_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    article(folder / "ok.md", "Ok")
    article(folder / "locked" / "hidden.md", "Hidden")
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    result = CliRunner().invoke(cli, ["import", "--db", str(tmp_path / "a.db"), str(folder)])
    assert result.exit_code == 1
    assert "locked: cannot read folder: Permission denied" in result.stderr
    assert "1 imported" in result.stdout and "1 failed" in result.stdout


def test_hostile_file_names_import_and_never_reach_the_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    latin = os.fsdecode(b"caf\xe9.md")  # a name that is not UTF-8
    (folder / latin).write_text("# Caf\u00e9\n\nBody.\n", encoding="utf-8")
    (folder / "clip\x1b]52;c;Zm9v\x07.md").write_bytes(b"")  # empty: an error names it
    (folder / "title\x1b]0;pwned\x07.md").write_text("# Titled\n\nBody.\n", encoding="utf-8")
    runner = CliRunner()
    for _ in range(2):  # and again: the odd names are known, not read twice
        result = runner.invoke(cli, ["import", "--db", str(tmp_path / "a.db"), str(folder)])
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert "empty file" in result.stderr
    assert "2 unchanged" in result.stdout
    with ArchiveStore(tmp_path / "a.db") as store:
        sources = [row[0] for row in store.conn.execute("SELECT imported_from FROM articles")]
    assert len(sources) == 2 and not any("\x1b" in source for source in sources)
