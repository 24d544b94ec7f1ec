"""What bot/settings.py says of a setting it cannot use, French first, English second: a
SettingsError keeps a key and values (a Said), put in the run's language where printed."""

from __future__ import annotations

from knowledge.said import sayer

SETTINGS_FR: dict[str, str] = {
    "bad_token": (
        "TELEGRAM_TOKEN : ce n'est pas un jeton de bot ; copiez-le de nouveau depuis "
        "@BotFather (il ressemble à 123456789:AAE...)"
    ),
    "bad_admin_id": (
        "ADMIN_IDS : {item!r} n'est pas un identifiant d'utilisateur Telegram ; écrivez des "
        "nombres séparés par des virgules"
    ),
    "both_databases": (
        "DATABASE_URL et DATABASE_PATH sont définis tous les deux : gardez DATABASE_URL pour "
        "PostgreSQL, ou DATABASE_PATH pour un fichier SQLite, et retirez l'autre"
    ),
    "bad_database_url": (
        "DATABASE_URL : ce n'est pas une adresse PostgreSQL ({problem}) ; écrivez-la comme {example}"
    ),
    "bad_base_url": (
        "{name} : {value!r} n'est pas une adresse http:// ou https:// ; écrivez-la comme http://127.0.0.1:8081"
    ),
    "bad_knowledge_dir": (
        "KNOWLEDGE_DIR : {value!r} n'est pas un dossier existant ; indiquez le dossier qui contient "
        "categories.yaml, ou retirez la variable"
    ),
    "bad_webhook_url": (
        "WEBHOOK_URL : {value!r} n'est pas une adresse web commençant par https:// (ou http://) ; "
        "écrivez-la comme https://bot.example.org/telegram"
    ),
    "bad_port": "PORT : {value!r} n'est pas un numéro de port ; écrivez un nombre de 1 à 65535, p. ex. 8443",
    "bad_webhook_secret": (
        "WEBHOOK_SECRET : utilisez de 1 à 256 caractères parmi A-Z, a-z, 0-9, '_' et '-' "
        "(ni espace ni autre signe)"
    ),
    "bad_count": (
        "{name} : {value!r} n'est pas un nombre de {unit} ; écrivez un nombre entier de 1 à "
        "{maximum}, p. ex. {example}"
    ),
    "unit_seconds": "secondes",
    "unit_connections": "connexions",
    "unit_days": "jours",
    "unit_messages_a_second": "messages par seconde",
    "bad_clock": (
        "{name} : {value!r} n'est pas une date et heure ; écrivez-la comme 2022-04-18T09:00 "
        "(heure de Paris) ou 2022-04-18T09:00+02:00"
    ),
    "bad_log_level": "LOG_LEVEL : {value!r} n'est pas un niveau de journal ; écrivez l'un de {levels}",
}

SETTINGS_EN: dict[str, str] = {
    "bad_token": (
        "TELEGRAM_TOKEN: this is not a bot token; copy it again from @BotFather "
        "(it looks like 123456789:AAE...)"
    ),
    "bad_admin_id": "ADMIN_IDS: {item!r} is not a Telegram user id; write numbers separated by commas",
    "both_databases": (
        "DATABASE_URL and DATABASE_PATH are both set: keep DATABASE_URL for PostgreSQL, "
        "or DATABASE_PATH for an SQLite file, and unset the other"
    ),
    "bad_database_url": "DATABASE_URL: this is not a PostgreSQL address ({problem}); write it like {example}",
    "bad_base_url": (
        "{name}: {value!r} is not an http:// or https:// address; write it like http://127.0.0.1:8081"
    ),
    "bad_knowledge_dir": (
        "KNOWLEDGE_DIR: {value!r} is not an existing folder; point it at the folder holding "
        "categories.yaml, or unset it"
    ),
    "bad_webhook_url": (
        "WEBHOOK_URL: {value!r} is not a web address starting with https:// (or http://); "
        "write it like https://bot.example.org/telegram"
    ),
    "bad_port": "PORT: {value!r} is not a port number; write a number from 1 to 65535, e.g. 8443",
    "bad_webhook_secret": (
        "WEBHOOK_SECRET: use 1 to 256 characters among A-Z, a-z, 0-9, '_' and '-' (no spaces or other signs)"
    ),
    "bad_count": (
        "{name}: {value!r} is not a number of {unit}; write a whole number from 1 to {maximum}, "
        "e.g. {example}"
    ),
    "unit_seconds": "seconds",
    "unit_connections": "connections",
    "unit_days": "days",
    "unit_messages_a_second": "messages a second",
    "bad_clock": (
        "{name}: {value!r} is not a date-time; write it like 2022-04-18T09:00 (Paris time) "
        "or 2022-04-18T09:00+02:00"
    ),
    "bad_log_level": "LOG_LEVEL: {value!r} is not a log level; write one of {levels}",
}

SETTINGS_TEXTS = {"fr": SETTINGS_FR, "en": SETTINGS_EN}


say = sayer(SETTINGS_TEXTS)  # say("key", **values): a sentence of the settings catalogue
