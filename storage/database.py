"""Opening the SQLite file safely: where it lives, its permissions, and what can go wrong.

The store creates a missing folder 0700 and a missing file 0600 (SQLite gives its -wal and
-shm files the file's mode), refuses a path it cannot write with one line saying why, and
notices when the file it writes to was deleted or replaced under it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import aiosqlite

FOLDER_MODE, FILE_MODE = 0o700, 0o600  # what the store creates: for the bot's user only


async def single_value(db: aiosqlite.Connection, sql: str, params: tuple[object, ...] = ()) -> int:
    """The value of a query that always gives one row of one integer (a COUNT, a PRAGMA)."""
    async with db.execute(sql, params) as cursor:
        row = await cursor.fetchone()
    assert row is not None, f"no row from {sql!r}"
    return row[0]


class DatabaseUnavailable(RuntimeError):
    """The database cannot be opened for reading and writing; says why and what to do."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"cannot use {str(path)!r}: {reason}".replace("\n", " "))


class DatabaseGone(RuntimeError):
    """The database file was deleted or replaced while the store had it open: writes since
    went to a file no one will read again, so the process should stop and be restarted."""

    def __init__(self, path: str, what: str):
        super().__init__(f"the database file {path!r} was {what} while the bot was running")


def file_identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of the file at `path`; None for :memory: or a missing file."""
    if path == ":memory:":
        return None
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def create_location(path: Path) -> None:
    """Refuse a folder; create a missing folder (0700) and a missing file (0600)."""
    if path.is_dir():
        raise DatabaseUnavailable(
            path, f"it is a folder; name a file, e.g. {str(path / 'eig-assistant.sqlite3')!r}"
        )
    try:
        path.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnavailable(
            path,
            f"its folder {str(path.parent)!r} cannot be created "
            f"({error.strerror}); create it, or name another "
            "place",
        ) from None
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        pass
    except OSError as error:
        raise DatabaseUnavailable(
            path,
            f"the file cannot be created in {str(path.parent)!r} "
            f"({error.strerror}); make that folder writable by "
            "the bot's user",
        ) from None


def open_error_reason(path: Path, error: sqlite3.Error) -> str:
    """What an SQLite error at opening means for the person who set the path."""
    name = getattr(error, "sqlite_errorname", "")
    if name == "SQLITE_READONLY_DIRECTORY":
        return (
            f"its folder {str(path.parent)!r} is not writable by the bot's user (SQLite "
            "writes its journal next to the file); make the folder writable"
        )
    if name.startswith("SQLITE_READONLY"):
        return "the file is read-only for the bot's user; make it writable (chmod u+w)"
    if name == "SQLITE_NOTADB":
        return "it is not an SQLite database; name the bot's database or a new file"
    if name.startswith("SQLITE_CANTOPEN"):
        return "SQLite cannot open it: check that the bot's user can read and write the file and its folder"
    return f"SQLite says: {error}"


class Writing:
    """The store's write lock: one write transaction at a time on the shared connection.

    A write that fails is rolled back (no transaction is left open on the connection); one
    that succeeds is followed by `check` (Store.check_file), so that a write into a deleted or
    replaced file raises DatabaseGone instead of being reported as saved.
    """

    def __init__(self, db: aiosqlite.Connection, check: Callable[[], None]):
        self._db = db
        self._check = check
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> None:
        await self._lock.acquire()

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        try:
            if error is not None:
                with contextlib.suppress(sqlite3.Error, ValueError):  # ValueError: closed
                    await self._db.rollback()
            else:
                self._check()
        finally:
            self._lock.release()


class Queries:
    """What the store's query mixins share: the connection and its write lock."""

    db: aiosqlite.Connection
    _write: Writing
