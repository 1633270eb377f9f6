"""The fast path for plain HTML fragments makes exactly the Markdown the full converter does."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.importers.markup import _converted, html_to_markdown
from reader.importers.plainhtml import simple_markdown

# Text with what markdownify treats specially: spaces of every kind at the edges,
# line breaks, entities (with and without their semicolon), asterisks, underscores,
# brackets and quotes.
_PIECES = st.sampled_from(
    [
        "Ann",
        "said",
        " ",
        "  ",
        "\n",
        " \n ",
        "\t",
        "\r\n",
        "\xa0",
        "&nbsp;",
        "&amp;",
        "&lt;",
        "&mdash;",
        "&#8217;",
        "&#x201C;",
        "&#150;",
        "&#42;",
        "*",
        "**",
        "_x_",
        "[1]",
        "(a)",
        '"',
        "“Yes,”",
        "é",
        "https://news.example/a",
    ]
)
_TEXT = st.lists(_PIECES, min_size=1, max_size=6).map("".join)
_SPACE = st.sampled_from(["", " ", "\n", "\n\n  ", "\t"])
_URL = st.sampled_from(
    ["https://news.example/a", "", "/relative", "https://x.example/?a=1&amp;b=2"]
)


@st.composite
def _inline(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["text", "text", "a", "em", "i", "strong", "b", "br"]))
    if kind == "text":
        return draw(_TEXT)
    if kind == "br":
        return draw(st.sampled_from(["<br>", "<br/>", "<br />"]))
    inner = draw(st.one_of(_TEXT, _SPACE))
    if kind != "a":
        return f"<{kind}>{inner}</{kind}>"
    href = draw(_URL)
    inner = draw(st.one_of(st.just(href), _TEXT, _SPACE))
    title = draw(st.sampled_from(["", ' title="A &quot;quoted&quot; title"', ' title=""']))
    extra = draw(st.sampled_from(["", ' class="x"', ' rel="nofollow"']))
    return f'<a href="{href}"{title}{extra}>{inner}</a>'


_INLINES = st.lists(_inline(), max_size=5).map("".join)


@st.composite
def fragments(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(_INLINES)  # a description without paragraphs
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        parts.append(draw(_SPACE))
        if draw(st.integers(0, 4)) == 0:
            parts.append(draw(_INLINES))  # text between paragraphs
        else:
            attributes = draw(st.sampled_from(["", ' class="lead"']))
            parts.append(f"<p{attributes}>{draw(_INLINES)}</p>")
    parts.append(draw(_SPACE))
    return "".join(parts)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragments())
def test_the_fast_path_takes_plain_fragments_and_converts_them_as_markdownify(html: str) -> None:
    fast = simple_markdown(html)
    assert fast is not None, html
    assert fast == _converted(html), html


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            fragments(),
            st.sampled_from(
                [
                    "<p>a<em>b<strong>c</strong></em></p>",  # nested emphasis
                    "<em><p>x</p></em>",  # a block inside an inline element
                    "<p>a</em>",  # closed out of order
                    "<p>unclosed",
                    "a < b",
                    "<P>upper</P>",
                    "<a href='single'>x</a>",
                    '<a href="1" href="2">x</a>',
                    "<div>block</div>",
                    "<p/>",
                    "</br>",
                    "<img src=x>",
                    "a &amp b",  # a reference without its semicolon
                    "&amp",
                    "&#;",
                    "AT&T",
                ]
            ),
        ),
        min_size=1,
        max_size=3,
    ).map("".join)
)
def test_what_the_fast_path_takes_it_converts_exactly_and_the_rest_it_leaves(html: str) -> None:
    fast = simple_markdown(html)
    if fast is not None:
        assert fast == _converted(html), html


def test_shapes_outside_the_fast_path_go_to_the_full_converter() -> None:
    shapes = ["<p>a<em>b<strong>c</strong></em></p>", "<p>unclosed", "a < b", "<ul><li>x</li></ul>"]
    for html in shapes:
        assert simple_markdown(html) is None
    assert html_to_markdown("<p>a<em>b<strong>c</strong></em></p>") == "a*b**c***"


def test_a_feed_paragraph_with_a_link_and_emphasis() -> None:
    html = (
        '<p>The council <em>voted</em> on the <a href="https://news.example/plan">plan</a>.</p>\n'
        "<p>More *soon*.</p>"
    )
    assert html_to_markdown(html) == (
        "The council *voted* on the [plan](https://news.example/plan).\n\nMore \\*soon\\*."
    )
