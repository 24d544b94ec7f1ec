"""What `eig-bot`'s command line and its staff tools say (help, results, refusals), French
first, English second; a run speaks one of them (`--lang en`, knowledge/cli_lang.py)."""

from __future__ import annotations

from knowledge.messages import speaker

SHELL_FR: dict[str, str] = {
    "description": (
        "Assistant EIG : le bot Telegram, une conversation dans le terminal, et les outils de l'équipe."
    ),
    "commands": "commandes",
    "sub_commands": "sous-commandes",
    "help_clock_start": (
        "faire comme si le bot démarrait à cet instant (heure de Paris sans fuseau) ; "
        "remplace BOT_CLOCK_START"
    ),
    "help_clock_start_run": "comme `run --clock-start`",
    "help_run": "lancer le bot Telegram (par défaut)",
    "help_lang_run": "langue de ce que le bot écrit dans le terminal : fr (par défaut) ou en",
    "help_lang_console": "votre langue dans la conversation : fr (par défaut) ou en",
    "help_console": "discuter avec le bot dans le terminal",
    "help_admin": "être membre de l'équipe ici : essayer les commandes réservées",
    "help_export": "CSV des inscrits aux webinaires",
    "help_webinar": "seulement ce webinaire (un id de calendar.yaml)",
    "help_output": "écrire dans ce fichier au lieu de la sortie standard",
    "help_unanswered": "CSV des questions auxquelles le bot n'a pas su répondre",
    "help_since": "seulement depuis cette date (ISO, heure de Paris)",
    "help_reminders": "outils des rappels",
    "help_plan": "les envois de rappels à venir et qui ils touchent",
    "help_now": "comme si on était à cet instant (heure de Paris)",
    "help_learned": "les formulations acceptées par l'équipe avec /apprendre",
    "help_learned_export": "les écrire en YAML prêt à coller",
    "help_apply": "les écrire dans les fichiers de connaissances, vérifier, vider la surcouche",
    "help_db": "outils de la base de données",
    "help_copy": "copier la base SQLite dans une base PostgreSQL vide",
    "help_to": "la base PostgreSQL vide",
    "help_from": "le fichier SQLite (par défaut : DATABASE_PATH)",
    "no_token": (
        "TELEGRAM_TOKEN n'est pas défini : demandez un jeton à @BotFather, ou discutez dans le "
        "terminal avec : eig-bot console"
    ),
    "token_refused": "Telegram a refusé TELEGRAM_TOKEN : copiez-le de nouveau depuis @BotFather",
    "no_bot_api": "impossible de joindre l'API Bot de Telegram : {error}",
    "port_refused": "PORT : impossible d'écouter sur le port {port} : {error}",
    "database_refused": "{variable} : {error}",
    "database_gone": "DATABASE_PATH : {gone} ; le bot s'est arrêté pour que l'hébergeur le relance",
    "choose_sub_command": "{prog} : choisissez une sous-commande\n\n{help}",
    "knowledge_problems": "{n} problème(s) dans {folder}",
    "unknown_webinar": "--webinar : webinaire inconnu {id!r} ; webinaires du calendrier : {known}",
    "bad_since": "--since : impossible de lire {value!r} ; écrivez p. ex. 2022-03-07",
    "bad_now": "--now : impossible de lire {value!r} ; écrivez p. ex. 2022-04-12T08:00",
    "plan_title": "Envois de rappels après le {when} : {n}",
    "plan_slot": "{due}  {slot:32s}  {reach:6d} destinataire(s)  ({when})",
    "copy_no_source": "db copy --from : nommez le fichier SQLite à copier (DATABASE_URL est défini)",
    "copy_not_postgres": "db copy --to : ce n'est pas une adresse PostgreSQL ({problem})",
    "copy_refused": "db copy : {error}",
    "copied": "{source!r} copié dans {target} : {rows}",
    "nothing_learned": "# rien d'appris pour l'instant",
    "not_written_conflicts": "Rien d'écrit, conflits :\n{problems}",
    "not_written_check": "Rien d'écrit, la vérification a échoué :\n{problems}",
    "written": (
        "# écrit dans {files} ; la vérification passe ; {n} formulation(s) et {m} question(s) "
        "hors sujet sorties de la surcouche"
    ),
}

SHELL_EN: dict[str, str] = {
    "description": "EIG assistant: the Telegram bot, a chat in the terminal, and the staff's tools.",
    "commands": "commands",
    "sub_commands": "sub-commands",
    "help_clock_start": (
        "pretend the bot starts at this instant (Paris time if naive); overrides BOT_CLOCK_START"
    ),
    "help_clock_start_run": "same as `run --clock-start`",
    "help_run": "run the Telegram bot (the default)",
    "help_lang_run": "language of what the bot writes in the terminal: fr (the default) or en",
    "help_lang_console": "your language in the chat: fr (the default) or en",
    "help_console": "chat with the bot in the terminal",
    "help_admin": "be staff here: try the staff commands",
    "help_export": "CSV of webinar registrants",
    "help_webinar": "only this webinar (an id of calendar.yaml)",
    "help_output": "write there instead of standard output",
    "help_unanswered": "CSV of the questions the bot could not answer",
    "help_since": "only from this date (ISO, Paris time)",
    "help_reminders": "reminder tools",
    "help_plan": "the reminder slots to come and who they reach",
    "help_now": "as if it were this instant (Paris time)",
    "help_learned": "the phrasings staff accepted with /apprendre",
    "help_learned_export": "print them as YAML ready to paste",
    "help_apply": "write them into the knowledge files, check, clear the overlay",
    "help_db": "database tools",
    "help_copy": "copy the SQLite database into an empty PostgreSQL one",
    "help_to": "the empty PostgreSQL database",
    "help_from": "the SQLite file (default: DATABASE_PATH)",
    "no_token": (
        "TELEGRAM_TOKEN is not set: get a token from @BotFather, or chat in the terminal with: "
        "eig-bot console"
    ),
    "token_refused": "TELEGRAM_TOKEN was refused by Telegram: copy it again from @BotFather",
    "no_bot_api": "cannot reach the Telegram Bot API: {error}",
    "port_refused": "PORT: cannot listen on port {port}: {error}",
    "database_refused": "{variable}: {error}",
    "database_gone": "DATABASE_PATH: {gone}; the bot stopped so that the host restarts it",
    "choose_sub_command": "{prog}: choose a sub-command\n\n{help}",
    "knowledge_problems": "{n} problem(s) in {folder}",
    "unknown_webinar": "--webinar: unknown webinar {id!r}; known: {known}",
    "bad_since": "--since: cannot read {value!r}; write e.g. 2022-03-07",
    "bad_now": "--now: cannot read {value!r}; write e.g. 2022-04-12T08:00",
    "plan_title": "Reminder slots after {when}: {n}",
    "plan_slot": "{due}  {slot:32s}  {reach:6d} recipient(s)  ({when})",
    "copy_no_source": "db copy --from: name the SQLite file to copy (DATABASE_URL is set)",
    "copy_not_postgres": "db copy --to: this is not a PostgreSQL address ({problem})",
    "copy_refused": "db copy: {error}",
    "copied": "copied {source!r} into {target}: {rows}",
    "nothing_learned": "# nothing learned yet",
    "not_written_conflicts": "Not written, conflicts:\n{problems}",
    "not_written_check": "Not written, the check failed:\n{problems}",
    "written": (
        "# written into {files}; the check passes; {n} phrasing(s) and {m} out-of-scope "
        "question(s) out of the overlay"
    ),
}

SHELL_TEXTS = {"fr": SHELL_FR, "en": SHELL_EN}
shell_text = speaker(SHELL_TEXTS)  # shell_text(lang, key, **values)
