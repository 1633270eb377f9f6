"""The archive: schema, migrations, and the query API every other layer uses."""

from reader.store.archive import ArchiveProblem, ArchiveStore, KnownFile, UpsertStatus
from reader.store.queries import ArticleRow, ArticleView, SearchError
from reader.store.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "ArchiveProblem",
    "ArchiveStore",
    "ArticleRow",
    "ArticleView",
    "KnownFile",
    "SearchError",
    "UpsertStatus",
]
