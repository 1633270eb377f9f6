"""The newcomer's walk (tests/newcomer_walk.py) in a real terminal, on request.

Opt-in (READER_TMUX_WALK=1) because it needs tmux and half a minute of a quiet
machine: run `python tests/newcomer_walk.py` by hand after changing the reader.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(
    shutil.which("tmux") is None or not os.environ.get("READER_TMUX_WALK"),
    reason="the walk runs the reader in tmux; READER_TMUX_WALK=1 asks for it",
)
def test_the_newcomer_walk_holds() -> None:
    script = Path(__file__).with_name("newcomer_walk.py")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout
    assert done.stdout.rstrip().endswith("all held")
