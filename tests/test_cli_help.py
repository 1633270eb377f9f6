"""Every command explains itself, with an example (as sqlite-utils' test_docs does)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from reader.cli import cli

COMMANDS = sorted(cli.commands)


def test_there_are_commands() -> None:
    assert {"import", "export", "open"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_with_example(name: str) -> None:
    command = cli.commands[name]
    assert isinstance(command, click.Command)
    assert command.help and "Example" in command.help
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_top_level_help_lists_commands() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output
