"""The import's parsing fast paths agree with the plain definitions they replace.

Parsing runs once a file on every import; a few of its steps were rewritten for
speed (a regex spelt so that re skips ahead in C, a search that looks at a few
lines instead of every character). These properties check each against the
obvious version on random text made of the pieces the fast path cares about.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.importers import markdown

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
