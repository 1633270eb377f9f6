"""Markdown and plain-text articles.

Two layouts are read:

* the seed layout of saved articles: ``# Title``, a date line, a photo credit,
  the body, and an ``Original url:`` footer with ``<url>`` on the next line;
* Markdown with YAML front matter (title, date, url, author(s), source, tags),
  which is also what ``reader export --format markdown`` writes.

Title, date and URL go to their fields and are taken out of the body.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from reader.dates import parse_date
from reader.importers.errors import ImportFailure
from reader.importers.records import flag
from reader.models import Article, CarriedHighlight, stand_in_title, usable_id
from reader.urls import domain_of, is_web_url

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_ORIGINAL_URL = re.compile(
    r"^[ \t]*(?:original|source|canonical)[ \t]+url[ \t]*:[ \t]*<?(?P<url>\S*?)>?[ \t]*$",
    re.I | re.M,
)
_BARE_URL = re.compile(r"^[ \t]*<?(?P<url>https?://\S+?)>?[ \t]*$")
_BYLINE = re.compile(r"^(?:by|words by)\s+(?P<names>[A-Z][^\n]{1,100})$", re.I)
# Three or more newlines. Spelt "\n\n\n+", not "\n{3,}": the same runs, but a literal
# start lets re skip to each "\n\n" in C instead of trying the pattern at every
# character (2 µs for a 3 KB article instead of 25).
_BLANK_RUNS = re.compile(r"\n\n\n+")


# Aliases (*name) one front matter may use: a few are harmless; thousands are a
# "billion laughs" that grows a few hundred bytes into gigabytes once read.
MAX_YAML_ALIASES = 50
# Nodes (values, keys, list items) in one front matter.
MAX_YAML_NODES = 20_000


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text ("2024-02-30" is a bad date, not a bad
    file), with the number of aliases and nodes bounded."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0
        self.nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                raise ImportFailure(
                    f"front matter uses more than {MAX_YAML_ALIASES} YAML aliases (*name)"
                )
        self.nodes += 1
        if self.nodes > MAX_YAML_NODES:
            raise ImportFailure(f"front matter has more than {MAX_YAML_NODES:,} values")
        return super().compose_node(parent, index)

    def construct_yaml_int(self, node: Any) -> Any:
        """An integer, or its digits as text when Python will not make it one (over
        4,300 digits): a long number in a title is text, not a broken file."""
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return self.construct_scalar(node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:int", _FrontMatterLoader.construct_yaml_int)


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# The heading of the section in which `reader export --format markdown` writes an
# article's highlights for people to read (the front matter carries them).
HIGHLIGHTS_HEADING = "\n## Highlights (from reader)\n"


def parse_markdown(text: str, path: str = "") -> Article:
    """Parse one Markdown or plain-text article."""
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            loaded = yaml.load(match.group(1), Loader=_FrontMatterLoader)
        except yaml.YAMLError as error:
            raise ImportFailure(f"front matter is not valid YAML: {_first_line(error)}") from None
        except RecursionError:  # "a: [[[[…" a thousand deep: PyYAML reads by recursion
            raise ImportFailure("front matter nested too deeply") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise ImportFailure("front matter is not a mapping of keys to values")
        meta = loaded or {}
        text = text[match.end() :]

    text, footer_url = _take_footer_url(text)
    lines = text.split("\n")
    title = _string(meta.get("title"))
    published = _date(meta.get("date") or meta.get("published"))
    position = _skip_blank(lines, 0)

    # "# Title" (repeated in our own exports even with front matter).
    if position < len(lines) and lines[position].startswith("# "):
        heading = lines[position][2:].strip()
        if not title or _same_text(heading, title):
            title = title or heading
            position = _skip_blank(lines, position + 1)
    elif not title and position < len(lines) and len(lines[position]) <= 200:
        # Plain text: the first line is the title.
        title = lines[position].strip().lstrip("#").strip()
        position = _skip_blank(lines, position + 1)

    # Our own exports say "date: null" when there is none: then no line is a date line.
    if position < len(lines) and not ("date" in meta and published is None):
        line_date = parse_date(lines[position])
        if line_date and (published is None or line_date[:10] == published[:10]):
            published = published or line_date
            position = _skip_blank(lines, position + 1)

    authors = _authors(meta)
    if not authors and "authors" not in meta and position < len(lines):
        byline = _BYLINE.match(lines[position].strip())
        if byline:
            authors = _split_names(byline.group("names"))
            position = _skip_blank(lines, position + 1)

    credit_source = _credit_source(lines, position)
    body = _BLANK_RUNS.sub("\n\n", "\n".join(line.rstrip() for line in lines[position:])).strip()
    if meta.get("highlights"):
        # Our export's own section for people to read: the front matter carries them.
        body = body.split(HIGHLIGHTS_HEADING, 1)[0].rstrip()
    url = _string(meta.get("url") or meta.get("link") or meta.get("canonical_url")) or footer_url
    if not title and not body:
        raise ImportFailure("no title and no text")
    return Article(
        title=title or _first_words(body),
        body=body,
        url=url if is_web_url(url) else None,
        authors=authors,
        published=published,
        source=_string(meta.get("source") or meta.get("publisher") or meta.get("site"))
        or _outlet_name(credit_source, url)
        or domain_of(url),
        guid=_string(meta.get("guid")) or None,
        imported_from=_string(meta.get("imported_from")) or path,
        tags=_strings(meta.get("tags")),
        bookmarked=flag(meta.get("bookmarked")),
        link_only=flag(meta.get("link_only")),
        read=flag(meta.get("read")),
        quote_tags=[
            (_string(item.get("text")), _strings(item.get("tags")))
            for item in _list(meta.get("quote_tags"))
            if isinstance(item, dict)
        ],
        speaker_corrections=[
            (_string(item.get("text")), _string(item.get("speaker")) or None)
            for item in _list(meta.get("speaker_corrections"))
            if isinstance(item, dict)
        ],
        id=usable_id(meta.get("id")),
        highlights=[
            CarriedHighlight(
                _string(item.get("passage")),
                _string(item.get("note")) or None,
                created_at=_string(item.get("created_at")) or None,
                origin=_string(item.get("origin")) or None,
            )
            for item in _list(meta.get("highlights"))
            if isinstance(item, dict)
        ],
    )


# The URL stops at the next "[": each attempt starts at one, so a line of
# "[ab](http://" repeated is not read to its end from each (quadratic).
_CREDIT_LINK = re.compile(r"\[(?P<name>[^\]\n]{2,60})\]\((?P<url>https?://[^)\[\s]+)\)\s*$")


def _credit_source(lines: list[str], position: int) -> tuple[str, str] | None:
    """The photo credit's link, "[Harbour Gazette](https://harbourgazette.example)"."""
    if position >= len(lines):
        return None
    match = _CREDIT_LINK.search(lines[position].strip())
    return (match.group("name"), match.group("url")) if match else None


def _outlet_name(credit: tuple[str, str] | None, url: str | None) -> str | None:
    """The credit names the outlet when it links to the article's own site."""
    if credit and url and domain_of(credit[1]) == domain_of(url):
        name = credit[0].strip()
        return None if domain_of(f"https://{name}") == domain_of(url) else name
    return None


def _take_footer_url(text: str) -> tuple[str, str | None]:
    """Remove the last "Original url:" line (and its URL line) and return the URL.

    It is normally the last thing in the file; text after it (a note added
    later) stays in the body, so an edited file keeps its identity.
    """
    footer = _last_footer(text)
    if footer is None:
        return text, None
    url = footer.group("url") or None
    end = footer.end()
    if not url:
        rest = text[end:].lstrip("\n")
        first, _, _ = rest.partition("\n")
        bare = _BARE_URL.match(first)
        if bare:
            url = bare.group("url")
            end = len(text) - len(rest) + len(first)
    if not url:
        return text, None
    return text[: footer.start()] + text[end:], url


def _last_footer(text: str) -> re.Match[str] | None:
    """The last match of _ORIGINAL_URL in ``text``, as ``list(finditer(text))[-1]``,
    without running the pattern at every character of the text.

    A footer is one whole line (^ to $, re.M; nothing in the pattern crosses a
    newline) and holds a colon. The lines with a colon (found by str.rfind, in C)
    are tried from the last, the pattern matched over that line alone, where its ^
    and $ match exactly where they do in the whole text. Run over the text, re tried
    the pattern at each character: 20 µs for a 3 KB article, a third of parsing it.
    Each line is looked at once, so the time stays linear.
    """
    before = len(text)
    while (colon := text.rfind(":", 0, before)) >= 0:
        start = text.rfind("\n", 0, colon) + 1
        end = text.find("\n", colon)
        footer = _ORIGINAL_URL.match(text, start, len(text) if end < 0 else end)
        if footer is not None:
            return footer
        before = start
    return None


def _skip_blank(lines: list[str], position: int) -> int:
    while position < len(lines) and not lines[position].strip():
        position += 1
    return position


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _string(value: Any) -> str:
    """A scalar (text, a number, a date) as text. Anything else where text belongs is
    no text: a list or mapping (made of aliases, it could print as gigabytes), and
    what YAML's tags make (``!!set``, ``!!omap`` pairs, ``!!binary``), whose Python
    spelling ("{'x', 'y'}", "('a', 1)", "b'...'") became titles and tags."""
    if value is None:
        # A key the front matter lacks (every key, without one): said at once, as
        # hasattr(None, "isoformat") below raises and catches an AttributeError.
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) or hasattr(value, "isoformat"):
        return str(value)
    return ""


def _list(value: Any) -> list[Any]:
    """Items of a YAML list (scalars or mappings) or set, or of a comma-separated string."""
    if value is None:  # a key the front matter lacks: no items, said at once
        return []
    if isinstance(value, set | frozenset):
        value = sorted(value, key=str)
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, dict) or _string(item)]
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    text = _string(value)  # a number or a date; a mapping or binary is none
    return [text] if text else []


def _strings(value: Any) -> list[str]:
    """The text items of a list (tags): nested lists and mappings are no text."""
    return [text for text in (_string(item) for item in _list(value)) if text]


def _date(value: Any) -> str | None:
    if value is None:
        return None
    # YAML turns unquoted dates into date/datetime objects.
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    try:
        return parse_date(str(value))
    except ValueError:
        return None  # "2024-02-30": no date rather than no article


def _authors(meta: dict[str, Any]) -> list[str]:
    value = meta.get("authors", meta.get("author"))
    names: list[str] = []
    for item in _list(value):
        name = _string(item.get("name")) if isinstance(item, dict) else _string(item)
        names.extend(_split_names(name) if isinstance(value, str) else [name])
    return [name for name in names if name]


def _split_names(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\band\b|&)\s*", text.strip())
    return [part.strip() for part in parts if part.strip()]


def _first_words(body: str) -> str:
    """A title for an article that has none: its first line."""
    return stand_in_title(body.strip().split("\n", 1)[0].lstrip("#> ").strip())


def _first_line(error: Exception) -> str:
    return str(error).strip().split("\n", 1)[0]
