"""Plain-text views of archive data for the command line (`reader show`, `reader quotes`).

Every field read from an archive is shown through :func:`display_text`: a shared
archive may hold terminal escapes or bidirectional controls our importer never
wrote, and none of them may reach the terminal.
"""

from __future__ import annotations

import textwrap
from typing import Any

from reader.extract import TYPE_NAMES
from reader.sanitize import display_text as shown
from reader.store.queries import QuoteView


def format_article(details: dict[str, Any]) -> str:
    """An article as `reader show` prints it."""
    title = shown(details["title"])
    lines = [
        title,
        "=" * min(len(title), 78),
        f"id {details['id']} · {shown(details['published']) or 'undated'} · "
        f"{shown(details['source'])}",
    ]
    if details["authors"]:
        lines.append("by " + ", ".join(shown(a) for a in details["authors"]))
    if details["url"]:
        lines.append(shown(details["url"]))
    if details.get("link_only"):
        lines.append("saved link — no text yet (import the page to fill it in)")
    if details["tags"]:
        lines.append("tags: " + ", ".join(shown(tag) for tag in details["tags"]))
    state = [name for name in ("bookmarked", "read") if details[name]]
    if state:  # the user's state, not tags: a line of its own
        lines.append(", ".join(state))
    quotes: list[QuoteView] = details["quotes"]
    lines += ["", f"Quotes ({len(quotes)})"]
    legend = [
        text
        for shown, text in (
            (any(quote.uncertain for quote in quotes), "? the extractor is unsure of the speaker"),
            (any(quote.corrected for quote in quotes), "✎ corrected by hand"),
        )
        if shown
    ]
    if legend:
        lines.append(f"  ({'; '.join(legend)})")
    for number, quote in enumerate(quotes, start=1):
        lines += [f"  {number:>2}. {quote_heading(quote)}:", _wrapped(quote.text, "      ")]
    lines += ["", "Entities"]
    by_type: dict[str, list[str]] = {}
    for entity in details["entities"]:
        by_type.setdefault(entity["type"], []).append(
            f"{shown(entity['name'])} ({shown(entity['mentions'])})"
        )
    for type_, names in by_type.items():
        lines.append(f"  {shown(TYPE_NAMES.get(type_, type_))}: " + ", ".join(names))
    lines += ["", f"Links ({len(details['links'])})"]
    for link in details["links"]:
        target = f" → article {shown(link['article_id'])}" if link["article_id"] else ""
        lines.append(f"  {shown(link['text'])} <{shown(link['url'])}>{target}")
    lines += ["", "Related"]
    for related in details["related"]:
        lines.append(
            f"  {shown(related.id):>7}  {shown(related.published):<10.10}  {shown(related.title)}"
            f"  ({shown(related.reason)})"
        )
    return "\n".join(lines)


def quote_heading(quote: QuoteView) -> str:
    """Who said a quote, as `reader show` heads it: "Elena Varga? (partial) (said) ✎ corrected"."""
    parts = [(shown(quote.speaker) or "unattributed") + ("?" if quote.uncertain else "")]
    if quote.kind == "partial":
        parts.append("(partial)")
    if quote.cue and quote.speaker:
        parts.append(f"({shown(quote.cue)})")
    if quote.corrected:
        parts.append("✎ corrected")
    return " ".join(parts)


def _wrapped(text: str, indent: str) -> str:
    return textwrap.fill(
        f"“{shown(text)}”", width=78, initial_indent=indent, subsequent_indent=indent
    )


def format_quotes(found: list[dict[str, Any]]) -> str:
    """Quotes across the archive, each with where it comes from."""
    lines = []
    for quote in found:
        lines.append(
            f"{shown(quote['published'])[:10]:<10}  [{shown(quote['article_id'])}] "
            f"{shown(quote['title'])}"
        )
        lines.append(
            textwrap.fill(
                f"{shown(quote['speaker'])}{' ✎' if quote.get('corrected') else ''}: "
                f"“{shown(quote['text'])}”",
                width=78,
                initial_indent="    ",
                subsequent_indent="    ",
            )
        )
    return "\n".join(lines)
