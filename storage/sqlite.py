"""The SQLite store, through aiosqlite: one file (WAL), opened, checked and migrated here.

Writes go one at a time through the store's connection, each in a BEGIN IMMEDIATE transaction:
SQLite's write lock is held from the first statement to the commit, against other processes
too (busy_timeout waits for it), which is what the shared queries' `lock` asks for.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import aiosqlite

from .database import (
    DatabaseGone,
    DatabaseUnavailable,
    create_location,
    file_identity,
    open_error_reason,
    single_value,
)
from .schema import MIGRATIONS, SCHEMA_VERSION
from .shared import SharedQueries
from .sql import Connection, Row
from .texts import say

log = logging.getLogger(__name__)
T = TypeVar("T")


def _bind(params: Iterable[object]) -> tuple[object, ...]:
    """Times as ISO text, as the file has always kept them."""
    return tuple(p.isoformat() if isinstance(p, datetime) else p for p in params)


class SqliteConnection:
    """The store's aiosqlite connection as the queries' Connection."""

    def __init__(self, db: aiosqlite.Connection):
        self.db = db

    async def execute(self, sql: str, *params: object) -> int:
        cursor = await self.db.execute(sql, _bind(params))
        return cursor.rowcount

    async def execute_many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        await self.db.executemany(sql, [_bind(row) for row in rows])

    async def fetch(self, sql: str, *params: object) -> list[Row]:
        async with self.db.execute(sql, _bind(params)) as cursor:
            return list(await cursor.fetchall())

    async def lock(self, name: str) -> None:
        """Nothing to do: BEGIN IMMEDIATE holds the whole database until the commit."""


class SqliteStore(SharedQueries):
    """Opens the database file (WAL mode), migrates it forward, and answers the queries."""

    backend = "sqlite"
    unavailable = (sqlite3.OperationalError,)  # locked past the busy timeout, a disk error

    def __init__(self, db: aiosqlite.Connection, path: str):
        self.db = db
        self.path = path
        self._connection = SqliteConnection(db)
        self._writing = asyncio.Lock()  # one write transaction at a time on the connection
        self._identity = file_identity(path)

    @classmethod
    async def connect(cls, target: str, pool_size: int) -> SqliteStore:
        return await cls.open_file(target)

    @classmethod
    async def open_file(cls, path: str | Path) -> SqliteStore:
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
            raise DatabaseGone(self.path, "gone_deleted")
        if current != self._identity:
            raise DatabaseGone(self.path, "gone_replaced")

    async def migrate(self) -> int:
        """Apply the migrations the file has not seen yet; return the schema version."""
        version = await single_value(self.db, "PRAGMA user_version")
        if version > SCHEMA_VERSION:
            raise DatabaseUnavailable(
                self.path, say("schema_newer", version=version, supported=SCHEMA_VERSION)
            )
        for step in range(version, SCHEMA_VERSION):
            await self.db.executescript(
                f"BEGIN; {MIGRATIONS[step]} PRAGMA user_version = {step + 1}; COMMIT;"
            )
            log.info("database migrated to schema %d", step + 1)
        return SCHEMA_VERSION

    async def fetch(self, sql: str, *params: object) -> list[Row]:
        return await self._connection.fetch(sql, *params)

    async def transaction(self, work: Callable[[Connection], Awaitable[T]]) -> T:
        """A failed write is rolled back (no transaction is left open on the connection); one
        that succeeds is followed by check_file, so that a write into a deleted or replaced
        file raises DatabaseGone instead of being reported as saved."""
        async with self._writing:
            try:
                await self.db.execute("BEGIN IMMEDIATE")
                result = await work(self._connection)
                await self.db.commit()
            except BaseException:
                with contextlib.suppress(sqlite3.Error, ValueError):  # ValueError: closed
                    await self.db.rollback()
                raise
            self.check_file()
            return result

    async def close(self) -> None:
        await self.db.close()
