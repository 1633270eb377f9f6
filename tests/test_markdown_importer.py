from __future__ import annotations

import json
import time

import pytest

from reader.importers.errors import ImportFailure
from reader.importers.markdown import parse_markdown

from .conftest import SEED_ARTICLE, SEED_EXPECTED, needs_seed


@needs_seed
def test_seed_fixture_fields_match_expected() -> None:
    expected = json.loads(SEED_EXPECTED.read_text())
    article = parse_markdown(SEED_ARTICLE.read_text(), str(SEED_ARTICLE)).cleaned()
    assert article.title == expected["title"]
    assert article.published == expected["published"]
    assert article.url == expected["url"]
    assert article.source == expected["source"]


@needs_seed
def test_seed_fixture_body_is_clean() -> None:
    article = parse_markdown(SEED_ARTICLE.read_text(), str(SEED_ARTICLE)).cleaned()
    body = article.body
    # Title, date and URL are fields, not body text.
    assert not body.startswith("#")
    assert "April 22, 2022" not in body
    assert "Original url" not in body
    assert "themoscowtimes.com/2022" not in body
    assert "\n\n\n" not in body
    # The photo credit, quotes and the related-article link stay.
    assert body.startswith("Russian President Vladimir Putin and Defense Minister Sergei Shoigu.")
    assert "[kremlin.ru](http://kremlin.ru)" in body
    assert "## Related article: [Russia Says 'Ready' for Truce at Mariupol Plant](#)" in body
    assert body.rstrip().endswith('so that "not even a fly can escape."')


def test_front_matter() -> None:
    text = """---
title: "Harbour: a plan"
date: 2026-03-14
url: https://www.harbourgazette.example/2026/03/14/plan?utm_source=rss
authors: [Mira Castell, Jonas Weber]
source: Harbour Gazette
tags: [water, harbour]
---

The council met on Tuesday.

“It is a plan,” Varga said.
"""
    article = parse_markdown(text, "/x.md").cleaned()
    assert article.title == "Harbour: a plan"
    assert article.published == "2026-03-14"
    assert article.url == "https://www.harbourgazette.example/2026/03/14/plan"
    assert article.authors == ["Mira Castell", "Jonas Weber"]
    assert article.source == "Harbour Gazette"
    assert article.tags == ["water", "harbour"]
    assert article.body.startswith("The council met on Tuesday.")


def test_front_matter_single_author_string_and_byline_free_body() -> None:
    text = "---\ntitle: T\nauthor: Ana Ruiz and Bo Li\n---\nBy the river, the flood came.\n"
    article = parse_markdown(text)
    assert article.authors == ["Ana Ruiz", "Bo Li"]
    assert article.body == "By the river, the flood came."


def test_byline_line_becomes_authors() -> None:
    text = "# Title\n\nMarch 3, 2026\n\nBy Ana Ruiz and Bo Li\n\nBody text.\n"
    article = parse_markdown(text)
    assert article.authors == ["Ana Ruiz", "Bo Li"]
    assert article.published == "2026-03-03"
    assert article.body == "Body text."


def test_plain_text_first_line_is_title() -> None:
    article = parse_markdown("A plain note\n\nSome text here.\n")
    assert article.title == "A plain note"
    assert article.body == "Some text here."


def test_original_url_on_same_line() -> None:
    article = parse_markdown("# T\n\nBody.\n\nOriginal URL: <https://example.org/a>\n")
    assert article.url == "https://example.org/a"
    assert article.body == "Body."


def test_text_after_the_footer_stays_in_the_body() -> None:
    text = "# T\n\nBody.\n\nOriginal url:\n\n<https://example.org/a>\n\nA note added later.\n"
    article = parse_markdown(text)
    assert article.url == "https://example.org/a"
    assert "Original url" not in article.body
    assert "A note added later." in article.body


def test_broken_front_matter_is_named() -> None:
    with pytest.raises(ImportFailure, match="front matter is not valid YAML"):
        parse_markdown("---\ntitle: [unclosed\n---\nbody\n")


def test_a_yaml_alias_bomb_is_refused_at_once() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for n, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[n]
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    bomb = "---\n" + "\n".join(levels) + "\ntitle: *i\ntags: *h\n---\n\nBody.\n"
    started = time.monotonic()
    with pytest.raises(ImportFailure, match="aliases"):
        parse_markdown(bomb)
    assert time.monotonic() - started < 1


def test_nested_values_where_text_belongs_are_no_text() -> None:
    article = parse_markdown(
        "---\ntitle: [a, [b, c]]\ntags: [ok, [nested], {k: v}]\nbookmarked: 'false'\n"
        "read: 'yes'\n---\n\nBody text.\n"
    )
    assert article.title == "Body text."  # no title from a list: the first line stands in
    assert article.tags == ["ok"]
    assert not article.bookmarked and article.read
