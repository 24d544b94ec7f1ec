"""Leave-one-out: each phrasing asked with itself removed from the index still finds its entry.

The share is a floor: a knowledge edit or a matcher change that leaves entries with too few
ways of being asked fails here (`python -m knowledge check --generalisation` shows which).
"""

from knowledge.checks import generalisation

FOUND_FLOOR = 0.68  # answered with their own entry
FOUND_OR_OFFERED_FLOOR = 0.77  # or their entry among the "did you mean" buttons


def test_most_phrasings_find_their_entry_without_themselves(knowledge):
    report = generalisation(knowledge)
    asked = sum(g.asked for g in report)
    found = sum(g.home for g in report)
    offered = sum(g.offered for g in report)
    assert found / asked >= FOUND_FLOOR, found / asked
    assert (found + offered) / asked >= FOUND_OR_OFFERED_FLOOR, (found + offered) / asked
