"""HTML article pages: the article's main text as Markdown, and its metadata.

trafilatura finds the main text (it is the reference extractor of the field)
and drops the page furniture; markdownify turns what is left into Markdown.
Metadata comes from JSON-LD (NewsArticle), OpenGraph and ``article:`` meta,
``<time>`` and bylines, with trafilatura's own metadata as the fallback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reader.dates import parse_date
from reader.importers.errors import ImportFailure
from reader.importers.markup import html_to_markdown, nesting_depth
from reader.importers.records import read_json
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
# The tag stops at the next "<" and the content at the next "<script" or
# "</script": unbounded, each of a thousand unclosed "<script" tags was read to
# the end of the page.
_JSON_LD = re.compile(
    r"<script[^<>]+type=[\"']application/ld\+json[\"'][^<>]*>"
    r"([^<]*(?:<(?!/?script)[^<]*)*)</script>",
    re.I,
)


def parse_html(html: str, path: str = "") -> Article:
    """Parse one saved article page."""
    from lxml import etree
    from lxml.html import HtmlElement, tostring
    from trafilatura import bare_extraction
    from trafilatura.htmlprocessing import convert_to_html

    _use_linear_justext()

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
        # Bold and italics cost text: in that mode trafilatura drops whole paragraphs
        # and the space before a tail on some pages (measured on its own evaluation set).
        include_formatting=False,
        include_links=True,
    )
    assert not isinstance(document, dict)  # as_dict=False
    body = ""
    if document is not None and document.body is not None:
        body = html_to_markdown(tostring(convert_to_html(document.body), encoding="unicode"))
    if not all(meta.get(field) for field in ("title", "authors", "published", "url", "source")):
        # trafilatura's metadata fills the gaps; it costs a third of the extraction's
        # time, so only pages whose own metadata leaves a gap pay for it.
        meta = _with_fallback_metadata(meta, tree)
    title = meta.get("title", "")
    if not body.strip() and not title:
        raise ImportFailure("no article text found in the page")
    url = meta.get("url")
    if not is_web_url(url):
        url = None
    return Article(
        title=title,
        body=_without_furniture(_drop_leading_title(body, title)),
        url=url,
        authors=meta.get("authors", []),
        published=meta.get("published"),
        source=meta.get("source") or domain_of(url),
        imported_from=path,
    )


def _use_linear_justext() -> None:
    """trafilatura's justext fallback, with its paragraphs revised in linear time.

    justext's revise_paragraph_classification() walks from each short paragraph to
    the nearest good or bad one, both ways: quadratic in a run of them (a page of
    12,000 list items took 10 s). revise_paragraphs() decides the same in a few
    passes; trafilatura calls it instead.
    """
    from trafilatura import external

    external.revise_paragraph_classification = revise_paragraphs  # type: ignore[attr-defined]


def revise_paragraphs(paragraphs: list[Any], max_heading_distance: int = 200) -> None:
    """justext.core.revise_paragraph_classification(), each step in one pass or two.

    Its steps, with what each reads: (1) each paragraph's class starts as its
    context-free one; a short heading that a good paragraph follows within
    max_heading_distance characters becomes near-good (the classes it looks ahead
    at are those before the step: not yet started); (2) a short paragraph takes
    the classes of the nearest good or bad paragraphs on either side (all set at
    once, after); (3) a near-good one likewise, with the ones before it already
    revised; (4) a bad heading that was not bad by itself becomes good when a good
    paragraph follows within the distance. tests/test_linear_time.py checks it
    against justext's own on random paragraphs.
    """
    count = len(paragraphs)
    lengths = [len(paragraph.text) for paragraph in paragraphs]

    def good_follows(classes: list[str]) -> list[bool]:
        """For each i: the first good paragraph after i lies within the distance
        (the characters of the paragraphs between, as justext counts them)."""
        follows = [False] * count
        next_good, between = -1, 0  # the first good after i; characters before it
        for i in range(count - 1, -1, -1):
            follows[i] = next_good >= 0 and between <= max_heading_distance
            if classes[i] == "good":
                next_good, between = i, 0
            else:
                between += lengths[i]
        return follows

    def nearest(classes: list[str], wanted: set[str], step: int) -> list[str]:
        """For each i, the class of the nearest paragraph that way in wanted, else bad."""
        found, last = [""] * count, "bad"
        indexes = range(count) if step > 0 else range(count - 1, -1, -1)
        for i in indexes:
            found[i] = last
            if classes[i] in wanted:
                last = classes[i]
        return found

    # (1) what the step looks ahead at is what the paragraphs held before it
    ahead = good_follows([paragraph.class_type for paragraph in paragraphs])
    for i, paragraph in enumerate(paragraphs):
        paragraph.class_type = paragraph.cf_class
        if paragraph.heading and paragraph.class_type == "short" and ahead[i]:
            paragraph.class_type = "neargood"
    # (2)
    classes = [paragraph.class_type for paragraph in paragraphs]
    good_or_bad = {"good", "bad"}
    any_class = {"good", "bad", "neargood"}
    before, after = nearest(classes, good_or_bad, 1), nearest(classes, good_or_bad, -1)
    before_any, after_any = nearest(classes, any_class, 1), nearest(classes, any_class, -1)
    for i, paragraph in enumerate(paragraphs):
        if classes[i] != "short":
            continue
        if before[i] == "good" and after[i] == "good":
            paragraph.class_type = "good"
        elif before[i] == "bad" and after[i] == "bad":
            paragraph.class_type = "bad"
        elif (before[i] == "bad" and before_any[i] == "neargood") or (
            after[i] == "bad" and after_any[i] == "neargood"
        ):
            paragraph.class_type = "good"
        else:
            paragraph.class_type = "bad"
    # (3) the nearest before is looked for among those revised already
    classes = [paragraph.class_type for paragraph in paragraphs]
    after = nearest(classes, good_or_bad, -1)
    last = "bad"
    for i, paragraph in enumerate(paragraphs):
        if paragraph.class_type == "neargood":
            paragraph.class_type = "bad" if (last, after[i]) == ("bad", "bad") else "good"
        if paragraph.class_type in good_or_bad:
            last = paragraph.class_type
    # (4)
    ahead = good_follows([paragraph.class_type for paragraph in paragraphs])
    for i, paragraph in enumerate(paragraphs):
        if (
            paragraph.heading
            and paragraph.class_type == "bad"
            and paragraph.cf_class != "bad"
            and ahead[i]
        ):
            paragraph.class_type = "good"


def _with_fallback_metadata(meta: dict[str, Any], tree: Any) -> dict[str, Any]:
    """The page's own metadata, its gaps filled from trafilatura's."""
    from trafilatura import extract_metadata

    # extensive=False as bare_extraction(fast=False) passes it; htmldate's quick pass.
    found = extract_metadata(
        tree, meta.get("url"), {"extensive_search": False, "original_date": True}, False
    )
    filled = dict(meta)
    filled.setdefault("title", found.title or "")
    if not filled.get("authors") and found.author:
        filled["authors"] = [name.strip() for name in found.author.split(";") if name.strip()]
    if not filled.get("published") and found.date:
        filled["published"] = parse_date(found.date)
    filled.setdefault("url", found.url)
    filled.setdefault("source", found.sitename)
    return {key: value for key, value in filled.items() if value}


# Control characters no XML tree can hold: lxml refuses them in the elements
# trafilatura builds, and trafilatura then gives up on the whole page.
_NOT_XML_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _parse_document(html: str) -> Any:
    """The page as a tree of elements and their text alone: no comments, no processing instructions.

    trafilatura walks elements and drops every other node, and with it the node's
    tail (the text after it, up to the next tag): ``<p>no one <!-- -->ran</p>``
    came out as "no one". Its own loader parses with these options and drops the
    control characters; a tree we hand it must be made the same way. Bytes,
    because lxml refuses a str that carries an XML declaration naming an encoding
    (XHTML pages).
    """
    from lxml.html import HTMLParser, fromstring

    parser = HTMLParser(remove_comments=True, remove_pis=True, encoding="utf-8")
    text = _without_crowded_tags(_NOT_XML_TEXT.sub("", html)).encode("utf-8", "surrogatepass")
    return fromstring(text, parser=parser)


# libxml2 checks each attribute of a tag against those before it: a tag of
# thousands ("<p a1 a2 … a32000>", or "<Qaab <Qaac …" where no ">" comes) took
# quadratic time (32,000: 1 s, and trafilatura parses the page again). No page
# writes a tag of a thousand attributes: such a tag is text.
MAX_ATTRIBUTES = 1_000
# Each attribute matched atomically: the engine may not split "abc" into three
# attributes when a tag has too few (it would try every way to, exponentially).
_ATTRIBUTES = r"""(?>\s*(?:[^\s/>=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?|/))"""
_TAG = re.compile(rf"<[A-Za-z][^\s/>]*{_ATTRIBUTES}*")
_CROWDED_TAG = re.compile(rf"<[A-Za-z][^\s/>]*{_ATTRIBUTES}{{{MAX_ATTRIBUTES}}}")


def _without_crowded_tags(html: str) -> str:
    """The page with the "<" of each tag of more than MAX_ATTRIBUTES attributes
    written "&lt;", and those inside it (searched for at C speed: a page with
    none costs one scan)."""
    pieces = []
    position = 0
    while (crowded := _CROWDED_TAG.search(html, position)) is not None:
        tag = _TAG.match(html, crowded.start())
        end = tag.end() if tag is not None else crowded.end()
        pieces.append(html[position : crowded.start()])
        pieces.append(html[crowded.start() : end].replace("<", "&lt;"))
        position = end
    return "".join(pieces) + html[position:] if pieces else html


_BYLINE_OR_DATE = re.compile(
    r"^(?:by\b|written by\b|words by\b|published\b|updated\b|posted\b|last updated\b)"
    r"|\b\d+\s*min(?:ute)?s?\s+read\b",
    re.I,
)


_BRACKETED_URL = re.compile(r"\(https?://[^)]*\)|[\[\]]")
_BRACKET = re.compile(r"[\[\]]")


def _without_urls(paragraph: str) -> str:
    """The paragraph without "(https://…)" and brackets. No URL is looked for after
    the last ")": there, each "(http" would be read to the end (quadratic)."""
    last = paragraph.rfind(")") + 1
    return _BRACKETED_URL.sub("", paragraph[:last]) + _BRACKET.sub("", paragraph[last:])


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
        plain = _without_urls(paragraph)
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


# ----------------------------------------------------------------- page furniture in the text
# What publishers put inside the article's own container and trafilatura keeps: "Read more:
# <another headline>", photo credits, copyright lines, "follow us" and newsletter calls, and
# "Related" headings over a list of other headlines. The labelled corpus (benchmarks/) counts
# none of it as text. Only short paragraphs go, each by a named check below.

_SEE_ALSO_WORDS = (
    r"read (?:more|also|next)|see also|related|more on this|also read|don'?t miss|"
    r"lesen sie (?:auch|mehr|hier|weiter)|auch lesen|mehr lesen|weiterlesen|zum weiterlesen|"
    r"mehr zum thema|auch interessant|das könnte (?:sie|dich) auch interessieren|schon gelesen|"
    r"lea (?:también|más)|vea también|le puede interesar|te puede interesar|"
    r"notas? relacionadas?|contenido relacionado|artículos? relacionados?|"
    r"leia (?:também|mais)|veja (?:também|mais)|saiba mais|"
    r"(?:à )?lire aussi|voir aussi|leggi anche|lees ook|läs också|"
    r"czytaj (?:też|także|więcej)|zobacz (?:też|także)|dowiedz się więcej"
)
# A kicker, then the other story's headline: "Read more: …", "Lesen Sie auch » …".
_SEE_ALSO = re.compile(rf"^(?:{_SEE_ALSO_WORDS})\s*(?:[:»›|]|\.\.\.|…)", re.I)
# Spanish desks shout single words that are also names elsewhere ("Mira", "Lea"): capitals only.
_SEE_ALSO_SHOUTED = re.compile(r"^(?:MIRA|MIRE|LEA|VEA|LEE|PUEDES VER)\s*[:|»]")
# A heading over other headlines: "Related", "Auch interessant", "Most read".
_RELATED_HEADING = re.compile(
    rf"^(?:{_SEE_ALSO_WORDS}|related (?:articles|stories|posts|content)|more (?:stories|articles)|"
    r"most (?:read|popular)|weitere (?:artikel|beiträge|themen)|mehr themen|"
    r"empfohlene (?:artikel|beiträge)|más noticias|también te puede interesar)\s*[:?!.]?$",
    re.I,
)
_CREDIT = re.compile(
    r"^\(?(?:©|\(c\)|copyright\b|(?:photos?|fotos?|fot\.|bild|bilder|titelbild|beitragsbild|"
    r"bildquelle|images?|credits?|crédits? photos?|crédit photo)\s*:)",
    re.I,
)
_RIGHTS = re.compile(
    r"all rights reserved|alle rechte vorbehalten|tous droits réservés|"
    r"todos los derechos reservados|tutti i diritti riservati|wszelkie prawa zastrzeżone|"
    r"todos os direitos reservados",
    re.I,
)
_FOLLOW_US = re.compile(
    r"\bfollow (?:us|\w+(?: \w+)?) on (?:twitter|facebook|instagram|x)\b|s[ií]guenos|"
    r"folgen sie uns|folge uns|suivez-nous|seguici|obserwuj nas",
    re.I,
)
_SUBSCRIBE = re.compile(
    r"\b(?:newsletter|subscribe|subscription|subscriber|sign up|abonnieren|suscr[ií]b|"
    r"suscripci|abonnez|inscrivez|zapisz się|subskrypcj|assine)",
    re.I,
)
# A call to subscribe speaks to the reader, for the publisher; a story that mentions a
# newsletter ("the council sends a newsletter") speaks of others.
_TO_THE_READER = re.compile(
    r"\b(?:(?i:you|your|our|us|du|dich|dir|dein\w*|unser\w*|uns|nuestr\w+|usted|te|vous|"
    r"votre|notre|nos|você|nosso\w*|nostr\w+|nas|nasz\w*|zapraszamy)|Sie|Ihnen|Ihr\w*)\b"
    r"|^(?i:subscribe|sign up|abonnieren|suscr[ií]bete|abonnez|inscrivez|assine|zapisz)"
    r"|(?i:abonnieren)[.!]?$"
)
_TAIL = 4  # paragraphs at the end where calls to subscribe and copyright lines sit


@dataclass(frozen=True)
class _Furniture:
    """One named check: a paragraph of at most ``max_words`` words that ``pattern`` finds."""

    name: str
    pattern: re.Pattern[str]
    max_words: int
    at_start: bool = True  # the pattern must match at the paragraph's start
    tail_only: bool = False  # only among the last _TAIL paragraphs
    also: re.Pattern[str] | None = None  # must be found too


_FURNITURE = (
    _Furniture("see also", _SEE_ALSO, 30),
    _Furniture("see also", _SEE_ALSO_SHOUTED, 30),
    _Furniture("credit", _CREDIT, 25),
    _Furniture("follow us", _FOLLOW_US, 40, at_start=False),
    _Furniture("copyright", _RIGHTS, 40, at_start=False, tail_only=True),
    _Furniture("subscribe", _SUBSCRIBE, 40, at_start=False, tail_only=True, also=_TO_THE_READER),
)
_HEADLINE_WORDS = 20  # a line of a "Related" list is a headline, no longer


_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^)\[]*\)")
_LINK = re.compile(r"\[([^\[\]]*)\]\([^)\[]*\)")


def _plain(paragraph: str) -> str:
    """A Markdown paragraph as the words a reader sees, on one line. (Images' and
    links' parts stop at the next "[", where the next may start: unbounded, each
    "[" of a paragraph of "[a](" was read to its end.)"""
    text = _IMAGE.sub("", paragraph)
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"(?<!\\)[*_]{1,3}", "", text)
    text = re.sub(r"^[#>\s]+", "", text)
    return " ".join(text.split())


def _is_headline_list(paragraph: str) -> bool:
    lines = [_plain(line) for line in paragraph.splitlines()]
    return not paragraph.lstrip().startswith("#") and all(
        len(line.split()) <= _HEADLINE_WORDS for line in lines
    )


_MARKDOWN_LINK = re.compile(r"(?<!!)\[([^\[\]\n]+)\]\(([^)\[\s]+)\)")


def _without_furniture(body: str) -> str:
    """The body without furniture; the stories it pointed to listed at its end.

    "Read more: [Headline](…)" is not the article's text, but the publisher saying
    which stories are related: kept as the "Related article: [Headline](…)" lines
    that reader resolves to articles in the archive (extract/links.py).
    """
    kept, dropped = _drop_furniture(body)
    related = dict.fromkeys(
        f"Related article: [{text.strip()}]({url})"
        for check, paragraph in dropped
        if check in ("see also", "related list")
        for text, url in _MARKDOWN_LINK.findall(paragraph)
        if text.strip()
    )
    return "\n\n".join(part for part in (kept, *related) if part)


def _drop_furniture(body: str) -> tuple[str, list[tuple[str, str]]]:
    """The body without page furniture, and what went: (check name, paragraph) pairs."""
    paragraphs = body.split("\n\n")
    dropped: list[tuple[str, str]] = []
    kept: list[str] = []
    in_related = False
    for index, paragraph in enumerate(paragraphs):
        plain = _plain(paragraph)
        words = len(plain.split())
        if in_related and _is_headline_list(paragraph):
            dropped.append(("related list", paragraph))
            continue
        in_related = words <= 6 and _RELATED_HEADING.match(plain) is not None
        if in_related:
            dropped.append(("related list", paragraph))
            continue
        tail = index >= len(paragraphs) - _TAIL
        for check in _FURNITURE:
            if words > check.max_words or (check.tail_only and not tail):
                continue
            found = check.pattern.match if check.at_start else check.pattern.search
            if found(plain) and (check.also is None or check.also.search(plain)):
                dropped.append((check.name, paragraph))
                break
        else:
            kept.append(paragraph)
    return "\n\n".join(kept), dropped


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
    # Spaces as one (the words are the same): the expressions below try "\s*" from
    # each character of a run of spaces, quadratic in its length.
    text = " ".join(text.split())
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
            data = read_json(block.strip())
        except (ValueError, RecursionError):  # RecursionError: nested too deeply
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
    """The objects of a JSON-LD block in order, @graph members after their graph
    (walked with a list, not by recursion: a block may nest a thousand deep)."""
    found: list[dict[str, Any]] = []
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(reversed(item))
        elif isinstance(item, dict):
            found.append(item)
            if "@graph" in item:
                pending.append(item["@graph"])
    return found


def _ld_names(value: Any) -> list[str]:
    """The names in an author or publisher value: text, {"name": …}, or lists of them."""
    names: list[str] = []
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(reversed(item))
        elif isinstance(item, dict):
            name = _text(item.get("name"))
            if name:
                names.append(name)
        elif item is not None and _text(item):
            names.append(_text(item))
    return names


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
