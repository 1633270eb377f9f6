"""Plain-text views of archive data for the command line (`reader show`, `reader quotes`)."""

from __future__ import annotations

import textwrap
from typing import Any

from reader.extract import TYPE_NAMES
from reader.sanitize import clean_line
from reader.store.queries import QuoteView


def format_article(details: dict[str, Any]) -> str:
    """An article as `reader show` prints it."""
    lines = [
        clean_line(details["title"]),
        "=" * min(len(details["title"]), 78),
        f"id {details['id']} · {details['published'] or 'undated'} · {details['source'] or ''}",
    ]
    if details["authors"]:
        lines.append("by " + ", ".join(clean_line(a) for a in details["authors"]))
    if details["url"]:
        lines.append(details["url"])
    if details.get("link_only"):
        lines.append("saved link — no text yet (import the page to fill it in)")
    state = [name for name in ("bookmarked", "read") if details[name]]
    if details["tags"] or state:
        lines.append(
            "tags: "
            + ", ".join(details["tags"])
            + ("  " if details["tags"] else "")
            + " ".join(f"[{s}]" for s in state)
        )
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
        by_type.setdefault(entity["type"], []).append(f"{entity['name']} ({entity['mentions']})")
    for type_, names in by_type.items():
        lines.append(f"  {TYPE_NAMES.get(type_, type_)}: " + ", ".join(names))
    lines += ["", f"Links ({len(details['links'])})"]
    for link in details["links"]:
        target = f" → article {link['article_id']}" if link["article_id"] else ""
        lines.append(f"  {clean_line(link['text'])} <{link['url']}>{target}")
    lines += ["", "Related"]
    for related in details["related"]:
        lines.append(
            f"  {related.id:>7}  {related.published or '':<10.10}  {clean_line(related.title)}"
            f"  ({related.reason})"
        )
    return "\n".join(lines)


def quote_heading(quote: QuoteView) -> str:
    """Who said a quote, as `reader show` heads it: "Elena Varga? (partial) (said) ✎ corrected"."""
    parts = [(clean_line(quote.speaker) or "unattributed") + ("?" if quote.uncertain else "")]
    if quote.kind == "partial":
        parts.append("(partial)")
    if quote.cue and quote.speaker:
        parts.append(f"({clean_line(quote.cue)})")
    if quote.corrected:
        parts.append("✎ corrected")
    return " ".join(parts)


def _wrapped(text: str, indent: str) -> str:
    return textwrap.fill(
        f"“{clean_line(text)}”", width=78, initial_indent=indent, subsequent_indent=indent
    )


def format_quotes(found: list[dict[str, Any]]) -> str:
    """Quotes across the archive, each with where it comes from."""
    lines = []
    for quote in found:
        lines.append(
            f"{(quote['published'] or '')[:10]:<10}  [{quote['article_id']}] "
            f"{clean_line(quote['title'])}"
        )
        lines.append(
            textwrap.fill(
                f"{clean_line(quote['speaker'])}{' ✎' if quote.get('corrected') else ''}: "
                f"“{clean_line(quote['text'])}”",
                width=78,
                initial_indent="    ",
                subsequent_indent="    ",
            )
        )
    return "\n".join(lines)
