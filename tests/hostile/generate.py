"""Hostile inputs that cost reader super-linear time before, built at any size.

Each entry of ``units.json`` is a unit of text that was (or could have been) read
again from each of its repetitions: ``prefix + unit * k + suffix``. The tests
build them small (tests/test_linear_time.py); this script writes them at the
sizes the attack run used, to import by hand::

    python tests/hostile/generate.py /tmp/hostile          # every entry, 64 KB each
    python tests/hostile/generate.py /tmp/hostile --size 700000 --only brackets
    reader import /tmp/hostile

A unit may hold ``{name}``: each repetition then gets a name of its own ("Qaab",
"Qaac", …), so that an article names thousands of different people.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME = "{name}"


@dataclass(frozen=True)
class Hostile:
    """One entry of units.json."""

    name: str
    unit: str
    targets: tuple[str, ...]
    origin: str
    where: str
    prefix: str = ""
    suffix: str = ""
    extension: str = ".md"  # what the generated file is called, for `reader import`

    def text(self, size: int) -> str:
        """prefix + unit repeated + suffix, about size characters long."""
        return hostile_text(self.prefix, self.unit, self.suffix, size)


def distinct_name(number: int) -> str:
    """A capitalised word of its own for each number: Qaab, Qaac, …"""
    letters = "abcdefghijklmnopqrstuvwxyz"
    number += 27  # three letters at least
    word = ""
    while number:
        number, rest = divmod(number, 26)
        word = letters[rest] + word
    return "Q" + word


def hostile_text(prefix: str, unit: str, suffix: str, size: int) -> str:
    """prefix, then unit repeated (each {name} a new name) up to size, then suffix."""
    if NAME not in unit:
        count = max(1, (size - len(prefix) - len(suffix)) // max(1, len(unit)))
        return prefix + unit * count + suffix
    pieces = [prefix]
    length, number = len(prefix) + len(suffix), 0
    while length < size or number == 0:
        piece = unit.replace(NAME, distinct_name(number))
        pieces.append(piece)
        length += len(piece)
        number += 1
    pieces.append(suffix)
    return "".join(pieces)


def load() -> list[Hostile]:
    """The entries of units.json."""
    entries = json.loads((HERE / "units.json").read_text(encoding="utf-8"))
    return [Hostile(**{**entry, "targets": tuple(entry["targets"])}) for entry in entries]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--size", type=int, default=64_000, help="characters a file (64000)")
    parser.add_argument("--only", action="append", help="entry names (all by default)")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    for entry in load():
        if args.only and entry.name not in args.only:
            continue
        text = entry.text(args.size)
        if entry.extension == ".jsonl" and not text.startswith("["):
            text = json.dumps({"title": entry.name, "body": text})
        path = args.folder / f"{entry.name}{entry.extension}"
        path.write_text(text + "\n", encoding="utf-8")
        print(f"{path}  {len(text):,} characters  ({entry.origin})")


if __name__ == "__main__":
    main()
