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
class SavedState:
    """What the reader remembers between runs."""

    theme: str | None = None
    view_query: str | None = None  # the last narrowed list: a query, or None for all
    view_label: str | None = None
    article_id: int | None = None


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

    def text(key: str) -> str | None:
        value = values.get(key)
        return value if isinstance(value, str) else None

    article = values.get("article_id")
    return SavedState(
        theme=text("theme"),
        view_query=text("view_query"),
        view_label=text("view_label"),
        article_id=article if isinstance(article, int) else None,
    )


def save_state(directory: Path | None, state: SavedState) -> None:
    """Write state.toml; a config directory that cannot be written is not an error."""
    if directory is None:
        return
    lines = ["# Written by reader: what it remembers between runs."]
    for key, value in (
        ("theme", state.theme),
        ("view_query", state.view_query),
        ("view_label", state.view_label),
    ):
        if value is not None:
            lines.append(f"{key} = {_toml_string(value)}")
    if state.article_id is not None:
        lines.append(f"article_id = {int(state.article_id)}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "state.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError:
        pass


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(ch if ch >= " " and ch != "\x7f" else f"\\u{ord(ch):04x}" for ch in escaped)
    return f'"{escaped}"'
