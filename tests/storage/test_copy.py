"""`eig-bot db copy`: an SQLite database with data, copied into PostgreSQL, has the same rows."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from knowledge.model import PARIS
from storage.copy import CopyRefused, copy_database
from storage.records import Delivery
from storage.schema import FLAG_COLUMNS, TABLES, TIME_COLUMNS
from storage.store import Person, Store, open_store
from tests.storage.backends import fresh_schema

pytestmark = pytest.mark.postgres

NOW = datetime(2022, 3, 27, 1, 30, tzinfo=PARIS)  # the night summer time starts


@pytest.fixture
async def target():
    async with fresh_schema() as url:
        yield url


async def fill(store: Store) -> None:
    """Some of everything the bot keeps."""
    ana, bo = Person(7, "Ana", "ana", "fr"), Person(8_000_000_001, "Bo", None, "en-GB")
    await store.register(ana, "webinar-2022-03-17", 30, NOW)
    await store.save_user(bo, NOW + timedelta(hours=2))  # after the change of offset
    await store.subscribe(bo.id, "applications-close", NOW + timedelta(hours=3))
    await store.set_webinar_reminders(ana.id, False)
    await store.record_delivery(bo.id, "applications-close/d7@0900", Delivery.SENT, NOW)
    await store.record_delivery(ana.id, "applications-close/d7@0900", Delivery.BLOCKED, NOW)
    await store.record_unanswered("y a-t-il du télétravail ?", "remote", 0.42, NOW)
    await store.record_unanswered("et le salaire ?", None, None, NOW + timedelta(days=1))
    await store.record_question("answer", "pay", NOW)
    await store.record_question("none", None, NOW)
    await store.record_vote(ana.id, "pay", True, NOW)
    await store.record_vote(bo.id, "pay", False, NOW)
    await store.keep_updates([(501, '{"update_id": 501}')], NOW)
    learned = await store.record_proposal("on bosse où ?", "fr", "chosen", "teams", 74.0, NOW)
    await store.decide_proposal(learned, "accepted", "teams", NOW)
    await store.record_proposal("et le télétravail ?", "fr", "unanswered", None, None, NOW)


async def everything(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, times as instants and flags as booleans, in a stable order."""

    def plain(column: str, value: object) -> object:
        if column in TIME_COLUMNS:
            return datetime.fromisoformat(value) if isinstance(value, str) else value  # compared as instants
        return bool(value) if column in FLAG_COLUMNS else value

    tables = {}
    for table, columns in TABLES.items():
        rows = await store.fetch(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1, 2")
        tables[table] = [tuple(plain(c, v) for c, v in zip(columns, row, strict=True)) for row in rows]
    return tables


async def test_a_copy_has_every_row_of_every_table(tmp_path: Path, target: str) -> None:
    source = tmp_path / "bot.sqlite3"
    sqlite = await open_store(source)
    await fill(sqlite)
    copied = await copy_database(source, target)
    postgres = await open_store(target)
    assert copied == {table: len(rows) for table, rows in (await everything(sqlite)).items()}
    assert all(copied.values())  # the example has rows in every table
    assert await everything(postgres) == await everything(sqlite)
    # and the bot's queries give the same answers
    assert await postgres.registrations() == await sqlite.registrations()
    assert await postgres.unanswered() == await sqlite.unanswered()
    assert await postgres.votes_per_entry() == await sqlite.votes_per_entry()
    assert await postgres.delivery_tallies() == await sqlite.delivery_tallies()
    # new rows get ids after the copied ones
    await postgres.record_question("smalltalk", None, NOW)
    assert await postgres.value("SELECT MAX(id) FROM questions") == 3
    await sqlite.close()
    await postgres.close()


async def test_a_target_that_holds_data_is_refused_and_left_as_it_was(tmp_path: Path, target: str) -> None:
    source = tmp_path / "bot.sqlite3"
    sqlite = await open_store(source)
    await fill(sqlite)
    await sqlite.close()
    postgres = await open_store(target)
    await postgres.save_user(Person(99, "Zoé"), NOW)
    with pytest.raises(CopyRefused, match=r"is not empty \(1 users\): copy only into a new, empty database"):
        await copy_database(source, target)
    assert await postgres.user_count() == 1
    await postgres.close()


async def test_a_source_that_is_not_a_file_is_refused(tmp_path: Path, target: str) -> None:
    with pytest.raises(CopyRefused, match="is not a file"):
        await copy_database(tmp_path / "missing.sqlite3", target)
    assert not (tmp_path / "missing.sqlite3").exists()
