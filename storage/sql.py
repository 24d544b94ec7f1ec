"""What the query mixins run on: one SQL text for both databases, a few primitives per backend.

The SQL is written once, as SQLite reads it (`?` placeholders), in the part of SQL both
databases read alike: booleans written TRUE/FALSE and tested bare (`WHERE u.active`), counts by
kind with COUNT(*) FILTER (WHERE …), ON CONFLICT … DO NOTHING rather than INSERT OR IGNORE.
The PostgreSQL store translates the rest (storage.postgres.to_postgres): `?` becomes $1, $2…
and `julianday(x)` becomes `x`, since SQLite keeps times as ISO text (julianday compares them
as instants, whatever their offset) where PostgreSQL keeps timestamptz.

Times are passed as aware datetimes (the SQLite store writes them as ISO text) and read back
with `instant`, in Paris time, the bot's clock's, from either database.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from knowledge.model import PARIS

T = TypeVar("T")


class Row(Protocol):
    """A result row: by position or by column name (aiosqlite.Row, asyncpg.Record)."""

    def __getitem__(self, key: int | str, /) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """One write transaction (or the store's reads): the primitives a backend provides."""

    async def execute(self, sql: str, *params: object) -> int:
        """Run one statement; return how many rows it changed."""
        ...

    async def execute_many(self, sql: str, rows: Iterable[Sequence[object]]) -> None: ...

    async def fetch(self, sql: str, *params: object) -> list[Row]: ...

    async def lock(self, name: str) -> None:
        """Hold the lock `name` until the transaction ends, against every process. (SQLite's
        write transactions already hold the whole database: nothing more to do there.)"""
        ...


def instant(value: str | datetime) -> datetime:
    """A time read from either database (ISO text or timestamptz), in Paris time."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.astimezone(PARIS)


class Queries(ABC):
    """What the query mixins share: a read, a write transaction, and shorthands for them."""

    @abstractmethod
    async def fetch(self, sql: str, *params: object) -> list[Row]:
        """Rows of a read (shared SQL), outside any write transaction."""

    @abstractmethod
    async def transaction(self, work: Callable[[Connection], Awaitable[T]]) -> T:
        """`work` in one write transaction, committed before this returns, rolled back if it
        raises. Work may be run twice (PostgreSQL: once more after a lost connection)."""

    async def value(self, sql: str, *params: object) -> Any:
        """The first column of the first row of a read that always gives one (a COUNT)."""
        return (await self.fetch(sql, *params))[0][0]

    async def write(self, sql: str, *params: object) -> int:
        """One statement in its own transaction; how many rows it changed."""

        async def work(tx: Connection) -> int:
            return await tx.execute(sql, *params)

        return await self.transaction(work)
