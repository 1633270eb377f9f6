from reader.cli import cli

cli()
