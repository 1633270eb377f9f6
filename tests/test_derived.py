"""Derived data in the archive: links, related articles, speakers across the archive, reindex."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reader.cli import cli
from reader.store import ArchiveStore

from .conftest import SAMPLE_DATA, run


def write(
    folder: Path, name: str, title: str, body: str, url: str, date: str = "March 3, 2026"
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(
        f"# {title}\n\n{date}\n\n{body}\n\nOriginal url:\n\n<{url}>\n", encoding="utf-8"
    )


def test_related_link_resolves_when_target_arrives_later(tmp_path: Path, db_path: Path) -> None:
    write(
        tmp_path / "a",
        "first.md",
        "Basin Closed",
        "The basin closed.\n\n## Related article: [Mayor Promises Clean Water](#)",
        "https://news.example/basin",
    )
    run("import", "--db", db_path, tmp_path / "a")
    with ArchiveStore(db_path) as store:
        (link,) = store.conn.execute("SELECT text, target_article_id FROM links").fetchall()
        assert link == ("Mayor Promises Clean Water", None)
    write(
        tmp_path / "b",
        "second.md",
        "Mayor Promises Clean Water",
        "Elena Varga promised clean water.",
        "https://news.example/promise",
    )
    run("import", "--db", db_path, tmp_path / "b")
    with ArchiveStore(db_path) as store:
        assert store.conn.execute("SELECT target_article_id FROM links").fetchone()[0] == 2
        related = store.related_to(1)
        assert related[0].id == 2 and related[0].reason == "linked"
        assert store.related_to(2)[0].id == 1  # links count both ways


def test_related_prefers_rare_shared_entities(tmp_path: Path, db_path: Path) -> None:
    common = "Officials in Berlin met on Monday."
    write(tmp_path, "1.md", "One", f"{common} Dr. Ingrid Solberg spoke.", "https://n.example/1")
    write(
        tmp_path, "2.md", "Two", f"{common} Dr. Ingrid Solberg spoke again.", "https://n.example/2"
    )
    for n in range(3, 8):
        write(tmp_path, f"{n}.md", f"Other {n}", common, f"https://n.example/{n}")
    run("import", "--db", db_path, tmp_path)
    with ArchiveStore(db_path) as store:
        related = store.related_to(1)
        assert related[0].id == 2
        assert "Ingrid Solberg" in related[0].reason


def test_related_is_index_backed(db_path: Path) -> None:
    run("import", "--db", db_path, SAMPLE_DATA)
    with ArchiveStore(db_path) as store:
        traced: list[str] = []
        store.conn.set_trace_callback(traced.append)
        store.related_to(5)
        store.conn.set_trace_callback(None)
        for statement in traced:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            plan = " ".join(
                str(row[-1]) for row in store.conn.execute(f"EXPLAIN QUERY PLAN {statement}")
            )
            for table in ("articles", "article_entities", "links", "entities"):
                assert f"SCAN {table} " not in plan + " ", f"{table} scanned: {plan}"


def test_surname_only_article_keeps_its_surname(tmp_path: Path, db_path: Path) -> None:
    """A surname alone is not bound to a person of another article (issue 9, class 1):
    the basketball player "Powell" is not the central banker Jerome Powell."""
    write(tmp_path / "a", "1.md", "Short", "“We act now,” Varga said.", "https://n.example/a")
    write(
        tmp_path / "b",
        "2.md",
        "Long",
        "Mayor Elena Varga spoke. “We act now,” Varga said.",
        "https://n.example/b",
    )
    run("import", "--db", db_path, tmp_path / "a")
    run("import", "--db", db_path, tmp_path / "b")
    with ArchiveStore(db_path) as store:
        speakers = {row[0] for row in store.conn.execute("SELECT speaker FROM quotes")}
        assert speakers == {"Varga", "Elena Varga"}
        assert len(list(store.quote_hits('said:"Varga"'))) == 2  # a search by surname finds both
        assert len(list(store.quote_hits('said:"Elena Varga"'))) == 1
        people = {
            r[0] for r in store.conn.execute("SELECT name FROM entities WHERE type = 'PERSON'")
        }
        assert people == {"Varga", "Elena Varga"}


def test_export_fills_derived_lists(db_path: Path) -> None:
    run("import", "--db", db_path, SAMPLE_DATA)
    records = [json.loads(line) for line in run("export", "--db", db_path).splitlines()]
    # Every article names someone; all but the Q&A interview (answers unquoted) quote someone.
    assert all(r["entities"] for r in records)
    assert sum(1 for r in records if r["quotes"]) >= len(records) - 1
    assert sum(1 for r in records if any(link["article_id"] for link in r["links"])) >= 10
    assert all(r["related"] for r in records)
    quote = records[0]["quotes"][0]
    assert set(quote) == {"text", "speaker"}
    assert set(records[0]["entities"][0]) == {"name", "type", "mentions"}


def test_reindex_keeps_user_state_and_rebuilds(db_path: Path) -> None:
    run("import", "--db", db_path, SAMPLE_DATA)
    with ArchiveStore(db_path) as store, store.transaction():
        store.add_tag(3, "keep")
        store.set_bookmark(3, True)
        store.conn.execute("DELETE FROM quotes")
        store.conn.execute("UPDATE article_extraction SET version = 0")
    before = run("export", "--db", db_path)
    assert '"quotes": []' in before
    assert "re-read" in run("reindex", "--db", db_path)
    with ArchiveStore(db_path) as store:
        assert store.conn.execute("SELECT count(*) FROM quotes").fetchone()[0] > 100
        assert store.tags_of(3) == ["keep"]
        counts = store.conn.execute(
            "SELECT count(*) FROM entities e WHERE article_count != "
            "(SELECT count(*) FROM article_entities WHERE entity_id = e.id)"
        ).fetchone()[0]
        assert counts == 0
    assert "0 articles re-read" in run("reindex", "--db", db_path)


def test_show_and_quotes_commands(db_path: Path) -> None:
    run("import", "--db", db_path, SAMPLE_DATA)
    shown = run("show", "--db", db_path, "1")
    for heading in ("Quotes (", "Entities", "Links (", "Related"):
        assert heading in shown
    said = run("quotes", "--db", db_path, "--speaker", "Varga")
    headings = [line for line in said.splitlines() if "[article " in line]
    assert headings and all("· Elena Varga" in line for line in headings)
    result = CliRunner().invoke(cli, ["show", "--db", str(db_path), "99999"])
    assert result.exit_code == 1 and "no article with id 99999" in result.output
