from __future__ import annotations

import pytest

from reader.dates import parse_date
from reader.urls import canonical_url, domain_of, is_web_url


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("April 22, 2022", "2022-04-22"),
        ("Friday, April 22, 2022", "2022-04-22"),
        ("22 April 2022", "2022-04-22"),
        ("Apr. 3, 2021 10:30 pm", "2021-04-03T22:30:00"),
        ("September 3rd, 2024", "2024-09-03"),
        ("2022-04-22", "2022-04-22"),
        ("2022-04-22T10:00:00Z", "2022-04-22T10:00:00+00:00"),
        ("Fri, 22 Apr 2022 10:00:00 +0200", "2022-04-22T10:00:00+02:00"),
        ("Fri, 22 Apr 2022 10:00:00 GMT", "2022-04-22T10:00:00+00:00"),
        ("not a date", None),
        ("February 30, 2022", None),
        ("", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_canonical_url_drops_tracking_and_fragment() -> None:
    url = "HTTPS://WWW.Example.COM:443/News/Story?utm_source=x&id=7&fbclid=abc#comments"
    assert canonical_url(url) == "https://www.example.com/News/Story?id=7"


@pytest.mark.parametrize(
    "url", ["#", "javascript:alert(1)", "file:///etc/passwd", "mailto:a@b.c", "", None]
)
def test_only_web_urls_count(url: str | None) -> None:
    assert not is_web_url(url)
    assert canonical_url(url) is None


def test_domain_of() -> None:
    assert domain_of("https://www.themoscowtimes.com/2022/x") == "themoscowtimes.com"
