"""DATABASE_URL: PostgreSQL instead of the SQLite file; refused in one line that never shows
the password; `eig-bot db copy` moves an SQLite database into PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from pathlib import Path

import pytest

import bot.__main__ as entry
from bot.settings import DEFAULT_DATABASE, Settings, SettingsError
from knowledge.model import PARIS
from storage.store import DEFAULT_POOL_SIZE, Person, open_store
from tests.storage.backends import fresh_schema

URL = "postgresql://eig:hunter22@db.example.org:5432/eig"
NOW = datetime(2022, 3, 10, 12, 0, tzinfo=PARIS)


def error_for(**environ: str) -> str:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(environ)
    return str(caught.value)


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    for name in ("DATABASE_PATH", "DATABASE_URL", "DATABASE_POOL_SIZE", "TELEGRAM_TOKEN", "KNOWLEDGE_DIR"):
        monkeypatch.delenv(name, raising=False)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield tmp_path
    root.handlers[:] = handlers
    root.setLevel(level)


# -- settings --------------------------------------------------------------------------------
def test_without_database_url_the_sqlite_file_stays_the_default() -> None:
    settings = Settings.from_env({})
    assert settings.database == DEFAULT_DATABASE and settings.database_variable == "DATABASE_PATH"
    assert settings.database_url is None and settings.database_pool_size == DEFAULT_POOL_SIZE == 5


def test_database_url_selects_postgresql_and_is_never_shown() -> None:
    settings = Settings.from_env({"DATABASE_URL": URL, "DATABASE_POOL_SIZE": "12"})
    assert settings.database == URL and settings.database_variable == "DATABASE_URL"
    assert settings.database_pool_size == 12
    assert settings.database_password == "hunter22"
    assert "hunter22" not in repr(settings)


def test_both_database_url_and_database_path_is_an_error_naming_both() -> None:
    message = error_for(DATABASE_URL=URL, DATABASE_PATH="/tmp/eig.sqlite3")
    assert message.startswith("DATABASE_URL and DATABASE_PATH are both set")


@pytest.mark.parametrize(
    "url", ["mysql://eig:hunter22@host/eig", "postgresql://eig:hunter22@host:port/eig", "hunter22"]
)
def test_a_bad_database_url_is_one_line_without_the_password(url: str) -> None:
    message = error_for(DATABASE_URL=url)
    assert message.startswith("DATABASE_URL: this is not a PostgreSQL address (")
    assert "hunter22" not in message and "\n" not in message


@pytest.mark.parametrize("size", ["0", "101", "five"])
def test_a_bad_pool_size_is_refused(size: str) -> None:
    assert error_for(DATABASE_POOL_SIZE=size).startswith(f"DATABASE_POOL_SIZE: {size!r} is not a number")


# -- the process -----------------------------------------------------------------------------
def test_an_unreachable_server_stops_the_start_in_one_line_naming_database_url_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://eig:hunter22@127.0.0.1:1/eig")
    assert entry.main(["unanswered", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert (
        err.strip()
        .splitlines()[-1]
        .startswith(
            "DATABASE_URL: cannot use 'postgresql://eig:***@127.0.0.1:1/eig': cannot reach the server"
        )
    )
    assert "hunter22" not in err


def test_a_bad_database_url_stops_the_start_with_status_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://eig:hunter22@/eig")
    assert entry.main(["unanswered", "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith(
        "DATABASE_URL: this is not a PostgreSQL address (it names no host)"
    )


async def sqlite_with_a_user(path: Path) -> None:
    store = await open_store(path)
    await store.register(Person(7, "Ana"), "webinar-2022-03-17", None, NOW)
    await store.close()


@pytest.mark.postgres
def test_db_copy_moves_the_sqlite_database_into_an_empty_postgresql_one_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "bot.sqlite3"
    asyncio.run(sqlite_with_a_user(source))
    monkeypatch.setenv("DATABASE_PATH", str(source))

    async def copy_twice() -> tuple[int, int, int]:
        async with fresh_schema() as url:
            first = await asyncio.to_thread(entry.main, ["db", "copy", "--to", url, "--lang", "en"])
            again = await asyncio.to_thread(entry.main, ["db", "copy", "--to", url, "--lang", "en"])
            store = await open_store(url)
            users = await store.user_count()
            await store.close()
            return first, again, users

    first, again, users = asyncio.run(copy_twice())
    captured = capsys.readouterr()
    assert (first, again, users) == (0, 2, 1)
    assert "into postgresql://eig_test:***@" in captured.out and ": 1 users, 1 registrations" in captured.out
    refusal = captured.err.strip().splitlines()[-1]
    assert refusal.startswith("db copy: postgresql://eig_test:***@")
    assert refusal.endswith("is not empty (1 users, 1 registrations): copy only into a new, empty database")


def test_db_copy_needs_a_postgresql_target(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert (
        entry.main(
            ["--lang", "en", "db", "copy", "--from", str(tmp_path / "x.sqlite3"), "--to", "sqlite:///x"]
        )
        == 2
    )
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("db copy --to: this is not a PostgreSQL address")
