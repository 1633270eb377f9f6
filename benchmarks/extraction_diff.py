"""Did a change to ``reader.extract`` change what it finds? A guard for speed work.

    python benchmarks/extraction_diff.py --save /tmp/before.json   # before the change
    python benchmarks/extraction_diff.py /tmp/before.json          # after: lists differences

Runs extraction over every article we have (the annotated set, the HTML corpus,
``sample_data/`` and the shared fixture: about 125 articles in varied styles) and
writes or compares everything it finds: quotes with speakers, kinds, rules,
confidences and offsets; entities with types, mentions, genders, roles and
aliases; links. A refactoring for speed should print "no differences".
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from reader.extract import extract_article
from reader.importers.files import iter_files, parse_file

REPO = Path(__file__).resolve().parent.parent
SOURCES = [
    REPO / "tests" / "extraction_set",
    REPO / "benchmarks" / "html_corpus",
    REPO / "sample_data",
    REPO.parent / "shared" / "fixtures",
]


def bodies() -> dict[str, str]:
    """Article bodies by a stable key (file name, and item number for feeds)."""
    found: dict[str, str] = {}
    for item in iter_files([source for source in SOURCES if source.exists()]):
        path = item.path
        if item.skip or path.endswith(".json"):
            continue  # gold annotations, not articles
        result = parse_file(path, None, explicit=False)
        for number, article in enumerate(result.articles):
            found[f"{Path(path).parent.name}/{Path(path).name}#{number}"] = article.body
    return found


def snapshot(body: str) -> dict[str, Any]:
    """Everything extraction finds, in the order it finds it."""
    found = extract_article(body)
    return {
        "quotes": [
            [
                *(q.text, q.speaker, q.speaker_entity.name if q.speaker_entity else None),
                *(q.kind, q.start, q.end, q.rule, q.confidence),
            ]
            for q in found.quotes
        ],
        "entities": [
            [e.name, e.type, e.mentions, e.gender, sorted(e.roles), sorted(e.aliases)]
            for e in found.entities
        ],
        "links": [[link.text, link.url, link.related] for link in found.links],
    }


def differences(key: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What changed in one article: items lost and gained, or else their order."""
    lines = []
    for part in ("quotes", "entities", "links"):
        old_items, new_items = old.get(part, []), new.get(part, [])
        if old_items == new_items:
            continue
        lost = [item for item in old_items if item not in new_items]
        gained = [item for item in new_items if item not in old_items]
        for sign, items in (("-", lost), ("+", gained)):
            lines += [f"{key} {part} {sign} {json.dumps(i, ensure_ascii=False)}" for i in items]
        if not lost and not gained:
            lines.append(f"{key} {part}: the same items in another order or number")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before", nargs="?", type=Path, help="a snapshot saved earlier")
    parser.add_argument("--save", type=Path, help="write a snapshot here")
    parser.add_argument("--show", type=int, default=20, help="differences to print")
    args = parser.parse_args()
    current = {key: snapshot(body) for key, body in sorted(bodies().items())}
    current = json.loads(json.dumps(current))  # tuples as lists, as when read back
    if args.save:
        args.save.write_text(json.dumps(current, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"saved {len(current)} articles to {args.save}")
    if not args.before:
        return
    before = json.loads(args.before.read_text(encoding="utf-8"))
    found: list[str] = []
    for key in sorted(set(before) | set(current)):
        if before.get(key) != current.get(key):
            found += differences(key, before.get(key) or {}, current.get(key) or {})
    for line in found[: args.show]:
        print(line)
    changed = f"{len(found)} differences" if found else "no differences"
    print(f"{len(current)} articles, {changed}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
