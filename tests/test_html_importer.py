from __future__ import annotations

import json

import pytest

from reader.extract.links import find_links
from reader.importers.errors import ImportFailure
from reader.importers.html import parse_html
from reader.importers.markup import html_to_markdown

STORY = [
    "The harbour authority voted on Tuesday to close the eastern basin after tests found "
    "solvent levels far above the legal limit in water samples taken near the outfall.",
    "“We will not reopen the basin until every sample is clean,” said Elena Varga, the "
    "mayor, who called the findings alarming and promised a full public inquiry.",
    "Fishermen who depend on the basin said they had warned the council for months that "
    "the water smelled of chemicals, and that nobody had listened to their complaints.",
    "The company that runs the plant upstream, Norvane Chemicals, said in a statement that "
    "it was cooperating fully with inspectors and that its own tests showed no leak.",
]


def page(*, ld: bool = True, og: bool = True) -> str:
    nav = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(25))
    footer = "".join(f'<a href="/f{i}">Footer link {i}</a> ' for i in range(30))
    head = "<title>Basin closed after solvent found | Harbour Gazette</title>"
    if og:
        head += (
            '<meta property="og:title" content="Basin closed after solvent found">'
            '<meta property="og:site_name" content="Harbour Gazette">'
            '<meta property="article:published_time" content="2026-03-14T08:30:00+01:00">'
            '<link rel="canonical" href="https://www.harbourgazette.example/2026/03/14/basin">'
        )
    if ld:
        head += (
            '<script type="application/ld+json">'
            + json.dumps(
                {
                    "@context": "https://schema.org",
                    "@graph": [
                        {"@type": "WebSite", "name": "Harbour Gazette"},
                        {
                            "@type": "NewsArticle",
                            "headline": "Basin closed after solvent found",
                            "datePublished": "2026-03-14T08:30:00+01:00",
                            "author": [{"@type": "Person", "name": "Mira Castell"}],
                            "publisher": {"@type": "Organization", "name": "Harbour Gazette"},
                            "mainEntityOfPage": {
                                "@id": "https://www.harbourgazette.example/2026/03/14/basin"
                            },
                        },
                    ],
                }
            )
            + "</script>"
        )
    body = "".join(f"<p>{p}</p>" for p in STORY)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head><body>
    <div id="cookie-consent" class="cookie-banner"><p>We use cookies and similar technologies
    to personalise content and ads. By clicking accept you agree.</p><button>Accept</button></div>
    <header><nav class="main-nav"><ul>{nav}</ul></nav></header>
    <div class="ad-slot">Advertisement</div>
    <main><article>
      <h1>Basin closed after solvent found</h1>
      <div class="byline">By <a href="/authors/mira">Mira Castell</a>
        <time datetime="2026-03-14">March 14, 2026</time></div>
      <div class="share-bar"><a href="#">Share on Facebook</a><a href="#">Share on X</a></div>
      {body}
    </article>
    <aside class="most-read"><h2>Most read</h2><ol>
      <li><a href="/x1">Ferry timetable changes for summer season</a></li>
      <li><a href="/x2">Local bakery wins national bread award</a></li></ol></aside>
    <div class="newsletter-signup"><h3>Get the morning briefing</h3><p>Sign up for our
      newsletter and never miss a story.</p></div>
    </main>
    <footer>{footer}<p>© 2026 Harbour Gazette. All rights reserved.</p></footer>
    </body></html>"""


def test_keeps_article_text_and_drops_furniture() -> None:
    article = parse_html(page()).cleaned()
    for paragraph in STORY:
        assert paragraph in article.body
    for furniture in (
        "cookies",
        "Section 3",
        "Most read",
        "newsletter",
        "Footer link",
        "Share on",
        "All rights reserved",
        "Advertisement",
    ):
        assert furniture not in article.body, furniture
    assert not article.body.startswith("# Basin closed")


def test_metadata_from_json_ld() -> None:
    article = parse_html(page(og=False)).cleaned()
    assert article.title == "Basin closed after solvent found"
    assert article.published == "2026-03-14T08:30:00+01:00"
    assert article.authors == ["Mira Castell"]
    assert article.source == "Harbour Gazette"
    assert article.url == "https://www.harbourgazette.example/2026/03/14/basin"


def test_metadata_from_opengraph() -> None:
    article = parse_html(page(ld=False)).cleaned()
    assert article.title == "Basin closed after solvent found"
    assert article.published == "2026-03-14T08:30:00+01:00"
    assert article.source == "Harbour Gazette"
    assert article.url == "https://www.harbourgazette.example/2026/03/14/basin"


def test_deeply_nested_page_is_refused_with_a_reason() -> None:
    html = "<html><body>" + "<div>" * 5000 + "<p>deep</p>" + "</div>" * 5000 + "</body></html>"
    with pytest.raises(ImportFailure, match="nested too deeply"):
        parse_html(html)


def test_empty_page_is_refused() -> None:
    with pytest.raises(ImportFailure):
        parse_html("   ")


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ('<p class="byline">By <a href="/a">Samir Quist</a> | 3 March 2026</p>', "Samir Quist"),
        ('<div class="author">Owen Castell, Home tech editor</div>', "Owen Castell"),
        ("<p>Story and photos: Alan Prothero</p>", "Alan Prothero"),
    ],
)
def test_author_from_a_byline_when_metadata_has_none(byline: str, author: str) -> None:
    html = (
        page(ld=False, og=False)
        .replace('<div class="byline">By <a href="/authors/mira">Mira Castell</a>', "<div>")
        .replace("<h1>Basin closed after solvent found</h1>", f"<h1>Basin closed</h1>{byline}")
    )
    assert parse_html(html).authors == [author]


@pytest.mark.parametrize(
    "hidden",
    [
        "<!-- -->",
        "<!-- a note for editors -->",
        "<?php echo $ad; ?>",
        '<!--[if IE]><p class="ie"><![endif]-->',
    ],
)
def test_text_after_a_comment_or_processing_instruction_is_kept(hidden: str) -> None:
    story = STORY[0].replace("tests found ", f"tests found {hidden}")
    article = parse_html(page().replace(STORY[0], story))
    assert STORY[0] in article.body
    assert "php" not in article.body and "editors" not in article.body


def test_xhtml_with_an_encoding_declaration_is_read() -> None:
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n' + page()
    article = parse_html(xhtml)
    assert STORY[1] in article.body
    assert article.title == "Basin closed after solvent found"


@pytest.mark.parametrize(
    ("fragment", "markdown"),
    [
        ("<p>no one <!-- -->ran on the day</p>", "no one ran on the day"),
        ("<p>no one <?php echo 1 ?>ran on the day</p>", "no one ran on the day"),
        ("<p>no one <![CDATA[ x ]]>ran on <!x>the day</p>", "no one ran on the day"),
        ("<!DOCTYPE html><p>no <b>one</b> <!-- c --> ran</p>", "no **one** ran"),
    ],
)
def test_markdown_has_no_comments_or_instructions(fragment: str, markdown: str) -> None:
    assert html_to_markdown(fragment) == markdown


def test_a_control_character_does_not_cost_the_whole_page() -> None:
    # lxml refuses U+0007 in the elements trafilatura builds; it then returned nothing.
    article = parse_html(page().replace("solvent levels", "solvent\x07 levels"))
    assert STORY[0] in article.body
    assert STORY[3] in article.body


def test_emphasis_does_not_cost_text() -> None:
    # trafilatura's formatting mode dropped paragraphs and the space after a <b>.
    story = STORY[2].replace("for months", "<b>for months</b>")
    article = parse_html(page().replace(STORY[2], story))
    assert STORY[2] in article.body


FURNITURE = {
    "see also": '<p>Read more: <a href="/x9">Ferry fares to rise in April</a></p>',
    "shouted see also": '<p><strong>LEA:</strong> <a href="/x8">Ferry fares rise</a></p>',
    "credit": "<p>Photo: Harbour Gazette/Anna Berg</p>",
    "follow us": "<p>Follow us on Twitter and Instagram for the latest news.</p>",
    "related list": "<p><strong>Most read</strong></p><ul><li>Ferry timetable changes for "
    "summer season</li><li>Bakery wins national bread award</li></ul>",
    "subscribe": "<p>Subscribe to our newsletter for the biggest stories every morning.</p>",
    "copyright": "<p>© 2026 Harbour Gazette. All rights reserved.</p>",
}

POINTED_TO = {"see also": "Ferry fares to rise in April", "shouted see also": "Ferry fares rise"}


@pytest.mark.parametrize("name", FURNITURE)
def test_furniture_inside_the_article_is_dropped(name: str) -> None:
    middle = f"<p>{STORY[1]}</p>"
    html = (
        page()
        .replace(middle, middle + FURNITURE[name])
        .replace(f"<p>{STORY[3]}</p>", f"<p>{STORY[3]}</p>" + FURNITURE[name])
    )
    body = parse_html(html).body
    text, _, _ = body.partition("\n\nRelated article: ")
    assert text.split("\n\n") == STORY
    for word in ("Ferry", "Photo", "Follow us", "Bakery", "newsletter", "©", "LEA", "Read more"):
        assert word not in text, name
    # The stories a "Read more" points to stay related articles, out of the text.
    related_links = [(link.text, link.related) for link in find_links(body)]
    assert related_links == ([(POINTED_TO[name], True)] if name in POINTED_TO else [])


def test_text_that_only_looks_like_furniture_is_kept() -> None:
    kept = [
        # a name in an interview, not "Mira:" as a Spanish "see also"
        "Mira: We had no warning at all, and the boats were already out.",
        # a newsletter, but in the story and not at its end
        "The council sends a weekly newsletter to every household.",
        # a credit-like word, but a sentence
        "Photographs taken by divers show the sludge on the basin floor.",
    ]
    html = page().replace(
        f"<p>{STORY[1]}</p>", f"<p>{STORY[1]}</p>" + "".join(f"<p>{p}</p>" for p in kept)
    )
    body = parse_html(html).body
    for paragraph in kept:
        assert paragraph in body


@pytest.mark.parametrize(
    ("fragment", "markdown"),
    [
        ("<p>Wäh\u00adrend der Zeit</p>", "Während der Zeit"),  # soft hyphens
        ("<p>zero\u200bwidth\u2060 joins</p>", "zerowidth joins"),
        ("<p>cafe\u0301</p>", "caf\u00e9"),  # one spelling (NFC)
    ],
)
def test_markdown_has_no_invisible_characters(fragment: str, markdown: str) -> None:
    assert html_to_markdown(fragment) == markdown


def test_code_and_embedded_objects_leave_no_text_behind() -> None:
    from reader.importers.markup import html_to_markdown

    html = (
        "<p>Before.</p><script>var secret = 'leak';</script><style>p { color: red }</style>"
        "<noscript>Enable scripts</noscript><svg><text>chart label</text></svg>"
        "<template><p>hidden</p></template><p>After, <b>bold</b> words.</p>"
    )
    text = html_to_markdown(html)
    assert "Before." in text and "After," in text
    for leaked in ("secret", "color", "Enable scripts", "chart label", "hidden"):
        assert leaked not in text
