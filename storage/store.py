"""The bot's database: `open_store` gives the Store for a PostgreSQL URL or an SQLite file.

Store (storage.interface) lists every query; SqliteStore (storage.sqlite) and PostgresStore
(storage.postgres) answer them with the same SQL (storage.sql).
"""

from __future__ import annotations

from pathlib import Path

from .database import is_database_url
from .interface import DEFAULT_POOL_SIZE, Store
from .postgres import PostgresStore
from .records import Person, Registration, SignUp, UnansweredQuestion
from .schema import MIGRATIONS, SCHEMA_VERSION
from .sqlite import SqliteStore

__all__ = [
    "DEFAULT_POOL_SIZE",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Person",
    "PostgresStore",
    "Registration",
    "SignUp",
    "SqliteStore",
    "Store",
    "UnansweredQuestion",
    "open_store",
]


async def open_store(target: str | Path, *, pool_size: int = DEFAULT_POOL_SIZE) -> Store:
    """PostgresStore for a postgres:// or postgresql:// URL, else SqliteStore for the file at
    `target`; migrated, and checked writable. Raises DatabaseUnavailable (one line)."""
    backend = PostgresStore if is_database_url(str(target)) else SqliteStore
    return await backend.connect(str(target), pool_size)
