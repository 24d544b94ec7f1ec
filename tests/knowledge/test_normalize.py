"""Folding and reading questions: case, accents, apostrophes, SMS spellings, language."""

from knowledge.language import detect_language
from knowledge.normalize import clauses, fold, sentences, words


def test_fold_lowercases_and_strips_accents():
    assert fold("Rémunération ÉTÉ") == "remuneration ete"


def test_fold_drops_control_characters_but_keeps_newlines():
    assert fold("a\x00b\u200ec\nd") == "abc\nd"


def test_words_split_on_apostrophes_of_every_kind():
    assert words("l’administration d'accueil") == ["l", "administration", "d", "accueil"]


def test_words_expand_sms_spellings():
    assert words("c koi le salaire") == ["c", "est", "quoi", "le", "salaire"]
    assert words("jpeux postuler ?") == ["je", "peux", "postuler"]


def test_words_ignore_punctuation_and_emoji():
    assert words("salaire ?!… 🙂") == ["salaire"]


def test_sentences_split_a_chatty_message():
    text = "Bonjour. Je suis dev depuis 3 ans ! Jusqu'à quand peut-on postuler ?"
    assert sentences(text)[-1] == "Jusqu'à quand peut-on postuler ?"


def test_clauses_split_at_commas_and_because():
    parts = clauses("je veux postuler jusqu'au bout, parce que je pars en vacances début avril")
    assert parts == ["je veux postuler jusqu'au bout", "je pars en vacances début avril"]


def test_language_is_english_for_english_questions():
    assert detect_language("What is the salary?") == "en"
    assert detect_language("Quel est le salaire ?") == "fr"


def test_unclear_language_falls_back_to_the_default():
    assert detect_language("EIG 2022", default="en") == "en"
    assert detect_language("EIG 2022") == "fr"
