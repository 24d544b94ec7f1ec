"""Matching questions to entries: answer, did-you-mean, decline, smalltalk."""

import pytest

from knowledge.matcher import Matcher
from knowledge.terms import Term, TermKind


@pytest.fixture(scope="module")
def matcher(knowledge) -> Matcher:
    return Matcher(knowledge)


def best_id(matcher: Matcher, question: str) -> str | None:
    result = matcher.match(question)
    return result.best.entry.id if result.kind == "answer" else None


@pytest.mark.parametrize(
    "question, entry",
    [
        ("salaire", "pay"),
        ("Quelle est la date limite ?", "deadline"),
        ("calandrier", "calendar"),  # a typo
        ("webinnaire", "webinars"),  # another typo
        ("c koi la dinum", "dinum"),  # SMS spelling
        ("What is the application deadline?", "deadline"),
        ("Qui compose le jury ?", "jury"),
    ],
)
def test_clear_questions_get_their_entry(matcher, question, entry):
    assert best_id(matcher, question) == entry


def test_a_question_buried_in_a_chatty_message_is_found(matcher):
    message = (
        "Bonjour ! J'ai vu passer votre annonce sur LinkedIn hier. "
        "Quelle est la date limite pour candidater ? Merci beaucoup."
    )
    assert best_id(matcher, message) == "deadline"


def test_the_rest_of_a_sentence_still_counts(matcher):
    # "puis-je candidater" alone would be the how-to-apply entry; the profile matters.
    assert best_id(matcher, "je suis juriste, puis-je candidater ?") == "profile-legal"


@pytest.mark.parametrize(
    "question",
    [
        "y a-t-il du télétravail ?",
        "Combien de jours de congés payés ?",
        "Quel est le salaire d'un développeur chez Google ?",
        "prix du bitcoin",
        "Is remote work allowed?",
        "asdfgh qwerty",
    ],
)
def test_out_of_scope_questions_are_declined(matcher, question):
    assert matcher.match(question).kind == "none"


def test_near_ties_between_topics_offer_suggestions(matcher):
    result = matcher.match("Quels métiers sont recherchés cette année ?")
    assert result.kind in ("answer", "suggest")
    if result.kind == "suggest":
        assert 2 <= len(result.candidates) <= 3


@pytest.mark.parametrize(
    "text, intent",
    [("bonjour", "greeting"), ("merci !", "thanks"), ("hello", "greeting"), ("ça va ?", "howareyou")],
)
def test_greetings_are_smalltalk(matcher, text, intent):
    result = matcher.match(text)
    assert (result.kind, result.smalltalk) == ("smalltalk", intent)


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "?!", "\u200f\u202e"])
def test_messages_without_words_are_empty(matcher, text):
    assert matcher.match(text).kind == "empty"


# -- reading long messages, conditions, negations, dates ---------------------------------------


def test_the_question_is_read_apart_from_the_context_before_it(matcher):
    message = (
        "Mon fils est développeur depuis dix ans dans une grande entreprise de logistique. "
        "Il toucherait combien par mois ?"
    )
    assert best_id(matcher, message) in ("pay", "pay-experience")  # both give the 4,000 euros


def test_a_condition_in_the_question_is_context(matcher):
    # 'retenu' alone leads to what happens to laureates; the question is the status.
    assert best_id(matcher, "Si je suis retenu, quel sera mon statut ?") == "status"
    assert best_id(matcher, "Si je suis pris, je serai payé combien ?") == "pay"


@pytest.mark.parametrize(
    "question",
    [
        "je ne sais pas coder, je suis juriste, je peux postuler ?",
        "I can't code at all, I'm a lawyer: can I apply?",
    ],
)
def test_a_profile_under_a_negation_is_not_the_persons(matcher, question):
    assert best_id(matcher, question) == "profile-legal"


def test_a_restriction_is_not_a_negation():
    from knowledge.normalize import words
    from knowledge.reading import negated_positions

    tokens = words("vous ne prenez que des devs ?")
    assert negated_positions(tokens) == set()
    tokens = words("je ne suis pas dev mais juriste")
    denied = {tokens[i] for i in negated_positions(tokens)}
    assert "developpeur" in denied and "juriste" not in denied


def test_a_day_number_is_a_date_not_a_count(matcher):
    # '10' must not match the phrasings about the 10 months of the programme.
    assert best_id(matcher, "on est le 10 mai, les projets sont sortis ?") == "projects-revealed"


def test_counts_in_lexicon_phrases_match_any_number(matcher):
    experience = Term(TermKind.CONCEPT, "experience")
    assert experience in matcher.reader.read("développeuse depuis huit ans").terms
    assert experience in matcher.reader.read("I have 12 years of experience").terms
    assert experience not in matcher.reader.read("j'ai 45 ans").terms  # an age is not experience


# -- two questions in one, out of scope, offers ------------------------------------------------


def test_the_in_scope_question_is_answered_and_the_other_named(matcher):
    result = matcher.match("Quelle est la date limite ? Et le télétravail, c'est possible ?")
    assert result.kind == "answer" and result.best is not None
    assert result.best.entry.id == "deadline"
    assert result.also_out_of_scope == "teletravail"


def test_an_out_of_scope_question_is_not_answered_by_the_statement_beside_it(matcher):
    result = matcher.match("Combien de candidats l'an dernier ? J'aimerais postuler.")
    assert result.kind == "none" and result.out_of_scope == "statistics"


def test_an_unclear_question_in_scope_gets_the_nearest_entries_not_a_bare_decline(matcher):
    result = matcher.match("les agents ils aident ?")
    assert result.kind == "suggest"
    assert "immersion" in [c.entry.id for c in result.candidates]


def test_explain_says_what_counted_and_why(matcher):
    explanation = matcher.explain("Quel est le salaire net ?", "en")
    assert explanation["decision"] == "answer"
    assert {t["term"] for t in explanation["terms"]} >= {"@pay", "@net"}
    assert explanation["candidates"][0]["entry"] == "net-or-gross"
    assert "score" in explanation["reason"] and explanation["view"] == "whole message"


def test_leaving_a_phrasing_out_puts_it_back_afterwards(knowledge):
    matcher = Matcher(knowledge)
    entry = next(e for e in knowledge.entries if e.id == "pay")
    before = matcher.match("Quel est le salaire d'un EIG ?")
    matcher.leave_one_out(entry)
    after = matcher.match("Quel est le salaire d'un EIG ?")
    assert after.kind == before.kind == "answer"
    assert after.best is not None and before.best is not None
    assert after.best.score == before.best.score and after.best.entry.id == "pay"
