"""The bot's one SQLite database, through aiosqlite: schema migrations and the queries."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path

import aiosqlite

from .database import (
    DatabaseGone,
    DatabaseUnavailable,
    Writing,
    create_location,
    file_identity,
    open_error_reason,
    single_value,
)
from .scrub import scrub
from .subscriptions import SubscriptionQueries

log = logging.getLogger(__name__)

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
MAX_QUESTION_CHARS = 1000


@dataclass(frozen=True)
class Person:
    """What the bot keeps about a user: the minimum, given by Telegram."""

    id: int
    first_name: str = ""
    username: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Registration:
    webinar_id: str
    user: Person
    registered_at: datetime


class SignUp(Enum):
    """The outcome of a registration attempt."""

    REGISTERED = "registered"
    ALREADY = "already"
    FULL = "full"


@dataclass(frozen=True)
class UnansweredQuestion:
    text: str
    best_entry: str | None
    score: float | None
    asked_at: datetime


class Store(SubscriptionQueries):
    """Opens the database (WAL mode), migrates it forward, and answers the bot's queries."""

    def __init__(self, db: aiosqlite.Connection, path: str):
        self.db = db
        self.path = path
        self._write = Writing(db, self.check_file)  # one write at a time; rolled back, checked
        self._identity = file_identity(path)

    @classmethod
    async def open(cls, path: str | Path) -> Store:
        """Open (creating it and its folder if needed), migrate, and check that it is writable.

        Raises DatabaseUnavailable, whose message is one line, when it cannot be used.
        """
        path = str(path)
        if path != ":memory:":
            create_location(Path(path))
        try:
            db = await aiosqlite.connect(path, timeout=30)
        except sqlite3.Error as error:
            raise DatabaseUnavailable(path, open_error_reason(Path(path), error)) from None
        try:
            db.row_factory = aiosqlite.Row
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA foreign_keys=ON")
            await db.execute("PRAGMA busy_timeout=30000")
            store = cls(db, path)
            await store.migrate()
            await store._check_writable()
        except BaseException as error:
            await db.close()
            if isinstance(error, sqlite3.Error):
                raise DatabaseUnavailable(path, open_error_reason(Path(path), error)) from None
            raise
        return store

    async def _check_writable(self) -> None:
        """Write the schema version over itself, then roll back: fails on a read-only file."""
        version = await single_value(self.db, "PRAGMA user_version")
        await self.db.execute("BEGIN IMMEDIATE")
        try:
            await self.db.execute(f"PRAGMA user_version = {int(version)}")
        finally:
            await self.db.rollback()

    def check_file(self) -> None:
        """Raise DatabaseGone if the file at `path` is no longer the one this store writes to."""
        if self._identity is None:
            return
        current = file_identity(self.path)
        if current is None:
            raise DatabaseGone(self.path, "deleted")
        if current != self._identity:
            raise DatabaseGone(self.path, "replaced by another file")

    async def migrate(self) -> int:
        """Apply the migrations the file has not seen yet; return the schema version."""
        version = await single_value(self.db, "PRAGMA user_version")
        if version > SCHEMA_VERSION:
            raise DatabaseUnavailable(
                self.path,
                f"its schema ({version}) is newer than this bot ({SCHEMA_VERSION}): upgrade the bot",
            )
        for step in range(version, SCHEMA_VERSION):
            await self.db.executescript(
                f"BEGIN; {MIGRATIONS[step]} PRAGMA user_version = {step + 1}; COMMIT;"
            )
            log.info("database migrated to schema %d", step + 1)
        return SCHEMA_VERSION

    async def close(self) -> None:
        await self.db.close()

    async def keep_updates(self, updates: list[tuple[int, str]], at: datetime) -> None:
        """Put received updates (id, JSON) in the inbox, before Telegram is told they arrived."""
        if not updates:
            return
        async with self._write:
            await self.db.executemany(
                "INSERT OR IGNORE INTO inbox (update_id, body, received_at) VALUES (?, ?, ?)",
                [(update_id, body, at.isoformat()) for update_id, body in updates],
            )
            await self.db.commit()

    async def forget_update(self, update_id: int) -> None:
        """An update is handled: out of the inbox."""
        async with self._write:
            await self.db.execute("DELETE FROM inbox WHERE update_id = ?", (update_id,))
            await self.db.commit()

    async def pending_updates(self) -> list[str]:
        """The updates received and not handled, oldest first (JSON)."""
        async with self.db.execute("SELECT body FROM inbox ORDER BY update_id") as cursor:
            return [row["body"] for row in await cursor.fetchall()]

    async def record_unanswered(
        self, text: str, best_entry: str | None, score: float | None, asked_at: datetime
    ) -> None:
        """Keep an unanswered question, for staff: no user id, personal data scrubbed."""
        async with self._write:
            await self.db.execute(
                "INSERT INTO unanswered (text, best_entry, score, asked_at) VALUES (?, ?, ?, ?)",
                (scrub(text)[:MAX_QUESTION_CHARS], best_entry, score, asked_at.isoformat()),
            )
            await self.db.commit()

    async def unanswered(self, since: datetime | None = None) -> list[UnansweredQuestion]:
        """The questions kept, oldest first; scrubbed again, for rows kept before scrubbing."""
        query = "SELECT text, best_entry, score, asked_at FROM unanswered"
        params: tuple = ()
        if since is not None:
            query += " WHERE asked_at >= ?"
            params = (since.isoformat(),)
        async with self.db.execute(query + " ORDER BY id", params) as cursor:
            rows = await cursor.fetchall()
        return [
            UnansweredQuestion(
                scrub(r["text"]), r["best_entry"], r["score"], datetime.fromisoformat(r["asked_at"])
            )
            for r in rows
        ]

    async def purge_unanswered(self, before: datetime) -> int:
        """Delete the questions asked before `before` (compared as instants); return how many."""
        async with self._write:
            cursor = await self.db.execute(
                "DELETE FROM unanswered WHERE julianday(asked_at) < julianday(?)", (before.isoformat(),)
            )
            await self.db.commit()
        return cursor.rowcount

    # -- users and webinar registrations ------------------------------------------------
    async def save_user(self, user: Person, now: datetime) -> None:
        """Create or refresh the user row (a sign-up is the only reason to keep one)."""
        async with self._write:
            await self._save_user(user, now)
            await self.db.commit()

    async def _save_user(self, user: Person, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO users (id, first_name, username, language, created_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET first_name = excluded.first_name,"
            " username = excluded.username, language = excluded.language, active = 1",
            (user.id, user.first_name[:64], user.username, user.language, now.isoformat()),
        )

    async def register(self, user: Person, webinar_id: str, capacity: int | None, now: datetime) -> SignUp:
        """Register `user`, never beyond `capacity`; committed before this returns."""
        async with self._write:
            await self._save_user(user, now)
            # One statement checks the count and inserts: no place can be given twice.
            cursor = await self.db.execute(
                "INSERT OR IGNORE INTO registrations (user_id, webinar_id, registered_at)"
                " SELECT ?, ?, ? WHERE ? IS NULL"
                " OR (SELECT COUNT(*) FROM registrations WHERE webinar_id = ?) < ?",
                (user.id, webinar_id, now.isoformat(), capacity, webinar_id, capacity),
            )
            inserted = cursor.rowcount == 1
            await self.db.commit()
        if inserted:
            return SignUp.REGISTERED
        return SignUp.ALREADY if await self.is_registered(user.id, webinar_id) else SignUp.FULL

    async def cancel(self, user_id: int, webinar_id: str) -> bool:
        """Remove a registration; True if there was one."""
        async with self._write:
            cursor = await self.db.execute(
                "DELETE FROM registrations WHERE user_id = ? AND webinar_id = ?", (user_id, webinar_id)
            )
            await self.db.commit()
        return cursor.rowcount == 1

    async def is_registered(self, user_id: int, webinar_id: str) -> bool:
        async with self.db.execute(
            "SELECT 1 FROM registrations WHERE user_id = ? AND webinar_id = ?", (user_id, webinar_id)
        ) as cursor:
            return await cursor.fetchone() is not None

    async def registration_counts(self) -> dict[str, int]:
        async with self.db.execute(
            "SELECT webinar_id, COUNT(*) FROM registrations GROUP BY webinar_id"
        ) as cursor:
            return {row[0]: row[1] for row in await cursor.fetchall()}

    async def registrations(
        self, webinar_id: str | None = None, user_id: int | None = None
    ) -> list[Registration]:
        """Registrations with their users, oldest first, optionally for one webinar or user."""
        query = (
            "SELECT r.webinar_id, r.registered_at, u.id, u.first_name, u.username, u.language"
            " FROM registrations r JOIN users u ON u.id = r.user_id WHERE 1 = 1"
        )
        params: list[object] = []
        if webinar_id is not None:
            query += " AND r.webinar_id = ?"
            params.append(webinar_id)
        if user_id is not None:
            query += " AND r.user_id = ?"
            params.append(user_id)
        async with self.db.execute(query + " ORDER BY r.registered_at, u.id", params) as cursor:
            rows = await cursor.fetchall()
        return [
            Registration(r[0], Person(r[2], r[3], r[4], r[5]), datetime.fromisoformat(r[1])) for r in rows
        ]

    async def person(self, user_id: int) -> Person | None:
        async with self.db.execute(
            "SELECT id, first_name, username, language FROM users WHERE id = ?", (user_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return Person(row[0], row[1], row[2], row[3]) if row else None

    async def forget(self, user_id: int) -> None:
        """Erase the user and everything linked to them (foreign keys cascade), votes included."""
        async with self._write:
            await self.db.execute("DELETE FROM users WHERE id = ?", (user_id,))
            await self.db.execute("DELETE FROM votes WHERE voter = ?", (user_id,))
            await self.db.commit()

    # -- usage statistics (no text, no user id) -------------------------------------------
    async def record_question(self, outcome: str, entry: str | None, asked_at: datetime) -> None:
        """Count a question by its outcome (answer, suggest, none, smalltalk, empty)."""
        async with self._write:
            await self.db.execute(
                "INSERT INTO questions (asked_at, outcome, entry) VALUES (?, ?, ?)",
                (asked_at.isoformat(), outcome, entry),
            )
            await self.db.commit()

    async def record_vote(self, voter: int, entry: str, helpful: bool, voted_at: datetime) -> None:
        """Keep `voter`'s opinion of an answer; voting again on it replaces the earlier vote."""
        async with self._write:
            await self.db.execute(
                "INSERT INTO votes (voter, entry, helpful, voted_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (voter, entry) DO UPDATE SET helpful = excluded.helpful,"
                " voted_at = excluded.voted_at",
                (voter, entry, int(helpful), voted_at.isoformat()),
            )
            await self.db.commit()

    async def votes_of(self, voter: int) -> int:
        """How many answers `voter` gave an opinion on."""
        return await single_value(self.db, "SELECT COUNT(*) FROM votes WHERE voter = ?", (voter,))

    async def question_outcomes(self) -> dict[str, int]:
        async with self.db.execute("SELECT outcome, COUNT(*) FROM questions GROUP BY outcome") as cursor:
            return {r[0]: r[1] for r in await cursor.fetchall()}

    async def votes_per_entry(self) -> dict[str, tuple[int, int]]:
        """entry -> (helpful, not helpful)."""
        async with self.db.execute(
            "SELECT entry, SUM(helpful), SUM(1 - helpful) FROM votes GROUP BY entry ORDER BY entry"
        ) as cursor:
            return {r[0]: (r[1], r[2]) for r in await cursor.fetchall()}

    async def user_count(self) -> int:
        return await single_value(self.db, "SELECT COUNT(*) FROM users")
