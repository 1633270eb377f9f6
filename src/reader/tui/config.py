"""The reader's settings (config.toml), its keymap (keymap.toml) and what it remembers (state.toml).

All three live in the user's config directory (``~/.config/reader/`` on Linux;
``$READER_CONFIG_DIR`` overrides it, as the tests do). config.toml and
keymap.toml are the user's and only read; state.toml is the reader's own (the
theme, the last view and article) and rewritten whole. No Textual here.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

# Every key config.toml may hold, with what it does (the README lists them too).
KNOWN_SETTINGS = {
    "mark_read_on_open": "opening an article marks it read (default true)",
    "read_dwell": "seconds an article shown while moving through the list stays before it "
    "counts as read (default: never)",
    "restore_session": "open on the last view and article (default true)",
}


@dataclass
class Settings:
    mark_read_on_open: bool = True
    read_dwell: float | None = None  # opt-in: looking is not reading
    restore_session: bool = True
    problems: list[str] = field(default_factory=list)  # said once, at start


@dataclass
class Session:
    """Where the reader was in one archive when it closed."""

    view_query: str | None = None  # the narrowed list: a query, or None for all articles
    view_label: str | None = None
    article_id: int | None = None
    # "search": the list was a search typed in the box, restored as one (a new search
    # replaces it); else a tag's, a saved search's or a list's.
    view_kind: str | None = None


@dataclass
class SavedState:
    """What the reader remembers between runs: the theme, and each archive's session."""

    theme: str | None = None
    sessions: dict[str, Session] = field(default_factory=dict)  # by archive path


SESSIONS_KEPT = 20  # the archives most recently opened


def config_dir() -> Path | None:
    if override := os.environ.get("READER_CONFIG_DIR"):
        return Path(override)
    try:
        from platformdirs import user_config_path
    except ImportError:  # pragma: no cover - a dependency, always there
        return None
    return user_config_path("reader", appauthor=False)


def _read_toml(path: Path) -> tuple[dict[str, object], str | None]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")), None
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, f"{path} not read: {error}"


def load_settings(directory: Path | None) -> Settings:
    settings = Settings()
    if directory is None:
        return settings
    path = directory / "config.toml"
    values, problem = _read_toml(path)
    if problem:
        settings.problems.append(problem)
    for key, value in values.items():
        if key == "mark_read_on_open" and isinstance(value, bool):
            settings.mark_read_on_open = value
        elif key == "restore_session" and isinstance(value, bool):
            settings.restore_session = value
        elif key == "read_dwell" and isinstance(value, int | float) and value > 0:
            settings.read_dwell = float(value)
        elif key in KNOWN_SETTINGS:
            settings.problems.append(f"{path}: {key} = {value!r} is not a valid value")
        else:
            known = ", ".join(KNOWN_SETTINGS)
            settings.problems.append(f"{path}: unknown setting {key!r} (known: {known})")
    return settings


def load_keymap(path: Path | None) -> tuple[dict[str, str], list[str]]:
    """A keymap: a TOML table of binding id = "keys" (see the README)."""
    if path is None:
        return {}, []
    values, problem = _read_toml(path)
    if problem:
        return {}, [f"keymap {problem}"]
    return {str(key): str(value) for key, value in values.items()}, []


def load_state(directory: Path | None) -> SavedState:
    if directory is None:
        return SavedState()
    values, _problem = _read_toml(directory / "state.toml")  # ours: a bad one is forgotten
    theme = values.get("theme")
    state = SavedState(theme=theme if isinstance(theme, str) else None)
    archives = values.get("archive")
    for path, fields in archives.items() if isinstance(archives, dict) else []:
        if not isinstance(fields, dict):
            continue
        query, label, article, kind = (
            fields.get(k) for k in ("view_query", "view_label", "article_id", "view_kind")
        )
        state.sessions[str(path)] = Session(
            query if isinstance(query, str) else None,
            label if isinstance(label, str) else None,
            article if isinstance(article, int) else None,
            kind if isinstance(kind, str) else None,
        )
    return state


def save_state(directory: Path | None, state: SavedState) -> None:
    """Write state.toml; a config directory that cannot be written is not an error."""
    if directory is None:
        return
    lines = ["# Written by reader: what it remembers between runs."]
    if state.theme is not None:
        lines.append(f"theme = {_toml_string(state.theme)}")
    for path, session in list(state.sessions.items())[-SESSIONS_KEPT:]:
        lines += ["", f"[archive.{_toml_string(path)}]"]
        if session.view_query is not None:
            lines.append(f"view_query = {_toml_string(session.view_query)}")
        if session.view_label is not None:
            lines.append(f"view_label = {_toml_string(session.view_label)}")
        if session.article_id is not None:
            lines.append(f"article_id = {int(session.article_id)}")
        if session.view_kind is not None:
            lines.append(f"view_kind = {_toml_string(session.view_kind)}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "state.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError:
        pass


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(ch if ch >= " " and ch != "\x7f" else f"\\u{ord(ch):04x}" for ch in escaped)
    return f'"{escaped}"'
