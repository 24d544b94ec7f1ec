"""Where the database is: the SQLite file opened safely, or a PostgreSQL URL; what can go wrong.

The store creates a missing folder 0700 and a missing file 0600 (SQLite gives its -wal and
-shm files the file's mode), refuses a path it cannot write with one line saying why, and
notices when the file it writes to was deleted or replaced under it. A PostgreSQL URL
(DATABASE_URL) is checked for its form, and shown only without its password.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

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


# -- PostgreSQL addresses ------------------------------------------------------------------------
URL_SCHEMES = ("postgres", "postgresql")
URL_EXAMPLE = "postgresql://user:password@host:5432/database"


def is_database_url(target: str) -> bool:
    """True for a postgres:// or postgresql:// URL; anything else is an SQLite path."""
    scheme, separator, _ = target.partition("://")
    return bool(separator) and scheme.lower() in URL_SCHEMES


def redact_url(url: str) -> str:
    """The URL with its password replaced by ***: what messages and logs may show."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return "(a URL that cannot be read)"
    if password is None:
        return url
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{parts.netloc.rpartition('@')[2]}"))


def url_problem(url: str) -> str | None:
    """Why `url` is not a PostgreSQL address the store can use, or None. Never quotes it."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is not a number, a broken [IPv6] address
        return "its host or port cannot be read"
    if not is_database_url(url):
        return "it does not start with postgresql:// (or postgres://)"
    if not parts.hostname and "host" not in parse_qs(parts.query):
        return "it names no host"
    if port == 0:
        return "its port is 0"
    if not parts.path.strip("/"):
        return "it names no database (the part after the last /)"
    return None
