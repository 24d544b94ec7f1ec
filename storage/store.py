"""The bot's one SQLite database, through aiosqlite: opening, checking and migrating it.

The queries live in one mixin per subject (people, subscriptions, questions, inbox).
"""

from __future__ import annotations

import logging
import sqlite3
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
from .inbox import InboxQueries
from .people import PeopleQueries
from .questions import QuestionQueries
from .records import Person, Registration, SignUp, UnansweredQuestion
from .schema import MIGRATIONS, SCHEMA_VERSION
from .subscriptions import SubscriptionQueries

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Person", "Registration", "SignUp", "Store", "UnansweredQuestion"]

log = logging.getLogger(__name__)


class Store(PeopleQueries, SubscriptionQueries, QuestionQueries, InboxQueries):
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
