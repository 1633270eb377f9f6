"""The words of an import's notes: what a file held that was skipped or not imported yet.

Every importer counts the same way, so the user reads one wording whatever the tool:
"3 highlights not imported yet", "1 entry marked deleted was skipped", "2 records
without a title or text skipped". A count of none says nothing (None), so a list of
possible notes is kept with :func:`kept`.
"""

from __future__ import annotations

from collections.abc import Iterable


def plural(count: int, one: str, many: str = "") -> str:
    """``"1 highlight"``, ``"3 highlights"``, ``"2 entries"`` (with ``many``)."""
    return f"{count} {one}" if count == 1 else f"{count} {many or one + 's'}"


def not_imported(count: int, one: str, detail: str = "") -> str | None:
    """``"3 highlights not imported yet"``, ``detail`` after it in brackets; None for none."""
    if not count:
        return None
    note = f"{plural(count, one)} not imported yet"
    return f"{note} ({detail})" if detail else note


def skipped(count: int, one: str, why: str = "", *, many: str = "", detail: str = "") -> str | None:
    """``"2 records without a title or text skipped"``, ``detail`` in brackets; None for none."""
    if not count:
        return None
    note = " ".join(part for part in (plural(count, one, many), why, "skipped") if part)
    return f"{note} ({detail})" if detail else note


def were_skipped(count: int, one: str, why: str, *, many: str = "") -> str | None:
    """``"1 entry marked deleted was skipped"``, ``"2 items … were skipped"``; None for none."""
    if not count:
        return None
    return f"{plural(count, one, many)} {why} {'was' if count == 1 else 'were'} skipped"


def kept(notes: Iterable[str | None]) -> list[str]:
    """The notes that say something."""
    return [note for note in notes if note]
