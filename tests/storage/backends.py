"""The storage and reminder tests run on both databases: the `database` and `store` fixtures.

`database` is an SQLite file, then a PostgreSQL schema of its own (created empty, dropped after
the test) on TEST_DATABASE_URL's server, which `.ci/postgres start` gives. Without that URL the
PostgreSQL runs skip, saying why; under CI (CI=true) they fail instead, so that a server
missing in CI cannot pass unseen.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest

from storage.store import Store, open_store

BACKENDS = ("sqlite", "postgres")


def postgres_url() -> str:
    """TEST_DATABASE_URL; skips the test without it (fails it under CI)."""
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if url:
        return url
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail("CI: TEST_DATABASE_URL is not set; .ci/run starts PostgreSQL with .ci/postgres", False)
    pytest.skip('PostgreSQL: TEST_DATABASE_URL is not set (eval "$(.ci/postgres start)" gives one)')


def with_settings(url: str, **settings: str) -> str:
    """`url` with server settings as query parameters (asyncpg passes them on)."""
    query = "&".join(f"{name}={value}" for name, value in settings.items())
    return f"{url}{'&' if '?' in url else '?'}{query}"


@asynccontextmanager
async def fresh_schema() -> AsyncIterator[str]:
    """A URL whose connections work in a new, empty schema; the schema is dropped after."""
    url = postgres_url()
    name = f"test_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f"CREATE SCHEMA {name}")
        yield with_settings(url, search_path=name, application_name=name)
    finally:
        await admin.execute(f"DROP SCHEMA {name} CASCADE")
        await admin.close()


@pytest.fixture(params=BACKENDS)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """Where a store opens: an SQLite file path, or a PostgreSQL URL (a schema of its own)."""
    if request.param == "sqlite":
        yield str(tmp_path / "db.sqlite3")
        return
    async with fresh_schema() as url:
        yield url


@pytest.fixture
async def store(database: str) -> AsyncIterator[Store]:
    store = await open_store(database)
    yield store
    await store.close()


async def columns(store: Store, table: str) -> list[str]:
    """The column names of `table`, from the database's own catalogue."""
    if store.backend == "sqlite":
        return [row[1] for row in await store.fetch(f"PRAGMA table_info({table})")]
    rows = await store.fetch(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
        table,
    )
    return [row[0] for row in rows]
