"""Answer quality on question sets (tests/eval/), with the scoring rules of the team's score.py;
`python -m tests.knowledge.test_quality` prints the four figures of each set.

Not timing: these are accuracy floors, so a change that makes the bot answer worse fails.
The four figures, as score.py prints them: answered right; answered wrong (an entry without the
expected facts, the worst outcome); right or offered (right, or declined with a "did you mean"
button that gives the right answer); out-of-scope questions declined.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from knowledge.answer import Answerer
from knowledge.clock import FixedClock
from knowledge.loader import load_knowledge
from knowledge.normalize import fold_accents
from tests.helpers import NOW

EVAL = Path(__file__).resolve().parents[1] / "eval"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval"


@dataclass(frozen=True)
class Floors:
    right: float
    wrong: float  # a ceiling
    offered: float
    declined: float


SETS = {
    "dev.yaml": Floors(right=0.95, wrong=0.02, offered=0.97, declined=0.95),
    "dev2.yaml": Floors(right=0.83, wrong=0.03, offered=0.94, declined=0.95),
    "heldout.yaml": Floors(right=0.88, wrong=0.07, offered=0.92, declined=0.90),
    "heldout2.yaml": Floors(right=0.88, wrong=0.06, offered=0.92, declined=0.90),
}


def figures(answerer: Answerer, items: list[dict]) -> Floors:
    right = wrong = offered = answerable = declined = out_of_scope = 0
    for item in items:
        question, expect = item["q"].replace("\n", " "), item["expect"]
        if expect == "smalltalk":
            continue
        answer = answerer.ask(question)
        if expect == "abstain":
            out_of_scope += 1
            declined += answer.entry is None
            continue
        answerable += 1

        def holds(text: str, expect: list[str] = expect) -> bool:
            return all(re.search(rx, fold_accents(text)) for rx in expect)

        if answer.entry is not None:
            right += holds(answer.text)
            wrong += not holds(answer.text)
        else:
            offered += any(holds(answerer.entry_text(e, answer.lang, question)) for e in answer.suggestions)
    return Floors(
        right / answerable, wrong / answerable, (right + offered) / answerable, declined / out_of_scope
    )


@pytest.mark.parametrize("name", list(SETS))
def test_question_sets_are_answered_above_their_floors(knowledge, clock, name):
    got = figures(Answerer(knowledge, clock), yaml.safe_load((EVAL / name).read_text("utf-8")))
    floors = SETS[name]
    assert got.right >= floors.right, got
    assert got.wrong <= floors.wrong, got
    assert got.offered >= floors.offered, got
    assert got.declined >= floors.declined, got


@pytest.mark.parametrize("name", ["dev.yaml", "dev2.yaml"])
def test_the_copied_question_sets_are_in_step_with_the_shared_ones(name):
    shared = SHARED / name
    if not shared.exists():
        pytest.skip(f"{shared} is not on this machine")
    assert (EVAL / name).read_bytes() == shared.read_bytes(), f"copy {shared} into tests/eval/"


def main() -> None:
    """`python -m tests.knowledge.test_quality`: the four figures of each set, as README shows them."""
    answerer = Answerer(load_knowledge(), FixedClock(NOW))
    for name in SETS:
        got = figures(answerer, yaml.safe_load((EVAL / name).read_text("utf-8")))
        print(
            f"{name:14} right {got.right:.1%}  wrong {got.wrong:.1%}  right or offered {got.offered:.1%}  "
            f"out-of-scope declined {got.declined:.1%}"
        )


if __name__ == "__main__":
    main()
