"""The bot's database: `open_store` gives the Store for a PostgreSQL URL or an SQLite file.

Store (storage.interface) lists every query; SqliteStore (storage.sqlite) and PostgresStore
(storage.postgres) answer them with the same SQL (storage.sql). This module loads both
backends, so that `Store.open` finds them.
"""

from __future__ import annotations

from pathlib import Path

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
    return await Store.open(target, pool_size=pool_size)
