"""Work in worker processes: a worker that dies, and reindex on several cores."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import reader.importers.runner as runner
from reader.cli import cli
from reader.store import ArchiveStore

from .conftest import run
from .test_import_cli import write_articles


def test_a_dead_worker_costs_no_article(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parser that kills its process: the chunk is parsed again in the main process."""
    parent = os.getpid()
    parse_file = runner.parse_file

    def dies_in_a_worker(path: str, *args: Any, **kwargs: Any) -> Any:
        if path.endswith("013.md") and os.getpid() != parent:
            os._exit(1)
        return parse_file(path, *args, **kwargs)

    monkeypatch.setattr(runner, "parse_file", dies_in_a_worker)
    # Enough chunks that more are handed out after the worker died.
    write_articles(tmp_path / "in", 400)
    output = run("import", "--db", db_path, "--jobs", "2", tmp_path / "in")
    assert "400 imported" in output and "0 failed" in output
    with ArchiveStore(db_path) as store:
        assert store.count_articles() == 400


def test_parallel_reindex_matches_serial(tmp_path: Path, archive: Path) -> None:
    def derived(db: Path) -> list[object]:
        with ArchiveStore(db) as store:
            # Row ids are new after a reindex; what was found must not be.
            return [
                store.conn.execute(f"SELECT {columns} FROM {table} ORDER BY {columns}").fetchall()
                for table, columns in (
                    ("quotes", "article_id, start, text, speaker, speaker_entity_id, kind"),
                    ("article_entities", "article_id, entity_id, mentions, offsets"),
                    ("links", "article_id, text, url, target_article_id"),
                )
            ]

    before = derived(archive)
    run("reindex", "--db", archive, "--all", "--jobs", "2")
    assert derived(archive) == before
    assert before[0], "the sample archive has quotes to compare"


def test_a_dead_worker_costs_reindex_nothing(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An extraction that kills its process: the batch is extracted again here."""
    import reader.reindex as reindex

    parent = os.getpid()
    extract_article = reindex.extract_article

    def dies_in_a_worker(body: str) -> Any:
        if os.getpid() != parent:
            os._exit(1)
        return extract_article(body)

    with ArchiveStore(archive) as store:
        quotes = store.conn.execute("SELECT count(*) FROM quotes").fetchone()[0]
        articles = store.count_articles()
    monkeypatch.setattr(reindex, "extract_article", dies_in_a_worker)
    output = run("reindex", "--db", archive, "--all", "--jobs", "2")
    assert f"{articles:,}" in output
    with ArchiveStore(archive) as store:
        assert store.conn.execute("SELECT count(*) FROM quotes").fetchone()[0] == quotes > 0


def _slow(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_stopping_early_ends_busy_workers_at_once() -> None:
    from reader.pool import in_order

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        for _item, future in in_order(_slow, [0.0, 60.0, 60.0, 60.0], workers=2, ahead=4):
            future.result()
            raise KeyboardInterrupt  # Ctrl-C while two workers sleep a minute
    assert time.monotonic() - started < 10


def test_a_file_over_its_time_budget_is_named_and_the_rest_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.importers import files

    real = files.parse_bytes

    def stuck(kind: str, data: bytes, path: str, field_map: Any = None) -> Any:
        if path.endswith("slow.md"):
            time.sleep(30)  # as a runaway expression would
        return real(kind, data, path, field_map)

    monkeypatch.setattr(files, "parse_bytes", stuck)
    monkeypatch.setattr(files, "PER_FILE_SECONDS", 0.5)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.md", "slow.md", "z.md"):
        (folder / name).write_text(f"# {name}\n\nBody.\n", encoding="utf-8")
    started = time.monotonic()
    result = CliRunner().invoke(
        cli, ["import", "--db", str(tmp_path / "a.db"), "-j", "1", str(folder)]
    )
    assert time.monotonic() - started < 15
    assert result.exit_code == 1
    assert "slow.md: took more than 1 s to read; passed over" in result.stderr
    assert "2 imported" in result.stdout and "1 failed" in result.stdout


def _worker_state(_: int) -> tuple[int, int]:
    import gc

    from reader.extract import lexicon

    return gc.get_freeze_count(), lexicon.first_names.cache_info().currsize


def test_a_worker_loads_the_word_lists_first_and_sets_them_aside_from_the_collector() -> None:
    import gc

    from reader.extract import lexicon, load
    from reader.pool import in_order

    lexicon.first_names.cache_clear()  # a forked worker must not inherit it loaded
    assert gc.get_freeze_count() == 0
    (_, future), *_ = in_order(_worker_state, [0], workers=1, ahead=1, prepare=load)
    frozen, loaded = future.result()
    assert loaded == 1  # read before the first item
    assert frozen > 10_000  # the modules and word lists, frozen
