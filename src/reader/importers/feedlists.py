"""Feed lists (OPML, newsboat's ``urls``): understood, and said to hold no articles."""

from __future__ import annotations

import re

from reader.importers.errors import NothingToImport


def is_opml(head: str) -> bool:
    """True for an OPML document (``head`` is the start of the decoded text)."""
    return re.search(r"<opml\b", head[:2048], re.I) is not None


def is_url_list(text: str) -> bool:
    """True for a file whose lines are only feed URLs (newsboat's ``urls``), comments allowed."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    urls = [line for line in lines if not line.startswith("#")]
    return bool(urls) and all(
        line.startswith(("http://", "https://", "query:", "exec:", "filter:")) for line in urls
    )


def feed_list_notice(text: str) -> NothingToImport:
    """The message for a feed list: "a feed list with 12 feeds, not articles: ..."."""
    raise NotImplementedError
