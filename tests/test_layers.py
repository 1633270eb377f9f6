"""The data layers never load Textual: the import command and the library stay light."""

from __future__ import annotations

import subprocess
import sys

import pytest

UI_FREE = [
    "reader.store",
    "reader.importers",
    "reader.extract",
    "reader.exporters",
    "reader.sanitize",
    "reader.models",
    "reader.cli",
]


@pytest.mark.parametrize("module", UI_FREE)
def test_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{module} pulled in {result.stdout.strip()}"
