"""Feed lists (OPML, newsboat's ``urls``): understood, and said to hold no articles.

People export their subscriptions when they leave a feed reader, and try them on
reader first. A list of feeds holds addresses, not articles: importing it says
so (NothingToImport, not a failure) with the number of feeds, so the user knows
the file was understood and what to bring instead.

newsboat's ``urls`` file has one feed a line: a URL (``http(s)://``, ``file://``,
or ``exec:``/``filter:`` commands that make a feed), then tags separated by
blanks, quoted when they hold spaces (``"~Custom name"`` renames the feed,
``"!hidden"`` hides it); query feeds are quoted lines
(``"query:Starred:flags # \\"s\\""``) that select from the other feeds, so they are
not counted as feeds; lines starting with ``#`` are comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from reader.importers.errors import NothingToImport
from reader.importers.notes import plural

# What a line of newsboat's urls file starts with, quoted or not.
_FEED_STARTS = ("http://", "https://", "file://", "exec:", "filter:")
_QUERY_START = "query:"
_OPML_FEED = re.compile(r"<outline\b[^>]*?\sxmlUrl\s*=", re.I)
_NOT_ARTICLES = "not articles: reader imports saved articles and feed files"


def is_opml(head: str) -> bool:
    """True for an OPML document (``head`` is the start of the decoded text)."""
    return re.search(r"<opml\b", head[:2048], re.I) is not None


def is_url_list(text: str) -> bool:
    """True for a file whose lines are only feeds (newsboat's ``urls``), comments allowed.

    At least one line must be a feed: a file of only query lines or comments is
    not a list of feeds.
    """
    # Nearly every file asked is an article, told by its first entry: find that in
    # the first lines before splitting all of ``text`` (4 KB) into lines, which cost
    # more than the rest of telling a Markdown file's kind.
    first = next(_whole_line_entries(text[:_GLANCE]), None)
    if first is not None and _line_kind(first) == "other":
        return False
    feeds = False
    for line in _entries(text):
        kind = _line_kind(line)
        if kind == "other":
            return False  # an article's first line: every Markdown file is asked
        feeds = feeds or kind == "feed"
    return feeds


def feed_list_notice(text: str) -> NothingToImport:
    """The message for a feed list: "a feed list with 12 feeds, not articles: ..."."""
    if is_opml(text.lstrip("\ufeff \t\r\n")):
        feeds = len(_OPML_FEED.findall(text))
        if not feeds:
            return NothingToImport(f"an OPML outline without feeds, {_NOT_ARTICLES}")
    else:
        feeds = sum(1 for line in _entries(text) if _line_kind(line) == "feed")
    return NothingToImport(f"a feed list with {plural(feeds, 'feed')}, {_NOT_ARTICLES}")


def _entries(text: str) -> Iterator[str]:
    """The lines that are not blank and not comments, as they are read (a check may
    stop at the first)."""
    return _entries_of(text.splitlines())


def _entries_of(lines: Iterable[str]) -> Iterator[str]:
    stripped = (line.strip() for line in lines)
    return (line for line in stripped if line and not line.startswith("#"))


# How much of a text is_url_list glances at for its first entry.
_GLANCE = 512


def _whole_line_entries(head: str) -> Iterator[str]:
    """The entries of ``head``'s lines but its last, which may be a line cut short.

    They are the text's first entries as :func:`_entries` reads them: each line
    before the last ends at a line break inside ``head`` (a "\r" at its very end,
    which may be half of "\r\n", ends the last line), so it is the same line in the
    whole text.
    """
    return _entries_of(head.splitlines()[:-1])


def _line_kind(line: str) -> str:
    """ "feed", "query" or "other" for one line of a urls file."""
    address = line[1:] if line.startswith('"') else line
    lowered = address.lower()
    if lowered.startswith(_FEED_STARTS):
        return "feed"
    if lowered.startswith(_QUERY_START):
        return "query"
    return "other"
