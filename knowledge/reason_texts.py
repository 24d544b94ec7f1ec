"""Why the matcher answered, offered or declined, and which part of the message it read, as
`python -m knowledge ask --explain` shows them: French first, English second. A decision keeps
a key and values (a Said), put in the run's language when shown; the kind (answer, suggest…)
stays a code."""

from __future__ import annotations

from .said import sayer

REASON_FR: dict[str, str] = {
    "view_whole": "message entier",
    "view_focus": "la question, avec son contexte",
    "view_sentence": "phrase {n}",
    "view_clause": "proposition « {clause} »",
    "out_of_scope": "hors sujet : {topic}",
    "out_of_scope_lexicon": "hors sujet : {topic} (lexicon.yaml)",
    "no_shared_word": "aucune entrée n'a de mot en commun avec la question",
    "smalltalk": "bavardage : {greeting}",
    "no_word": "aucun mot à lire",
    "learned_echo": "une formulation acceptée par l'équipe pour {entry} (ratio rapidfuzz ≥ le poids echo)",
    "unknown_words": "{unknown} mot(s) inconnu(s) pour {known} connu(s), jamais de réponse directe",
    "low_coverage": (
        "couverture {coverage:.2f} < {floor:.2f} : une trop grande part de la question "
        "n'est pas dans l'entrée"
    ),
    "answered": (
        "score {score} ≥ {answer}, couverture {coverage:.2f} ≥ {min_coverage}, "
        "aucun rival proche dans un autre sujet"
    ),
    "answered_alone": (
        "score {score} ≥ {suggest}, couverture {coverage:.2f} ≥ {lone_coverage} "
        "et aucune autre candidate à moins de {window:g} points"
    ),
    "close_rival": "{rival} ({score}) est à moins de {margin} points, dans un autre sujet",
    "below_answer": "score {score} < {answer} ou couverture {coverage:.2f} < {min_coverage}",
    "below_suggest": "score {score} < {suggest}",
    "offered": "{why} : proposé",
    "declined": "{why} ; rien n'atteint {offer} : décliné",
}

REASON_EN: dict[str, str] = {
    "view_whole": "whole message",
    "view_focus": "the question, with its context",
    "view_sentence": "sentence {n}",
    "view_clause": "clause “{clause}”",
    "out_of_scope": "out of scope: {topic}",
    "out_of_scope_lexicon": "out of scope: {topic} (lexicon.yaml)",
    "no_shared_word": "no entry shares a word with the question",
    "smalltalk": "smalltalk: {greeting}",
    "no_word": "no word to read",
    "learned_echo": "a phrasing staff accepted for {entry} (rapidfuzz ratio ≥ the echo weight)",
    "unknown_words": "{unknown} unknown word(s) for {known} known, never answered outright",
    "low_coverage": "coverage {coverage:.2f} < {floor:.2f}: too much of the question is not in the entry",
    "answered": (
        "score {score} ≥ {answer}, coverage {coverage:.2f} ≥ {min_coverage}, no close rival in another topic"
    ),
    "answered_alone": (
        "score {score} ≥ {suggest}, coverage {coverage:.2f} ≥ {lone_coverage} "
        "and no other candidate within {window:g} points"
    ),
    "close_rival": "{rival} ({score}) is within {margin} points, in another topic",
    "below_answer": "score {score} < {answer} or coverage {coverage:.2f} < {min_coverage}",
    "below_suggest": "score {score} < {suggest}",
    "offered": "{why}: offered",
    "declined": "{why}; nothing scores {offer}: declined",
}

REASON_TEXTS = {"fr": REASON_FR, "en": REASON_EN}


reason = sayer(REASON_TEXTS)  # reason("key", **values): a sentence of the reasons


WHOLE_MESSAGE = reason("view_whole")
