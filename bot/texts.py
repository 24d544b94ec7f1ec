"""The conversation's own sentences (welcome, help, errors), French first, English second."""

from __future__ import annotations

from knowledge.messages import localised

from .staff_texts import STAFF_EN, STAFF_FR

FR: dict[str, str] = {
    "welcome": (
        "Bonjour{name} ! Je suis l'assistant des Entrepreneurs d'intérêt général (EIG), "
        "le programme d'Etalab à la DINUM.\n\n"
        "Je réponds à vos questions sur l'appel à candidatures 2022 : profils recherchés, "
        "rémunération, calendrier, sélection, projets, accompagnement. Écrivez votre "
        "question comme elle vient, en français ou en anglais, ou choisissez un sujet :"
    ),
    "help": (
        "Voici ce que je sais faire :\n"
        "• répondre à vos questions sur l'appel à candidatures 2022 : écrivez-la simplement ;\n"
        "{commands}\n\n"
        "Je ne réponds qu'avec ce que dit l'appel à candidatures ; pour le reste, "
        "consultez le site des Entrepreneurs d'intérêt général."
    ),
    "faq_categories": "Choisissez un sujet :",
    "faq_entries": "{category} — choisissez une question :",
    "not_text": (
        "Je ne comprends que les messages écrits. Posez-moi votre question par écrit, "
        "ou tapez /aide pour voir ce que je sais faire."
    ),
    "unknown_command": "Je ne connais pas la commande /{command}.",
    "stale_button": "Ce bouton n'est plus valable. Voici les sujets que je connais :",
    "too_long": "Votre message est très long : je n'en ai lu que le début.",
    "back_to_menu": "↩ Sujets",
    "console_no_button": "Il n'y a pas de bouton {n} : choisissez {choices}.",
    "console_no_buttons": "Il n'y a pas de bouton {n} : la dernière réponse n'a aucun bouton à choisir.",
    "error": "Désolé, un incident m'a empêché de répondre. Réessayez dans un instant.",
    "flood": (
        "Vous m'écrivez plus vite que je ne peux répondre : je réponds à vos premiers "
        "messages, renvoyez les suivants dans un instant."
    ),
    "staff_only": "Cette commande est réservée à l'équipe du programme.",
    "private_only": "Je ne réponds qu'en conversation privée : écrivez-moi sur {link}",
    "webinars_intro": "Les webinaires de présentation de l'appel à candidatures :",
    "webinar_when": "{date}, de {start} à {end} (heure de Paris)",
    "places_left": " — places restantes : {n}",
    "full": " — complet",
    "you_are_registered": "✅ Vous êtes inscrit(e).",
    "no_webinars": "Il n'y a plus de webinaire à venir.",
    "button_register": "✅ M'inscrire — {day}",
    "button_cancel": "❌ Annuler mon inscription — {day}",
    "registered": "C'est noté : vous êtes inscrit(e) au « {title} », le {when}.",
    "already_registered": (
        "Vous étiez déjà inscrit(e) au « {title} », le {when} : votre inscription est bien enregistrée, "
        "une seule fois."
    ),
    "join_link": "Lien de connexion : {url}",
    "ics_hint": "Le fichier joint (.ics) ajoute le webinaire à votre agenda, avec un rappel.",
    "webinar_full": "Désolé, le webinaire du {date} est complet.",
    "other_webinar_has_room": "Il reste de la place à l'autre webinaire :",
    "cancelled": "Votre inscription au webinaire du {date} est annulée : la place est libérée.",
    "was_not_registered": "Vous n'étiez pas inscrit(e) au webinaire du {date} : rien à annuler.",
    "webinar_started": (
        "Le webinaire du {date} a déjà commencé : les inscriptions et les annulations sont closes."
    ),
    "unknown_webinar": "Ce webinaire n'existe pas ou plus.",
    "webinar_removed": "{id} (ce webinaire n'est plus au calendrier)",
    "cancelled_removed": "Votre inscription « {id} » est annulée.",
    "my_registrations": "Vos inscriptions :",
    "no_registrations": "Vous n'êtes inscrit(e) à aucun webinaire. Tapez /webinaires pour vous inscrire.",
    "mydata": (
        "Voici tout ce que je garde sur vous :\n• identifiant Telegram : {id}\n• prénom : {first_name}\n"
        "• nom d'utilisateur : {username}\n• langue de Telegram : {language}\n"
        "• langue de mes réponses : {reply_language}\n• inscriptions : {registrations}\n"
        "• rappels des dates limites : {subscriptions}\n• rappels avant les webinaires : "
        "{webinar_reminders}\n"
        "• rappels déjà reçus : {delivered}\n• avis donnés sur mes réponses : {votes}\n\n"
        "Tapez /oublier pour tout effacer."
    ),
    "mydata_none": "Je ne garde aucune donnée sur vous.",
    "nothing": "aucune",
    "yes": "oui",
    "no": "non",
    "button_forget": "🗑 Effacer mes données",
    "forget_confirm": (
        "Voulez-vous vraiment que j'efface toutes vos données, inscriptions comprises ? C'est définitif."
    ),
    "forget_yes": "Oui, tout effacer",
    "forget_no": "Non, garder",
    "forgotten": "C'est fait : j'ai effacé toutes vos données.",
    "forget_kept": "D'accord, je ne touche à rien.",
    "vote_helpful": "👍 Utile",
    "vote_not_helpful": "👎 Pas utile",
    "vote_thanks": "Merci pour votre avis !",
    "reminders_intro": (
        "Je peux vous envoyer un rappel avant chaque date limite ({schedule}, heure de Paris) :"
    ),
    "rule_days": "{n} jours avant à {time}",
    "rule_eve": "la veille à {time}",
    "rule_same_day": "le jour même à {time}",
    "rule_hours": "{n} h avant",
    "no_deadlines": (
        "Toutes les dates limites de l'appel 2022 sont passées : il n'y a plus de rappel à programmer."
    ),
    "deadline_line": "{mark} {title} : {date}",
    "button_subscribe": "🔔 Me rappeler : {title}",
    "button_unsubscribe": "🔕 Ne plus me rappeler : {title}",
    "webinar_reminders_on": "Rappels avant vos webinaires : activés.",
    "webinar_reminders_off": "Rappels avant vos webinaires : désactivés.",
    "button_webinar_reminders_on": "🔔 Rappels avant mes webinaires",
    "button_webinar_reminders_off": "🔕 Pas de rappel avant mes webinaires",
    "next_reminder": "Prochain rappel : {when} ({title}).",
    "subscribed": "C'est noté : je vous rappellerai « {title} » ({date}).",
    "unsubscribed": "C'est noté : plus de rappel pour « {title} ».",
    "unknown_deadline": "Cette date limite n'existe pas ou plus.",
    "deadline_over": "Cette date limite est passée ({date}) : il n'y a plus de rappel à envoyer.",
    "reminders_stopped": (
        "C'est fait : vous ne recevrez plus aucun rappel. Tapez /rappels pour les réactiver."
    ),
    "button_stop_reminders": "🔕 Arrêter les rappels",
    "today": "c'est aujourd'hui",
    "tomorrow": "c'est demain",
    "in_days": "c'est dans {n} jours",
    "in_hours": "c'est dans {n} h",
    "deadline_reminder": "⏰ Rappel : « {title} », le {date} — {soon}.",
    "webinar_reminder": "⏰ Rappel : vous êtes inscrit(e) au « {title} », le {when} — {soon}.",
    "ics_filename": "webinaire-eig-{date}.ics",
    "language_name_fr": "français",
    "language_name_en": "anglais",
    "language_follows": "Je vous réponds dans la langue de vos messages (en ce moment, en {language}).",
    "language_is_fixed": "Je vous réponds toujours en {language}, quelle que soit la langue de vos messages.",
    "language_choose": "Choisissez la langue de mes réponses (et de vos rappels) :",
    "button_language_auto": "🔄 Celle de mes messages",
    "language_set": (
        "C'est noté : je vous répondrai en {language}, rappels compris. Tapez /langue pour changer."
    ),
    "language_set_auto": "C'est noté : je vous répondrai dans la langue de vos messages.",
    "language_fixed_note": " (choisie avec /langue)",
    # La console (bot/console.py).
    "console_intro": (
        "Assistant EIG — console. Posez une question, tapez /start, /aide, ou le numéro d'un "
        "bouton ; /quit pour sortir."
    ),
    "console_calendar_past": (
        "Toutes les dates du calendrier 2022 sont passées : pour le répéter, lancez {command}"
    ),
}

EN: dict[str, str] = {
    "welcome": (
        "Hello{name}! I'm the assistant of Entrepreneurs d'intérêt général (EIG), "
        "Etalab's programme at DINUM.\n\n"
        "I answer your questions on the 2022 call for applications: profiles, pay, "
        "calendar, selection, projects, support. Type your question in your own words, "
        "in English or French, or pick a topic:"
    ),
    "help": (
        "Here is what I can do:\n"
        "• answer your questions on the 2022 call for applications: just type it;\n"
        "{commands}\n\n"
        "I only answer with what the call for applications says; for anything else, "
        "see the Entrepreneurs d'intérêt général website."
    ),
    "faq_categories": "Pick a topic:",
    "faq_entries": "{category} — pick a question:",
    "not_text": ("I only understand written messages. Type your question, or /help to see what I can do."),
    "unknown_command": "I don't know the command /{command}.",
    "stale_button": "This button is no longer valid. Here are the topics I know:",
    "too_long": "Your message is very long: I only read its beginning.",
    "back_to_menu": "↩ Topics",
    "console_no_button": "No button {n}: choose {choices}.",
    "console_no_buttons": "No button {n}: the last reply has no buttons to choose.",
    "error": "Sorry, something went wrong on my side. Please try again in a moment.",
    "flood": (
        "You are writing faster than I can answer: I am answering your first messages, "
        "please send the others again in a moment."
    ),
    "staff_only": "This command is for the programme team only.",
    "private_only": "I only answer in private chats: write to me at {link}",
    "webinars_intro": "The information webinars about the call for applications:",
    "webinar_when": "{date}, {start}–{end} (Paris time)",
    "places_left": " — places left: {n}",
    "full": " — full",
    "you_are_registered": "✅ You are registered.",
    "no_webinars": "There is no webinar to come any more.",
    "button_register": "✅ Register — {day}",
    "button_cancel": "❌ Cancel my registration — {day}",
    "registered": "Done: you are registered for “{title}”, {when}.",
    "already_registered": (
        "You were already registered for “{title}”, {when}: your registration is recorded, once."
    ),
    "join_link": "Link to join: {url}",
    "ics_hint": "The attached file (.ics) adds the webinar to your calendar, with a reminder.",
    "webinar_full": "Sorry, the webinar of {date} is full.",
    "other_webinar_has_room": "The other webinar still has room:",
    "cancelled": "Your registration for the webinar of {date} is cancelled: the place is free again.",
    "was_not_registered": "You were not registered for the webinar of {date}: nothing to cancel.",
    "webinar_started": (
        "The webinar of {date} has already started: registrations and cancellations are closed."
    ),
    "unknown_webinar": "This webinar does not exist, or no longer.",
    "webinar_removed": "{id} (this webinar is no longer in the calendar)",
    "cancelled_removed": "Your registration “{id}” is cancelled.",
    "my_registrations": "Your registrations:",
    "no_registrations": "You are not registered for any webinar. Type /webinars to register.",
    "mydata": (
        "Here is everything I keep about you:\n• Telegram id: {id}\n• first name: {first_name}\n"
        "• username: {username}\n• Telegram language: {language}\n"
        "• language of my answers: {reply_language}\n• registrations: {registrations}\n"
        "• deadline reminders: {subscriptions}\n• reminders before webinars: {webinar_reminders}\n"
        "• reminders received: {delivered}\n• votes on my answers: {votes}\n\n"
        "Type /forget to erase it all."
    ),
    "mydata_none": "I keep no data about you.",
    "nothing": "none",
    "yes": "yes",
    "no": "no",
    "button_forget": "🗑 Erase my data",
    "forget_confirm": (
        "Do you really want me to erase all your data, registrations included? This cannot be undone."
    ),
    "forget_yes": "Yes, erase everything",
    "forget_no": "No, keep it",
    "forgotten": "Done: I erased all your data.",
    "forget_kept": "All right, I changed nothing.",
    "vote_helpful": "👍 Helpful",
    "vote_not_helpful": "👎 Not helpful",
    "vote_thanks": "Thank you for your feedback!",
    "reminders_intro": "I can remind you before each deadline ({schedule}, Paris time):",
    "rule_days": "{n} days before at {time}",
    "rule_eve": "the day before at {time}",
    "rule_same_day": "on the day at {time}",
    "rule_hours": "{n} h before",
    "no_deadlines": "All the deadlines of the 2022 call have passed: there is no reminder left to set.",
    "deadline_line": "{mark} {title}: {date}",
    "button_subscribe": "🔔 Remind me: {title}",
    "button_unsubscribe": "🔕 Stop reminding me: {title}",
    "webinar_reminders_on": "Reminders before your webinars: on.",
    "webinar_reminders_off": "Reminders before your webinars: off.",
    "button_webinar_reminders_on": "🔔 Remind me before my webinars",
    "button_webinar_reminders_off": "🔕 No reminder before my webinars",
    "next_reminder": "Next reminder: {when} ({title}).",
    "subscribed": "Done: I will remind you of “{title}” ({date}).",
    "unsubscribed": "Done: no more reminders for “{title}”.",
    "unknown_deadline": "This deadline does not exist, or no longer.",
    "deadline_over": "This deadline has passed ({date}): there is no reminder left to send.",
    "reminders_stopped": "Done: you will get no more reminders. Type /reminders to turn them back on.",
    "button_stop_reminders": "🔕 Stop reminders",
    "today": "it is today",
    "tomorrow": "it is tomorrow",
    "in_days": "it is in {n} days",
    "in_hours": "it is in {n} h",
    "deadline_reminder": "⏰ Reminder: “{title}”, on {date} — {soon}.",
    "webinar_reminder": "⏰ Reminder: you are registered for “{title}”, {when} — {soon}.",
    "ics_filename": "eig-webinar-{date}.ics",
    "language_name_fr": "French",
    "language_name_en": "English",
    "language_follows": "I answer in the language of your messages (at the moment, in {language}).",
    "language_is_fixed": "I always answer in {language}, whatever the language of your messages.",
    "language_choose": "Choose the language of my answers (and of your reminders):",
    "button_language_auto": "🔄 The language of my messages",
    "language_set": "Done: I will answer in {language}, reminders included. Type /language to change it.",
    "language_set_auto": "Done: I will answer in the language of your messages.",
    "language_fixed_note": " (chosen with /language)",
    # The console (bot/console.py).
    "console_intro": (
        "EIG assistant — console. Ask a question, type /start, /help, or a button's number; /quit to leave."
    ),
    "console_calendar_past": "Every date of the 2022 calendar is past: to rehearse it, run {command}",
}

TEXTS = {"fr": FR | STAFF_FR, "en": EN | STAFF_EN}


def text(lang: str, key: str, **values: object) -> str:
    """A sentence of the conversation in `lang` (French when missing), {placeholders} filled."""
    return localised(TEXTS, lang, key, **values)
