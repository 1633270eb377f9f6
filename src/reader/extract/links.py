"""Links in an article's Markdown, and the "Related article" line."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Starts on its "[" (the image test comes after), so the engine skips plain text fast.
_LINK = re.compile(r"\[(?<!!\[)(?P<text>[^\]\n]+)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_RELATED = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+)?(?:\*\*)?related(?: article| story| stories)?s?\s*:", re.I | re.M
)


@dataclass(slots=True)
class Link:
    text: str
    url: str
    related: bool  # given as a related article: its title names another article


def find_links(body: str) -> list[Link]:
    """Every inline link, in order; "Related article: [Title](…)" lines are marked."""
    links = []
    for match in _LINK.finditer(body):
        line_start = body.rfind("\n", 0, match.start()) + 1
        related = bool(_RELATED.match(body, line_start))
        url = match.group("url").strip()
        # "[said](#)": a link to nowhere, unless it names a related article.
        if not related and (not url or url.startswith("#") or url.startswith("javascript:")):
            continue
        links.append(Link(match.group("text").strip(), url, related))
    return links
