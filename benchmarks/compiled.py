"""Run a benchmark against the compiled extractor, as a wheel install would have it.

    python benchmarks/compiled.py benchmarks/extraction_eval.py
    python benchmarks/compiled.py benchmarks/import_bench.py --sizes 10000

Builds the wheel (``hatch_build.py`` compiles ``reader.extract`` with mypyc) into a
temporary folder, unpacks it, and runs the given script with that copy of
``reader`` first on the path. The development install stays pure Python.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def build_compiled(folder: Path) -> Path:
    """Build the wheel into folder and unpack it; the unpacked tree's path."""
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", str(REPO)),
            *("--no-deps", "--no-build-isolation", "--quiet", "--wheel-dir", str(folder)),
        ],
        check=True,
        env={**os.environ, "READER_REQUIRE_COMPILED": "1"},  # never a pure wheel here
    )
    wheel = next(folder.glob("reader-*.whl"))
    tree = folder / "tree"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tree)
    return tree


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory(prefix="reader-compiled-") as folder:
        tree = build_compiled(Path(folder))
        path = os.pathsep.join(filter(None, [str(tree), os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "PYTHONPATH": path}
        result = subprocess.run([sys.executable, *sys.argv[1:]], env=env, check=False)
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
