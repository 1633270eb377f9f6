"""The import's parsing fast paths agree with the plain definitions they replace.

Parsing runs once a file on every import; a few of its steps were rewritten for
speed (a regex spelt so that re skips ahead in C, a search that looks at a few
lines instead of every character). These properties check each against the
obvious version on random text made of the pieces the fast path cares about.
"""

from __future__ import annotations

import dataclasses
import pickle
import re
import signal
import time
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader import sanitize, urls
from reader.importers import feedlists, files, markdown, markup, plainhtml
from reader.importers.plainhtml import simple_markdown
from reader.models import Article, CarriedHighlight, PastVersion

FAST = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of Markdown footers, and what breaks them: cases, separators, newlines of
# every kind, characters that fold under re.I (ſ, K, İ), markup around the URL.
FOOTER_PIECES = [
    "Original", "original", "ORIGINAL", "Source", "canonical", "url", "URL", "uRl", "Url",
    ":", " :", ": ", " ", "\t", "\n", "\n\n", "\r\n", "\r", "\x85", "\u2028", "<", ">",
    "https://example.org/a", "http://x.y/z?q=1", "www.example.org", "x", "ſource", "İ",
    "K", "— ", "# Title", "text.",
]  # fmt: skip
footer_texts = st.lists(st.sampled_from(FOOTER_PIECES), max_size=40).map("".join)


def _spans(match: re.Match[str] | None) -> object:
    return None if match is None else (match.span(), match.groupdict())


@FAST
@given(footer_texts)
@example("Original url: <https://a.example/>\nsource url:\n")
@example("x\nOriginal url:\n<https://a.example/>\nOriginal url: b c\n")
def test_the_last_footer_is_the_last_match_of_the_pattern(text: str) -> None:
    matches = list(markdown._ORIGINAL_URL.finditer(text))
    assert _spans(markdown._last_footer(text)) == _spans(matches[-1] if matches else None)


def test_no_character_but_a_colon_matches_the_footers_colon() -> None:
    """_last_footer looks only at lines with ":": no other character may match it."""
    colon = re.compile(":", re.I)
    others = [chr(c) for c in range(0x110000) if chr(c) != ":" and colon.fullmatch(chr(c))]
    assert others == []


@FAST
@given(st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n", "\r\n", " ", "a", "\t"]), max_size=30))
def test_blank_runs_are_three_or_more_newlines(pieces: list[str]) -> None:
    text = "".join(pieces)
    plain = re.compile(r"\n{3,}")
    assert [m.span() for m in markdown._BLANK_RUNS.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]


def test_every_character_clean_text_removes_is_unprintable() -> None:
    """clean_text returns text at once when it is printable but for newlines and
    tabs: that is sound only while no character _UNCLEAN finds is printable."""
    printable = [
        hex(code)
        for code in range(0x110000)
        if sanitize._UNCLEAN.match(chr(code)) and chr(code).isprintable()
    ]
    assert printable == []


def _plain_clean_text(text: str) -> str:
    """clean_text as it was before its printable fast path."""
    if not text:
        return ""
    text = sanitize._NEWLINES.sub("\n", text)
    text = sanitize._ESCAPE_SEQUENCES.sub("", text)
    return sanitize._SURROGATES.sub("\ufffd", sanitize._CONTROL_CHARS.sub("", text))


# Text with what clean_text removes and what it keeps: escape sequences and their
# pieces, C0 and C1 controls, bidi overrides, lone surrogates, newlines of every
# kind, and printable and unprintable characters it leaves alone.
CLEAN_PIECES = [
    "a", "Word ", "“quoted”", "\n", "\t", "\r\n", "\r", "\x85", "\u2028", "\u2029", "\x1b",
    "\x1b[31m", "\x1b]0;title\x07", "\x9b2J", "[", "m", "\x00", "\x07", "\x0b", "\x7f", "\x9f",
    "\u202e", "\u2067", "\ud800", "\udfff", "\u00a0", "\u00ad", "\u200b", "\ufeff", "\ue000",
    "\U0001f600", "\u0378", "é", "中",
]  # fmt: skip
clean_texts = st.lists(st.sampled_from(CLEAN_PIECES), max_size=30).map("".join)


@FAST
@given(clean_texts)
def test_clean_text_is_the_plain_cleaning(text: str) -> None:
    assert sanitize.clean_text(text) == _plain_clean_text(text)


def test_a_time_budget_gives_back_the_handler_it_found() -> None:
    """time_budget sets SIGALRM's handler with signal's C function, and must put back
    exactly what was there: signal.getsignal's view of it is unchanged."""

    def mine(signum: int, frame: object) -> None:
        raise AssertionError("not called")

    before = signal.getsignal(signal.SIGALRM)
    try:
        for handler in (signal.SIG_DFL, signal.SIG_IGN, mine):
            signal.signal(signal.SIGALRM, handler)
            with files.time_budget(30.0):
                assert signal.getsignal(signal.SIGALRM) not in (handler, before)
            assert signal.getsignal(signal.SIGALRM) == handler
            assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
            with pytest.raises(files.OverBudget), files.time_budget(0.01):
                time.sleep(1)
            assert signal.getsignal(signal.SIGALRM) == handler
    finally:
        signal.signal(signal.SIGALRM, before)


# Articles with every field set to something other than its default.
some_text = st.text(max_size=20)
articles = st.builds(
    Article,
    title=some_text,
    body=some_text,
    url=st.none() | some_text,
    authors=st.lists(some_text, max_size=3),
    published=st.none() | some_text,
    source=st.none() | some_text,
    guid=st.none() | some_text,
    imported_from=st.none() | some_text,
    tags=st.lists(some_text, max_size=3),
    bookmarked=st.booleans(),
    read=st.booleans(),
    quote_tags=st.lists(st.tuples(some_text, st.lists(some_text, max_size=2)), max_size=2),
    speaker_corrections=st.lists(st.tuples(some_text, st.none() | some_text), max_size=2),
    id=st.none() | st.integers(1, 2**53),
    versions=st.lists(st.builds(PastVersion, some_text, some_text), max_size=2),
    highlights=st.lists(st.builds(CarriedHighlight, some_text, st.none() | some_text), max_size=2),
    sketched=st.booleans(),
    story_sketch=st.none() | st.binary(max_size=16),
    link_only=st.booleans(),
    extraction=st.none() | st.tuples(some_text),
)


def _as_slots(value: object) -> dict[str, object]:
    """An object's fields by name, as pickle's default for a slotted class keeps them."""
    return {item.name: getattr(value, item.name) for item in dataclasses.fields(value)}  # type: ignore[arg-type]


@FAST
@given(articles, st.lists(st.text(max_size=10), max_size=2))
def test_results_pickled_as_values_come_back_equal(article: Article, notes: list[str]) -> None:
    """Article and FileResult pickle as their values in field order (__reduce__):
    what comes back has every field as it was."""
    result = files.FileResult("/x.md", "parsed", "markdown", 3, 4, "sha", [article, article])
    result.notes, result.reason, result.known_articles = notes, "why", 2
    back = pickle.loads(pickle.dumps(result))
    assert _as_slots(back) == _as_slots(result)
    assert [_as_slots(item) for item in back.articles] == [_as_slots(article)] * 2
    assert back.articles[0] is back.articles[1]  # one object pickled once, as before


def test_every_field_of_a_pickled_result_is_an_init_field() -> None:
    """__reduce__ makes the object again by passing its values to __init__ in order."""
    for cls in (Article, files.FileResult):
        assert all(item.init for item in dataclasses.fields(cls))  # type: ignore[arg-type]


def _plain_is_url_list(text: str) -> bool:
    """is_url_list as it was before it glanced at the first lines."""
    feeds = False
    for line in (line.strip() for line in text.splitlines()):
        if not line or line.startswith("#"):
            continue
        kind = feedlists._line_kind(line)
        if kind == "other":
            return False
        feeds = feeds or kind == "feed"
    return feeds


# Lines of a urls file and of articles, every line break splitlines knows, and runs
# long enough to carry a line across the 512 characters is_url_list glances at.
URL_LIST_PIECES = [
    "https://a.example/feed", "http://b.example/rss", "file:///x", "exec:cmd", "filter:f:u",
    'query:Unread:unread = "yes"', '"https://c.example/q"', "# comment", "#x", "Article",
    "August 16, 2026", " ", "\t", "\n", "\r", "\r\n", "\n\n", "\v", "\f", "\x1c", "\x1e",
    "\x85", "\u2028", "\u2029", "x" * 100, "y" * 250, " " * 300, "\n" * 200,
]  # fmt: skip
url_list_texts = st.lists(st.sampled_from(URL_LIST_PIECES), max_size=30).map("".join)


@FAST
@given(url_list_texts)
@example("#" * 511 + "\r\nArticle")
@example("#" * 505 + "\nhttps://a.example/feed")  # the glance cuts the feed to "https:"
@example("https://a.example/feed\n" + "#" * 488 + "\r\nArticle")
def test_is_url_list_is_the_plain_reading(text: str) -> None:
    assert feedlists.is_url_list(text) == _plain_is_url_list(text)


def _plain_canonical_url(url: str) -> str | None:
    """canonical_url as it was, parsing and encoding an empty query too."""
    if not urls.is_web_url(url):
        return None
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        return None
    netloc = host
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        netloc = f"{host}:{port}"
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith("utm_") and key.lower() not in urls._TRACKING_PARAMS
        ]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


URL_PIECES = [
    "https://", "http://", "HTTP://", "Example.org", "a.example", ":80", ":443", ":8080",
    ":x", "/", "/Path", "?", "?a=1", "&", "utm_source=x", "fbclid=1", "=", "b", "#", "#frag",
    " ", "%20", "[::1]", "é",
]  # fmt: skip
url_texts = st.lists(st.sampled_from(URL_PIECES), max_size=10).map("".join)


@FAST
@given(url_texts)
@example("https://a.example/?b")
@example("https://a.example?utm_source=x&b=1#f")
def test_canonical_url_is_the_plain_form(url: str) -> None:
    assert urls.canonical_url(url) == _plain_canonical_url(url)


@FAST
@given(st.lists(st.sampled_from(["a", "/", ".", "\x1b", "é", "\udc80", "\udcc3\udca9", " "])))
@example(["/x/caf", "\udcc3\udca9", ".md"])  # "café" in UTF-8 bytes, read as surrogate escapes
def test_clean_path_is_the_plain_cleaning(pieces: list[str]) -> None:
    path = plain = "".join(pieces)
    if any("\udc80" <= ch <= "\udcff" for ch in plain):
        plain = plain.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    assert sanitize.clean_path(path) == sanitize.clean_line(plain)


def _plain_html_to_markdown(html: str) -> str:
    """html_to_markdown as it was, every tidying pattern run over the whole text."""
    html = sanitize._SURROGATES.sub("\ufffd", html)
    converted = simple_markdown(html)
    if converted is None:
        converted = markup._converted(html)
    converted = unicodedata.normalize("NFC", markup._INVISIBLE.sub("", converted))
    converted = markup._TRAILING_SPACE.sub("\n", converted)
    return markup._BLANK_RUNS.sub("\n\n", converted).strip()


# HTML with what the tidying removes or changes: invisible characters, spaces and
# tabs before line breaks, blank runs, characters NFC composes, lone surrogates.
HTML_PIECES = [
    "<p>", "</p>", "<br>", "<pre>", "</pre>", "<b>", "</b>", "<li>", "text", "Word ", " ",
    "\t", "\n", "\n\n", " \n", "\t\n", "\u00ad", "\u200b", "\u2060", "\ufeff", "e\u0301",
    "\u00e9", "\ud800", "“", "&nbsp;", "&#173;",
]  # fmt: skip
html_texts = st.lists(st.sampled_from(HTML_PIECES), max_size=30).map("".join)


@FAST
@given(html_texts)
@example("<p>a \nb\u00ad</p>")
@example("<p>a\ufeffb\u2060</p>")
@example("<pre>a \t\nb</pre>")
def test_html_to_markdown_is_the_plain_conversion(html: str) -> None:
    assert markup.html_to_markdown(html) == _plain_html_to_markdown(html)


@FAST
@given(st.text(st.sampled_from(["a", "é", "“", "\ud800", "\udfff", "\U0001f600", "\x00"])))
def test_whole_characters_replaces_exactly_the_lone_surrogates(text: str) -> None:
    assert sanitize.whole_characters(text) == sanitize._SURROGATES.sub("\ufffd", text)


# plainhtml's tokens as one pattern read them, text a character at a time.
_PLAIN_TOKEN = re.compile(plainhtml._TAG.pattern + r"|[^<]+")


def _plain_parse(html: str) -> plainhtml._Element | None:
    """plainhtml._parse as it was, text found by the pattern's "[^<]+"."""
    root = plainhtml._Element("")
    stack = [root]
    position = 0
    while position < len(html):
        token = _PLAIN_TOKEN.match(html, position)
        if token is None:
            return None
        position = token.end()
        closing, name = token[1], token[2]
        top = stack[-1]
        if name is None:
            text = plainhtml._text_of(token.group())
            if text is None:
                return None
            top.children.append(text)
        elif closing:
            if token[3] or token[4] or name == "br" or top.name != name:
                return None
            stack.pop()
        elif name == "br":
            if top.name not in ("", "p"):
                return None
            top.children.append(plainhtml._Element("br"))
        else:
            if token[4] or not plainhtml._fits(name, top.name):
                return None
            attributes = plainhtml._attributes(token[3])
            if attributes is None:
                return None
            element = plainhtml._Element(name, attributes)
            top.children.append(element)
            stack.append(element)
    return root if len(stack) == 1 else None


PLAIN_HTML_PIECES = [
    "<p>", "</p>", "<a href=\"https://a.example/\">", "</a>", "<em>", "</em>", "<br>", "<br/>",
    "<b>", "</b>", "<div>", "<", ">", "< p>", "&amp;", "&", "&#8220;", "text", " ", "\n", "\t",
]  # fmt: skip
plain_html_texts = st.lists(st.sampled_from(PLAIN_HTML_PIECES), max_size=30).map("".join)


@FAST
@given(plain_html_texts)
@example("<p>a</p>b<")
@example("text")
def test_plain_html_reads_text_as_the_pattern_did(html: str) -> None:
    assert plainhtml._parse(html) == _plain_parse(html)
