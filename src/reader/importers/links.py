"""Link-only entries: pages a user saved in another tool whose text the export does not carry.

Pocket, browser bookmarks, Instapaper and Readwise Reader export addresses with
their state and tags, not the pages. Each becomes a saved link
(``link_only=True``) that a later import of the page fills in. Here is what
their importers share: how such an entry is made, how entries without a web
address are counted, how a link saved twice in one file becomes one entry, and
how an HTML export is read tag by tag.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar
from urllib.parse import urlsplit

from reader.importers.errors import ImportFailure, NothingToImport
from reader.importers.notes import kept, skipped
from reader.importers.parsed import Parsed
from reader.importers.records import csv_fields
from reader.models import Article
from reader.urls import canonical_url, domain_of, is_web_url

# A folder the user filed a link in is one tag, apart from the link's own tags.
FOLDER_TAG_PREFIX = "folder:"

Entry = TypeVar("Entry")


def saved_link(
    url: str,
    title: str,
    path: str,
    *,
    body: str = "",
    tags: Iterable[str] = (),
    read: bool = False,
    bookmarked: bool = False,
    saved: str | None = None,
) -> Article:
    """A link-only entry: a page the user saved whose text the file does not carry.

    ``saved`` (when the tool saved it) stands in as ``published``: it is the only
    date these exports carry, and a later import of the page brings its own.
    Without a title the address is the title, as Pocket itself shows it.
    """
    return Article(
        title=" ".join(title.split()) or url,
        body=body,
        url=url,
        published=saved,
        source=domain_of(url),
        imported_from=path,
        tags=list(tags),
        read=read,
        bookmarked=bookmarked,
        link_only=True,
    )


class SkippedLinks:
    """Entries without a web address, counted by scheme for one note."""

    def __init__(self) -> None:
        self.by_scheme: Counter[str] = Counter()

    def web_links(
        self, entries: Iterable[Entry], url_of: Callable[[Entry], str]
    ) -> Iterator[tuple[str, Entry]]:
        """Each entry with a web address, with it; the others are counted."""
        for entry in entries:
            url = url_of(entry)
            if is_web_url(url):
                yield url, entry
            else:
                self.add(url)

    def web_rows(
        self, rows: Iterable[Mapping[str, str | None]]
    ) -> Iterator[tuple[str, dict[str, str]]]:
        """Each CSV row with a web address in its URL column, with it, as :func:`csv_fields`."""
        return self.web_links(map(csv_fields, rows), lambda fields: fields.get("url", ""))

    def add(self, url: str) -> None:
        scheme = ""
        if url.strip():
            try:
                scheme = urlsplit(url.strip()).scheme.lower()
            except ValueError:
                scheme = ""
        self.by_scheme[f"{scheme}:" if scheme else "no address"] += 1

    def note(self, one: str, many: str = "") -> str | None:
        """``"3 bookmarks without a web address skipped (place: 2, javascript: 1)"``."""
        kinds = ", ".join(f"{scheme} {count}" for scheme, count in self.by_scheme.most_common())
        total = sum(self.by_scheme.values())
        return skipped(total, one, "without a web address", many=many, detail=kinds)


def links_parsed(articles: list[Article], notes: Iterable[str | None], empty: str) -> Parsed:
    """The entries of a link-only export with its notes; ``empty`` when it has none."""
    kept_notes = kept(notes)
    if not articles:
        raise NothingToImport("; ".join([empty, *kept_notes]))
    return Parsed(merge_same_links(articles), kept_notes)


def merge_same_links(articles: list[Article]) -> list[Article]:
    """One entry per canonical address: a link saved twice has both saves' state and tags."""
    merged: dict[str, Article] = {}
    for article in articles:
        key = canonical_url(article.url) or article.url or ""
        first = merged.setdefault(key, article)
        if first is article:
            continue
        first.read = first.read or article.read
        first.bookmarked = first.bookmarked or article.bookmarked
        first.tags.extend(tag for tag in article.tags if tag not in first.tags)
        first.body = first.body or article.body
        first.published = first.published or article.published
    return list(merged.values())


class HtmlTarget(Protocol):
    """What lxml calls as it reads HTML (its "parser target" interface)."""

    def start(self, tag: str, attributes: Mapping[str, str]) -> None: ...

    def end(self, tag: str) -> None: ...

    def data(self, text: str) -> None: ...

    def close(self) -> None: ...


def read_html(text: str, target: HtmlTarget) -> None:
    """Feed ``text`` to ``target`` tag by tag, leniently, in linear time and flat memory.

    Tag and attribute names come lower-cased, references decoded as browsers do
    (``&amp;`` is ``&``; ``&section=`` in an attribute stays as written).
    """
    from lxml import etree

    parser = etree.HTMLParser(target=target, recover=True, huge_tree=True, no_network=True)
    try:
        parser.feed(text)
        parser.close()
    except etree.LxmlError as error:
        raise ImportFailure(f"cannot read the HTML: {error}") from None


def folded(parts: Iterable[str]) -> str:
    """The text pieces of one element (a title, a heading) as one line."""
    return " ".join("".join(parts).split())


@dataclass(slots=True)
class HtmlLink:
    """An ``<a>`` of an HTML export, as :func:`read_html` reads it: attributes, then text."""

    attributes: dict[str, str]
    title_parts: list[str] = field(default_factory=list, kw_only=True)

    @property
    def url(self) -> str:
        return self.attributes.get("href", "").strip()

    @property
    def title(self) -> str:
        return folded(self.title_parts)


LinkT = TypeVar("LinkT", bound=HtmlLink)


class HtmlLinkReader(Generic[LinkT]):
    """A :func:`read_html` target that collects an export's ``<a>`` links as they close.

    Readers of one format open links (``self.open``) and route text; a link still
    open at the end of the file (one cut short) is kept with what it had.
    """

    def __init__(self) -> None:
        self.links: list[LinkT] = []
        self.open: LinkT | None = None

    def close(self) -> None:
        self.close_link()  # a file cut off inside its last link

    def close_link(self) -> LinkT | None:
        """Collect the open link; it is returned (None when no link was open)."""
        link, self.open = self.open, None
        if link is not None:
            self.links.append(link)
        return link
