"""Where things live: the default archive and the bundled sample archive."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reader"


def default_db_path() -> Path:
    """``$READER_DB``, else ``archive.db`` in the platform's user data directory."""
    from_env = os.environ.get("READER_DB")
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "archive.db"


def sample_data_dir() -> Path | None:
    """The sample archive: inside an installed package, or at the top of a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "sample_data", here.parent.parent / "sample_data"):
        if candidate.is_dir():
            return candidate
    return None
