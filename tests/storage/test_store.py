"""The store, on SQLite and PostgreSQL alike (the `store` and `database` fixtures): migrations,
registrations without overbooking, erasure, retention."""

import asyncio
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from knowledge.model import PARIS
from storage.records import ClaimRequest, Recipients
from storage.store import MIGRATIONS, SCHEMA_VERSION, Person, SignUp, open_store
from tests.storage.backends import columns

NOW = datetime(2022, 3, 10, 12, 0, tzinfo=PARIS)


def table_names(path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


async def test_an_empty_file_is_migrated_to_the_current_schema(tmp_path):
    path = tmp_path / "sub" / "folder" / "bot.sqlite3"  # folders are created
    store = await open_store(path)
    await store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"unanswered", "users", "registrations"} <= table_names(path)


async def test_a_database_of_the_previous_version_keeps_its_data(tmp_path):
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as db:  # the schema as the previous release left it
        db.executescript(MIGRATIONS[0])
        db.execute(
            "INSERT INTO unanswered (text, asked_at) VALUES ('télétravail ?', '2022-03-01T10:00:00+01:00')"
        )
        db.execute("PRAGMA user_version = 1")
    store = await open_store(path)
    assert [q.text for q in await store.unanswered()] == ["télétravail ?"]
    assert await store.register(Person(1, "Ana"), "webinar-2022-03-17", None, NOW) is SignUp.REGISTERED
    await store.close()
    reopened = await open_store(path)  # opening again changes nothing
    assert await reopened.registration_counts() == {"webinar-2022-03-17": 1}
    await reopened.close()


async def test_a_database_from_a_newer_bot_is_refused(tmp_path):
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(RuntimeError, match="newer than this bot"):
        await open_store(path)


async def test_registering_twice_keeps_one_registration(store):
    user = Person(7, "Ana", "ana", "fr")
    assert await store.register(user, "w1", None, NOW) is SignUp.REGISTERED
    assert await store.register(user, "w1", None, NOW + timedelta(minutes=1)) is SignUp.ALREADY
    registrations = await store.registrations("w1")
    assert len(registrations) == 1 and registrations[0].registered_at == NOW


async def test_cancelling_frees_the_place(store):
    assert await store.register(Person(1), "w1", 1, NOW) is SignUp.REGISTERED
    assert await store.register(Person(2), "w1", 1, NOW) is SignUp.FULL
    assert await store.cancel(1, "w1") is True
    assert await store.cancel(1, "w1") is False
    assert await store.register(Person(2), "w1", 1, NOW) is SignUp.REGISTERED


async def test_fifty_people_pressing_at_once_get_exactly_ten_places(store):
    outcomes = await asyncio.gather(*(store.register(Person(i), "w1", 10, NOW) for i in range(50)))
    assert outcomes.count(SignUp.REGISTERED) == 10
    assert outcomes.count(SignUp.FULL) == 40
    assert await store.registration_counts() == {"w1": 10}


async def test_concurrent_registrations_from_two_connections_never_overbook(database):
    first, second = await open_store(database), await open_store(database)  # as two processes
    outcomes = await asyncio.gather(
        *((first if i % 2 else second).register(Person(i), "w1", 10, NOW) for i in range(50))
    )
    assert outcomes.count(SignUp.REGISTERED) == 10
    await first.close()
    await second.close()


async def test_each_registration_is_committed_before_register_returns(database):
    store, other = await open_store(database), await open_store(database)
    await store.register(Person(1, "Ana"), "w1", None, NOW)
    assert await other.registration_counts() == {"w1": 1}  # another connection sees it at once
    await store.close()
    await other.close()


async def test_forgetting_a_user_erases_them_and_their_registrations(store):
    await store.register(Person(1, "Ana", "ana", "fr"), "w1", None, NOW)
    await store.register(Person(1, "Ana", "ana", "fr"), "w2", None, NOW)
    await store.register(Person(2, "Bo"), "w1", None, NOW)
    await store.forget(1)
    assert await store.person(1) is None
    assert await store.registrations(user_id=1) == []
    assert await store.registration_counts() == {"w1": 1}


async def test_a_person_has_one_vote_per_answer_and_the_last_one_wins(store):
    await store.record_vote(1, "pay", True, NOW)
    await store.record_vote(1, "pay", True, NOW)
    await store.record_vote(1, "pay", False, NOW + timedelta(minutes=1))
    await store.record_vote(2, "pay", True, NOW)
    await store.record_vote(1, "status", True, NOW)
    assert await store.votes_per_entry() == {"pay": (1, 1), "status": (1, 0)}
    assert await store.votes_of(1) == 2


async def test_forgetting_a_person_erases_their_votes_even_without_a_sign_up(store):
    await store.record_vote(1, "pay", True, NOW)
    await store.record_vote(2, "pay", False, NOW)
    await store.forget(1)
    assert await store.votes_of(1) == 0
    assert await store.votes_per_entry() == {"pay": (0, 1)}


async def test_votes_cast_before_schema_5_are_kept_without_a_voter(tmp_path):
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as db:  # schema 4, as the previous release left it
        for step in MIGRATIONS[:4]:
            db.executescript(step)
        db.executemany(
            "INSERT INTO votes (entry, helpful, voted_at) VALUES (?, ?, ?)", [("pay", 1, NOW.isoformat())] * 3
        )
        db.execute("PRAGMA user_version = 4")
    store = await open_store(path)
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 5
    await store.record_vote(7, "pay", False, NOW)
    await store.record_vote(7, "pay", False, NOW)
    assert await store.votes_per_entry() == {"pay": (3, 1)}
    await store.close()


async def test_unanswered_questions_are_kept_without_any_user_id(store):
    await store.record_unanswered("y a-t-il du télétravail ?", None, None, NOW)
    assert "text" in await columns(store, "unanswered")
    assert "user_id" not in await columns(store, "unanswered")
    assert [q.text for q in await store.unanswered()] == ["y a-t-il du télétravail ?"]


async def test_an_unanswered_question_is_stored_without_e_mail_or_phone_number(store):
    await store.record_unanswered(
        "mon mail est jean.dupont@example.fr et mon tel 06 12 34 56 78", None, None, NOW
    )
    [(stored,)] = await store.fetch("SELECT text FROM unanswered")
    assert stored == "mon mail est [e-mail] et mon tel [téléphone]"


async def test_a_question_kept_before_scrubbing_is_shown_scrubbed(store):
    # as an older release stored it
    await store.write("INSERT INTO unanswered (text, asked_at) VALUES ('tel 0612345678', ?)", NOW)
    assert [q.text for q in await store.unanswered()] == ["tel [téléphone]"]


async def test_purging_deletes_the_questions_asked_before_an_instant_whatever_the_offset(store):
    summer = datetime(2022, 3, 27, 3, 10, tzinfo=PARIS)  # 01:10 UTC, the first hour of summer time
    await store.record_unanswered("avant", None, None, summer)
    await store.record_unanswered("après", None, None, summer + timedelta(minutes=30))
    cutoff = datetime(2022, 3, 27, 1, 20, tzinfo=UTC)  # "01:20" sorts before "03:10"
    assert await store.purge_unanswered(cutoff) == 1
    assert [q.text for q in await store.unanswered()] == ["après"]
    assert await store.purge_unanswered(cutoff) == 0


async def test_the_deliveries_of_a_schema_6_database_are_kept_when_claims_come_in(tmp_path):
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as db:  # schema 6, as the previous release left it
        for step in MIGRATIONS[:6]:
            db.executescript(step)
        db.execute("INSERT INTO users (id, created_at) VALUES (1, ?)", (NOW.isoformat(),))
        db.execute(
            "INSERT INTO deliveries (user_id, slot_key, status, at) VALUES (1, 'e/d7@0900', 'sent', ?)",
            (NOW.isoformat(),),
        )
        db.execute("PRAGMA user_version = 6")
    store = await open_store(path)
    assert (await store.delivery_tallies())["e/d7@0900"].sent == 1
    await store.record_delivery(1, "e/d1@0900", "sending", NOW)  # a claim: allowed from schema 7
    assert await store.claims_in_flight("e/d1@0900", NOW) == 1
    await store.forget(1)  # the rebuilt table still cascades
    assert await store.delivery_tallies() == {}
    await store.close()


async def test_claims_pending_and_tallies_keep_to_their_recipients(store):
    key, due = "applications-close/d7@0900", datetime(2022, 4, 12, 9, 0, tzinfo=PARIS)
    for user_id in (-1, 0, 1, 2):  # Telegram's ids are positive; 0 is the console's person
        await store.save_user(Person(user_id), NOW)
        await store.subscribe(user_id, "applications-close", NOW)
    telegram = ClaimRequest(key, "applications-close", "deadline", due, due, due - timedelta(minutes=2))
    console = replace(telegram, recipients=Recipients.one(0))
    assert [p.id for p in await store.claim_recipients(telegram)] == [1, 2]
    assert [p.id for p in await store.claim_recipients(console)] == [0]
    assert await store.claims_in_flight(key, due) == 2
    assert await store.claims_in_flight(key, due, Recipients.one(0)) == 1
    for user_id in (0, 1):
        await store.record_delivery(user_id, key, "sent", due)
    assert (await store.delivery_tallies())[key].sent == 1  # the console's send is not Telegram's
    assert [p.id for p in await store.pending_recipients(key, "applications-close", "deadline", due)] == [2]
    others = await store.pending_recipients(key, "applications-close", "deadline", due, Recipients(-2, 0))
    assert [p.id for p in others] == [-1]
