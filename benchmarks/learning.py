"""Does the knowledge learn from real questions? Half of a question set is played by simulated
people through the bot's core, a careful reviewer decides every proposal with /apprendre, and
the other half is scored before and after.

    python benchmarks/learning.py [tests/eval/dev2.yaml]

A simulated person presses the right "did you mean" button when one is offered (else "none of
these") and votes "not helpful" on a wrong answer. The reviewer knows each question's expected
facts (the set's `expect` regexes, judged as tests/knowledge/test_quality.py judges them): they
accept a proposal as a phrasing of an entry whose answer has those facts (the proposed one, else
one of the three nearest, else through the topics), mark a question the set expects declined as out of
scope, and ignore the rest. Every press is a staff tap, /apprendre included.

It also counts the held-back questions that learning can reach at all: those with a term an
entry with their facts holds only through its learned phrasings (knowledge/index.py `taught`),
and those with a word learned out of scope (knowledge/learned_scope.py).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import callbacks
from bot.core import Core
from bot.replies import Reply
from knowledge.answer import Answerer
from knowledge.clock import FixedClock
from knowledge.decision import AnswerKind
from knowledge.learned_scope import Declined
from knowledge.loader import load_knowledge
from knowledge.model import PARIS, Entry
from knowledge.normalize import fold_accents, words
from storage.learning import question_form
from storage.records import Person
from storage.store import Store, open_store

DEFAULT_SET = ROOT / "tests" / "eval" / "dev2.yaml"
STAFF = Person(1, "Staff", None, "fr")


def passes(item: dict, text: str) -> bool:
    """score.py's judgement of an answer text for an answerable item."""
    return all(re.search(rx, fold_accents(text)) for rx in item["expect"])


def answerable(item: dict) -> bool:
    return not isinstance(item["expect"], str)


def right_entries(answerer: Answerer, item: dict) -> set[str]:
    """The entries whose answer has the item's facts."""
    if not answerable(item):
        return set()
    return {e.id for e in answerer.knowledge.entries if passes(item, answerer.entry_text(e, "fr", item["q"]))}


@dataclass
class Score:
    right: int = 0
    wrong: int = 0  # an answer without the facts, or an answer to a question to decline
    offered: int = 0  # not answered, a "did you mean" button gives the facts
    declined_right: int = 0

    def line(self, items: list[dict]) -> str:
        n = sum(answerable(i) for i in items)
        out = len(items) - n
        return (
            f"answered right {self.right}/{n}, wrong {self.wrong}, right or offered "
            f"{self.right + self.offered}/{n}; out of scope declined {self.declined_right}/{out}"
        )


def score(answerer: Answerer, items: list[dict]) -> Score:
    result = Score()
    for item in items:
        found = answerer.ask(item["q"])
        if not answerable(item):
            result.declined_right += found.entry is None
            result.wrong += found.entry is not None
        elif found.entry is not None:
            good = passes(item, found.text)
            result.right += good
            result.wrong += not good
        else:
            texts = (answerer.entry_text(e, found.lang, item["q"]) for e in found.suggestions)
            result.offered += any(passes(item, t) for t in texts)
    return result


def reachable(before: Answerer, after: Answerer, items: list[dict]) -> tuple[int, int]:
    """How many answerable questions have a term that an entry with their facts holds only through
    its learned phrasings (only there can learning help them), and how many were not right before."""
    index, shared, wrong = after.matcher.index, 0, 0
    for item in items:
        terms = set(index.reader.read(item["q"]).terms)
        if any(terms & index.taught[e] for e in right_entries(before, item)):
            shared += 1
            found = before.ask(item["q"])
            wrong += found.entry is None or not passes(item, found.text)
    return shared, wrong


def declinable(after: Answerer, declined: tuple[Declined, ...], items: list[dict]) -> tuple[int, int]:
    """How many questions have a word learned out of scope (knowledge/learned_scope.py: only there
    can an "out of scope" decision change them), and how many of those the set expects declined."""
    learned = {w for d in declined for word in d.words for w in words(word)}
    learned |= {w + "s" for w in learned}
    found = [item for item in items if learned & set(words(item["q"]))]
    return len(found), sum(not answerable(item) for item in found)


async def play(core: Core, items: list[dict]) -> None:
    """Each question asked by its own person, who presses and votes as a person would."""
    for n, item in enumerate(items):
        person = Person(1000 + n, "", None, "fr")
        answerer = core.context.answerer
        found = answerer.ask(item["q"], person.language)
        await core.handle_text(person, item["q"])
        if found.kind == AnswerKind.ANSWER and found.entry is not None:
            if not answerable(item) or not passes(item, found.text):
                await core.handle_button(person, callbacks.encode("vote", "down", found.entry.id))
        elif found.kind == AnswerKind.SUGGEST:
            good = [
                e for e in found.suggestions if answerable(item) and e.id in right_entries(answerer, item)
            ]
            data = callbacks.encode("faq", good[0].id) if good else callbacks.encode("none")
            await core.handle_button(person, data)


def find(reply: Reply, sub: str, arg: str = "") -> str | None:
    datas = [b.data for row in reply.buttons for b in row]
    return next((d for d in datas if d.startswith(f"v1:learn:{sub}:") and (not arg or d.endswith(arg))), None)


def first_good(reply: Reply, good: set[str]) -> str | None:
    """The first "to" button, in the card's order (nearest first), of an entry with the facts."""
    datas = [b.data for row in reply.buttons for b in row if b.data.startswith("v1:learn:to:")]
    return next((d for d in datas if d.split("-", 1)[1] in good), None)


async def review(core: Core, store: Store, items: list[dict]) -> tuple[int, dict[str, int]]:
    """The careful reviewer goes through every proposal; returns the taps and the decisions."""
    by_form = {question_form(i["q"]): i for i in items}
    taps, decisions = 1, {"accepted": 0, "out_of_scope": 0, "ignored": 0}
    (card,) = await core.handle_command(STAFF, "apprendre")
    while data := find(card, "skip"):
        shown = await store.proposal(int(data.rsplit(":", 1)[1]))  # the proposal the card shows
        item = by_form.get(question_form(shown.text)) if shown else None
        good = right_entries(core.context.answerer, item) if item else set()
        press = None
        if item is not None and not answerable(item):
            press, decision = find(card, "oos"), "out_of_scope"
        elif good:
            decision = "accepted"
            press = first_good(card, good)
            if press is None:
                taps += 1
                (card,) = await core.handle_button(STAFF, find(card, "other") or "")
                press = first_good(card, good)
            if press is None:
                entry: Entry = core.context.knowledge.entry(sorted(good)[0])  # type: ignore[assignment]
                taps += 2
                (card,) = await core.handle_button(STAFF, find(card, "cats") or "")
                (card,) = await core.handle_button(STAFF, find(card, "cat", f"-{entry.category}") or "")
                press = find(card, "to", f"-{entry.id}")
        if press is None:
            press, decision = data, "ignored"
        taps += 1
        (card,) = await core.handle_button(STAFF, press)
        if decision == "accepted" and card.text.startswith("Pas accepté"):
            decision = "ignored"
            taps += 1
            (card,) = await core.handle_button(STAFF, find(card, "skip") or "")
        decisions[decision] += 1
    return taps, decisions


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", nargs="?", default=str(DEFAULT_SET), help="a YAML set like dev2.yaml")
    parser.add_argument(
        "--play", choices=("even", "odd"), default="even", help="which questions are played (default: even)"
    )
    parser.add_argument(
        "--also",
        nargs="*",
        default=[],
        metavar="SET",
        help="other question sets scored before and after (learning must not make them worse)",
    )
    args = parser.parse_args()
    others = {name: yaml.safe_load(Path(name).read_text(encoding="utf-8")) for name in args.also}
    items = yaml.safe_load(Path(args.questions).read_text(encoding="utf-8"))
    evens, odds = items[0::2], items[1::2]  # every other question: the topics are spread alike
    played, held = (evens, odds) if args.play == "even" else (odds, evens)
    knowledge = load_knowledge()
    clock = FixedClock(__import__("datetime").datetime(2022, 3, 20, 10, 0, tzinfo=PARIS))
    with tempfile.TemporaryDirectory() as folder:
        store = await open_store(Path(folder) / "learning.sqlite3")
        core = Core(knowledge, clock, store, frozenset({STAFF.id}))
        base = core.context.answerer
        before_held, before_played = score(base, held), score(base, played)
        before_others = {name: score(base, other) for name, other in others.items()}
        await play(core, played)
        proposals = len(await store.pending_proposals(limit=10_000))
        taps, decisions = await review(core, store, played)
        after_held, after_played = score(core.context.answerer, held), score(core.context.answerer, played)
        after_others = {name: score(core.context.answerer, other) for name, other in others.items()}
        shared, not_right = reachable(base, core.context.answerer, held)
        taught = sorted({w for d in core.context.declined for w in d.words})
        with_word, expected_out = declinable(core.context.answerer, core.context.declined, held)
        await store.close()
    print(f"question set: {args.questions} ({len(items)} questions)")
    print(f"played by simulated people: {len(played)} questions -> {proposals} proposals")
    print(f"reviewed: {decisions}, staff taps: {taps}")
    print(f"held-back half ({len(held)}), before: {before_held.line(held)}")
    print(f"held-back half ({len(held)}), after:  {after_held.line(held)}")
    print(
        f"held-back questions with a term their facts' entry holds only by learning: {shared}, "
        f"of which not answered right before: {not_right}"
    )
    print(f"words learned out of scope: {len(taught)} ({', '.join(taught)})")
    print(
        f"held-back questions with a word learned out of scope: {with_word}, "
        f"of which the set expects declined: {expected_out}"
    )
    print(f"played half ({len(played)}), before:    {before_played.line(played)}")
    print(f"played half ({len(played)}), after:     {after_played.line(played)}")
    for name, other in others.items():
        print(f"{name} ({len(other)}), before: {before_others[name].line(other)}")
        print(f"{name} ({len(other)}), after:  {after_others[name].line(other)}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
