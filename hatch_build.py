"""Wheel build hook: compile the extractor with mypyc where a C compiler is at hand.

Extraction runs on every imported article and is plain Python, so a wheel built
with ``pip install .`` or ``pip wheel .`` carries it compiled to C by mypyc (the
compiler black and mypy ship with): the same code, about twice as fast. Nothing
else changes: the ``.py`` files stay in the wheel beside the compiled modules,
which Python prefers when both are there.

The pure-Python code is always the fallback, never an error:

- an editable install (``pip install -e .``, what ``make`` sets up for working
  on the code) is never compiled, so an edited ``.py`` file is what runs;
- without a C compiler, or if mypyc fails, the wheel is built pure, with a warning;
- ``READER_PURE_PYTHON=1`` skips compiling; ``READER_REQUIRE_COMPILED=1`` makes a
  failed compile an error instead (``benchmarks/compiled.py`` and the test set it,
  so a figure called compiled is one).

``tests/test_compiled.py`` builds a wheel and checks that the compiled extractor
finds exactly what the pure one does.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# reader/extract modules compiled, in dependency order.
COMPILED = ("text.py", "lexicon.py", "entities.py", "quotes.py")


class CompileExtractor(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable" or _switched_on("READER_PURE_PYTHON"):
            return
        work = Path(tempfile.mkdtemp(prefix="reader-mypyc-"))
        # Removed in finalize(), or when the build process ends if the build fails.
        atexit.register(shutil.rmtree, work, ignore_errors=True)
        self._work = work
        try:
            libraries = self._compile(work)
        except (OSError, subprocess.CalledProcessError) as error:
            # mypy reports type errors on stdout, the C compiler on stderr.
            output = (getattr(error, "stdout", "") or "") + (getattr(error, "stderr", "") or "")
            message = f"reader: mypyc failed ({error})\n{output[-3000:]}"
            if _switched_on("READER_REQUIRE_COMPILED"):
                raise RuntimeError(message) from error
            self.app.display_warning(message + "\nreader: the extractor stays pure Python")
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        for library, target in libraries:
            build_data["force_include"][str(library)] = target

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)

    def _compile(self, work: Path) -> list[tuple[Path, str]]:
        """mypyc on a copy of the package, so no compiled file lands in the source tree."""
        source = Path(self.root) / "src" / "reader"
        package = work / "reader"
        shutil.copytree(source / "extract", package / "extract")
        shutil.copy(source / "__init__.py", package / "__init__.py")
        subprocess.run(
            [sys.executable, "-m", "mypyc", *(f"reader/extract/{name}" for name in COMPILED)],
            cwd=work,
            check=True,
            capture_output=True,
            text=True,
        )
        # One shared library at the top (mypyc names it by a hash) and one small
        # stub per module.
        suffixes = ("*.so", "*.pyd")
        libraries = [(found, found.name) for suffix in suffixes for found in work.glob(suffix)]
        libraries += [
            (found, f"reader/extract/{found.name}")
            for suffix in suffixes
            for found in (package / "extract").glob(suffix)
        ]
        if not libraries:
            raise OSError("mypyc made no compiled modules")
        return libraries


def _switched_on(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")
