"""The database schema, as numbered steps: version N+1 is version N plus step N.

Two lists, one per database, each recorded in the database it built: SQLite's version in
PRAGMA user_version, PostgreSQL's in the one-row table schema_version. A database whose version
is above its list's length was written by a newer bot: the store refuses it.

SQLite's steps are the history of the file format since the first release (a file of any
version is brought forward). PostgreSQL came with SQLite's version 7: its step 1 is that
final schema at once, in PostgreSQL's own types (timestamptz for times, bigint for Telegram ids,
boolean for flags, identity columns); it has no older databases to bring forward. A change to
come is a new step in both lists, the same change written for each database.
"""

from __future__ import annotations


def _sign_ups(table: str, thing: str, at: str) -> str:
    """A person signed up for a thing (a webinar, a deadline's reminders) at a time."""
    return (
        f"CREATE TABLE {table} (user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
        f" {thing} text NOT NULL, {at} timestamptz NOT NULL, PRIMARY KEY (user_id, {thing}));"
    )


def _deliveries(table: str, id_type: str, time_type: str) -> str:
    """The delivery log: how sending one reminder slot to one person went ('sending' is a claim)."""
    return (
        f"CREATE TABLE {table} (user_id {id_type} NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
        " slot_key TEXT NOT NULL, status TEXT NOT NULL"
        " CHECK (status IN ('sending', 'sent', 'failed', 'blocked')),"
        f" at {time_type} NOT NULL, error TEXT, PRIMARY KEY (user_id, slot_key));"
    )


def _proposals(identity: str, real: str, time_type: str) -> str:
    """Proposals learned from real questions: no user id, the text scrubbed, one row per
    question (its folded form), the strongest signal kept, and staff's decision."""
    return (
        f"CREATE TABLE proposals (id {identity}, text TEXT NOT NULL, form TEXT NOT NULL UNIQUE,"
        f" lang TEXT NOT NULL, signal TEXT NOT NULL, entry TEXT, score {real},"
        " askers INTEGER NOT NULL DEFAULT 1, status TEXT NOT NULL DEFAULT 'pending', target TEXT,"
        f" last_seen {time_type} NOT NULL, decided_at {time_type});"
        " CREATE INDEX proposals_status ON proposals(status, askers);"
    )


def _reply_language(flag: str) -> str:
    """users.reply_language ('fr', 'en' or NULL) and users.language_fixed (set by /langue)."""
    return (
        "ALTER TABLE users ADD COLUMN reply_language TEXT;"
        f" ALTER TABLE users ADD COLUMN language_fixed {flag} NOT NULL DEFAULT FALSE;"
    )


# Each step moves the schema from version N to N+1; never edit a released step, add one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE unanswered (
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL,
        best_entry TEXT,
        score REAL,
        asked_at TEXT NOT NULL
    );
    CREATE INDEX unanswered_asked_at ON unanswered(asked_at);
    """,
    """
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        first_name TEXT NOT NULL DEFAULT '',
        username TEXT,
        language TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE registrations (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        webinar_id TEXT NOT NULL,
        registered_at TEXT NOT NULL,
        PRIMARY KEY (user_id, webinar_id)
    );
    CREATE INDEX registrations_webinar ON registrations(webinar_id);
    """,
    """
    ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE users ADD COLUMN webinar_reminders INTEGER NOT NULL DEFAULT 1;
    CREATE TABLE subscriptions (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        event_id TEXT NOT NULL,
        subscribed_at TEXT NOT NULL,
        PRIMARY KEY (user_id, event_id)
    );
    CREATE TABLE deliveries (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        slot_key TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('sent', 'failed', 'blocked')),
        at TEXT NOT NULL,
        error TEXT,
        PRIMARY KEY (user_id, slot_key)
    );
    CREATE INDEX deliveries_slot ON deliveries(slot_key, status);
    """,
    """
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        asked_at TEXT NOT NULL,
        outcome TEXT NOT NULL,
        entry TEXT
    );
    CREATE TABLE votes (
        id INTEGER PRIMARY KEY,
        entry TEXT NOT NULL,
        helpful INTEGER NOT NULL,
        voted_at TEXT NOT NULL
    );
    """,
    # One vote per person and answer, the last one wins: the voter's id, nothing else about
    # them. Votes cast before this step have no voter and are kept as they are.
    """
    ALTER TABLE votes ADD COLUMN voter INTEGER;
    CREATE UNIQUE INDEX votes_one_per_voter ON votes(voter, entry);
    """,
    # Updates received from Telegram and not yet handled: they survive a crash or a stop.
    """
    CREATE TABLE inbox (
        update_id INTEGER PRIMARY KEY,
        body TEXT NOT NULL,
        received_at TEXT NOT NULL
    );
    """,
    # A fan-out claims a delivery ('sending') before the send. SQLite cannot change a CHECK
    # constraint in place: the table is rebuilt, its rows kept.
    _deliveries("deliveries_new", "INTEGER", "TEXT")
    + """
    INSERT INTO deliveries_new (user_id, slot_key, status, at, error)
        SELECT user_id, slot_key, status, at, error FROM deliveries;
    DROP TABLE deliveries;
    ALTER TABLE deliveries_new RENAME TO deliveries;
    CREATE INDEX deliveries_slot ON deliveries(slot_key, status);
    """,
    # Proposals for the knowledge, learned from real questions (issue 14): no user id, the
    # text scrubbed, one row per question (its folded form), the strongest signal kept.
    _proposals("INTEGER PRIMARY KEY", "REAL", "TEXT"),
    # The language of the bot's replies to a person (issue 13): the one they signed up in, or
    # the one they fixed with /langue (language_fixed); their reminders go out in it.
    _reply_language("INTEGER"),
)
SCHEMA_VERSION = len(MIGRATIONS)


POSTGRES_MIGRATIONS: tuple[str, ...] = (
    # SQLite's schema 7.
    """
    CREATE TABLE users (
        id bigint PRIMARY KEY,
        first_name text NOT NULL DEFAULT '',
        username text,
        language text,
        created_at timestamptz NOT NULL,
        active boolean NOT NULL DEFAULT TRUE,
        webinar_reminders boolean NOT NULL DEFAULT TRUE
    );
    {registrations}
    CREATE INDEX registrations_webinar ON registrations(webinar_id);
    {subscriptions}
    CREATE INDEX subscriptions_event ON subscriptions(event_id);
    {deliveries}
    CREATE INDEX deliveries_slot ON deliveries(slot_key, status);
    CREATE TABLE unanswered (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        text text NOT NULL,
        best_entry text,
        score double precision,
        asked_at timestamptz NOT NULL
    );
    CREATE INDEX unanswered_asked_at ON unanswered(asked_at);
    CREATE TABLE questions (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        asked_at timestamptz NOT NULL,
        outcome text NOT NULL,
        entry text
    );
    CREATE TABLE votes (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        entry text NOT NULL,
        helpful boolean NOT NULL,
        voted_at timestamptz NOT NULL,
        voter bigint
    );
    CREATE UNIQUE INDEX votes_one_per_voter ON votes(voter, entry);
    CREATE TABLE inbox (
        update_id bigint PRIMARY KEY,
        body text NOT NULL,
        received_at timestamptz NOT NULL
    );
    """.format(
        registrations=_sign_ups("registrations", "webinar_id", "registered_at"),
        subscriptions=_sign_ups("subscriptions", "event_id", "subscribed_at"),
        deliveries=_deliveries("deliveries", "bigint", "timestamptz"),
    ),
    # SQLite's step 8: proposals learned from real questions.
    _proposals("bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "double precision", "timestamptz"),
    # SQLite's step 9: the language of the replies, and whether the person fixed it.
    _reply_language("boolean"),
)
POSTGRES_SCHEMA_VERSION = len(POSTGRES_MIGRATIONS)

# Every table and its columns (parents before children), as `eig-bot db copy` moves them.
TABLES: dict[str, tuple[str, ...]] = {
    "users": (
        "id",
        "first_name",
        "username",
        "language",
        "created_at",
        "active",
        "webinar_reminders",
        "reply_language",
        "language_fixed",
    ),
    "registrations": ("user_id", "webinar_id", "registered_at"),
    "subscriptions": ("user_id", "event_id", "subscribed_at"),
    "deliveries": ("user_id", "slot_key", "status", "at", "error"),
    "unanswered": ("id", "text", "best_entry", "score", "asked_at"),
    "questions": ("id", "asked_at", "outcome", "entry"),
    "votes": ("id", "entry", "helpful", "voted_at", "voter"),
    "inbox": ("update_id", "body", "received_at"),
    "proposals": (
        "id",
        "text",
        "form",
        "lang",
        "signal",
        "entry",
        "score",
        "askers",
        "status",
        "target",
        "last_seen",
        "decided_at",
    ),
}
TIME_COLUMNS = frozenset(
    {
        "created_at",
        "registered_at",
        "subscribed_at",
        "at",
        "asked_at",
        "voted_at",
        "received_at",
        "last_seen",
        "decided_at",
    }
)
FLAG_COLUMNS = frozenset({"active", "webinar_reminders", "helpful", "language_fixed"})
IDENTITY_TABLES = (
    "unanswered",
    "questions",
    "votes",
    "proposals",
)  # their id continues after the copied rows
