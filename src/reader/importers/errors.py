"""Why a file could not be imported, or what it holds instead of articles."""

from __future__ import annotations

import tarfile
import zipfile
import zlib


class ImportFailure(Exception):
    """A file that cannot be imported; the message is the reason shown to the user."""


class NotAnArticle(Exception):
    """A file that is not meant to be imported (an image, a hidden file): skipped, not failed."""


class NothingToImport(Exception):
    """A file reader understands that holds no articles (a feed list, a feed with no items).

    Reported to the user with the message, never counted as a failure, whether the
    file was named or found in a folder.
    """


# What reading a damaged container (zip, tar, gzip) raises: zlib's own error is no
# OSError, so a corrupt member's "Error -3 while decompressing" once cost the whole
# zip, its sound members too. Every container reader catches these.
BROKEN_CONTAINER = (OSError, EOFError, zlib.error, zipfile.BadZipFile, tarfile.TarError)
