"""HTML article pages: the article's main text as Markdown, and its metadata.

trafilatura finds the main text (it is the reference extractor of the field)
and drops the page furniture; markdownify turns what is left into Markdown.
Metadata comes from JSON-LD (NewsArticle), OpenGraph and ``article:`` meta,
``<time>`` and bylines, with trafilatura's own metadata as the fallback.
"""

from __future__ import annotations

import json
import re
from typing import Any

from reader.dates import parse_date
from reader.importers.errors import ImportFailure
from reader.importers.markup import html_to_markdown, nesting_depth
from reader.models import Article
from reader.urls import domain_of, is_web_url

# Past this, lxml and markdownify recurse too deep to be safe; no real page nests so.
MAX_NESTING = 250

_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "liveblogposting",
    "scholarlyarticle",
    "techarticle",
    "report",
}
_JSON_LD = re.compile(
    r"<script[^>]+type=[\"']application/ld\+json[\"'][^>]*>(.*?)</script>", re.I | re.S
)


def parse_html(html: str, path: str = "") -> Article:
    """Parse one saved article page."""
    from lxml import etree
    from lxml.html import HtmlElement, tostring
    from trafilatura import bare_extraction
    from trafilatura.htmlprocessing import convert_to_html

    if not html.strip():
        raise ImportFailure("empty HTML document")
    try:
        tree: HtmlElement = _parse_document(html)
    except (etree.ParserError, ValueError) as error:
        raise ImportFailure(f"not parseable as HTML: {error}") from None
    depth = nesting_depth(tree)
    if depth > MAX_NESTING:
        raise ImportFailure(f"HTML nested too deeply ({depth} levels, the limit is {MAX_NESTING})")
    meta = _page_metadata(html, tree)

    document = bare_extraction(
        tree,
        url=meta.get("url"),
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=True,
        include_links=True,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    assert not isinstance(document, dict)  # as_dict=False
    body = ""
    if document is not None and document.body is not None:
        body = html_to_markdown(tostring(convert_to_html(document.body), encoding="unicode"))
    title = meta.get("title") or (document.title if document is not None else "") or ""
    if not body.strip() and not title:
        raise ImportFailure("no article text found in the page")

    authors = meta.get("authors") or []
    if not authors and document is not None and document.author:
        authors = [name.strip() for name in document.author.split(";") if name.strip()]
    published = meta.get("published") or (
        parse_date(document.date) if document is not None and document.date else None
    )
    url = meta.get("url") or (document.url if document is not None else None)
    if not is_web_url(url):
        url = None
    source = meta.get("source") or (document.sitename if document is not None else None)
    return Article(
        title=title,
        body=_drop_leading_title(body, title),
        url=url,
        authors=authors,
        published=published,
        source=source or domain_of(url),
        imported_from=path,
    )


def _parse_document(html: str) -> Any:
    """The page as a tree of elements and their text alone: no comments, no processing instructions.

    trafilatura walks elements and drops every other node, and with it the node's
    tail (the text after it, up to the next tag): ``<p>no one <!-- -->ran</p>``
    came out as "no one". Its own loader parses with these options; a tree we hand
    it must be parsed the same way. Bytes, because lxml refuses a str that carries
    an XML declaration naming an encoding (XHTML pages).
    """
    from lxml.html import HTMLParser, fromstring

    parser = HTMLParser(remove_comments=True, remove_pis=True, encoding="utf-8")
    return fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)


_BYLINE_OR_DATE = re.compile(
    r"^(?:by\b|written by\b|words by\b|published\b|updated\b|posted\b|last updated\b)"
    r"|\b\d+\s*min(?:ute)?s?\s+read\b",
    re.I,
)


def _folded(text: str) -> str:
    return " ".join(re.sub(r"[*_#]", "", text).split()).casefold()


def _drop_leading_title(body: str, title: str) -> str:
    """Drop what the page repeats above the text: the headline, a kicker, byline and date.

    Only the first few paragraphs are looked at, and only short ones go: the
    headline is a field of its own, and the byline and date are too.
    """
    paragraphs = body.split("\n\n")
    dropped: set[int] = set()
    for index, paragraph in enumerate(paragraphs[:8]):
        plain = re.sub(r"\(https?://[^)]*\)|[\[\]]", "", paragraph)
        if title and _folded(plain) == _folded(title):
            dropped.add(index)
            continue
        short = len(plain.strip()) <= 80
        furniture = short and (
            _BYLINE_OR_DATE.search(plain.strip()) is not None
            or parse_date(plain.strip()) is not None
            or not any(ch.isalnum() for ch in plain)
        )
        kicker = (
            short
            and len(plain.split()) <= 3
            and bool(title)
            and index + 1 < len(paragraphs)
            and _folded(paragraphs[index + 1]) == _folded(title)
        )
        if furniture or kicker:
            dropped.add(index)
            continue
        if not paragraph.lstrip().startswith("#"):
            break  # the text has begun; a standfirst heading before it is kept
    return "\n\n".join(p for i, p in enumerate(paragraphs) if i not in dropped).strip()


def _page_metadata(html: str, tree: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    ld_items = _ld_items(html)
    ld = _json_ld_article(ld_items)
    if ld:
        meta["title"] = _text(ld.get("headline") or ld.get("name"))
        meta["published"] = parse_date(_text(ld.get("datePublished") or ld.get("dateCreated")))
        meta["authors"] = _ld_names(ld.get("author"))
        meta["source"] = _text(_first(_ld_names(ld.get("publisher"))))
        meta["url"] = _text(ld.get("url") or _ld_id(ld.get("mainEntityOfPage")))

    def meta_content(*names: str) -> str:
        for name in names:
            for element in tree.xpath(
                f'//meta[@property="{name}" or @name="{name}" or @itemprop="{name}"]'
            ):
                content = _text(element.get("content"))
                if content:
                    return content
        return ""

    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    meta["url"] = (
        meta.get("url") or _text(canonical[0] if canonical else "") or meta_content("og:url")
    )
    meta["title"] = meta.get("title") or meta_content("og:title", "twitter:title")
    meta["source"] = meta.get("source") or meta_content("og:site_name", "application-name")
    meta["published"] = meta.get("published") or parse_date(
        meta_content("article:published_time", "datePublished", "pubdate", "date", "dc.date")
    )
    if not meta["published"]:
        times = tree.xpath("//time[@datetime]/@datetime")
        meta["published"] = parse_date(times[0]) if times else None
    if not meta.get("authors"):
        author = meta_content("author", "article:author", "dc.creator", "byl")
        if author and not is_web_url(author):
            meta["authors"] = [_person_name(author)] if _person_name(author) else []
    if not meta.get("authors"):
        meta["authors"] = _byline_authors(ld_items, tree)
    if not meta["title"]:
        headings = tree.xpath("//h1")
        meta["title"] = _text(headings[0].text_content()) if headings else ""
    return {key: value for key, value in meta.items() if value}


_BYLINE_TEXT = re.compile(
    r"(?:^|\n|\|)\s*(?:by|words(?: and pictures)?:|story(?: and photos)?:|reporting by|written by)"
    r"[ \t]+(?P<name>[A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’\-]+){1,2})",
    re.I,
)


def _person_name(text: str) -> str:
    """A byline's name: 'By Owen Castell, Home tech editor' → 'Owen Castell'."""
    text = re.sub(r"^\s*(?:by|words:|story(?: and photos)?:)\s+", "", text.strip(), flags=re.I)
    text = re.split(r"\s*(?:[|,;·•–—(]|\band\b|\s-\s)", text)[0]
    words = text.split()
    name: list[str] = []
    for word in words[:4]:
        if (
            not word[:1].isupper()
            or any(ch.isdigit() for ch in word)
            or word.rstrip(".,") in _CALENDAR
            or (len(name) >= 2 and word.lower() in _ROLE_WORDS)
        ):
            break
        name.append(word)
    return " ".join(name) if 2 <= len(name) <= 4 else ""


_CALENDAR = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday "
    "Friday Saturday Sunday Updated Published Posted".split()
)
_ROLE_WORDS = frozenset(
    "home political chief senior staff editor reporter correspondent writer columnist "
    "critic news sports business health science technology tech culture arts features "
    "deputy associate contributing special".split()
)


def _byline_authors(ld_items: list[dict[str, Any]], tree: Any) -> list[str]:
    """Authors from the page itself: JSON-LD of any type, byline elements, 'By …' text."""
    for item in ld_items:
        names = [_person_name(n) for n in _ld_names(item.get("author"))]
        if any(names):
            return [n for n in names if n]
    for element in tree.xpath(
        '//*[@rel="author" or @itemprop="author" or contains(@class, "byline") '
        'or contains(@class, "author-name") or contains(@class, "author")]'
    )[:5]:
        name = _person_name(" | ".join(t.strip() for t in element.itertext() if t.strip()))
        if name:
            return [name]
    match = _BYLINE_TEXT.search(_text_of(tree)[:4000])
    if match:
        name = _person_name(match.group("name"))
        return [name] if name else []
    return []


def _text_of(tree: Any) -> str:
    body = tree.find(".//body")
    return "\n".join(t.strip() for t in (body if body is not None else tree).itertext())


def _ld_items(html: str) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, @graph members included; broken blocks skipped."""
    items: list[dict[str, Any]] = []
    for block in _JSON_LD.findall(html):
        try:
            data = json.loads(block.strip())
        except ValueError:
            continue
        items.extend(_walk_ld(data))
    return items


def _json_ld_article(ld_items: list[dict[str, Any]]) -> dict[str, Any] | None:
    for item in ld_items:
        types = item.get("@type", [])
        types = [types] if isinstance(types, str) else types
        if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
            return item
    return None


def _walk_ld(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [item for element in data for item in _walk_ld(element)]
    if isinstance(data, dict):
        found = [data]
        if "@graph" in data:
            found.extend(_walk_ld(data["@graph"]))
        return found
    return []


def _ld_names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [name for item in value for name in _ld_names(item)]
    if isinstance(value, dict):
        return [_text(value.get("name"))] if _text(value.get("name")) else []
    return [_text(value)] if _text(value) else []


def _ld_id(value: Any) -> str:
    if isinstance(value, dict):
        return _text(value.get("@id") or value.get("url"))
    return _text(value)


def _first(items: list[str]) -> str:
    return items[0] if items else ""


def _text(value: Any) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    return " ".join(str(value).split())
