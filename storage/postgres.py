"""The PostgreSQL store, through asyncpg: a pool of DATABASE_POOL_SIZE connections, the shared
queries translated (to_postgres), the schema's version in the table schema_version.

Concurrency is the database's, so that several processes can share one database: a query's
`lock(name)` is a transaction-scoped advisory lock on a hash of the name (a webinar's places,
a reminder slot's claims), released by the commit or the rollback.

A lost connection (the server restarted, the network cut) fails the query in hand: it is run
once more on a new connection, then the error propagates (the bot apologises). A write is
run again only when the loss came before its COMMIT was sent; a loss during the COMMIT raises
CommitUnknown, since the write may or may not be saved: nothing is reported done that was not.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TypeVar
from urllib.parse import urlsplit

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from knowledge.said import Said

from .database import DatabaseUnavailable, redact_url
from .schema import POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION
from .shared import SharedQueries
from .sql import Connection, Row
from .texts import say

log = logging.getLogger(__name__)
T = TypeVar("T")
Pooled = PoolConnectionProxy  # a connection lent by the pool
CONNECT_SECONDS = 10
MIGRATION_LOCK = 0x616E6B  # the advisory lock held while a process migrates the schema
# The connection is gone (server restarted or shutting down, network cut): worth a new one.
LOST = (
    asyncpg.PostgresConnectionError,  # ConnectionDoesNotExistError, ConnectionFailureError, …
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.CannotConnectNowError,
    asyncpg.InternalClientError,  # a query on a connection the server just ended, before EOF
    OSError,  # refused, reset, unreachable; TimeoutError
)
_JULIANDAY = re.compile(r"julianday\(([^()]*)\)")


class CommitUnknown(RuntimeError):
    """The connection was lost while committing: the write may or may not have been saved."""


@functools.lru_cache(maxsize=256)
def to_postgres(sql: str) -> str:
    """Shared SQL as PostgreSQL reads it: julianday(x) -> x (timestamptz), ? -> $1, $2…"""
    first, *rest = _JULIANDAY.sub(r"\1", sql).split("?")
    return first + "".join(f"${number}{text}" for number, text in enumerate(rest, start=1))


def _changed(status: str) -> int:
    """Rows changed, from asyncpg's command status ('INSERT 0 1', 'DELETE 3', 'UPDATE 0')."""
    last = status.rpartition(" ")[2]
    return int(last) if last.isdigit() else 0


class PostgresConnection:
    """One pooled asyncpg connection, in a transaction, as the queries' Connection."""

    def __init__(self, connection: Pooled):
        self.connection = connection

    async def execute(self, sql: str, *params: object) -> int:
        return _changed(await self.connection.execute(to_postgres(sql), *params))

    async def execute_many(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        await self.connection.executemany(to_postgres(sql), rows)

    async def fetch(self, sql: str, *params: object) -> list[Row]:
        return list(await self.connection.fetch(to_postgres(sql), *params))

    async def lock(self, name: str) -> None:
        await self.connection.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", name)


def _open_error(error: BaseException, password: str | None = None) -> Said:
    """What a failure to connect means for the person who set DATABASE_URL; the server's own
    words quoted, without the password."""
    if isinstance(error, TimeoutError):
        return say("pg_timeout", seconds=CONNECT_SECONDS)
    detail = str((error.strerror or error) if isinstance(error, OSError) else error)
    detail = detail.replace(password or "\0", "***")
    if isinstance(error, OSError):
        return say("pg_unreachable", error=detail)
    if isinstance(error, asyncpg.InvalidAuthorizationSpecificationError):
        return say("pg_login_refused", error=detail)
    if isinstance(error, asyncpg.InvalidCatalogNameError):
        return say("pg_no_database", error=detail)
    return say("pg_says", error=detail)


class PostgresStore(SharedQueries):
    """A PostgreSQL database shared by every process of the bot."""

    backend = "postgres"
    unavailable = (CommitUnknown, *LOST)

    def __init__(self, pool: asyncpg.Pool, url: str):
        self.pool = pool
        self.url = redact_url(url)  # what messages show

    @classmethod
    async def connect(cls, target: str, pool_size: int) -> PostgresStore:
        """Connect, migrate and check that the server takes writes; DatabaseUnavailable (one
        line, the password left out) when it cannot be used."""
        password = urlsplit(target).password
        try:
            pool = await asyncpg.create_pool(target, min_size=1, max_size=pool_size, timeout=CONNECT_SECONDS)
            store = cls(pool, target)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, ValueError) as error:
            raise DatabaseUnavailable(redact_url(target), _open_error(error, password)) from None
        try:
            if await pool.fetchval("SHOW transaction_read_only") == "on":
                raise DatabaseUnavailable(store.url, say("pg_read_only"))
            await store.migrate()
        except BaseException as error:
            await pool.close()
            if isinstance(error, asyncpg.PostgresError):
                raise DatabaseUnavailable(store.url, _open_error(error, password)) from None
            raise
        return store

    async def migrate(self) -> int:
        """Apply the steps the database has not seen, one process at a time; the version."""
        async with self.pool.acquire() as connection, connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
            await connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
            version = await connection.fetchval("SELECT version FROM schema_version")
            if version is None:
                version = 0
                await connection.execute("INSERT INTO schema_version (version) VALUES (0)")
            if version > POSTGRES_SCHEMA_VERSION:
                raise DatabaseUnavailable(
                    self.url, say("schema_newer", version=version, supported=POSTGRES_SCHEMA_VERSION)
                )
            for step in range(version, POSTGRES_SCHEMA_VERSION):
                await connection.execute(POSTGRES_MIGRATIONS[step])
                await connection.execute("UPDATE schema_version SET version = $1", step + 1)
                log.info("database migrated to schema %d", step + 1)
        return POSTGRES_SCHEMA_VERSION

    async def _run(self, operation: Callable[[Pooled], Awaitable[T]]) -> T:
        """`operation` on a pooled connection; once more on a new one if the connection was lost
        (the pool's other connections are dropped too: a server restart cut them all, and they
        may not know it yet)."""
        try:
            async with self.pool.acquire() as connection:
                return await operation(connection)
        except LOST as error:
            log.warning("database connection lost (%s): trying once more", type(error).__name__)
        await self.pool.expire_connections()
        async with self.pool.acquire() as connection:
            return await operation(connection)

    async def fetch(self, sql: str, *params: object) -> list[Row]:
        async def read(connection: Pooled) -> list[Row]:
            return await PostgresConnection(connection).fetch(sql, *params)

        return await self._run(read)

    async def transaction(self, work: Callable[[Connection], Awaitable[T]]) -> T:
        async def attempt(connection: Pooled) -> T:
            transaction = connection.transaction()
            await transaction.start()
            try:
                result = await work(PostgresConnection(connection))
            except BaseException:
                with contextlib.suppress(Exception):  # a lost connection has nothing to roll back
                    await transaction.rollback()
                raise
            try:
                await transaction.commit()
            except LOST as error:
                raise CommitUnknown(f"the connection was lost while committing ({error})") from error
            return result

        return await self._run(attempt)

    async def close(self) -> None:
        await self.pool.close()
