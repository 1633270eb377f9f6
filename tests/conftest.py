from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.store import ArchiveStore

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DATA = REPO / "sample_data"


def _shared_fixtures() -> Path:
    return Path(os.environ.get("READER_SHARED", REPO.parent / "shared")) / "fixtures"


SHARED_FIXTURES = _shared_fixtures()
SEED_ARTICLE = SHARED_FIXTURES / "000_a8dce1c6aa8efea6.txt"
SEED_EXPECTED = SHARED_FIXTURES / "000_a8dce1c6aa8efea6.expected.json"

needs_seed = pytest.mark.skipif(
    not SEED_ARTICLE.exists(), reason=f"shared fixture not found at {SEED_ARTICLE}"
)


def run(*args: str | Path) -> str:
    """Run a ``reader`` command that must succeed; its standard output."""
    result = CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample archive, imported once per test session."""
    template = tmp_path_factory.mktemp("sample") / "sample.db"
    result = CliRunner().invoke(cli, ["import", "--db", str(template), str(SAMPLE_DATA)])
    assert result.exit_code == 0, result.output
    return template


@pytest.fixture
def archive(tmp_path: Path, sample_template: Path) -> Path:
    """A copy of the sample archive that the test may change."""
    target = tmp_path / "archive.db"
    shutil.copy(sample_template, target)
    return target


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[ArchiveStore]:
    with ArchiveStore(db_path) as opened:
        yield opened


@pytest.fixture(autouse=True)
def _no_user_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the user's real archive, nor the reader's config and state."""
    monkeypatch.setenv("READER_DB", str(tmp_path / "default-archive.db"))
    monkeypatch.setenv("READER_CONFIG_DIR", str(tmp_path / "config"))
