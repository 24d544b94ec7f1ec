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

from knowledge.said import Refusal, Said

from .texts import say

FOLDER_MODE, FILE_MODE = 0o700, 0o600  # what the store creates: for the bot's user only


async def single_value(db: aiosqlite.Connection, sql: str, params: tuple[object, ...] = ()) -> int:
    """The value of a query that always gives one row of one integer (a COUNT, a PRAGMA)."""
    async with db.execute(sql, params) as cursor:
        row = await cursor.fetchone()
    assert row is not None, f"no row from {sql!r}"
    return row[0]


class DatabaseUnavailable(Refusal, RuntimeError):
    """The database cannot be opened for reading and writing; says why and what to do, in the
    language asked (`text(lang)`, one line)."""

    def __init__(self, path: str | Path, reason: Said):
        super().__init__(say("unavailable", path=str(path), reason=reason))

    def text(self, lang: str = "fr") -> str:
        """One line in `lang`, whatever the server's words quoted in it."""
        return super().text(lang).replace("\n", " ")

    def __str__(self) -> str:
        return self.text("en")


class DatabaseGone(Refusal, RuntimeError):
    """The database file was deleted or replaced while the store had it open: writes since
    went to a file no one will read again, so the process should stop and be restarted.
    `what`: "gone_deleted" or "gone_replaced"."""

    def __init__(self, path: str, what: str):
        super().__init__(say("gone", path=path, what=say(what)))


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
        raise DatabaseUnavailable(path, say("is_folder", example=str(path / "eig-assistant.sqlite3")))
    try:
        path.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnavailable(
            path, say("folder_not_created", folder=str(path.parent), error=error.strerror)
        ) from None
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        pass
    except OSError as error:
        raise DatabaseUnavailable(
            path, say("file_not_created", folder=str(path.parent), error=error.strerror)
        ) from None


def open_error_reason(path: Path, error: sqlite3.Error) -> Said:
    """What an SQLite error at opening means for the person who set the path."""
    name = getattr(error, "sqlite_errorname", "")
    if name == "SQLITE_READONLY_DIRECTORY":
        return say("readonly_folder", folder=str(path.parent))
    if name.startswith("SQLITE_READONLY"):
        return say("readonly_file")
    if name == "SQLITE_NOTADB":
        return say("not_sqlite")
    if name.startswith("SQLITE_CANTOPEN"):
        return say("cannot_open")
    return say("sqlite_says", error=error)


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


def url_problem(url: str) -> Said | None:
    """Why `url` is not a PostgreSQL address the store can use, or None. Never quotes it."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is not a number, a broken [IPv6] address
        return say("url_unreadable")
    if not is_database_url(url):
        return say("url_scheme")
    if not parts.hostname and "host" not in parse_qs(parts.query):
        return say("url_no_host")
    if port == 0:
        return say("url_port_zero")
    if not parts.path.strip("/"):
        return say("url_no_database")
    return None
