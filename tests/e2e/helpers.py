"""What the end-to-end tests share besides fixtures: limits, the database as the test sees it."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from knowledge.model import PARIS
from storage.store import Person, open_store
from tests.fakebot import DEFAULT_TOKEN
from tests.fakebot.http import BotAPIServer

TOKEN = DEFAULT_TOKEN
ADMIN = 1
REMINDER_PREFIX = "⏰"
# The overall limit the e2e servers enforce: 60 messages in any second, twice what the bot
# sends at Telegram's pace (bot/ratelimit.py never lets 31 into any second; the drills of
# test_drills.py with `limited` and benchmarks/fanout.py check it against 30), so that a
# test sees only the 429s it scripts.
PACE = 60
# launch(..., pace_scale=QUICK) for journeys whose checks do not depend on the bot's pace: its
# rate limiters run ten times as fast (one message per chat every 0.1 s instead of every second).
QUICK = 0.1
SUBSCRIBED_AT = datetime(2022, 4, 1, 12, tzinfo=PARIS)


def seed_subscribers(
    database: Path,
    user_ids: Iterable[int],
    event_id: str = "applications-close",
    at: datetime = SUBSCRIBED_AT,
) -> None:
    """Users subscribed to a deadline's reminders, written with the bot's own Store."""

    async def seed() -> None:
        store = await open_store(database)
        try:
            for user_id in user_ids:
                await store.save_user(Person(user_id, f"User{user_id}", None, "fr"), at)
                await store.subscribe(user_id, event_id, at)
        finally:
            await store.close()

    asyncio.run(seed())


def query(database: Path, sql: str, *params: Any) -> list[tuple]:
    connection = sqlite3.connect(database, timeout=30)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def reminders_per_chat(server: BotAPIServer) -> dict[int, int]:
    """How many reminders each chat received (accepted by the server)."""
    counts: dict[int, int] = {}
    for message in server.messages():
        if message.plain.startswith(REMINDER_PREFIX):
            counts[message.chat_id] = counts.get(message.chat_id, 0) + 1
    return counts
