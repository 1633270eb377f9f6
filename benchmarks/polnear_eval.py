"""Who said what, scored on real news: PolNeAR's annotated attributions.

    python benchmarks/polnear_eval.py SNAPSHOT               # data/dev
    python benchmarks/polnear_eval.py SNAPSHOT --split train -v

SNAPSHOT is a local copy of the PolNeAR repository (networkdynamics/PolNeAR):
a checkout or a bare git directory. The corpus carries no licence, so none of
its text is kept in this repository; without a snapshot the benchmark says so
and exits 0. ``data/test`` is never read: it is kept for the final check.

Each article is written as a saved-article Markdown file (``# Title``, date,
body), imported with ``reader import`` into an empty archive and exported with
``reader export``; what the export says is scored. Gold quotes are the quoted
stretches inside annotated Contents (text between quotation marks); *direct*
quotes are Contents quoted whole, the rest partial quotes inside paraphrase
(many of them titles and terms, which reader rightly keeps apart). A found
quote matches a gold one when one's text holds the other's (case, spacing and
marks folded). Speakers are scored where the annotated Source is a *name* (its
head word capitalised: "Pat Caddell", "longtime pollster Pat Caddell",
"The New York Post"; not "he", "sources", "a Trump spokesman"): right when the
found speaker is that name (a surname alone or the full name), **wrong** when
another name or description is given, **missing** when none is. The per-rule
table reads each quote's rule from the archive.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

_MARKS = {"“": "”", '"': '"', "«": "»"}
_NOT_NAME_HEADS = frozenset("i we he she they it you who this that these those one another".split())
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@dataclass
class GoldQuote:
    text: str
    source: str  # the annotated Source span ("" when none)
    name: str  # the name the source is, or "" when it is not a name
    direct: bool  # the whole Content is quoted, not a few words inside a paraphrase


@dataclass
class Article:
    stem: str
    title: str
    date: str
    body: str
    quotes: list[GoldQuote] = field(default_factory=list)


class Snapshot:
    """Files of the corpus, from a checkout or a bare git directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bare = (path / "HEAD").exists() and (path / "objects").exists()

    def names(self, folder: str) -> list[str]:
        if self.bare:
            out = subprocess.run(
                ["git", f"--git-dir={self.path}", "ls-tree", "--name-only", "HEAD", folder + "/"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            return sorted(line.rsplit("/", 1)[-1] for line in out.splitlines())
        return sorted(p.name for p in (self.path / folder).iterdir())

    def read(self, name: str) -> str:
        if self.bare:
            return subprocess.run(
                ["git", f"--git-dir={self.path}", "show", f"HEAD:{name}"],
                capture_output=True,
                check=True,
            ).stdout.decode("utf-8")
        return (self.path / name).read_text(encoding="utf-8")


def source_name(source: str) -> str:
    """The name a Source span is, or "" when its head is not a name.

    The head is the last word before a comma, a bracket, a relative clause or a
    preposition that starts a modifier: "a person close to Trump" is a person,
    not Trump; "Bank of America" stays a name through its first word.
    """
    head = re.split(r",|\(| who | that | (?:of|to|with|at|for|in|from|on) ", source)[0].strip()
    words = re.findall(r"[\w'’.\-]+", head)
    while words and words[-1].rstrip(".").lower() in _SUFFIXES:
        words.pop()
    if not words:
        return ""
    last = re.sub(r"['’]s$", "", words[-1]).rstrip(".")
    if not last[:1].isupper() or last.lower() in _NOT_NAME_HEADS:
        return ""
    run: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper():
            break
        run.insert(0, word)
    while run and run[0].lower() in ("the", "a", "an"):
        run.pop(0)
    return " ".join(run)


def quoted_stretches(text: str) -> list[str]:
    """The stretches of text between quotation marks (unclosed: to the end)."""
    found = []
    at = 0
    while at < len(text):
        mark = text[at]
        if mark in _MARKS and (mark != '"' or at == 0 or not text[at - 1].isalnum()):
            close = text.find(_MARKS[mark], at + 1)
            end = close if close >= 0 else len(text)
            if text[at + 1 : end].strip():
                found.append(text[at + 1 : end])
            at = end + 1
            continue
        at += 1
    return found


def load(snapshot: Snapshot, split: str) -> list[Article]:
    if split == "test":
        sys.exit("data/test is kept for the final check; use dev or train")
    metadata = {}
    for line in snapshot.read("data/metadata.tsv").splitlines()[1:]:
        columns = line.split("\t")
        metadata[columns[1]] = columns
    annotations: dict[str, str] = {}
    for name in snapshot.names(f"data/{split}/attributions"):
        stem = re.sub(r"_[0-9a-f]{4}\.ann$", "", name)
        annotations.setdefault(stem, name)  # the first annotator's, where there are two
    articles = []
    for name in snapshot.names(f"data/{split}/text"):
        stem = name.removesuffix(".txt")
        if stem not in annotations:
            continue
        raw = snapshot.read(f"data/{split}/text/{name}")
        title, _, body = raw.partition("\n")
        date = metadata.get(stem, [""] * 6)[5]
        article = Article(stem, title.strip(), date, body.strip())
        ann = snapshot.read(f"data/{split}/attributions/{annotations[stem]}")
        article.quotes = gold_quotes(raw, ann, len(title))
        articles.append(article)
    return articles


def gold_quotes(raw: str, ann: str, title_end: int) -> list[GoldQuote]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, ranges = parts[1].partition(" ")
            pieces = [tuple(int(n) for n in piece.split()) for piece in ranges.split(";")]
            spans[parts[0]] = (label, [(a, b) for a, b in pieces])
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split()[1:]))
    quotes = []
    for relation in relations:
        content = spans.get(relation.get("Content", ""))
        if content is None:
            continue
        source_span = spans.get(relation.get("Source", ""))
        source = " ".join(raw[a:b] for a, b in source_span[1]) if source_span else ""
        for start, end in content[1]:
            if start <= title_end:
                continue  # the headline is not in the body
            content = raw[start:end].strip()
            direct = content[:1] in _MARKS and len(quoted_stretches(content)) == 1
            for text in quoted_stretches(content):
                quotes.append(GoldQuote(text, source, source_name(source), direct))
    return quotes


def fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", re.sub(r"[“”«»\"'‘’]", "", text.casefold())))


def speaker_is(found: str, name: str) -> bool:
    """The found speaker is the named source: the same name, or its surname/full form."""
    a, b = fold(found).split(), fold(name).split()
    a = [w for w in a if w not in ("the", "a", "an") and w not in _SUFFIXES]
    b = [w for w in b if w not in ("the", "a", "an") and w not in _SUFFIXES]
    if not a or not b:
        return False
    if a[-1] == b[-1]:
        return True
    if len(a) == 1 or len(b) == 1:  # "DNC" is the Democratic National Committee
        short, full = (a[0], b) if len(a) == 1 else (b[0], a)
        if len(full) > 1 and short == "".join(w[0] for w in full if w not in ("of", "and")):
            return True
    joined_a, joined_b = " ".join(a), " ".join(b)
    return joined_a in joined_b or joined_b in joined_a


def write_articles(articles: list[Article], folder: Path) -> None:
    for number, article in enumerate(articles):
        paragraphs = [p.strip() for p in article.body.split("\n") if p.strip()]
        text = f"# {article.title}\n\n{article.date}\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"{number:04d}.md").write_text(text, encoding="utf-8")


def run_reader(db: Path, folder: Path) -> list[dict[str, object]]:
    command = [sys.executable, "-m", "reader"]
    subprocess.run(
        [*command, "import", "--db", str(db), str(folder)], check=True, capture_output=True
    )
    exported = folder.parent / "export.jsonl"
    subprocess.run(
        [*command, "export", "--db", str(db), "-o", str(exported)], check=True, capture_output=True
    )
    return [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]


def rules(db: Path) -> dict[tuple[int, str], str]:
    with sqlite3.connect(db) as conn:
        return {
            (article_id, text): rule or ""
            for article_id, text, rule in conn.execute("SELECT article_id, text, rule FROM quotes")
        }


def evaluate(articles: list[Article], verbose: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        write_articles(articles, folder)
        db = Path(tmp) / "polnear.db"
        records = run_reader(db, folder)
        rule_of = rules(db)
    by_file = {Path(str(r["imported_from"])).name: r for r in records}
    totals: Counter[str] = Counter()
    per_rule: dict[str, Counter[str]] = {}
    for number, article in enumerate(articles):
        record = by_file.get(f"{number:04d}.md")
        found = list(record["quotes"]) if record else []  # type: ignore[call-overload]
        found_folded = [fold(str(q["text"])) for q in found]
        matched_found: set[int] = set()
        lines = []
        for gold in article.quotes:
            want = fold(gold.text)
            if not want:
                continue
            totals["gold"] += 1
            totals["gold_direct"] += gold.direct
            # Of the found quotes that hold it or lie inside it, the closest in
            # length: "Bobby!" inside a longer quotation is not that quotation.
            candidates = [
                (abs(len(have) - len(want)), i)
                for i, have in enumerate(found_folded)
                if have and (want in have or have in want)
            ]
            hit = min(candidates)[1] if candidates else None
            if hit is None:
                lines.append(f"    missed: {gold.text[:80]!r} ({gold.source})")
                continue
            matched_found.add(hit)
            totals["matched"] += 1
            totals["matched_direct"] += gold.direct
            speaker = str(found[hit].get("speaker") or "")
            rule = rule_of.get((int(record["id"]), str(found[hit]["text"])), "") if record else ""
            if not gold.name:
                totals["unnamed_source"] += 1
                if speaker:
                    totals["unnamed_given"] += 1
                continue
            totals["named"] += 1
            totals["named_direct"] += gold.direct
            counts = per_rule.setdefault(rule or "(none)", Counter())
            counts["fired"] += 1
            if not speaker:
                totals["missing"] += 1
                verdict = "missing"
            elif speaker_is(speaker, gold.name):
                totals["right"] += 1
                totals["right_direct"] += gold.direct
                counts["right"] += 1
                verdict = ""
            elif not speaker[:1].isupper():
                # "the senator" for Senator Hill: not a wrong name, not the name either.
                totals["description"] += 1
                counts["description"] += 1
                verdict = "description"
            else:
                totals["wrong"] += 1
                totals["wrong_direct"] += gold.direct
                counts["wrong"] += 1
                verdict = "WRONG"
            if verdict:
                where = "direct" if gold.direct else "partial"
                lines.append(
                    f"    {verdict} ({where}): {gold.text[:60]!r} want {gold.name!r} "
                    f"got {speaker!r} [{rule}]"
                )
                if verbose > 1:
                    at = article.body.find(gold.text)
                    context = article.body[max(0, at - 200) : at + len(gold.text) + 100]
                    lines.append("        | " + " ".join(context.split()))
        for i, quote in enumerate(found):
            if quote.get("kind") in ("scare", "title"):
                continue
            totals["found"] += 1
            if i in matched_found or any(
                found_folded[i] in fold(g.text) or fold(g.text) in found_folded[i]
                for g in article.quotes
                if fold(g.text)
            ):
                totals["found_ok"] += 1
            else:
                lines.append(f"    extra: {str(quote['text'])[:80]!r} ({quote.get('speaker')})")
        if verbose and lines:
            print(f"{article.stem}")
            print("\n".join(lines))

    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    summary = {
        "quote_recall": ratio(totals["matched"], totals["gold"]),
        "direct_recall": ratio(totals["matched_direct"], totals["gold_direct"]),
        "quote_precision": ratio(totals["found_ok"], totals["found"]),
        "named_accuracy": ratio(totals["right"], totals["named"]),
        "named_wrong": ratio(totals["wrong"], totals["named"]),
        "named_missing": ratio(totals["missing"], totals["named"]),
        "named_description": ratio(totals["description"], totals["named"]),
        "wrong_of_quotes": ratio(totals["wrong"], totals["matched"]),
        "direct_accuracy": ratio(totals["right_direct"], totals["named_direct"]),
        "direct_wrong": ratio(totals["wrong_direct"], totals["named_direct"]),
    }
    print(f"\narticles {len(articles)}, gold quotes {totals['gold']}, found {totals['found']}")
    print(f"quote recall, direct quotes  {summary['direct_recall']:.3f}")
    print(f"quote recall, every quoted   {summary['quote_recall']:.3f}")
    print(f"quote precision              {summary['quote_precision']:.3f}")
    print(f"named sources                {totals['named']}")
    print(f"  speaker right              {summary['named_accuracy']:.3f}")
    print(f"  wrong name                 {summary['named_wrong']:.3f}")
    print(f"  a description instead      {summary['named_description']:.3f}")
    print(f"  missing                    {summary['named_missing']:.3f}")
    print(f"wrong names, share of quotes {summary['wrong_of_quotes']:.3f}")
    print(
        f"direct quotes only: named {totals['named_direct']}, speaker right "
        f"{summary['direct_accuracy']:.3f}, wrong name {summary['direct_wrong']:.3f}"
    )
    print(
        f"unnamed sources (he, sources, a spokesman): {totals['unnamed_source']}, "
        f"a speaker given for {totals['unnamed_given']}"
    )
    print(f"\n{'rule':<20} {'fired':>6} {'right':>6} {'wrong':>6} {'descr.':>6} {'right %':>8}")
    for rule, counts in sorted(per_rule.items(), key=lambda item: -item[1]["fired"]):
        share = ratio(counts["right"], counts["fired"]) * 100
        print(
            f"{rule:<20} {counts['fired']:>6} {counts['right']:>6} {counts['wrong']:>6} "
            f"{counts['description']:>6} {share:>7.1f}%"
        )
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("snapshot", type=Path, help="a PolNeAR checkout or bare git directory")
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="list every error (-vv: in context)"
    )
    args = parser.parse_args()
    if not args.snapshot.exists():
        print(f"no PolNeAR snapshot at {args.snapshot}: skipped")
        return
    articles = load(Snapshot(args.snapshot), args.split)
    if args.limit:
        articles = articles[: args.limit]
    evaluate(articles, args.verbose)


if __name__ == "__main__":
    main()
