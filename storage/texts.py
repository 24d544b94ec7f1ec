"""What the store says when it refuses a database (storage/database.py, sqlite.py, postgres.py,
copy.py), French first, English second: a refusal keeps a key and values (a Said), put in
the run's language by the layer that prints it. The server's or the OS's own words are quoted."""

from __future__ import annotations

from knowledge.said import sayer

STORAGE_FR: dict[str, str] = {
    "unavailable": "impossible d'utiliser {path!r} : {reason}",
    "gone": "le fichier de la base {path!r} a été {what} pendant que le bot tournait",
    "gone_deleted": "supprimé",
    "gone_replaced": "remplacé par un autre fichier",
    "is_folder": "c'est un dossier ; nommez un fichier, p. ex. {example!r}",
    "folder_not_created": (
        "son dossier {folder!r} ne peut pas être créé ({error}) ; créez-le, ou nommez un autre endroit"
    ),
    "file_not_created": (
        "le fichier ne peut pas être créé dans {folder!r} ({error}) ; rendez ce dossier "
        "accessible en écriture à l'utilisateur du bot"
    ),
    "readonly_folder": (
        "son dossier {folder!r} n'est pas accessible en écriture à l'utilisateur du bot (SQLite "
        "écrit son journal à côté du fichier) ; rendez le dossier accessible en écriture"
    ),
    "readonly_file": (
        "le fichier est en lecture seule pour l'utilisateur du bot ; rendez-le modifiable (chmod u+w)"
    ),
    "not_sqlite": "ce n'est pas une base SQLite ; nommez la base du bot ou un nouveau fichier",
    "cannot_open": (
        "SQLite ne peut pas l'ouvrir : vérifiez que l'utilisateur du bot peut lire et écrire "
        "le fichier et son dossier"
    ),
    "sqlite_says": "SQLite dit : {error}",
    "schema_newer": "son schéma ({version}) est plus récent que ce bot ({supported}) : mettez le bot à jour",
    "url_unreadable": "son hôte ou son port est illisible",
    "url_scheme": "elle ne commence pas par postgresql:// (ou postgres://)",
    "url_no_host": "elle ne nomme aucun hôte",
    "url_port_zero": "son port est 0",
    "url_no_database": "elle ne nomme aucune base (la partie après le dernier /)",
    "pg_timeout": "le serveur n'a pas répondu en {seconds} s",
    "pg_unreachable": "impossible de joindre le serveur ({error})",
    "pg_login_refused": "le serveur a refusé la connexion ({error})",
    "pg_no_database": "{error} ; créez-la, ou nommez une autre base",
    "pg_says": "PostgreSQL dit : {error}",
    "pg_read_only": "le serveur n'accepte aucune écriture (une réplique en lecture seule ?)",
    "copy_not_a_file": "{source!r} n'est pas un fichier : nommez la base SQLite à copier",
    "copy_not_empty": "{url} n'est pas vide ({held}) : copiez seulement dans une base neuve et vide",
}

STORAGE_EN: dict[str, str] = {
    "unavailable": "cannot use {path!r}: {reason}",
    "gone": "the database file {path!r} was {what} while the bot was running",
    "gone_deleted": "deleted",
    "gone_replaced": "replaced by another file",
    "is_folder": "it is a folder; name a file, e.g. {example!r}",
    "folder_not_created": (
        "its folder {folder!r} cannot be created ({error}); create it, or name another place"
    ),
    "file_not_created": (
        "the file cannot be created in {folder!r} ({error}); make that folder writable by the bot's user"
    ),
    "readonly_folder": (
        "its folder {folder!r} is not writable by the bot's user (SQLite writes its journal next "
        "to the file); make the folder writable"
    ),
    "readonly_file": "the file is read-only for the bot's user; make it writable (chmod u+w)",
    "not_sqlite": "it is not an SQLite database; name the bot's database or a new file",
    "cannot_open": (
        "SQLite cannot open it: check that the bot's user can read and write the file and its folder"
    ),
    "sqlite_says": "SQLite says: {error}",
    "schema_newer": "its schema ({version}) is newer than this bot ({supported}): upgrade the bot",
    "url_unreadable": "its host or port cannot be read",
    "url_scheme": "it does not start with postgresql:// (or postgres://)",
    "url_no_host": "it names no host",
    "url_port_zero": "its port is 0",
    "url_no_database": "it names no database (the part after the last /)",
    "pg_timeout": "the server did not answer within {seconds} s",
    "pg_unreachable": "cannot reach the server ({error})",
    "pg_login_refused": "the server refused the login ({error})",
    "pg_no_database": "{error}; create it, or name another database",
    "pg_says": "PostgreSQL says: {error}",
    "pg_read_only": "the server takes no writes (a read-only replica?)",
    "copy_not_a_file": "{source!r} is not a file: name the SQLite database to copy",
    "copy_not_empty": "{url} is not empty ({held}): copy only into a new, empty database",
}

STORAGE_TEXTS = {"fr": STORAGE_FR, "en": STORAGE_EN}


say = sayer(STORAGE_TEXTS)  # say("key", **values): a sentence of the storage catalogue
