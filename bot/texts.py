"""The conversation's own sentences (welcome, help, errors), French first, English second."""
from __future__ import annotations

from knowledge.messages import localised

FR: dict[str, str] = {
    "welcome": ("Bonjour{name} ! Je suis l'assistant des Entrepreneurs d'intérêt général (EIG), "
                "le programme d'Etalab à la DINUM.\n\n"
                "Je réponds à vos questions sur l'appel à candidatures 2022 : profils recherchés, "
                "rémunération, calendrier, sélection, projets, accompagnement. Écrivez votre "
                "question comme elle vient, en français ou en anglais, ou choisissez un sujet :"),
    "help": ("Voici ce que je sais faire :\n"
             "• répondre à vos questions sur l'appel à candidatures 2022 : écrivez-la simplement ;\n"
             "{commands}\n\n"
             "Je ne réponds qu'avec ce que dit l'appel à candidatures ; pour le reste, "
             "consultez le site des Entrepreneurs d'intérêt général."),
    "faq_categories": "Choisissez un sujet :",
    "faq_entries": "{category} — choisissez une question :",
    "not_text": ("Je ne comprends que les messages écrits. Posez-moi votre question par écrit, "
                 "ou tapez /aide pour voir ce que je sais faire."),
    "unknown_command": "Je ne connais pas la commande /{command}.",
    "stale_button": "Ce bouton n'est plus valable. Voici les sujets que je connais :",
    "too_long": "Votre message est très long : je n'en ai lu que le début.",
    "back_to_menu": "↩ Sujets",
    "error": "Désolé, un incident m'a empêché de répondre. Réessayez dans un instant.",
}

EN: dict[str, str] = {
    "welcome": ("Hello{name}! I'm the assistant of Entrepreneurs d'intérêt général (EIG), "
                "Etalab's programme at DINUM.\n\n"
                "I answer your questions on the 2022 call for applications: profiles, pay, "
                "calendar, selection, projects, support. Type your question in your own words, "
                "in English or French, or pick a topic:"),
    "help": ("Here is what I can do:\n"
             "• answer your questions on the 2022 call for applications: just type it;\n"
             "{commands}\n\n"
             "I only answer with what the call for applications says; for anything else, "
             "see the Entrepreneurs d'intérêt général website."),
    "faq_categories": "Pick a topic:",
    "faq_entries": "{category} — pick a question:",
    "not_text": ("I only understand written messages. Type your question, or /help to see "
                 "what I can do."),
    "unknown_command": "I don't know the command /{command}.",
    "stale_button": "This button is no longer valid. Here are the topics I know:",
    "too_long": "Your message is very long: I only read its beginning.",
    "back_to_menu": "↩ Topics",
    "error": "Sorry, something went wrong on my side. Please try again in a moment.",
}

TEXTS = {"fr": FR, "en": EN}


def text(lang: str, key: str, **values: object) -> str:
    """A sentence of the conversation in `lang` (French when missing), {placeholders} filled."""
    return localised(TEXTS, lang, key, **values)
