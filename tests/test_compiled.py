"""The wheel's compiled extractor (mypyc, see hatch_build.py) finds exactly what the
pure-Python one does, on every article we have."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from compiled import build_compiled  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def compiled_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not any(shutil.which(name) for name in ("cc", "gcc", "clang")):
        pytest.skip("no C compiler: wheels are built pure Python here")
    return build_compiled(tmp_path_factory.mktemp("wheel"))


def run_python(code_or_script: list[str], tree: Path | None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    return subprocess.run(
        [sys.executable, *code_or_script], env=env, capture_output=True, text=True, check=False
    )


def test_the_wheel_carries_the_extractor_compiled(compiled_tree: Path) -> None:
    check = "from reader.extract import is_compiled; print(is_compiled())"
    assert run_python(["-c", check], compiled_tree).stdout.strip() == "True"
    assert run_python(["-c", check], None).stdout.strip() == "False"
    wheel = next(compiled_tree.parent.glob("reader-*.whl"))
    assert not wheel.name.endswith("-none-any.whl")  # tagged for this platform


def test_compiled_extractor_finds_what_the_pure_one_does(
    compiled_tree: Path, tmp_path: Path
) -> None:
    script = str(REPO / "benchmarks" / "extraction_diff.py")
    snapshot = str(tmp_path / "pure.json")
    pure = run_python([script, "--save", snapshot], None)
    assert pure.returncode == 0, pure.stderr
    compared = run_python([script, snapshot], compiled_tree)
    assert compared.returncode == 0, compared.stdout + compared.stderr
    assert "no differences" in compared.stdout
