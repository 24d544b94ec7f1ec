"""Answers: templates rendered against the clock, language, passed deadlines, asked dates."""

from datetime import datetime

import pytest

from knowledge.answer import Answerer
from knowledge.clock import FixedClock
from knowledge.dates import asked_date
from knowledge.model import PARIS


def answerer_at(knowledge, *moment: int) -> Answerer:
    return Answerer(knowledge, FixedClock(datetime(*moment, tzinfo=PARIS)))


def test_dates_are_written_in_words(knowledge):
    answer = answerer_at(knowledge, 2022, 3, 20, 10).ask("Quelle est la date limite ?")
    assert answer.entry.id == "deadline"
    assert "mardi 19 avril 2022" in answer.text
    assert "passée" not in answer.text


def test_after_a_deadline_the_answer_says_it_has_passed(knowledge):
    answer = answerer_at(knowledge, 2022, 4, 20, 0, 0).ask("Quelle est la date limite ?")
    assert "Cette date est passée" in answer.text


def test_the_deadline_lasts_until_the_end_of_its_day(knowledge):
    answer = answerer_at(knowledge, 2022, 4, 19, 23, 59).ask("Quelle est la date limite ?")
    assert "passée" not in answer.text


def test_english_questions_get_english_answers(knowledge):
    answer = answerer_at(knowledge, 2022, 3, 20, 10).ask("What is the deadline to apply?")
    assert answer.lang == "en" and "Tuesday 19 April 2022" in answer.text


def test_an_english_user_gets_english_for_an_unclear_message(knowledge):
    answer = answerer_at(knowledge, 2022, 3, 20, 10).ask("salaire", user_lang="en-GB")
    assert answer.lang == "en" and "3,500" in answer.text


def test_a_date_in_the_question_is_compared_with_the_deadline(knowledge):
    answer = answerer_at(knowledge, 2022, 3, 20, 10).ask("Est-il encore possible de postuler le 25 avril ?")
    assert "lundi 25 avril 2022, ce sera trop tard" in answer.text
    answer = answerer_at(knowledge, 2022, 3, 20, 10).ask("Can I still apply on April 18?")
    assert "Monday 18 April 2022 it is still possible" in answer.text


@pytest.mark.parametrize(
    "text, day",
    [
        ("le 25 avril", (4, 25)),
        ("April 18th", (4, 18)),
        ("18 of april", (4, 18)),
        ("le 1er mai", (5, 1)),
        ("25/04", (4, 25)),
        ("le 31 février", None),
        ("rien", None),
    ],
)
def test_asked_dates_are_read_in_both_languages(text, day):
    found = asked_date(text, 2022)
    assert (found.month, found.day) == day if day else found is None


def test_no_match_offers_no_entry(knowledge):
    answer = answerer_at(knowledge, 2022, 3, 20, 10).ask("Quel est le prix du bitcoin ?")
    assert answer.kind == "none" and answer.entry is None
    assert "je ne sais que ce que dit l'appel" in answer.text


def test_smalltalk_gets_a_friendly_reply(knowledge):
    answer = answerer_at(knowledge, 2022, 3, 20, 10).ask("merci !")
    assert answer.kind == "smalltalk" and answer.entry is None and answer.text


def test_the_question_not_covered_is_named_as_written(knowledge):
    answerer = Answerer(knowledge, FixedClock(datetime(2022, 3, 20, 10, 0, tzinfo=PARIS)))
    answer = answerer.ask("Combien de temps dure le programme ? Et le télétravail ?")
    assert answer.kind == "answer" and answer.entry is not None and answer.entry.id == "duration"
    assert answer.text.endswith(
        "Quant à « télétravail », l'appel à candidatures n'en dit rien : "
        "je ne peux pas vous répondre sur ce point."
    )
