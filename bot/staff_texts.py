"""The staff's sentences (registrations, unanswered questions, statistics, /apprendre,
/reload, reminders), French then English; bot/texts.py serves them with the others."""

from __future__ import annotations

STAFF_FR: dict[str, str] = {
    "registration_counts": "Inscriptions par webinaire :",
    "export_ready": "Export des inscriptions : {n} ligne(s).",
    "export_unknown_webinar": "Webinaire inconnu : « {id} ». Webinaires du calendrier : {known}.",
    "unanswered_none": "Aucune question sans réponse pour l'instant.",
    "unanswered_report": "Questions sans réponse : {n} ({groups} sujets), les plus fréquentes :",
    "usage_stats": (
        "Statistiques :\n• personnes inscrites à quelque chose : {users}\n• questions : {questions}"
        "\n• répondues : {answered}, « vouliez-vous dire » : {suggested}, déclinées : {declined}"
        "\n• avis par réponse :\n{votes}\n• inscriptions aux webinaires : {registrations}"
        "\n• abonnements aux rappels : {subscribers}\n• propositions (/apprendre) : {waiting} en attente ;"
        " cette semaine, {accepted} acceptées, {oos} hors sujet, {ignored} ignorées"
    ),
    "learn_none": "Aucune proposition en attente : la connaissance est à jour.",
    "learn_card": "📚 Proposition ({waiting} en attente), {askers} fois, {signal} :\n« {text} »{proposed}",
    "learn_proposed": "\nEntrée proposée : « {title} » (score {score})",
    "learn_signal_unanswered": "restée sans réponse sûre",
    "learn_signal_chosen": "la personne a choisi l'entrée dans « vouliez-vous dire »",
    "learn_signal_not_helpful": "réponse jugée « pas utile »",
    "learn_add": "➕ formulation de « {title} »",
    "learn_other": "une autre entrée…",
    "learn_oos": "🚫 hors sujet",
    "learn_skip": "ignorer",
    "learn_pick": "À quelle entrée « {text} » appartient-elle ?",
    "learn_accepted": "✅ Appris, pour tout le monde : « {text} » → « {title} ».",
    "learn_done": "Noté : « {text} » — {decision}.",
    "learn_oos_words": (
        "🚫 Noté : les questions à venir sur {words} sont déclinées, pour tout le monde (« {text} »)."
    ),
    "learn_oos_word": "«{text}»",
    "learn_oos_none": (
        "🚫 Noté : « {text} » — hors sujet. Aucun mot n'en est appris (la connaissance les connaît "
        "tous, ou ils sont trop courants) : la décision est seulement enregistrée."
    ),
    "learn_taken": "Un autre membre de l'équipe a déjà traité cette proposition.",
    "learn_conflict": "Pas accepté, cela créerait un conflit : {problem}.",
    "reloaded": "Connaissances rechargées : {entries} entrées, {events} événements. Aucune erreur.",
    "reload_refused": "Modification refusée ({n} problème(s)) : je garde la version précédente.\n{problems}",
    "reload_unavailable": "Le rechargement n'est pas disponible ici.",
    "edit_refused": (
        "Modification des connaissances refusée : {n} problème(s). Le bot continue de répondre avec "
        "la version précédente. Corrigez les fichiers et enregistrez à nouveau (la modification "
        "s'applique alors d'elle-même), ou envoyez /reload.\n\n{problems}"
    ),
    "edit_refused_more": "… et {n} autre(s) : lancez python -m knowledge check",
    "reminder_stats": (
        "Rappels — abonnés par date limite :\n{subscribers}\n\nPar envoi (envoyés / en attente / échecs "
        "/ bloqués) :\n{slots}"
    ),
}

STAFF_EN: dict[str, str] = {
    "registration_counts": "Registrations per webinar:",
    "export_ready": "Registrations export: {n} row(s).",
    "export_unknown_webinar": "Unknown webinar: “{id}”. Webinars of the calendar: {known}.",
    "unanswered_none": "No unanswered question so far.",
    "unanswered_report": "Unanswered questions: {n} ({groups} topics), the most frequent:",
    "usage_stats": (
        "Statistics:\n• people signed up for something: {users}\n• questions: {questions}"
        "\n• answered: {answered}, “did you mean”: {suggested}, declined: {declined}"
        "\n• votes per answer:\n{votes}\n• webinar registrations: {registrations}"
        "\n• reminder subscriptions: {subscribers}\n• proposals (/learn): {waiting} waiting;"
        " this week, {accepted} accepted, {oos} out of scope, {ignored} ignored"
    ),
    "learn_none": "No proposal waiting: the knowledge is up to date.",
    "learn_card": "📚 Proposal ({waiting} waiting), asked {askers} time(s), {signal}:\n“{text}”{proposed}",
    "learn_proposed": "\nProposed entry: “{title}” (score {score})",
    "learn_signal_unanswered": "left without a sure answer",
    "learn_signal_chosen": "the person chose the entry under “did you mean”",
    "learn_signal_not_helpful": "answer voted “not helpful”",
    "learn_add": "➕ phrasing of “{title}”",
    "learn_other": "another entry…",
    "learn_oos": "🚫 out of scope",
    "learn_skip": "ignore",
    "learn_pick": "Which entry does “{text}” belong to?",
    "learn_accepted": "✅ Learned, for everyone: “{text}” → “{title}”.",
    "learn_done": "Noted: “{text}” — {decision}.",
    "learn_oos_words": "🚫 Noted: future questions about {words} are declined, for everyone (“{text}”).",
    "learn_oos_word": "“{text}”",
    "learn_oos_none": (
        "🚫 Noted: “{text}” — out of scope. No word of it is learned (the knowledge knows them all, "
        "or they are too common): the decision is only recorded."
    ),
    "learn_taken": "Another staff member has already dealt with this proposal.",
    "learn_conflict": "Not accepted, it would bring a conflict: {problem}.",
    "reloaded": "Knowledge reloaded: {entries} entries, {events} events. No errors.",
    "reload_refused": "Edit refused ({n} problem(s)): I keep the previous version.\n{problems}",
    "reload_unavailable": "Reloading is not available here.",
    "edit_refused": (
        "Knowledge edit refused: {n} problem(s). The bot keeps answering with the previous version. "
        "Fix the files and save again (the edit then goes live by itself), or send /reload.\n\n{problems}"
    ),
    "edit_refused_more": "… and {n} more: run python -m knowledge check",
    "reminder_stats": (
        "Reminders — subscribers per deadline:\n{subscribers}\n\nPer slot (sent / pending / failed / "
        "blocked):\n{slots}"
    ),
}
