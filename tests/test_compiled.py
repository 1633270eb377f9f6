"""The wheel's compiled extractor (mypyc, see hatch_build.py) finds exactly what the
pure-Python one does, on every article we have."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from compiled import build_compiled  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def compiled_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not any(shutil.which(name) for name in ("cc", "gcc", "clang")):
        pytest.skip("no C compiler: wheels are built pure Python here")
    return build_compiled(tmp_path_factory.mktemp("wheel"))


def run_python(code_or_script: list[str], tree: Path | None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    return subprocess.run(
        [sys.executable, *code_or_script], env=env, capture_output=True, text=True, check=False
    )


def test_the_wheel_carries_the_extractor_compiled(compiled_tree: Path) -> None:
    check = "from reader.extract import is_compiled; print(is_compiled())"
    assert run_python(["-c", check], compiled_tree).stdout.strip() == "True"
    assert run_python(["-c", check], None).stdout.strip() == "False"
    wheel = next(compiled_tree.parent.glob("reader-*.whl"))
    assert not wheel.name.endswith("-none-any.whl")  # tagged for this platform


def test_compiled_extractor_finds_what_the_pure_one_does(
    compiled_tree: Path, tmp_path: Path
) -> None:
    script = str(REPO / "benchmarks" / "extraction_diff.py")
    snapshot = str(tmp_path / "pure.json")
    pure = run_python([script, "--save", snapshot], None)
    assert pure.returncode == 0, pure.stderr
    compared = run_python([script, snapshot], compiled_tree)
    assert compared.returncode == 0, compared.stdout + compared.stderr
    assert "no differences" in compared.stdout


def import_with_workers(tree: Path | None, folder: Path, db: Path) -> list[tuple[object, ...]]:
    """Import folder with two parser processes (they send extractions back pickled)."""
    command = "from reader.cli import cli; cli()"
    result = run_python(
        ["-c", command, "import", "--jobs", "2", "--db", str(db), str(folder)], tree
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT a.url, q.text, q.speaker FROM quotes q JOIN articles a ON a.id = q.article_id "
            "ORDER BY a.url, q.id"
        ).fetchall()


def test_an_import_through_worker_processes_stores_what_pure_python_does(
    compiled_tree: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    articles = sorted((REPO / "tests" / "extraction_set").glob("[0-9]*.md"))
    for copy in range(3):  # enough files for the parser pool
        for article in articles:
            text = article.read_text(encoding="utf-8")
            (folder / f"{copy}-{article.name}").write_text(
                text.replace(
                    "Original url:", f"Original url: https://example.org/{copy}/{article.stem}"
                ),
                encoding="utf-8",
            )
    pure = import_with_workers(None, folder, tmp_path / "pure.db")
    compiled = import_with_workers(compiled_tree, folder, tmp_path / "compiled.db")
    assert len(pure) > 300
    assert compiled == pure


def test_compiled_extractions_travel_between_processes(compiled_tree: Path) -> None:
    # Import and reindex workers send extractions back pickled.
    check = (
        "import pickle; from reader.extract import extract_article\n"
        "found = extract_article('“We go,” said Anna Varga, the mayor of Lisbon.')\n"
        "back = pickle.loads(pickle.dumps(found))\n"
        "assert [(q.text, q.speaker) for q in back.quotes] == [('We go,', 'Anna Varga')]\n"
        "assert back.quotes[0].speaker_entity is back.entities[0]\n"
        "print(sorted((e.name, e.type, e.mentions) for e in back.entities))"
    )
    result = run_python(["-c", check], compiled_tree)
    assert result.returncode == 0, result.stderr
    assert "('Anna Varga', 'PERSON'" in result.stdout and "'Lisbon', 'GPE'" in result.stdout
