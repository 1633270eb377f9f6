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

    python benchmarks/html_eval.py --trafilatura-eval /work/.mirror/adbar+trafilatura/repo

The last form scores against trafilatura's own evaluation set instead (tests/evaldata.json and
the pages in tests/eval/ and tests/cache/ of its repository, read from a bare git snapshot or a
checkout, never copied here): for each page, snippets that must appear in the main text
("with") and snippets that must not ("without"), matched as whitespace-normalised substrings and
counted into precision, recall and F1 exactly as trafilatura's tests/eval_common.py does. It runs
trafilatura alone and our importer on the same pages in one run and reports their speed.

Standard library only, plus the project itself (imported from ../src when not installed) and,
for --trafilatura-eval, trafilatura (a dependency of the project).
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import re
import subprocess
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
_LIST = re.compile(r"^\s*[-*+\u2022]\s+(?:\[[ xX]\]\s+)?")
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
_EMPHASIS_STARS = re.compile(r"(?<!\\)\*+")  # a literal asterisk is escaped: \*
_WORD = re.compile(r"\w+")


def markdown_to_text(markdown: str) -> str:
    """Reduce Markdown to the plain text a reader would see.

    Drops heading hashes, emphasis, list bullets, blockquote markers, table pipes and separator
    rows, rules, images (alt text too) and link targets (keeping link text). The numbers of an
    ordered list stay: a rendered list shows them.
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
        if s.lstrip().startswith("|"):  # a table row; elsewhere a pipe is text
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
    text = _EMPHASIS_STARS.sub("", text)  # *emphasis* and **strong** markers
    text = _ESCAPE.sub(r"\1", text)
    text = _EDGE_UNDERSCORES.sub("", text)  # _emphasis_ and __strong__ markers
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


# --------------------------------------------------------------------------- trafilatura's set

SNAPSHOT_FILES = ("tests/cache", "tests/eval")  # where tests/eval_common.py looks, in order


@dataclass
class SnippetMatrix:
    """Confusion counts over the 'with'/'without' snippets, plus time spent extracting."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    seconds: float = 0.0
    errors: int = 0
    empty: int = 0

    def add(self, counts: tuple[int, int, int, int]) -> None:
        self.tp += counts[0]
        self.fp += counts[1]
        self.fn += counts[2]
        self.tn += counts[3]

    def scores(self) -> tuple[float, float, float]:
        """Precision, recall and F1, as trafilatura's ConfusionMatrix computes them."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        denominator = 2 * self.tp + self.fp + self.fn
        return precision, recall, 2 * self.tp / denominator if denominator else 0.0


def ws_norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def count_snippets(item: dict[str, Any], result: str | None) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of one page: which snippets the extracted text contains."""
    text = ws_norm(result) if isinstance(result, str) else ""
    tp = sum(1 for w in item["with"] if text and ws_norm(w) in text)
    fp = sum(1 for w in item["without"] if text and ws_norm(w) in text)
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


class Snapshot:
    """trafilatura's repository, as a checkout or a bare git directory, read in place."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bare = not (root / "tests" / "evaldata.json").is_file()
        self.names: set[str] = set()
        if self.bare:
            listing = self._git("ls-tree", "-r", "-z", "--name-only", "HEAD", *SNAPSHOT_FILES)
            self.names = set(listing.decode("utf-8").split("\0")) - {""}

    @classmethod
    def open(cls, root: Path) -> Snapshot | None:
        if (root / "tests" / "evaldata.json").is_file():
            return cls(root)
        if not (root / "HEAD").is_file():
            return None
        try:
            snapshot = cls(root)
            snapshot.read("tests/evaldata.json")
        except (OSError, subprocess.CalledProcessError):
            return None
        return snapshot

    def _git(self, *args: str, data: bytes | None = None) -> bytes:
        return subprocess.run(
            ["git", f"--git-dir={self.root}", *args],
            input=data,
            capture_output=True,
            check=True,
        ).stdout

    def read(self, name: str) -> bytes:
        if not self.bare:
            return (self.root / name).read_bytes()
        return self._git("cat-file", "blob", f"HEAD:{name}")

    def resolve(self, filename: str) -> str | None:
        for folder in SNAPSHOT_FILES:
            name = f"{folder}/{filename}"
            exists = name in self.names if self.bare else (self.root / name).is_file()
            if exists:
                return name
        return None

    def read_many(self, names: list[str]) -> list[bytes]:
        """Many files in one go (one `git cat-file --batch` for a bare snapshot)."""
        if not self.bare:
            return [self.read(name) for name in names]
        out = self._git(
            "cat-file", "--batch", data="".join(f"HEAD:{n}\n" for n in names).encode("utf-8")
        )
        blobs, position = [], 0
        for _ in names:
            header_end = out.index(b"\n", position)
            size = int(out[position:header_end].split()[2])
            blobs.append(out[header_end + 1 : header_end + 1 + size])
            position = header_end + 1 + size + 1
        return blobs


def load_trafilatura_set(root: Path, limit: int | None) -> list[tuple[str, dict[str, Any], bytes]]:
    """(url, annotations, page bytes) for every page of the set; [] when there is no set."""
    snapshot = Snapshot.open(root)
    if snapshot is None:
        return []
    evaldata: dict[str, dict[str, Any]] = json.loads(snapshot.read("tests/evaldata.json"))
    found = [(url, evaldata[url], snapshot.resolve(evaldata[url]["file"])) for url in evaldata]
    missing = [item["file"] for _, item, name in found if name is None]
    if missing:
        sys.stderr.write(
            f"html_eval: {len(missing)} pages of the set not found, e.g. {missing[0]}\n"
        )
    pages = sorted((url, item, name) for url, item, name in found if name is not None)
    if limit is not None:
        pages = pages[:limit]
    blobs = snapshot.read_many([name for _, _, name in pages])
    return [(url, item, blob) for (url, item, _), blob in zip(pages, blobs, strict=True)]


READER = "reader (parse_html body)"


def trafilatura_runners() -> dict[str, Any]:
    """The extractors compared, each taking a page's bytes and returning its text."""
    from functools import partial

    from trafilatura import extract

    parse_html = load_parse_html()
    from reader.importers.files import decode_html

    def reader_body(page: bytes) -> str:
        return markdown_to_text(parse_html(decode_html(page)).body)

    return {
        # extract() exactly as a user calls it: every option at its default
        "trafilatura (defaults)": extract,
        # the "trafilatura" row of trafilatura's own benchmark (tests/eval_common.py)
        "trafilatura (its benchmark's settings)": partial(
            extract,
            fast=False,
            include_comments=False,
            include_tables=True,
            include_formatting=False,
        ),
        READER: reader_body,
    }


class FurnitureLog:
    """What the importer's furniture checks drop, page by page (html._drop_furniture)."""

    def __init__(self) -> None:
        from reader.importers import html as importer

        self.dropped: list[tuple[str, str]] = []
        original = importer._drop_furniture

        def recording(body: str) -> tuple[str, list[tuple[str, str]]]:
            kept, dropped = original(body)
            self.dropped.extend(dropped)
            return kept, dropped

        importer._drop_furniture = recording
        self.by_check: dict[str, Counter[str]] = {}

    def score(self, item: dict[str, Any]) -> None:
        """Count, per check, the paragraphs it dropped that hold a 'with' or 'without' snippet."""
        for check, paragraph in self.dropped:
            tally = self.by_check.setdefault(check, Counter())
            text = ws_norm(markdown_to_text(paragraph))
            tally["fired"] += 1
            tally["with"] += any(ws_norm(w) in text for w in item["with"])
            tally["without"] += any(ws_norm(w) in text for w in item["without"])
        self.dropped.clear()

    def print(self) -> None:
        print("\nFurniture checks of the importer (paragraphs dropped; holding a snippet that")
        print("must appear = wrong, that must not = right; the rest unlabelled):")
        for check, tally in sorted(self.by_check.items()):
            print(
                f"  {check:<14} fired {tally['fired']:4d}  wrong {tally['with']:3d}"
                f"  right {tally['without']:3d}"
            )


def run_trafilatura_set(root: Path, limit: int | None, verbose: bool) -> int:
    import logging
    import time

    logging.disable(logging.CRITICAL)  # trafilatura logs every page it finds little in
    pages = load_trafilatura_set(root, limit)
    if not pages:
        print(f"html_eval: skipped: no trafilatura evaluation set (tests/evaldata.json) in {root}")
        return 0
    runners = trafilatura_runners()
    furniture = FurnitureLog() if verbose else None
    for run in runners.values():  # lazy imports and caches, outside the timing
        with contextlib.suppress(Exception):
            run(b"<html><body><article><p>warm up</p></article></body></html>")
    if furniture:
        furniture.dropped.clear()
    matrices = {name: SnippetMatrix() for name in runners}
    per_page: dict[str, list[tuple[int, int, int, int]]] = {name: [] for name in runners}
    first_errors: dict[str, str] = {}
    for _url, item, page in pages:
        for name, run in runners.items():  # interleaved, so load on the machine hits all alike
            matrix = matrices[name]
            start = time.perf_counter()
            try:
                result = run(page)
            except Exception as error:  # a crash is a full miss, as in trafilatura's benchmark
                result = None
                matrix.errors += 1
                first_errors.setdefault(name, f"{item['file']}: {type(error).__name__}: {error}")
            matrix.seconds += time.perf_counter() - start
            matrix.empty += not result
            counts = count_snippets(item, result)
            matrix.add(counts)
            per_page[name].append(counts)
        if furniture:
            furniture.score(item)

    with_n = sum(len(item["with"]) for _, item, _ in pages)
    without_n = sum(len(item["without"]) for _, item, _ in pages)
    print(
        f"trafilatura evaluation set at {root}: {len(pages)} pages, "
        f"{with_n} 'with' and {without_n} 'without' snippets"
    )
    header = (
        f"{'extractor':<40} {'F1':>6} {'P':>6} {'R':>6} {'pages/s':>8} {'empty':>6} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, matrix in matrices.items():
        precision, recall, f1 = matrix.scores()
        speed = len(pages) / matrix.seconds if matrix.seconds else 0.0
        print(
            f"{name:<40} {f1:6.4f} {precision:6.4f} {recall:6.4f} {speed:8.1f} "
            f"{matrix.empty:6d} {matrix.errors:6d}"
        )
    for name, error in first_errors.items():
        print(f"first error of {name}: {error}")
    if verbose and furniture:
        furniture.print()
        theirs = "trafilatura (its benchmark's settings)"
        print(f"\nPages where {READER!r} and {theirs!r} differ (snippets found, 'without' found):")
        for index, (url, item, _) in enumerate(pages):
            ours, other = per_page[READER][index], per_page[theirs][index]
            if ours[:2] != other[:2]:
                print(
                    f"  {item['file']}: ours {ours[0]}, {ours[1]}; theirs {other[0]}, {other[1]}"
                    f"  {url}"
                )
    return 0


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
    parser.add_argument(
        "--trafilatura-eval",
        type=Path,
        metavar="SNAPSHOT",
        help="score trafilatura alone and our importer on trafilatura's evaluation set, read "
        "from SNAPSHOT (its repository: a bare git dir or a checkout); skipped if absent",
    )
    parser.add_argument(
        "--limit", type=int, metavar="N", help="with --trafilatura-eval: only the first N pages"
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
    if args.trafilatura_eval is not None:
        return run_trafilatura_set(args.trafilatura_eval, args.limit, args.verbose)
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
