"""Every key of the reader, read from the live bindings with the user's keymap applied.

The help screen and the command palette are built from here, so they show the
keys the user actually has; a keymap id that names no binding is reported. The
long help of a binding is its ``tooltip``, next to the binding itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode


@dataclass(frozen=True)
class KeyHelp:
    """One action: its keys as the user has them, and what it does."""

    section: str
    keys: str
    description: str  # short: the footer's word, the palette's name
    help: str  # a line for the help screen
    action: str
    binding_id: str


def bindings_of(owner: type[DOMNode]) -> list[Binding]:
    """The owner's own bindings, as declared."""
    return [binding for binding in owner.BINDINGS if isinstance(binding, Binding)]


def key_help(
    sections: Iterable[tuple[str, type[DOMNode]]],
    keymap: Mapping[str, str],
    display: Callable[[Binding], str],
) -> list[KeyHelp]:
    """Each binding with an id, in order, with the keymap applied: one row per id."""
    rows: list[KeyHelp] = []
    for section, owner in sections:
        bindings = BindingsMap(bindings_of(owner))
        bindings.apply_keymap(dict(keymap))
        keys_of: dict[str, list[str]] = {}
        first: dict[str, Binding] = {}
        for _key, found in bindings:
            if found.id is None:
                continue
            keys_of.setdefault(found.id, []).append(display(found))
            first.setdefault(found.id, found)
        for declared in bindings_of(owner):
            binding = first.get(declared.id or "")
            if binding is None:
                continue
            rows.append(
                KeyHelp(
                    section,
                    ", ".join(dict.fromkeys(keys_of[binding.id or ""])),
                    binding.description,
                    binding.tooltip or binding.description,
                    binding.action,
                    binding.id or "",
                )
            )
    return rows


def unknown_ids(keymap: Mapping[str, str], owners: Iterable[type[DOMNode]]) -> list[str]:
    """Keymap ids that name no binding: a typo the user should hear about."""
    known = {binding.id for owner in owners for binding in bindings_of(owner) if binding.id}
    return sorted(set(keymap) - known)
