"""How well extraction finds quotes, speakers and entities, on annotated articles.

    python benchmarks/extraction_eval.py            # the annotated set + the shared fixture
    python benchmarks/extraction_eval.py -v         # also list every miss and false find

Each article ``X.md`` has ``X.json`` beside it with the quotes (text, speaker),
fragments (quoted words that are nobody's statement) and entities by type that a
careful reader finds (tests/extraction_set/README.md gives the rules).

Matching: a found quote matches a gold quote when one's text contains the
other's (case, spacing and quotation marks folded). Quote precision counts found
statements and partial quotes; scare quotes found as such are not counted.
Speaker accuracy is over matched quotes: the found speaker equals the gold one
(case folded, a leading article ignored). Entities: per type, precision and
recall of names; "any type" recall counts a gold name found under any type.
Speed: extraction alone, one process, articles per second, for the articles as
written and for those longer than 3 KB cut at the paragraph break nearest 3 KB
(the issue's "3 KB articles"). ``python benchmarks/compiled.py
benchmarks/extraction_eval.py`` measures the compiled build a wheel install has.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from reader.extract import extract_article, is_compiled
from reader.importers.markdown import parse_markdown

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SETS = [REPO / "tests" / "extraction_set", REPO.parent / "shared" / "fixtures"]
TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")


def fold(text: str) -> str:
    text = re.sub(r"[“”«»\"'‘’]", "", text.casefold())
    return " ".join(re.findall(r"\w+", text))


def fold_entity(name: str) -> str:
    """Entity names: "The Spree Courier" and "Spree Courier" are one newspaper."""
    return re.sub(r"^the ", "", fold(name))


def fold_speaker(name: str | None) -> str:
    folded = fold(name or "")
    return re.sub(r"^(the|a|an|one) ", "", folded)


def load(sets: list[Path]) -> list[tuple[Path, dict[str, object]]]:
    items = []
    for folder in sets:
        for gold in sorted(folder.glob("*.json")):
            article = next(
                (p for p in (gold.with_suffix(".md"), gold.with_suffix(".txt")) if p.exists()),
                None,
            )
            if article is None:
                stem = gold.name.removesuffix(".expected.json")
                article = folder / f"{stem}.txt"
            if article.exists():
                items.append((article, json.loads(gold.read_text(encoding="utf-8"))))
    return items


def evaluate(items: list[tuple[Path, dict[str, object]]], verbose: bool) -> dict[str, float]:
    totals: Counter[str] = Counter()
    per_type: dict[str, Counter[str]] = {t: Counter() for t in TYPES}
    print(f"{'article':<46} {'quotes':>7} {'found':>6} {'match':>6} {'speaker':>8}")
    for path, gold in items:
        article = parse_markdown(path.read_text(encoding="utf-8"), str(path)).cleaned()
        extraction = extract_article(article.body)
        found = [q for q in extraction.quotes if q.kind not in ("scare", "title")]
        gold_quotes = list(gold.get("quotes", []))  # type: ignore[call-overload]
        used: set[int] = set()
        matched = correct = 0
        misses, wrong = [], []
        for item in gold_quotes:
            want = fold(item["text"])
            hit = next(
                (
                    i
                    for i, q in enumerate(found)
                    if i not in used
                    and want
                    and (want in fold(q.text) or fold(q.text) in want)
                    and len(fold(q.text)) > 0
                ),
                None,
            )
            if hit is None:
                misses.append(item["text"])
                continue
            used.add(hit)
            matched += 1
            if fold_speaker(found[hit].speaker) == fold_speaker(item["speaker"]):
                correct += 1
            else:
                wrong.append((item["text"][:50], item["speaker"], found[hit].speaker))
        extra = [q for i, q in enumerate(found) if i not in used]
        totals["gold"] += len(gold_quotes)
        totals["found"] += len(found)
        totals["matched"] += matched
        totals["speaker_ok"] += correct
        print(
            f"{path.name[:46]:<46} {len(gold_quotes):>7} {len(found):>6} {matched:>6} "
            f"{correct:>4}/{matched:<3}"
        )
        gold_entities = gold.get("entities", {})
        assert isinstance(gold_entities, dict)
        found_by_type: dict[str, set[str]] = {t: set() for t in TYPES}
        for entity in extraction.entities:
            found_by_type.setdefault(entity.type, set()).add(entity.name)
        all_found = {fold_entity(name) for names in found_by_type.values() for name in names}
        entity_misses, entity_extra = [], []
        for type_ in TYPES:
            want = {fold_entity(name) for name in gold_entities.get(type_, [])}
            have = {fold_entity(name) for name in found_by_type.get(type_, set())}
            per_type[type_]["gold"] += len(want)
            per_type[type_]["found"] += len(have)
            per_type[type_]["matched"] += len(want & have)
            totals["entities_gold"] += len(want)
            totals["entities_any_type"] += len(want & all_found)
            entity_misses += [f"{type_}:{name}" for name in sorted(want - have)]
            entity_extra += [f"{type_}:{name}" for name in sorted(have - want)]
        if verbose:
            for text in misses:
                print(f"    missed quote: {text[:90]}")
            for text, want_speaker, got in wrong:
                print(f"    speaker: {text!r} want {want_speaker!r} got {got!r}")
            for quote in extra:
                print(f"    extra {quote.kind}: {quote.text[:70]!r} ({quote.speaker})")
            if entity_misses:
                print(f"    entities missed: {', '.join(entity_misses)}")
            if entity_extra:
                print(f"    entities extra: {', '.join(entity_extra)}")

    def ratio(a: float, b: float) -> float:
        return a / b if b else 1.0

    summary = {
        "quote_precision": ratio(totals["matched"], totals["found"]),
        "quote_recall": ratio(totals["matched"], totals["gold"]),
        "speaker_accuracy": ratio(totals["speaker_ok"], totals["matched"]),
        "entity_recall_any_type": ratio(totals["entities_any_type"], totals["entities_gold"]),
    }
    print()
    print(f"articles {len(items)}, gold quotes {totals['gold']}, found {totals['found']}")
    print(f"quote precision   {summary['quote_precision']:.3f}")
    print(f"quote recall      {summary['quote_recall']:.3f}")
    print(f"speaker accuracy  {summary['speaker_accuracy']:.3f}")
    print(f"entity recall (any type) {summary['entity_recall_any_type']:.3f}")
    print(f"{'type':<8} {'gold':>5} {'found':>6} {'precision':>10} {'recall':>7}")
    for type_ in TYPES:
        counts = per_type[type_]
        precision = ratio(counts["matched"], counts["found"])
        recall = ratio(counts["matched"], counts["gold"])
        summary[f"{type_.lower()}_precision"] = precision
        summary[f"{type_.lower()}_recall"] = recall
        print(
            f"{type_:<8} {counts['gold']:>5} {counts['found']:>6} {precision:>10.3f} {recall:>7.3f}"
        )
    return summary


def cut_to(body: str, size: int) -> str:
    """The body cut at the paragraph break nearest size bytes (UTF-8)."""
    kept: list[str] = []
    length = 0
    for paragraph in body.split("\n\n"):
        grown = length + len(paragraph.encode("utf-8")) + (2 if kept else 0)
        if kept and abs(grown - size) > abs(length - size):
            break
        kept.append(paragraph)
        length = grown
    return "\n\n".join(kept)


def rate(bodies: list[str], seconds: float = 3.0) -> float:
    """Articles extracted per second, one process, best of three runs."""
    best = 0.0
    for _ in range(3):
        rounds = 0
        started = time.perf_counter()
        while time.perf_counter() - started < seconds / 3:
            for body in bodies:
                extract_article(body)
            rounds += 1
        best = max(best, rounds * len(bodies) / (time.perf_counter() - started))
    return best


def speed(items: list[tuple[Path, dict[str, object]]]) -> None:
    """Two figures: the set as written, and its longer articles cut to 3 KB each."""
    bodies = [parse_markdown(path.read_text(encoding="utf-8")).cleaned().body for path, _ in items]
    kind = "compiled by mypyc" if is_compiled() else "pure Python"
    print(f"\nspeed, one core, extraction alone ({kind}):")
    longer = [cut_to(body, 3000) for body in bodies if len(body.encode("utf-8")) > 3000]
    for label, group in (("as written", bodies), ("cut to 3 KB", longer)):
        if not group:
            continue
        size = sum(len(body.encode("utf-8")) for body in group) / len(group) / 1000
        print(
            f"  {label:<12} {rate(group):>7,.0f} articles/s  "
            f"({len(group)} articles, mean {size:.2f} KB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", action="append", type=Path, help="folder of X.md + X.json")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    items = load(args.set or [folder for folder in DEFAULT_SETS if folder.exists()])
    if not items:
        sys.exit("no annotated articles found")
    evaluate(items, args.verbose)
    if not args.no_speed:
        speed(items)


if __name__ == "__main__":
    main()
