"""Links in an article's Markdown, and the "Related article" line."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Starts on its "[" (the image test comes after), so the engine skips plain text fast.
# Neither the text nor the URL runs past an opening bracket: every attempt starts at
# one, so no stretch of the body is read by more than one attempt (unbounded, a body
# of "[a](" repeated made each "[" read on to the end: quadratic).
_LINK = re.compile(r"\[(?<!!\[)(?P<text>[^\[\]\n]+)\]\((?P<url>[^)\[\s]*)(?:\s+\"[^\"]*\")?\)")
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
    # The line of the last link, whether it is a "Related" line, and how far the
    # body was searched for line breaks: links in the thousands on one line are
    # told their line once, not each by reading back to its start.
    line_start, related, searched = -1, False, 0
    for match in _LINK.finditer(body):
        start = max(line_start, body.rfind("\n", searched, match.start()) + 1)
        searched = match.start()
        if start != line_start:
            line_start, related = start, bool(_RELATED.match(body, start))
        url = match.group("url").strip()
        # "[said](#)": a link to nowhere, unless it names a related article.
        if not related and (not url or url.startswith("#") or url.startswith("javascript:")):
            continue
        links.append(Link(match.group("text").strip(), url, related))
    return links
