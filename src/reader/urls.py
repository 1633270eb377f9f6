"""URL helpers: canonical form for identity, and which links may be opened."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref_src", "cmpid"}
)


def is_web_url(url: str | None) -> bool:
    """True for absolute http(s) URLs, the only kind the reader will open."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def canonical_url(url: str | None) -> str | None:
    """The form of a URL used to recognise the same article twice, or None if not a web URL.

    Lower-cases scheme and host, drops default ports, fragments and tracking
    parameters (utm_*, fbclid, ...). The path is kept as it is: servers may treat
    case and trailing slashes as meaningful.
    """
    if not is_web_url(url):
        return None
    assert url is not None
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        return None
    netloc = host
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        netloc = f"{host}:{port}"
    query = ""
    if parts.query:  # most have none: parse_qsl and urlencode would give "" back
        query = urlencode(
            [
                (key, value)
                for key, value in parse_qsl(parts.query, keep_blank_values=True)
                if not key.lower().startswith("utm_") and key.lower() not in _TRACKING_PARAMS
            ]
        )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def other_scheme(url: str) -> str:
    """The same URL over the other of http and https, to find an article saved either way."""
    if url.startswith("https://"):
        return "http://" + url[len("https://") :]
    if url.startswith("http://"):
        return "https://" + url[len("http://") :]
    return url


def domain_of(url: str | None) -> str | None:
    """The site's domain without a leading www., e.g. 'themoscowtimes.com'."""
    if not is_web_url(url):
        return None
    assert url is not None
    host = (urlsplit(url.strip()).hostname or "").lower()
    return host.removeprefix("www.") or None
