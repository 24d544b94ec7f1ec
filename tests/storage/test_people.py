"""The language kept with a person (issue 13), on SQLite and PostgreSQL alike: the one they
signed up in, or the one they fixed with /langue; reminders read it with the recipients."""

import sqlite3
from dataclasses import replace
from datetime import datetime

from knowledge.model import PARIS
from storage.schema import MIGRATIONS
from storage.store import Person, open_store

NOW = datetime(2022, 3, 10, 12, 0, tzinfo=PARIS)
DUE = datetime(2022, 4, 12, 9, 0, tzinfo=PARIS)
ANA = Person(1, "Ana", "ana", "fr")  # a French Telegram


async def test_a_sign_up_keeps_the_language_of_the_conversation(store):
    await store.save_user(replace(ANA, turn="en"), NOW)
    assert await store.person(1) == replace(ANA, reply_language="en")
    await store.register(replace(ANA, turn="fr"), "w1", None, NOW)  # signing up again, in French
    assert (await store.person(1)).reply_language == "fr"


async def test_a_fixed_language_outlives_the_sign_ups_until_it_is_released(store):
    await store.fix_language(ANA, "en", NOW)  # someone the bot kept nothing about yet
    assert await store.person(1) == replace(ANA, reply_language="en", language_fixed=True)
    await store.save_user(replace(ANA, turn="fr"), NOW)
    await store.register(replace(ANA, turn="fr"), "w1", None, NOW)
    assert (await store.person(1)).lang == "en"
    await store.fix_language(ANA, None, NOW)  # back to the messages' language
    assert await store.person(1) == replace(ANA, reply_language="en")
    await store.save_user(replace(ANA, turn="fr"), NOW)
    assert (await store.person(1)).reply_language == "fr"


async def test_releasing_a_language_keeps_nothing_about_a_stranger(store):
    await store.fix_language(ANA, None, NOW)
    assert await store.person(1) is None


async def test_forgetting_a_person_erases_their_language(store):
    await store.fix_language(ANA, "en", NOW)
    await store.forget(1)
    assert await store.person(1) is None


async def test_reminder_recipients_come_with_their_language(store):
    await store.save_user(replace(ANA, turn="en"), NOW)
    await store.subscribe(1, "applications-close", NOW)
    await store.fix_language(Person(2, "Bo", None, "en-GB"), "fr", NOW)
    await store.subscribe(2, "applications-close", NOW)
    await store.save_user(Person(3, "Cy", None, "en-GB"), NOW)  # no turn: Telegram's language
    await store.subscribe(3, "applications-close", NOW)
    pending = await store.pending_recipients("slot", "applications-close", "deadline", DUE)
    assert [(p.id, p.lang) for p in pending] == [(1, "en"), (2, "fr"), (3, "en")]
    assert [p.lang for p in await store.registrations()] == []
    await store.register(replace(ANA, turn="en"), "w1", None, NOW)
    assert [r.user.lang for r in await store.registrations()] == ["en"]


async def test_people_kept_before_the_language_step_answer_in_their_telegram_language(tmp_path):
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as db:  # the schema before the language step
        for step in MIGRATIONS[:-1]:
            db.executescript(step)
        db.execute(
            "INSERT INTO users (id, first_name, language, created_at) VALUES (5, 'Sam', 'en-US', ?)",
            (NOW.isoformat(),),
        )
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    store = await open_store(path)
    assert await store.person(5) == Person(5, "Sam", None, "en-US")
    assert (await store.person(5)).lang == "en"
    await store.close()


async def test_only_sign_ups_count_as_people_signed_up_not_a_language_choice(store):
    await store.fix_language(ANA, "en", NOW)  # a row kept for /langue alone
    await store.register(Person(2, "Bo"), "w1", None, NOW)
    await store.save_user(Person(3, "Cy"), NOW)
    await store.subscribe(3, "applications-close", NOW)
    assert await store.user_count() == 3 and await store.signed_up_count() == 2
