"""The database file: created for the bot's user only, refused in one line when it cannot be
written, and a write into a file deleted or replaced under the bot is never reported saved."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import pytest

from knowledge.model import PARIS
from storage.database import DatabaseGone, DatabaseUnavailable
from storage.store import Person, SignUp, open_store
from tests.permissions import threads_left, unprivileged

NOW = datetime(2022, 3, 10, 12, 0, tzinfo=PARIS)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def refusal(path: Path) -> str:
    """The one-line reason open_store gives; no thread is left behind."""
    before = threads_left()
    with pytest.raises(DatabaseUnavailable) as refused:
        await open_store(path)
    for thread in threads_left() - before:  # a closed connection's thread ends at once
        thread.join(2)
        assert not thread.is_alive()
    message = str(refused.value)
    assert "\n" not in message and message.startswith(f"cannot use {str(path)!r}: ")
    return message


# -- created for the bot's user only ---------------------------------------------------------
async def test_a_new_database_and_its_folder_are_readable_by_the_bots_user_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "bot.sqlite3"
    previous = os.umask(0o022)  # the usual umask, which leaves files world-readable
    try:
        store = await open_store(path)
        await store.register(Person(1, "Ana"), "w1", None, NOW)
        assert mode(path.parent) == 0o700
        assert mode(path) == 0o600
        journals = [Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert all(mode(journal) == 0o600 for journal in journals)  # SQLite copies the mode
        await store.close()
    finally:
        os.umask(previous)


# -- refused at opening, in one line ---------------------------------------------------------
async def test_a_path_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    assert "it is a folder; name a file" in await refusal(tmp_path)


async def test_a_folder_that_cannot_be_created_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("a file where a folder should be")
    message = await refusal(tmp_path / "notes.txt" / "data" / "bot.sqlite3")
    assert "notes.txt/data' cannot be created (Not a directory)" in message


async def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    path.write_text("these are not the tables you are looking for " * 100)
    assert "it is not an SQLite database" in await refusal(path)


async def test_a_read_only_database_file_is_refused() -> None:
    with unprivileged() as folder:
        path = folder / "bot.sqlite3"
        await (await open_store(path)).close()
        path.chmod(0o400)
        assert "the file is read-only for the bot's user" in await refusal(path)


async def test_a_folder_the_bot_cannot_write_is_refused_for_a_new_or_an_existing_file() -> None:
    with unprivileged() as folder:
        existing = folder / "data" / "bot.sqlite3"
        await (await open_store(existing)).close()
        for name in ("bot.sqlite3-wal", "bot.sqlite3-shm"):
            (existing.parent / name).unlink(missing_ok=True)
        existing.parent.chmod(0o500)
        assert "data' is not writable by the bot's user" in await refusal(existing)
        assert "the file cannot be created in" in await refusal(existing.parent / "new.sqlite3")


# -- while running -----------------------------------------------------------------------------
async def test_a_write_into_a_deleted_database_file_raises_instead_of_saving(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    store = await open_store(path)
    store.check_file()  # the file it opened: nothing to say
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    with pytest.raises(DatabaseGone, match="was deleted while the bot was running"):
        await store.register(Person(1, "Ana"), "w1", None, NOW)
    with pytest.raises(DatabaseGone):
        store.check_file()
    await store.close()


async def test_a_write_into_a_replaced_database_file_raises_too(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    store = await open_store(path)
    other = tmp_path / "restored.sqlite3"
    await (await open_store(other)).close()
    other.replace(path)  # e.g. a backup copied over the live file
    with pytest.raises(DatabaseGone, match="was replaced by another file"):
        await store.save_user(Person(1, "Ana"), NOW)
    await store.close()


async def test_a_failed_write_is_rolled_back_and_the_next_one_works(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "bot.sqlite3")
    await store.db.execute("PRAGMA query_only = ON")  # SQLite refuses writes, as on a read-only disk
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        await store.register(Person(1, "Ana"), "w1", None, NOW)
    assert not store.db.in_transaction
    await store.db.execute("PRAGMA query_only = OFF")
    assert await store.register(Person(1, "Ana"), "w1", None, NOW) is SignUp.REGISTERED
    assert await store.registration_counts() == {"w1": 1}
    await store.close()
