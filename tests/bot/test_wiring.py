"""The Telegram bot's wiring: background work started with the bot and stopped with it."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot import wiring
from bot.settings import Settings
from knowledge.clock import FixedClock
from knowledge.model import Knowledge
from storage.store import Store
from tests.fakebot import OfflineRequest
from tests.helpers import TOKEN


async def test_the_bot_deletes_unanswered_questions_past_their_time_as_it_starts(
    knowledge: Knowledge, clock: FixedClock, store: Store
) -> None:
    now = clock.now()
    await store.record_unanswered("il y a 31 jours", None, None, now - timedelta(days=31))
    await store.record_unanswered("il y a 29 jours", None, None, now - timedelta(days=29))
    settings = Settings(telegram_token=TOKEN, unanswered_retention_days=30)
    parts = wiring.build_bot(
        settings, knowledge, clock, store, request=OfflineRequest(), get_updates_request=OfflineRequest()
    )
    assert parts.retention is not None and parts.retention.days == 30
    application = parts.application
    await application.initialize()
    await application.post_init(application)  # what run_polling / run_webhook call
    try:
        for _ in range(100):
            if len(await store.unanswered()) == 1:
                break
            await asyncio.sleep(0.02)
        assert [q.text for q in await store.unanswered()] == ["il y a 29 jours"]
    finally:
        await application.shutdown()
        await application.post_shutdown(application)  # stops the tasks, closes the store
