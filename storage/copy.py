"""`eig-bot db copy`: an SQLite database into an empty PostgreSQL one, for a team that started
small and now runs several processes.

Every table is copied whole (users, registrations, subscriptions, reminder deliveries,
unanswered questions, question counts, votes, updates not yet handled) in one PostgreSQL
transaction: the copy is all there, or not at all. Times become timestamptz and flags
booleans; ids are kept, and the identity columns continue after them. A target that already
holds rows is refused. The SQLite file is first brought to the code's schema, as the bot would.
"""

from __future__ import annotations

from pathlib import Path

from knowledge.said import Refusal

from .postgres import PostgresStore
from .schema import FLAG_COLUMNS, IDENTITY_TABLES, TABLES, TIME_COLUMNS
from .sql import Connection, instant
from .sqlite import SqliteStore
from .texts import say


class CopyRefused(Refusal, RuntimeError):
    """The copy was not made; the message (one line, `text(lang)`) says why."""


def _value(column: str, value: object) -> object:
    """An SQLite value as PostgreSQL's column takes it."""
    if value is None:
        return None
    if column in TIME_COLUMNS:
        return instant(str(value))
    if column in FLAG_COLUMNS:
        return bool(value)
    return value


async def copy_database(source: str | Path, target: str) -> dict[str, int]:
    """Copy the SQLite database at `source` into the empty PostgreSQL database at `target`;
    the rows copied per table. Raises CopyRefused or DatabaseUnavailable (one line each)."""
    if not Path(source).is_file():
        raise CopyRefused(say("copy_not_a_file", source=str(source)))
    sqlite = await SqliteStore.open_file(source)
    try:
        postgres = await PostgresStore.connect(target, pool_size=2)
        try:
            return await _copy(sqlite, postgres)
        finally:
            await postgres.close()
    finally:
        await sqlite.close()


async def _copy(sqlite: SqliteStore, postgres: PostgresStore) -> dict[str, int]:
    async def work(tx: Connection) -> dict[str, int]:
        present = {table: (await tx.fetch(f"SELECT COUNT(*) FROM {table}"))[0][0] for table in TABLES}
        if any(present.values()):
            held = ", ".join(f"{count} {table}" for table, count in present.items() if count)
            raise CopyRefused(say("copy_not_empty", url=postgres.url, held=held))
        copied = {}
        for table, columns in TABLES.items():
            rows = await sqlite.fetch(f"SELECT {', '.join(columns)} FROM {table}")
            await tx.execute_many(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [tuple(_value(c, v) for c, v in zip(columns, row, strict=True)) for row in rows],
            )
            copied[table] = len(rows)
        for table in IDENTITY_TABLES:
            await tx.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false)"
                f" FROM {table}"
            )
        return copied

    return await postgres.transaction(work)
