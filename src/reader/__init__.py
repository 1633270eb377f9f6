"""reader: a terminal reader for news archives."""

__version__ = "0.1.0"
