"""Save the README's screenshot of the reader on the sample archive.

python scripts/screenshot.py docs/screenshot.svg
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from reader.cli import cli
from reader.tui import make_app

REPO = Path(__file__).resolve().parent.parent


async def main(target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "archive.db"
        CliRunner().invoke(cli, ["import", "--db", str(db), str(REPO / "sample_data")])
        app = make_app(db)
        async with app.run_test(size=(150, 42)) as pilot:
            await pilot.pause(0.3)
            await pilot.press("j", "j")
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            app.save_screenshot(filename=target.name, path=str(target.parent))


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]).resolve()))
