"""Why a file could not be imported."""

from __future__ import annotations


class ImportFailure(Exception):
    """A file that cannot be imported; the message is the reason shown to the user."""


class NotAnArticle(Exception):
    """A file that is not meant to be imported (an image, a hidden file): skipped, not failed."""
