"""The checks that need the matcher: each phrasing belongs to one entry and leads back to it;
leave-one-out says how many of an entry's phrasings the others cover."""

from dataclasses import replace

from knowledge.checks import Generalisation, check_phrasings, generalisation
from knowledge.matcher import Matcher
from knowledge.model import Entry, Knowledge, Text
from knowledge.said import spoken


def with_phrasing(knowledge: Knowledge, entry_id: str, phrasing: str) -> Knowledge:
    """The knowledge with one more French phrasing for `entry_id`."""
    entries = tuple(
        replace(e, questions={**e.questions, "fr": (*e.questions["fr"], phrasing)}) if e.id == entry_id else e
        for e in knowledge.entries
    )
    return replace(knowledge, entries=entries)


# -- check_phrasings ----------------------------------------------------------------------------


def test_every_shipped_phrasing_finds_its_own_entry(knowledge):
    assert [str(p) for p in check_phrasings(knowledge, Matcher.of(knowledge))] == []


def test_a_phrasing_written_in_two_entries_is_reported_at_the_second_naming_the_first(knowledge):
    first, second = knowledge.entries[0], knowledge.entries[1]
    phrasing = str(first.questions["fr"][0])
    problems = check_phrasings(with_phrasing(knowledge, second.id, phrasing))
    [shared] = [p for p in problems if "is also a phrasing of" in spoken(p.message, "en")]
    assert (shared.file, shared.line) == (second.source, second.line)
    assert spoken(shared.message, "en") == f"the phrasing “{phrasing}” is also a phrasing of '{first.id}'"
    assert spoken(shared.fix, "en") == "keep it in one entry only"


def test_a_phrasing_that_leads_to_another_entry_says_where_it_goes(knowledge):
    jury = knowledge.entry("jury")
    assert jury is not None
    [problem] = check_phrasings(with_phrasing(knowledge, "jury", "combien gagne un EIG ?"))
    assert (problem.file, problem.line) == (jury.source, jury.line)
    assert spoken(problem.message, "en").startswith(
        "the phrasing “combien gagne un EIG ?” of 'jury' leads to 'pay' ("
    )
    assert spoken(problem.fix, "en") == "reword it, or add distinctive keywords to the entry"


# -- generalisation -----------------------------------------------------------------------------


def test_the_report_counts_every_phrasing_once(knowledge):
    report = {g.entry_id: g for g in generalisation(knowledge)}
    assert set(report) == {entry.id for entry in knowledge.entries}
    for entry in knowledge.entries:
        g = report[entry.id]
        assert g.asked == len(entry.all_questions())
        assert g.home + g.offered + len(g.astray) == g.asked


def test_a_phrasing_only_its_own_entry_covers_goes_astray_and_the_report_says_where(knowledge):
    pay = knowledge.entry("pay")
    assert pay is not None
    phrasing = pay.questions["fr"][0]
    copy = Entry("copy", pay.category, {"fr": (phrasing,)}, Text("Voir ailleurs.", "See elsewhere."))
    report = {g.entry_id: g for g in generalisation(replace(knowledge, entries=(pay, copy)))}
    assert report["copy"] == Generalisation("copy", 1, 0, 0, ((phrasing, "pay"),))
    assert report["copy"].share == 0.0


def test_the_share_is_the_part_found_and_an_entry_without_phrasings_has_nothing_missing():
    assert Generalisation("a", asked=4, home=3, offered=1, astray=()).share == 0.75
    assert Generalisation("b", asked=0, home=0, offered=0, astray=()).share == 1.0
