"""Learned phrasings generalise to their family and stay local to their entry (knowledge/learned.py),
on a small knowledge built here."""

import dataclasses

import pytest

from knowledge.learned import Phrasing, conflicts, with_phrasings
from knowledge.matcher import AnswerKind, Matcher
from knowledge.model import Category, Entry, Knowledge, Lexicon, Text
from knowledge.views import best_view


def _entry(entry_id: str, *questions: str) -> Entry:
    return Entry(entry_id, "faq", {"fr": questions}, Text(f"Réponse {entry_id}.", f"Answer {entry_id}."))


BASE = Knowledge(
    entries=(
        _entry("housing", "Le logement est-il fourni ?", "Aidez-vous à trouver un appartement ?"),
        _entry("pay", "Quel est le salaire ?", "Combien suis-je payé chaque mois ?"),
        _entry("deadline", "Quelle est la date limite de candidature ?", "Jusqu'à quand puis-je postuler ?"),
        _entry("team", "Comment est composée l'équipe ?", "Avec qui vais-je travailler ?"),
    ),
    categories=(Category("faq", Text("FAQ", "FAQ")),),
    events=(),
    lexicon=Lexicon(),
)
# Staff accepted a real question as a way of asking `housing`; "déménagement" is new to the YAML.
LEARNED = with_phrasings(BASE, [Phrasing("housing", "fr", "Aidez-vous pour le déménagement vers Paris ?")])


def _answer(knowledge: Knowledge, question: str) -> str | None:
    result = Matcher(knowledge).match(question)
    return result.best.entry.id if result.kind == AnswerKind.ANSWER and result.best else None


def test_a_learned_word_brings_another_question_of_the_family_to_its_entry():
    question = "Le déménagement est-il pris en charge ?"
    assert _answer(BASE, question) != "housing"
    assert _answer(LEARNED, question) == "housing"


@pytest.mark.parametrize(
    "question, entry",
    [
        ("Quel est le salaire à Paris ?", "pay"),
        ("Quelle est la date limite de candidature ?", "deadline"),
        ("Avec qui vais-je travailler à Paris ?", "team"),
    ],
)
def test_a_learned_phrasing_does_not_capture_an_unrelated_question(question, entry):
    assert _answer(LEARNED, question) == _answer(BASE, question) == entry


@pytest.mark.parametrize(
    "question",
    ["Quel est le salaire à Paris ?", "déménagement et salaire", "Jusqu'à quand puis-je postuler ?"],
)
def test_the_other_entries_score_as_before(question):
    def scores(knowledge: Knowledge) -> dict[str, float]:
        ranked = best_view(Matcher(knowledge).index, question).ranked
        return {c.entry.id: c.score for c in ranked if c.entry.id != "housing"}

    assert scores(LEARNED) == scores(BASE)


def test_learned_phrasings_are_named_and_a_typo_in_them_is_repaired():
    learned = with_phrasings(BASE, [Phrasing("pay", "fr", "le salaiire est versé quand ?")])
    pay = learned.entry("pay")
    assert pay is not None and pay.learned == frozenset({"le salaiire est versé quand ?"})
    index = Matcher(learned).index
    assert not any("salaiir" in term.name for term in index.taught["pay"])


def test_the_context_of_a_learned_phrasing_weighs_less_than_its_question():
    learned = with_phrasings(
        BASE, [Phrasing("housing", "fr", "Je travaille en boulangerie. Aidez-vous pour le déménagement ?")]
    )
    index = Matcher(learned).index
    (bakery,) = [t for t in index.hinted["housing"] if t.name.startswith("boulanger")]
    assert index.share("housing", bakery) == index.weights.learned_context < 1.0
    assert not any(t.name.startswith("demenag") for t in index.hinted["housing"])
    assert _answer(learned, "Je cherche un emploi en boulangerie") is None
    assert _answer(learned, "Le déménagement est-il pris en charge ?") == "housing"


def test_an_accepted_phrasing_with_an_out_of_scope_word_answers_its_entry():
    lexicon = Lexicon(out_of_scope={"telework": ("télétravail",)})
    base = dataclasses.replace(BASE, lexicon=lexicon)
    question = "Le logement est-il fourni pour le télétravail ?"
    assert Matcher(base).match(question).kind == AnswerKind.NONE
    learned = with_phrasings(base, [Phrasing("housing", "fr", question)])
    assert _answer(learned, question) == "housing"
    assert Matcher(learned).match("Le télétravail est-il possible ?").kind == AnswerKind.NONE


def test_a_question_nearly_the_accepted_phrasing_echoes_it():
    result = Matcher(LEARNED).match("aidez vous pour le demenagement vers paris")
    assert result.kind == AnswerKind.ANSWER and result.best is not None
    assert result.best.entry.id == "housing" and result.best.echoes
    unrelated = Matcher(LEARNED).match("Quel est le salaire à Paris ?").best
    assert unrelated is not None and not unrelated.echoes


def test_the_conflict_check_judges_a_phrasing_on_its_own_words_not_its_echo(knowledge):
    wrong = Phrasing("pay", "fr", "combien de temps dure la mission")  # the YAML's: duration
    (problem,) = conflicts(knowledge, [wrong], lang="en")
    assert problem.startswith("“combien de temps dure la mission” of 'pay' leads to 'duration'")
    assert _answer(with_phrasings(knowledge, [wrong]), wrong.text) == "pay"  # were it accepted
