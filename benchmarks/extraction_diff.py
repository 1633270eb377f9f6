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
    for path, _explicit in iter_files([source for source in SOURCES if source.exists()]):
        if path.endswith(".json"):
            continue  # gold annotations, not articles
        result = parse_file(path, None, explicit=False)
        for number, article in enumerate(result.articles):
            found[f"{Path(path).parent.name}/{Path(path).name}#{number}"] = article.body
    return found


def snapshot(body: str) -> dict[str, Any]:
    found = extract_article(body)
    return {
        "quotes": [
            [q.text, q.speaker, q.kind, q.start, q.end, q.rule, round(q.confidence, 3)]
            for q in found.quotes
        ],
        "entities": sorted(
            [e.name, e.type, e.mentions, e.gender, sorted(e.roles), sorted(e.aliases)]
            for e in found.entities
        ),
        "links": [[link.text, link.url, link.related] for link in found.links],
    }


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
    differences = 0
    for key in sorted(set(before) | set(current)):
        old, new = before.get(key), current.get(key)
        if old == new:
            continue
        for part in ("quotes", "entities", "links"):
            old_items = (old or {}).get(part, [])
            new_items = (new or {}).get(part, [])
            lost = [item for item in old_items if item not in new_items]
            gained = [item for item in new_items if item not in old_items]
            for sign, items in (("-", lost), ("+", gained)):
                for item in items:
                    differences += 1
                    if differences <= args.show:
                        print(f"{key} {part} {sign} {json.dumps(item, ensure_ascii=False)}")
    print(
        f"{len(current)} articles, {differences} differences"
        if differences
        else f"{len(current)} articles, no differences"
    )
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
