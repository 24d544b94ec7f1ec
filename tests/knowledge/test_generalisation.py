"""Leave-one-out: each phrasing asked with itself removed from the index still finds its entry.

The share is a floor: a knowledge edit or a matcher change that leaves entries with too few
ways of being asked fails here (`python -m knowledge check --generalisation` shows which).
"""

from knowledge.checks import generalisation
from knowledge.matcher import Matcher

FOUND_FLOOR = 0.68  # answered with their own entry
FOUND_OR_OFFERED_FLOOR = 0.77  # or their entry among the "did you mean" buttons


def test_most_phrasings_find_their_entry_without_themselves(knowledge):
    report = generalisation(knowledge)
    asked = sum(g.asked for g in report)
    found = sum(g.home for g in report)
    offered = sum(g.offered for g in report)
    assert found / asked >= FOUND_FLOOR, found / asked
    assert (found + offered) / asked >= FOUND_OR_OFFERED_FLOOR, (found + offered) / asked


def test_leaving_a_phrasing_out_puts_it_back_afterwards(knowledge):
    matcher = Matcher(knowledge)
    entry = next(e for e in knowledge.entries if e.id == "pay")
    before = matcher.match("Quel est le salaire d'un EIG ?")
    matcher.leave_one_out(entry)
    after = matcher.match("Quel est le salaire d'un EIG ?")
    assert after.kind == before.kind == "answer"
    assert after.best is not None and before.best is not None
    assert after.best.score == before.best.score and after.best.entry.id == "pay"


def test_the_report_counts_every_phrasing_once(knowledge):
    report = {g.entry_id: g for g in generalisation(knowledge)}
    for entry in knowledge.entries:
        g = report[entry.id]
        assert g.asked == len(entry.all_questions())
        assert g.home + g.offered + len(g.astray) == g.asked
