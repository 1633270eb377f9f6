"""The shape the reader keeps: small classes, state changed on the event loop."""

from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).parent.parent / "src" / "reader" / "tui"


def test_no_class_in_the_tui_is_over_400_lines() -> None:
    long = {}
    for path in TUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                lines = node.end_lineno - node.lineno + 1
                if lines > 400:
                    long[f"{path.name}:{node.name}"] = lines
    assert long == {}


def test_workers_never_reach_into_the_app_from_their_thread() -> None:
    """Jobs return messages; nothing in the TUI calls back with call_from_thread but the
    one notice of a write waiting for another writer."""
    calls = {
        path.name: path.read_text(encoding="utf-8").count("call_from_thread")
        for path in TUI.rglob("*.py")
    }
    assert {name: count for name, count in calls.items() if count} == {"app.py": 1}


def test_sidebar_items_carry_their_objects_not_strings() -> None:
    source = (TUI / "widgets" / "sidebar.py").read_text(encoding="utf-8")
    assert 'id=f"' not in source and "split(" not in source
    assert "type: ignore" not in (TUI / "views.py").read_text(encoding="utf-8")
