#!/usr/bin/env python3
"""Measure the HTML importer against the hand-labelled corpus in benchmarks/html_corpus/.

For every ``NNN-slug.html`` page the importer's Markdown body is reduced to plain text and
compared with the ground truth in ``NNN-slug.json`` as bags of lowercase word tokens, the way
the ScrapingHub article-extraction benchmark scores main-text extraction. Title, publication
date and author are checked separately.

    python benchmarks/html_eval.py                  # per-page table and summary
    python benchmarks/html_eval.py -v               # plus missed/extra tokens of the worst pages
    python benchmarks/html_eval.py --json           # machine-readable output
    python benchmarks/html_eval.py --min-f1 0.92    # exit 1 if mean F1 is below 0.92

Standard library only, plus the project itself (imported from ../src when not installed).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
DEFAULT_CORPUS = HERE / "html_corpus"
WORST_N = 5
TOP_TOKENS = 20


# --------------------------------------------------------------------------- importer


def load_parse_html() -> Any:
    """Return reader.importers.html.parse_html, or exit with a clear message."""
    src = REPO_ROOT / "src"
    if src.is_dir() and str(src) not in sys.path:
        sys.path.insert(0, str(src))
    try:
        from reader.importers.html import parse_html
    except ImportError as exc:
        missing = getattr(exc, "name", None)
        if missing and not missing.startswith("reader"):
            sys.stderr.write(
                f"html_eval: reader.importers.html needs {missing!r}, which is not installed "
                f"for {sys.executable}.\n"
                "Install the project (pip install -e '.[dev]') or run with .venv/bin/python.\n"
            )
        else:
            sys.stderr.write(
                "html_eval: the HTML importer is not available: cannot import "
                f"reader.importers.html.parse_html ({exc}).\n"
                "It is expected at src/reader/importers/html.py as\n"
                "    parse_html(html_text: str, path: str | None = None) -> article\n"
                "with attributes title, body (Markdown), authors, published, source, url.\n"
            )
        raise SystemExit(2) from exc
    return parse_html


# --------------------------------------------------------------------------- text handling

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_REF_DEF = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*\S+.*$")
_FOOTNOTE_DEF = re.compile(r"^\s{0,3}\[\^[^\]]+\]:\s*")
_HRULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_SETEXT = re.compile(r"^\s{0,3}=+\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_HEADING_CLOSE = re.compile(r"\s+#+\s*$")
_LIST = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
_PIPE = re.compile(r"(?<!\\)\|")
_IMAGE = re.compile(r"!\[[^\]]*\](?:\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]]+)\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_EDGE_UNDERSCORES = re.compile(r"(?<!\w)_+|_+(?!\w)")
_WORD = re.compile(r"\w+")


def markdown_to_text(markdown: str) -> str:
    """Reduce Markdown to the plain text a reader would see.

    Drops heading hashes, emphasis, list bullets and numbers, blockquote markers, table pipes
    and separator rows, rules, images (alt text too) and link targets (keeping link text).
    """
    lines = []
    for line in markdown.splitlines():
        if _FENCE.match(line) or _REF_DEF.match(line) or _HRULE.match(line):
            continue
        if _SETEXT.match(line) or _TABLE_SEP.match(line):
            continue
        s = _QUOTE.sub("", line)
        s = _FOOTNOTE_DEF.sub("", s)
        s = _HEADING.sub("", s)
        s = _HEADING_CLOSE.sub("", s)
        s = _LIST.sub("", s)
        s = _PIPE.sub(" ", s)
        lines.append(s)
    text = "\n".join(lines)
    text = _HTML_COMMENT.sub(" ", text)
    text = _IMAGE.sub(" ", text)
    for _ in range(2):  # a link may wrap an image or another bracketed text
        text = _LINK.sub(r"\1", text)
        text = _REF_LINK.sub(r"\1", text)
    text = _FOOTNOTE_REF.sub(r" \1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _EDGE_UNDERSCORES.sub(" ", text)  # _emphasis_ and __strong__ markers
    return html.unescape(text)


def tokenize(text: str) -> list[str]:
    """Lowercase unicode word tokens (\\w+), after NFKC normalisation."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def norm(value: str) -> str:
    """Case- and whitespace-insensitive form of a title or a name."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


# --------------------------------------------------------------------------- scoring


@dataclass
class PageResult:
    name: str
    style: str
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    title_ok: bool = False
    date_ok: bool = False
    author_ok: bool = False
    error: str | None = None
    got: dict[str, Any] = field(default_factory=dict)
    want: dict[str, Any] = field(default_factory=dict)
    missed: Counter[str] = field(default_factory=Counter)
    extra: Counter[str] = field(default_factory=Counter)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "style": self.style,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "title_ok": self.title_ok,
            "date_ok": self.date_ok,
            "author_ok": self.author_ok,
            "error": self.error,
            "got": self.got,
            "want": self.want,
        }


def token_scores(predicted: list[str], truth: list[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 on bags of tokens (multiset intersection)."""
    if not predicted and not truth:
        return 1.0, 1.0, 1.0
    common = sum((Counter(predicted) & Counter(truth)).values())
    precision = common / len(predicted) if predicted else 0.0
    recall = common / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def title_matches(got: Any, want: str | None) -> bool:
    if not want:
        return not got
    return isinstance(got, str) and norm(got) == norm(want)


def date_matches(got: Any, want: str | None) -> bool:
    if not want:
        return not got
    return bool(got) and str(got).strip()[:10] == want[:10]


def author_matches(got: Any, want: str | list[str] | None) -> bool:
    names = [norm(str(a)) for a in (got or []) if str(a).strip()]
    if not want:
        return not names
    wanted = [want] if isinstance(want, str) else list(want)
    return sorted(names) == sorted(norm(w) for w in wanted)


def evaluate_page(parse_html: Any, html_path: Path) -> PageResult:
    truth = json.loads(html_path.with_suffix(".json").read_text(encoding="utf-8"))
    result = PageResult(name=html_path.stem, style=truth.get("style", ""))
    result.want = {k: truth.get(k) for k in ("title", "author", "published")}
    gold = tokenize(truth["articleBody"])
    html_text = html_path.read_bytes().decode("utf-8", errors="replace")
    try:
        article = parse_html(html_text, path=str(html_path))
    except Exception as exc:  # report and go on: one bad page must not hide the others
        result.error = f"{type(exc).__name__}: {exc}"
        result.missed = Counter(gold)
        return result
    body = getattr(article, "body", "") or ""
    title = getattr(article, "title", None)
    authors = list(getattr(article, "authors", None) or [])
    published = getattr(article, "published", None)
    result.got = {"title": title, "authors": authors, "published": published}
    predicted = tokenize(markdown_to_text(body))
    result.precision, result.recall, result.f1 = token_scores(predicted, gold)
    result.missed = Counter(gold) - Counter(predicted)
    result.extra = Counter(predicted) - Counter(gold)
    result.title_ok = title_matches(title, truth.get("title"))
    result.date_ok = date_matches(published, truth.get("published"))
    result.author_ok = author_matches(authors, truth.get("author"))
    return result


def summarize(results: list[PageResult]) -> dict[str, Any]:
    n = len(results)

    def mean(values: list[float]) -> float:
        return sum(values) / n if n else 0.0

    return {
        "pages": n,
        "errors": sum(1 for r in results if r.error),
        "mean_precision": mean([r.precision for r in results]),
        "mean_recall": mean([r.recall for r in results]),
        "mean_f1": mean([r.f1 for r in results]),
        "title_correct": mean([float(r.title_ok) for r in results]),
        "date_correct": mean([float(r.date_ok) for r in results]),
        "author_correct": mean([float(r.author_ok) for r in results]),
    }


# --------------------------------------------------------------------------- output


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def print_table(results: list[PageResult], summary: dict[str, Any]) -> None:
    name_w = max([len("page"), *(len(r.name) for r in results)])
    style_w = max([len("style"), *(len(r.style) for r in results)])
    header = (
        f"{'page':<{name_w}}  {'style':<{style_w}}  {'P':>6} {'R':>6} {'F1':>6}"
        f"  {'title':>5} {'date':>5} {'author':>6}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        scores = f"{r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f}"
        if r.error:
            scores = f"{'ERROR':>20}"
        print(
            f"{r.name:<{name_w}}  {r.style:<{style_w}}  {scores}"
            f"  {yes_no(r.title_ok):>5} {yes_no(r.date_ok):>5} {yes_no(r.author_ok):>6}"
        )
    print("-" * len(header))
    for r in results:
        if r.error:
            print(f"error in {r.name}: {r.error}")
    print(
        f"pages: {summary['pages']}  errors: {summary['errors']}\n"
        f"mean precision: {summary['mean_precision']:.4f}\n"
        f"mean recall:    {summary['mean_recall']:.4f}\n"
        f"mean F1:        {summary['mean_f1']:.4f}\n"
        f"title correct:  {summary['title_correct']:.1%}\n"
        f"date correct:   {summary['date_correct']:.1%}\n"
        f"author correct: {summary['author_correct']:.1%}"
    )


def top(counter: Counter[str]) -> str:
    items = counter.most_common(TOP_TOKENS)
    return ", ".join(f"{tok}×{n}" if n > 1 else tok for tok, n in items) or "(none)"


def print_details(results: list[PageResult]) -> None:
    worst = sorted(results, key=lambda r: (r.f1, r.name))[:WORST_N]
    print(f"\nWorst {len(worst)} pages by F1 (top {TOP_TOKENS} tokens each):")
    for r in worst:
        print(f"\n{r.name}  F1={r.f1:.3f}  P={r.precision:.3f}  R={r.recall:.3f}")
        if r.error:
            print(f"  error:  {r.error}")
        print(f"  missed ({sum(r.missed.values())}): {top(r.missed)}")
        print(f"  extra  ({sum(r.extra.values())}): {top(r.extra)}")
    wrong = [r for r in results if not r.error and not (r.title_ok and r.date_ok and r.author_ok)]
    if wrong:
        print("\nMetadata mismatches (got -> want):")
        for r in wrong:
            print(f"\n{r.name}")
            if not r.title_ok:
                print(f"  title:     {r.got.get('title')!r} -> {r.want.get('title')!r}")
            if not r.date_ok:
                print(f"  published: {r.got.get('published')!r} -> {r.want.get('published')!r}")
            if not r.author_ok:
                print(f"  authors:   {r.got.get('authors')!r} -> {r.want.get('author')!r}")


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Score reader's HTML importer on the labelled HTML corpus "
        "(token-level precision/recall/F1 of the main text, plus title/date/author)."
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help=f"folder of NNN-slug.html + NNN-slug.json pairs (default: {DEFAULT_CORPUS})",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument(
        "--min-f1", type=float, metavar="X", help="exit with status 1 if mean F1 is below X"
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help=f"show missed and extra tokens for the {WORST_N} worst pages",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpus: Path = args.corpus
    pages = sorted(corpus.glob("*.html"))
    if not pages:
        sys.stderr.write(f"html_eval: no .html pages in {corpus}\n")
        return 2
    unlabelled = [p.name for p in pages if not p.with_suffix(".json").is_file()]
    if unlabelled:
        sys.stderr.write(f"html_eval: pages without ground truth: {', '.join(unlabelled)}\n")
        return 2

    parse_html = load_parse_html()
    results = [evaluate_page(parse_html, p) for p in pages]
    summary = summarize(results)

    if args.json:
        out: dict[str, Any] = {
            "corpus": str(corpus),
            "summary": {k: round(v, 4) for k, v in summary.items()},
            "pages": [r.as_json() for r in results],
        }
        if args.verbose:
            worst = sorted(results, key=lambda r: (r.f1, r.name))[:WORST_N]
            out["worst"] = [
                {
                    "name": r.name,
                    "missed": dict(r.missed.most_common(TOP_TOKENS)),
                    "extra": dict(r.extra.most_common(TOP_TOKENS)),
                }
                for r in worst
            ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print_table(results, summary)
        if args.verbose:
            print_details(results)

    if args.min_f1 is not None and summary["mean_f1"] < args.min_f1:
        if not args.json:
            print(f"\nFAIL: mean F1 {summary['mean_f1']:.4f} < {args.min_f1}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
