"""The sample archive: enough articles, in every format, all importable."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from reader.cli import cli
from reader.store import ArchiveStore

from .conftest import SAMPLE_DATA


def test_sample_archive_imports_cleanly(db_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", "--db", str(db_path), str(SAMPLE_DATA)])
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.stdout
    with ArchiveStore(db_path) as store:
        assert store.count_articles() >= 40
        formats = Counter(row[0] for row in store.conn.execute("SELECT format FROM import_files"))
        assert {"markdown", "html", "feed"} <= set(formats)
        feeds = [p.read_text() for p in (SAMPLE_DATA / "feeds").glob("*.xml")]
        assert any("<rss" in feed for feed in feeds) and any("<feed" in feed for feed in feeds)
        rows = list(store.db.query("SELECT title, published, url, body FROM articles"))
    for row in rows:
        assert row["title"] and row["published"] and row["url"], row["title"]
        assert len(row["body"]) > 1000, row["title"]


def test_sample_archive_round_trips(tmp_path: Path, db_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(cli, ["import", "--db", str(db_path), str(SAMPLE_DATA)])
    first = runner.invoke(cli, ["export", "--db", str(db_path)]).stdout
    (tmp_path / "x.jsonl").write_text(first, encoding="utf-8")
    runner.invoke(cli, ["import", "--db", str(tmp_path / "b.db"), str(tmp_path / "x.jsonl")])
    assert runner.invoke(cli, ["export", "--db", str(tmp_path / "b.db")]).stdout == first
    assert all(json.loads(line)["title"] for line in first.splitlines())
