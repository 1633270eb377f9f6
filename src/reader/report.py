"""Plain-text views of archive data for the command line (`reader show`, `reader quotes`).

Every field read from an archive is shown through :func:`display_text`: a shared
archive may hold terminal escapes or bidirectional controls our importer never
wrote, and none of them may reach the terminal.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

from reader.diffing import Paragraph, Piece, words_diff
from reader.extract import TYPE_NAMES
from reader.sanitize import display_text as shown
from reader.store.highlights import Highlight
from reader.store.queries import EntityView, QuoteView
from reader.store.search import Month, QuoteHit, busiest
from reader.store.versions import Version


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
    story = details.get("story", [])
    if story:
        lines += ["", f"Same story ({len(story)} more)"]
        for member in story:
            lines.append(
                f"  [{member.article_id}] {shown(member.published)[:10] or 'undated'} · "
                f"{shown(member.source) or 'unknown outlet'} · {shown(member.title)}"
            )
    marked = details.get("highlights", [])
    if marked:
        lines += ["", f"Highlights ({len(marked)})"]
        for item in marked:
            lines += _highlight_lines(item, "  ")
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


def format_quote_hits(found: list[QuoteHit]) -> str:
    """Quotes found across the archive: date, outlet, speaker, the whole quote, the article."""
    lines = []
    for quote in found:
        speaker = shown(quote.speaker) or "Unattributed"
        mark = " ✎" if quote.corrected else ""  # the speaker was corrected by hand
        outlet = shown(quote.source) or "unknown outlet"
        lines.append(
            f"{shown(quote.published)[:10] or 'undated':<10}  {outlet} · {speaker}{mark}"
            f"  [article {quote.article_id}]"
        )
        lines.append(
            textwrap.fill(
                f"“{shown(quote.text)}”", width=78, initial_indent="    ", subsequent_indent="    "
            )
        )
    return "\n".join(lines)


_KIND = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "location",
    "FAC": "facility",
    "NORP": "group",
}
# The bar of the busiest month is this wide.
BAR_WIDTH = 40


def format_timeline(entity: EntityView, months: list[Month], others: list[EntityView]) -> str:
    """An entity month by month, as a bar chart of articles with mentions and quotes."""
    kind = _KIND.get(entity.type, entity.type)
    lines = [f"{shown(entity.name)} ({kind}), in {entity.article_count} article(s)"]
    if others:
        lines.append(
            "also named so: "
            + ", ".join(
                f"{shown(other.name)} ({_KIND.get(other.type, other.type)})" for other in others
            )
        )
    if not months:
        lines.append("no dated articles mention it")
        return "\n".join(lines)
    top = max(month.articles for month in months) or 1
    peaks = {month.month for month in busiest(months)}
    lines.append("")
    for month in months:
        bar = "█" * round(month.articles / top * BAR_WIDTH) if month.articles else ""
        quotes = f", {month.quotes} quote(s)" if month.quotes else ""
        counts = f"{month.articles} article(s), {month.mentions} mention(s){quotes}"
        peak = "  ← busiest" if month.month in peaks else ""
        lines.append(f"{month.month}  {bar:<{BAR_WIDTH}}  {counts}{peak}")
    return "\n".join(lines)


def format_versions(article_id: int, found: list[Version]) -> str:
    """An article's wordings, oldest first: number, when, words, title, file."""
    lines = [f"article {article_id}: {len(found)} version(s), oldest first"]
    for version in found:
        label = "current" if version.current else f"{version.number:>7}"
        words = len(version.body.split())
        lines.append(
            f"{label}  {shown(version.captured_at)[:16] or 'undated':<16}  {words:>6} words  "
            f"{shown(version.title)}"
        )
        if version.imported_from:
            lines.append(f"{'':>9}from {shown(version.imported_from)}")
    return "\n".join(lines)


# The marks around words in a diff printed to a pipe or file.
REMOVED_MARKS, ADDED_MARKS = ("»", "«"), ("«", "»")


def format_diff(
    old: Version,
    new: Version,
    paragraphs: list[Paragraph],
    quotes: tuple[list[str], list[str]],
    style: Callable[[Piece], str] | None = None,
) -> str:
    """A word diff of two versions: changed paragraphs in full, unchanged ones counted.

    style renders a changed piece (colour on a terminal); by default removed words
    are »marked« and added ones «marked». quotes: the quotes only the old version
    has, and those only the new one has.
    """

    def name(version: Version) -> str:
        which = "current" if version.current else f"version {version.number}"
        if version.current and old.current and new.current:  # two articles
            return f"“{shown(version.title)[:60]}”"
        return f"{which} ({shown(version.captured_at)[:16] or 'undated'})"

    render = style or _marked
    lines = [f"{name(old)} → {name(new)}    »removed« «added»"]
    if old.title != new.title:
        title = words_diff(old.title, new.title)
        lines += ["", "title: " + "".join(render(piece) for piece in title)]
    unchanged = 0
    for paragraph in paragraphs:
        if not paragraph.changed:
            unchanged += 1
            continue
        if unchanged:
            lines += ["", f"  … {unchanged} paragraph(s) unchanged …"]
            unchanged = 0
        lines += ["", "".join(render(piece) for piece in paragraph.pieces)]
    if unchanged:
        lines += ["", f"  … {unchanged} paragraph(s) unchanged …"]
    if not any(p.changed for p in paragraphs) and old.title == new.title:
        lines += ["", "the same words (spacing aside)"]
    gone, came = quotes
    if gone or came:
        lines += ["", "Quotes that changed:"]
        lines += [f"  − “{shown(text)}”" for text in gone]
        lines += [f"  + “{shown(text)}”" for text in came]
    return "\n".join(lines)


def _marked(piece: Piece) -> str:
    text = shown(piece.text, lines=True)  # its spacing is part of the diff
    if piece.kind == "removed":
        text = f"{REMOVED_MARKS[0]}{text}{REMOVED_MARKS[1]}"
    elif piece.kind == "added":
        text = f"{ADDED_MARKS[0]}{text}{ADDED_MARKS[1]}"
    return text + piece.tail


def format_highlights(found: list[tuple[Highlight, str, str | None]]) -> str:
    """Highlights across the archive: the article, the passage, the note."""
    lines = []
    for item, title, published in found:
        lines.append(
            f"{shown(published)[:10] or 'undated':<10}  [{item.article_id}] {shown(title)}"
        )
        lines += _highlight_lines(item, "    ")
    return "\n".join(lines)


def _highlight_lines(item: Highlight, indent: str) -> list[str]:
    """A highlight's passage, marked, wrapped under indent; its note beneath."""
    gone = "  (no longer in the text)" if item.vanished else ""
    lines = [
        textwrap.fill(
            f"▌ {shown(item.passage)}{gone}",
            width=78,
            initial_indent=indent,
            subsequent_indent=indent + "  ",
        )
    ]
    if item.note:
        lines.append(f"{indent}  note: {shown(item.note)}")
    return lines
