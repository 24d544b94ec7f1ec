"""Matching questions to entries: answer, did-you-mean, decline, smalltalk."""
import pytest

from knowledge.matcher import Matcher


@pytest.fixture(scope="module")
def matcher(knowledge) -> Matcher:
    return Matcher(knowledge)


def best_id(matcher: Matcher, question: str) -> str | None:
    result = matcher.match(question)
    return result.best.entry.id if result.kind == "answer" else None


@pytest.mark.parametrize("question, entry", [
    ("salaire", "pay"),
    ("Quelle est la date limite ?", "deadline"),
    ("calandrier", "calendar"),             # a typo
    ("webinnaire", "webinars"),             # another typo
    ("c koi la dinum", "dinum"),            # SMS spelling
    ("What is the application deadline?", "deadline"),
    ("Qui compose le jury ?", "jury"),
])
def test_clear_questions_get_their_entry(matcher, question, entry):
    assert best_id(matcher, question) == entry


def test_a_question_buried_in_a_chatty_message_is_found(matcher):
    message = ("Bonjour ! J'ai vu passer votre annonce sur LinkedIn hier. "
               "Quelle est la date limite pour candidater ? Merci beaucoup.")
    assert best_id(matcher, message) == "deadline"


def test_the_rest_of_a_sentence_still_counts(matcher):
    # "puis-je candidater" alone would be the how-to-apply entry; the profile matters.
    assert best_id(matcher, "je suis juriste, puis-je candidater ?") == "profile-legal"


@pytest.mark.parametrize("question", [
    "y a-t-il du télétravail ?",
    "Combien de jours de congés payés ?",
    "Quel est le salaire d'un développeur chez Google ?",
    "prix du bitcoin",
    "Is remote work allowed?",
    "asdfgh qwerty",
])
def test_out_of_scope_questions_are_declined(matcher, question):
    assert matcher.match(question).kind == "none"


def test_near_ties_between_topics_offer_suggestions(matcher):
    result = matcher.match("Quels métiers sont recherchés cette année ?")
    assert result.kind in ("answer", "suggest")
    if result.kind == "suggest":
        assert 2 <= len(result.candidates) <= 3


@pytest.mark.parametrize("text, intent", [("bonjour", "greeting"), ("merci !", "thanks"),
                                          ("hello", "greeting"), ("ça va ?", "howareyou")])
def test_greetings_are_smalltalk(matcher, text, intent):
    result = matcher.match(text)
    assert (result.kind, result.smalltalk) == ("smalltalk", intent)


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "?!", "\u200f\u202e"])
def test_messages_without_words_are_empty(matcher, text):
    assert matcher.match(text).kind == "empty"


def test_every_shipped_phrasing_finds_its_own_entry(knowledge, matcher):
    from knowledge.checks import check_phrasings
    assert [str(p) for p in check_phrasings(knowledge, matcher)] == []
