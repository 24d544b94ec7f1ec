"""Every user-facing sentence of the bot, French first, English second."""

from __future__ import annotations

from collections.abc import Callable

FR: dict[str, str] = {
    "did_you_mean": "Je ne suis pas sûr d'avoir compris. Vouliez-vous dire :",
    "none_of_these": "Aucune de ces questions",
    "dont_know": (
        "Je n'ai pas la réponse à cette question : je ne sais que ce que dit l'appel à "
        "candidatures 2022 des Entrepreneurs d'intérêt général. Votre question est "
        "transmise à l'équipe pour améliorer mes réponses. Voici les sujets que je connais :"
    ),
    "empty": (
        "Je n'ai reçu aucune question. Écrivez-moi par exemple « Quel est le salaire ? » "
        "ou « Quelle est la date limite ? », ou choisissez un sujet :"
    ),
    "deadline_passed": "⚠️ Cette date est passée : « {title} » était le {date}.",
    "asked_after": "👉 Le {asked}, ce sera trop tard : « {title} », c'est le {date}.",
    "asked_before": "👉 Le {asked}, c'est encore possible : « {title} », c'est le {date}.",
    "not_covered_too": (
        "Quant à « {words} », l'appel à candidatures n'en dit rien : je ne peux "
        "pas vous répondre sur ce point."
    ),
    "smalltalk_greeting": (
        "Bonjour ! Je suis l'assistant des Entrepreneurs d'intérêt général. "
        "Posez-moi une question sur l'appel à candidatures 2022 (profils, "
        "rémunération, calendrier, sélection…) ou tapez /aide."
    ),
    "smalltalk_thanks": "Avec plaisir ! N'hésitez pas si vous avez d'autres questions.",
    "smalltalk_howareyou": "Très bien, merci ! Que voulez-vous savoir sur le programme EIG ?",
    "smalltalk_bye": "Au revoir, et bonne chance pour votre candidature !",
    "smalltalk_agree": "D'accord ! Posez-moi votre question, ou tapez /aide.",
}

EN: dict[str, str] = {
    "did_you_mean": "I'm not sure I understood. Did you mean:",
    "none_of_these": "None of these",
    "dont_know": (
        "I don't have the answer to that: I only know what the 2022 call for "
        "applications of Entrepreneurs d'intérêt général says. Your question is passed "
        "on to the team to improve my answers. Here are the topics I know:"
    ),
    "empty": (
        "I didn't get a question. Try for instance “What is the salary?” or “What is the "
        "deadline?”, or pick a topic:"
    ),
    "deadline_passed": "⚠️ This date has passed: “{title}” was on {date}.",
    "asked_after": "👉 On {asked} it will be too late: “{title}” is on {date}.",
    "asked_before": "👉 On {asked} it is still possible: “{title}” is on {date}.",
    "not_covered_too": (
        "As for “{words}”, the call for applications says nothing about it, so I cannot answer that part."
    ),
    "smalltalk_greeting": (
        "Hello! I'm the Entrepreneurs d'intérêt général assistant. Ask me "
        "about the 2022 call for applications (profiles, pay, calendar, "
        "selection…) or type /help."
    ),
    "smalltalk_thanks": "You're welcome! Ask me anything else about the programme.",
    "smalltalk_howareyou": "Very well, thank you! What would you like to know about EIG?",
    "smalltalk_bye": "Goodbye, and good luck with your application!",
    "smalltalk_agree": "All right! Ask me your question, or type /help.",
}

MESSAGES = {"fr": FR, "en": EN}


def localised(tables: dict[str, dict[str, str]], lang: str, key: str, **values: object) -> str:
    """The sentence `key` of `tables` in `lang` (French if missing), {placeholders} filled."""
    template = tables.get(lang, tables["fr"]).get(key) or tables["fr"][key]
    return template.format(**values) if values else template


def speaker(tables: dict[str, dict[str, str]]) -> Callable[..., str]:
    """`say(lang, key, **values)`: the sentences of `tables` (a catalogue of fr and en) in a language."""

    def say(lang: str, key: str, /, **values: object) -> str:
        return localised(tables, lang, key, **values)

    return say


def message(lang: str, key: str, **values: object) -> str:
    """A sentence of the knowledge layer (fallbacks, did-you-mean, smalltalk, date notes)."""
    return localised(MESSAGES, lang, key, **values)
