"""The README's Quick start is exactly two commands, and CI runs the second."""

from __future__ import annotations

import re

from .conftest import REPO


def quick_start_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "Quick start has a sh code block"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_two_commands() -> None:
    assert quick_start_commands() == ["make run", "make test"]


def test_ci_runs_the_test_command() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in script


def test_readme_names_no_machine_paths_or_registry_hosts() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for forbidden in ("/work/", "/root/", "pypi.org", "files.pythonhosted"):
        assert forbidden not in readme


def test_every_test_the_readme_names_exists() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"(tests/\w+\.py)(?:::(\w+))?", text))
    assert named, "the README names its tests"
    for path, test in named:
        assert (REPO / path).exists(), path
        if test:
            assert f"def {test}(" in (REPO / path).read_text(encoding="utf-8"), (path, test)
