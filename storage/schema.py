"""The database schema, as numbered steps: version N+1 is version N plus step N."""

from __future__ import annotations

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
)
SCHEMA_VERSION = len(MIGRATIONS)
