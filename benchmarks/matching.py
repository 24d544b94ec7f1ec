"""Time per question of knowledge.matcher.Matcher on knowledge bases of 50, 500 and 5,000
entries, against a plain rapidfuzz.process.extractOne over all the phrasings, in one run.

The bases grow from the shipped knowledge: the first 50 entries, then copies of every entry
with renamed ids (`pay~17`) and perturbed phrasings (adjacent words swapped, a word dropped,
a filler or a word of another entry added, a letter doubled or lost). The questions are the
held-out evaluation sets (tests/eval/*.yaml), as people wrote them.

    python benchmarks/matching.py            # 3 sizes, every held-out question
    python benchmarks/matching.py --quick    # 50 questions, sizes 50, 500, 2,000

Prints one line per size: entries, phrasings, index build time, median and p99 time per
question for the Matcher and for extractOne, and the share of questions the Matcher answers.
No assertion: figures only.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import random
import statistics
import sys
import time
from pathlib import Path

import yaml
from rapidfuzz import process, utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.decision import AnswerKind
from knowledge.loader import load_knowledge
from knowledge.matcher import Matcher
from knowledge.model import Knowledge

FILLERS = ("svp", "exactement", "en fait", "alors", "please", "actually", "vraiment", "du coup")


def questions(limit: int | None = None) -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "tests" / "eval").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        found += [item["q"] for item in data if isinstance(item, dict) and item.get("q")]
    return found[:limit] if limit else found


def perturb(phrasing: str, rng: random.Random, borrowed: list[str]) -> str:
    words = phrasing.split()
    for _ in range(rng.randint(1, 2)):
        op = rng.randrange(5)
        if op == 0 and len(words) > 1:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
        elif op == 1 and len(words) > 2:
            del words[rng.randrange(len(words))]
        elif op == 2:
            words.insert(rng.randrange(len(words) + 1), rng.choice(FILLERS))
        elif op == 3:
            long = [i for i, w in enumerate(words) if len(w) > 4]
            if long:
                i = rng.choice(long)
                w = words[i]
                j = rng.randrange(1, len(w) - 1)
                words[i] = w[:j] + w[j] * 2 + w[j + 1 :] if rng.random() < 0.5 else w[:j] + w[j + 1 :]
        else:
            words.append(rng.choice(borrowed))
    return " ".join(words) or phrasing


def grown(base: Knowledge, size: int, seed: int = 7) -> Knowledge:
    """`size` entries: the shipped ones (or the first `size`), then perturbed copies."""
    rng = random.Random(seed)
    originals = list(base.entries)
    if size <= len(originals):
        kept = originals[:size]
        ids = {e.id for e in kept}
        entries = [dataclasses.replace(e, related=tuple(r for r in e.related if r in ids)) for e in kept]
        return dataclasses.replace(base, entries=tuple(entries))
    vocabulary = sorted({w for e in originals for _, q in e.all_questions() for w in q.split() if len(w) > 3})
    entries = list(originals)
    copy = 0
    while len(entries) < size:
        copy += 1
        for entry in originals:
            if len(entries) >= size:
                break
            questions_ = {
                lang: tuple(perturb(q, rng, vocabulary) for q in phrasings)
                for lang, phrasings in entry.questions.items()
            }
            entries.append(
                dataclasses.replace(
                    entry,
                    id=f"{entry.id}~{copy}",
                    questions=questions_,
                    related=tuple(f"{r}~{copy}" for r in entry.related),
                )
            )
    return dataclasses.replace(base, entries=tuple(entries))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function, items: list[str]) -> tuple[list[float], list[object]]:
    durations, results = [], []
    for item in items:
        start = time.perf_counter()
        results.append(function(item))
        durations.append(time.perf_counter() - start)
    return durations, results


def run(sizes: list[int], asked: list[str]) -> None:
    base = load_knowledge()
    print(
        f"{len(asked)} questions (tests/eval), shipped knowledge: {len(base.entries)} entries; "
        "times per question in milliseconds"
    )
    header = (
        f"{'entries':>8} {'phrasings':>10} {'build s':>8} | {'Matcher median':>14} "
        f"{'p99':>8} {'answered':>8} | {'extractOne median':>17} {'p99':>8}"
    )
    print(header)
    print("-" * len(header))
    for size in sizes:
        knowledge = grown(base, size)
        phrasings = [q for e in knowledge.entries for _, q in e.all_questions()]
        gc.collect()
        start = time.perf_counter()
        matcher = Matcher(knowledge)
        build = time.perf_counter() - start
        matcher.match("warm up: quel est le salaire ?")
        ours, results = timed(matcher.match, asked)
        answered = sum(r.kind == AnswerKind.ANSWER for r in results) / len(results)
        choices = [utils.default_process(p) for p in phrasings]
        theirs, _ = timed(
            lambda q, choices=choices: process.extractOne(utils.default_process(q), choices, processor=None),
            asked,
        )
        print(
            f"{len(knowledge.entries):>8} {len(phrasings):>10} {build:>8.2f} | "
            f"{statistics.median(ours) * 1e3:>14.2f} {percentile(ours, 0.99) * 1e3:>8.2f} "
            f"{answered:>8.0%} | {statistics.median(theirs) * 1e3:>17.2f} "
            f"{percentile(theirs, 0.99) * 1e3:>8.2f}",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="50 questions, sizes 50/500/2000")
    args = parser.parse_args(argv)
    if args.quick:
        run([50, 500, 2000], questions(50))
    else:
        run([50, 500, 5000], questions())
    return 0


if __name__ == "__main__":
    sys.exit(main())
