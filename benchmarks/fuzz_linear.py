"""Fuzz for super-linear time: tests/test_linear_time.py's check, longer and larger.

    python benchmarks/fuzz_linear.py                       # 200 units, n = 16 KB, every target
    python benchmarks/fuzz_linear.py --examples 2000 --scale 4 --seed 7
    python benchmarks/fuzz_linear.py --targets extract,markup --known

Each unit is one to four tokens of the test's alphabet (Markdown, HTML, quotation
marks and speech, names, "{name}" a new name each time), repeated in one of the
test's contexts to n and to 4n characters, and timed through each target (the
extractor, the Markdown and HTML importers, the HTML converter, the query parser,
the JSONL reader). Linear time is ~4× for 4× the text; a unit above RATIO (8×) is
an offender: it is measured again, cut down to the fewest tokens that still
offend, and printed. ``--known`` first runs tests/hostile/units.json. Exit status
1 when an offender was found.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.hostile.generate import hostile_text, load
from tests.test_linear_time import (
    CONTEXTS,
    RATIO,
    TARGETS,
    TOKENS,
    growth,
    is_linear,
)


def builder(prefix: str, unit: str, suffix: str) -> Callable[[int], str]:
    """The text of a unit in a context, at a size."""
    return lambda size: hostile_text(prefix, unit, suffix, size)


def offends(target: str, prefix: str, tokens: list[str], suffix: str, scale: int) -> bool:
    """Super-linear twice in a row."""
    build = builder(prefix, "".join(tokens), suffix)
    for _ in range(2):
        small, large = growth(target, build, scale)
        if is_linear(small, large):
            return False
    return True


def shrink(target: str, prefix: str, tokens: list[str], suffix: str, scale: int) -> list[str]:
    """The fewest tokens, in order, that still offend."""
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for index in range(len(tokens)):
            fewer = tokens[:index] + tokens[index + 1 :]
            if offends(target, prefix, fewer, suffix, scale):
                tokens, changed = fewer, True
                break
    return tokens


def report(target: str, what: str, small: float, large: float) -> None:
    ratio = large / max(small, 1e-9)
    mark = "  OFFENDER" if not is_linear(small, large) else ""
    print(f"{target:9} {small * 1000:8.2f} ms {large * 1000:9.2f} ms {ratio:5.1f}×  {what}{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=200, help="units to try (200)")
    parser.add_argument("--scale", type=int, default=4, help="n = the test's n × this (4)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated")
    parser.add_argument("--known", action="store_true", help="run tests/hostile first")
    args = parser.parse_args()
    targets = [target for target in args.targets.split(",") if target]
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    sizes = ", ".join(f"{t} {TARGETS[t][1] * args.scale:,}" for t in targets)
    print(f"seed {seed}; n: {sizes} characters; offender above {RATIO:.0f}× at 4n")
    offenders: list[str] = []
    started = time.perf_counter()

    if args.known:
        for entry in load():
            for target in entry.targets:
                if target in targets:
                    small, large = growth(target, entry.text, args.scale)
                    report(target, entry.name, small, large)
                    if not is_linear(small, large):
                        offenders.append(f"{target}: {entry.name}")

    for _ in range(args.examples):
        tokens = [rng.choice(TOKENS) for _ in range(rng.randint(1, 4))]
        prefix, suffix = rng.choice(CONTEXTS)
        unit = "".join(tokens)
        for target in targets:
            if target in ("html", "jsonl") and prefix.startswith("#"):
                continue  # a Markdown context says nothing new to these
            small, large = growth(target, builder(prefix, unit, suffix), args.scale)
            context = f"in {prefix[:12]!r}…" if prefix else ""
            report(target, f"{unit!r} {context}", small, large)
            if not is_linear(small, large) and offends(target, prefix, tokens, suffix, args.scale):
                least = "".join(shrink(target, prefix, tokens, suffix, args.scale))
                offenders.append(f"{target}: {least!r} (prefix {prefix!r}, suffix {suffix!r})")
                print(f"          cut down to {least!r}")

    minutes = (time.perf_counter() - started) / 60
    print(f"\n{args.examples} units × {len(targets)} targets in {minutes:.1f} min; seed {seed}")
    if offenders:
        print(f"{len(offenders)} offender(s):")
        for offender in offenders:
            print(f"  {offender}")
        sys.exit(1)
    print("no offender")


if __name__ == "__main__":
    main()
