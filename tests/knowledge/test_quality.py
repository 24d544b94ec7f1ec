"""Answer quality on question sets, with the scoring rules of ../shared/eval/score.py.

Not timing: these are accuracy floors, so a change that makes the bot answer worse fails.
"""
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from knowledge.answer import Answerer

ROOT = Path(__file__).resolve().parents[2]
SETS = {  # file: (floor for answered right, floor for out-of-scope declined)
    ROOT.parent / "shared" / "eval" / "dev.yaml": (0.90, 0.90),
    ROOT / "tests" / "eval" / "heldout.yaml": (0.80, 0.90),
    ROOT / "tests" / "eval" / "heldout2.yaml": (0.80, 0.90),
}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def rates(answerer: Answerer, items: list[dict]) -> tuple[float, float]:
    right = {"answer": [0, 0], "abstain": [0, 0]}
    for item in items:
        answer = answerer.ask(item["q"].replace("\n", " "))
        expect = item["expect"]
        if expect == "smalltalk":
            continue
        if expect == "abstain":
            kind, ok = "abstain", answer.entry is None
        else:
            kind, ok = "answer", all(re.search(rx, fold(answer.text)) for rx in expect)
        right[kind][0] += ok
        right[kind][1] += 1
    return right["answer"][0] / right["answer"][1], right["abstain"][0] / right["abstain"][1]


@pytest.mark.parametrize("path", list(SETS), ids=lambda p: p.name)
def test_question_sets_are_answered_above_their_floor(knowledge, clock, path):
    if not path.exists():
        pytest.skip(f"{path} is not here")
    answered, declined = rates(Answerer(knowledge, clock), yaml.safe_load(path.read_text("utf-8")))
    floor_answer, floor_decline = SETS[path]
    assert answered >= floor_answer and declined >= floor_decline, (answered, declined)
