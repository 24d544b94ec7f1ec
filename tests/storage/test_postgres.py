"""What only PostgreSQL has: its URL, the server's errors, schema_version, lost connections."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from knowledge.model import PARIS
from storage.database import DatabaseUnavailable, redact_url, url_problem
from storage.postgres import CommitUnknown, PostgresStore, to_postgres
from storage.schema import POSTGRES_SCHEMA_VERSION
from storage.store import Person, SignUp, open_store
from tests.storage.backends import fresh_schema, postgres_url

pytestmark = pytest.mark.postgres

NOW = datetime(2022, 3, 10, 12, 0, tzinfo=PARIS)


@pytest.fixture
async def url():
    async with fresh_schema() as url:
        yield url


async def refusal(target: str) -> str:
    with pytest.raises(DatabaseUnavailable) as refused:
        await open_store(target)
    message = str(refused.value)
    assert "\n" not in message
    return message


# -- the URL ---------------------------------------------------------------------------------
def test_the_shared_sql_is_translated_to_numbered_parameters_and_timestamptz() -> None:
    shared = "DELETE FROM t WHERE julianday(asked_at) < julianday(?) AND a = ? AND b IN (?, ?)"
    assert to_postgres(shared) == "DELETE FROM t WHERE asked_at < $1 AND a = $2 AND b IN ($3, $4)"


def test_a_url_is_shown_without_its_password() -> None:
    assert redact_url("postgresql://eig:s3cret@db.example.org:5432/eig") == (
        "postgresql://eig:***@db.example.org:5432/eig"
    )
    assert redact_url("postgres://db.example.org/eig") == "postgres://db.example.org/eig"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("mysql://eig:pw@host/eig", "does not start with postgresql://"),
        ("postgresql://eig:pw@host:port/eig", "host or port cannot be read"),
        ("postgresql://eig:pw@/eig", "names no host"),
        ("postgresql://eig:pw@host:5432", "names no database"),
    ],
)
def test_a_url_that_is_not_a_postgresql_address_says_why(url: str, problem: str) -> None:
    said = url_problem(url)
    assert said is not None and problem in said.text("en")


def test_a_hosting_platforms_url_is_accepted() -> None:
    assert url_problem("postgres://u:p@ec2-1-2-3-4.compute.amazonaws.com:5432/d8x?sslmode=require") is None


# -- the server refuses, in one line without the password ----------------------------------------
async def test_an_unreachable_server_is_one_line_without_the_password() -> None:
    message = await refusal("postgresql://eig:hunter22@127.0.0.1:1/eig")
    assert "cannot reach the server" in message and "hunter22" not in message
    assert "postgresql://eig:***@127.0.0.1:1/eig" in message


async def test_a_wrong_password_is_one_line_without_it() -> None:
    parts = urlsplit(postgres_url())
    wrong = parts._replace(netloc=f"{parts.username}:wrong-password@{parts.hostname}:{parts.port}")
    message = await refusal(urlunsplit(wrong))
    assert "the server refused the login" in message and "wrong-password" not in message


async def test_a_database_that_does_not_exist_is_named() -> None:
    real = postgres_url()
    message = await refusal(real.rsplit("/", 1)[0] + "/no_such_database")
    assert 'database "no_such_database" does not exist' in message


# -- the schema ------------------------------------------------------------------------------
async def test_a_new_database_gets_the_schema_and_its_version(url: str) -> None:
    store = await open_store(url)
    assert isinstance(store, PostgresStore)
    assert await store.value("SELECT version FROM schema_version") == POSTGRES_SCHEMA_VERSION
    await store.close()
    again = await open_store(url)  # opening again changes nothing
    assert await again.value("SELECT COUNT(*) FROM schema_version") == 1
    await again.close()


async def test_a_database_from_a_newer_bot_is_refused(url: str) -> None:
    store = await open_store(url)
    await store.write("UPDATE schema_version SET version = ?", POSTGRES_SCHEMA_VERSION + 1)
    await store.close()
    assert "newer than this bot" in await refusal(url)


# -- lost connections ------------------------------------------------------------------------
async def cut_connections(url: str) -> int:
    """What a server restart does to the store's connections (its schema names them)."""
    name = url.rsplit("application_name=", 1)[1]
    admin = await asyncpg.connect(postgres_url())
    try:
        return await admin.fetchval(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", name
        )
    finally:
        await admin.close()


async def test_after_the_connections_are_cut_reads_and_writes_go_on(url: str) -> None:
    store = await open_store(url)
    await store.save_user(Person(1, "Ana"), NOW)
    assert await cut_connections(url) >= 1
    assert await store.user_count() == 1  # a read, on a new connection
    assert await cut_connections(url) >= 1
    assert await store.register(Person(1, "Ana"), "w1", 10, NOW) is SignUp.REGISTERED  # a write
    assert await store.registration_counts() == {"w1": 1}
    await store.close()


async def test_a_lost_connection_is_tried_once_more_then_the_error_goes_up(url: str, caplog) -> None:
    store = await open_store(url)
    calls = []

    def losing(times: int):
        async def operation(connection) -> int:
            calls.append(connection)
            if len(calls) <= times:
                raise asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation")
            return await connection.fetchval("SELECT 1")

        return operation

    assert await store._run(losing(1)) == 1
    assert len(calls) == 2 and "database connection lost (ConnectionDoesNotExistError)" in caplog.text
    calls.clear()
    with pytest.raises(asyncpg.ConnectionDoesNotExistError):
        await store._run(losing(2))
    assert len(calls) == 2  # once more, then the error
    await store.close()


async def test_a_connection_lost_during_the_commit_is_not_run_again(url: str, monkeypatch) -> None:
    store = await open_store(url)
    runs = []

    async def work(tx) -> None:
        runs.append(1)
        await tx.execute("INSERT INTO questions (asked_at, outcome) VALUES (?, 'none')", NOW)

    async def commit_lost(self) -> None:
        raise asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation")

    monkeypatch.setattr(asyncpg.transaction.Transaction, "commit", commit_lost)
    with pytest.raises(CommitUnknown):
        await store.transaction(work)
    monkeypatch.undo()
    assert runs == [1]  # the outcome is unknown: never run twice
    assert await store.question_outcomes() == {}  # (here it was rolled back)
    await store.close()
