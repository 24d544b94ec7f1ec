"""Questions staff marked out of scope teach the lexicon their unknown content words
(knowledge/learned_scope.py): a later question with one of them is declined, a question with
known words only is not, and nothing common, short or a typo of a known word is ever learned."""

from __future__ import annotations

import pytest

from knowledge.learned import Phrasing, conflicts, with_phrasings
from knowledge.learned_scope import LEARNED_TOPIC, Declined, learn_declined
from knowledge.matcher import AnswerKind, Matcher
from knowledge.model import Knowledge

DOG = "je peux venir avec mon chien"


def _kind(knowledge: Knowledge, question: str) -> tuple[str, str | None]:
    result = Matcher(knowledge).match(question)
    return result.kind, result.best.entry.id if result.best and result.kind == AnswerKind.ANSWER else None


def test_a_question_marked_out_of_scope_teaches_its_unknown_word_to_a_learned_topic(knowledge):
    learned, (declined,) = learn_declined(knowledge, [DOG])
    assert declined == Declined(DOG, LEARNED_TOPIC, ("chien",))
    assert learned.lexicon.out_of_scope[LEARNED_TOPIC] == ("chien",)
    assert knowledge.lexicon.out_of_scope.get(LEARNED_TOPIC) is None  # the YAML's is left as it was


@pytest.mark.parametrize("question", ["Puis-je amener mon chien au bureau ?", "les chiens sont acceptés ?"])
def test_another_question_with_the_learned_word_is_declined(knowledge, question):
    learned, _ = learn_declined(knowledge, [DOG])
    result = Matcher(learned).match(question)
    assert result.kind == AnswerKind.NONE and result.out_of_scope == LEARNED_TOPIC


def test_a_question_that_was_answered_is_declined_once_its_word_is_learned(knowledge):
    question = "Puis-je amener mon chien au bureau ?"
    assert _kind(knowledge, question)[0] == AnswerKind.ANSWER
    learned, _ = learn_declined(knowledge, [DOG])
    assert _kind(learned, question) == (AnswerKind.NONE, None)


@pytest.mark.parametrize(
    "question",
    ["Quel est le salaire ?", "les entretiens ont lieu où ?", "Je suis infirmière, puis-je candidater ?"],
)
def test_questions_of_known_words_are_answered_as_before(knowledge, question):
    learned, _ = learn_declined(knowledge, [DOG, "y a-t-il une crèche pour les enfants ?"])
    assert _kind(learned, question) == _kind(knowledge, question)


def test_a_word_is_learned_into_the_out_of_scope_topic_the_question_already_names(knowledge):
    _, (declined,) = learn_declined(knowledge, ["Est-ce que les locaux ont un parking pour vélo ?"])
    assert (declined.topic, declined.words) == ("premises", ("vélo",))


@pytest.mark.parametrize(
    "question",
    [
        "le salaire est payé quand ?",  # known words only
        "est-ce que vous pourriez me le dire svp ?",  # function words, smalltalk
        "je peux venir en voiture ?",  # everyday words ('voiture': Zipf ≥ Weights.declined_zipf)
        "et la fac ?",  # too short
        "quel est le salaiire ?",  # a typo the reader repairs
        "y a-t-il une douche ?",  # a real word, but one letter from a known one ('touche')
    ],
)
def test_nothing_common_short_or_a_typo_of_a_known_word_is_learned(knowledge, question):
    learned, (declined,) = learn_declined(knowledge, [question])
    assert declined.words == () and learned is knowledge


def test_the_context_of_a_question_is_not_learned(knowledge):
    _, (declined,) = learn_declined(knowledge, ["Je suis boulangère à Lyon. Puis-je venir avec mon chien ?"])
    assert declined.words == ("chien",)


def test_a_word_an_accepted_phrasing_uses_is_never_learned_and_the_check_stands(knowledge):
    phrasing = Phrasing("teams", "fr", "Puis-je amener mon chien au bureau ?")
    phrased = with_phrasings(knowledge, [phrasing])
    learned, (declined,) = learn_declined(phrased, [DOG])
    assert declined.words == ()
    assert conflicts(knowledge, [phrasing], learned) == []
