"""What `python -m knowledge` says (help, results, refusals), and the comments of `eig-bot learned
export`, French first, English second; the problems the check lists are knowledge/check_texts.py's."""

from __future__ import annotations

from .messages import speaker

CLI_FR: dict[str, str] = {
    "description": "Vérifier les fichiers de connaissances, ou essayer une question.",
    "commands": "commandes",
    "help_lang": "langue de ce que l'outil écrit : fr (par défaut) ou en",
    "help_verbose": "écrire aussi les lignes de journal (ou LOG_LEVEL=INFO)",
    "help_check": "vérifier chaque fichier YAML du dossier de connaissances",
    "help_directory": "dossier de connaissances (par défaut : celui du projet)",
    "help_dir_check": "dossier de connaissances, comme ask --dir",
    "help_generalisation": (
        "poser aussi chaque formulation sans elle-même, et dire par entrée combien retrouvent "
        "leur entrée (une entrée qui en retrouve peu manque de façons d'être demandée)"
    ),
    "help_min": "avec --generalisation : sortir avec 1 si moins de SHARE (0-1) retrouvent leur entrée",
    "help_ask": "montrer ce que le bot répondrait",
    "help_question": "la question ; sans elle, une par ligne sur l'entrée standard",
    "help_json": "un objet JSON par question",
    "help_now": "répondre comme à cette date-heure ISO (heure de Paris)",
    "help_dir": "dossier de connaissances",
    "help_explain": (
        "montrer aussi les mots qui ont compté, les scores des candidates et pourquoi le bot "
        "a répondu, proposé ou décliné"
    ),
    "problems_found": "{n} problème(s) trouvé(s).",
    "check_ok": "OK : {entries} entrées, {categories} catégories, {events} événements.",
    "bad_now": "--now : impossible de lire {value!r} comme une date-heure ; écrivez p. ex. 2022-04-12T09:00",
    "gen_title": "\nGénéralisation : chaque formulation posée sans elle-même dans l'index.",
    "gen_header": "{entry:28} {phrasings:>9} {found:>6} {offered:>8} {share:>6}",
    "col_entry": "entrée",
    "col_phrasings": "formul.",
    "col_found": "trouv.",
    "col_offered": "proposé",
    "col_share": "part",
    "gen_astray": (
        "\nOù vont plutôt les formulations des entrées les plus faibles (ajoutez-y des formulations "
        "ou des mots-clés) :"
    ),
    "entry": "entrée",
    "score": "score",
    "runners_up": "Suivantes : ",
    "read_as": "Lu comme ({view}) :",
    "weight": "poids",
    "unknown_words": "Mots que la connaissance n'emploie jamais (ils pèsent contre chaque entrée) :",
    "candidates": "Candidates :",
    "coverage": "couverture",
    "closest": "formulation la plus proche :",
    "decision": "Décision : {decision} — {reason}",
    "learned_no_entry": "(entrée introuvable)",
    "learned_out_of_scope": (
        "# lexicon.yaml, out_of_scope: les mots des questions jugées hors sujet par l'équipe "
        "(« learned » : celles qui ne nomment aucun sujet), à ajouter à leur sujet"
    ),
    "learned_no_word": (
        "# jugées hors sujet, sans mot à apprendre (la connaissance les connaît tous, ou ils sont "
        "trop courants) :"
    ),
    "gen_overall": (
        "\nEn tout : {home}/{asked} formulations retrouvent leur entrée ({home_share:.1%}), "
        "{found_share:.1%} trouvées ou proposées."
    ),
}

CLI_EN: dict[str, str] = {
    "description": "Check the knowledge files, or try a question.",
    "commands": "commands",
    "help_lang": "language of what the tool writes: fr (the default) or en",
    "help_verbose": "also write the log lines (or LOG_LEVEL=INFO)",
    "help_check": "validate every YAML file of the knowledge folder",
    "help_directory": "knowledge folder (default: the shipped one)",
    "help_dir_check": "knowledge folder, like ask --dir",
    "help_generalisation": (
        "also ask every phrasing with itself left out, and say per entry how many "
        "still find their entry (entries with few are missing ways of being asked)"
    ),
    "help_min": "with --generalisation: exit 1 if fewer than SHARE (0-1) find their entry",
    "help_ask": "show what the bot would answer",
    "help_question": "the question; without it, one per line on stdin",
    "help_json": "one JSON object per question",
    "help_now": "answer as if it were this ISO date-time (Paris time)",
    "help_dir": "knowledge folder",
    "help_explain": (
        "also show which words counted, the candidates' scores and why the bot answered, offered or declined"
    ),
    "problems_found": "{n} problem(s) found.",
    "check_ok": "OK: {entries} entries, {categories} categories, {events} events.",
    "bad_now": "--now: cannot read {value!r} as a date-time; write e.g. 2022-04-12T09:00",
    "gen_title": "\nGeneralisation: each phrasing asked with itself left out of the index.",
    "gen_header": "{entry:28} {phrasings:>9} {found:>6} {offered:>8} {share:>6}",
    "col_entry": "entry",
    "col_phrasings": "phrasings",
    "col_found": "found",
    "col_offered": "offered",
    "col_share": "share",
    "gen_astray": "\nWhere the weakest entries' phrasings go instead (add phrasings or keywords there):",
    "entry": "entry",
    "score": "score",
    "runners_up": "Runners-up: ",
    "read_as": "Read as ({view}):",
    "weight": "weight",
    "unknown_words": "Words the knowledge never uses (they weigh against every entry):",
    "candidates": "Candidates:",
    "coverage": "coverage",
    "closest": "closest phrasing:",
    "decision": "Decision: {decision} — {reason}",
    "learned_no_entry": "(entry not found)",
    "learned_out_of_scope": (
        "# lexicon.yaml, out_of_scope: the words of the questions staff judged out of scope "
        "('learned': those naming no topic), to add to their topic"
    ),
    "learned_no_word": (
        "# judged out of scope, with no word to learn (the knowledge knows them all, or they are too common):"
    ),
    "gen_overall": (
        "\nOverall: {home}/{asked} phrasings find their entry ({home_share:.1%}), "
        "{found_share:.1%} found or offered."
    ),
}

CLI_TEXTS = {"fr": CLI_FR, "en": CLI_EN}
cli_text = speaker(CLI_TEXTS)  # cli_text(lang, key, **values)
