"""Unanswered questions are kept UNANSWERED_RETENTION_DAYS by the bot's clock, then deleted."""

import asyncio
from datetime import timedelta

from knowledge.clock import FixedClock
from storage.retention import DEFAULT_RETENTION_DAYS, UnansweredRetention
from tests.helpers import NOW


async def texts(store) -> list[str]:
    return [q.text for q in await store.unanswered()]


async def test_by_default_a_question_is_kept_90_days(store):
    clock = FixedClock(NOW)
    await store.record_unanswered("91 jours", None, None, NOW - timedelta(days=91))
    await store.record_unanswered("89 jours", None, None, NOW - timedelta(days=89))
    assert DEFAULT_RETENTION_DAYS == 90
    assert await UnansweredRetention(store, clock).purge() == 1
    assert await texts(store) == ["89 jours"]


async def test_the_bot_purges_at_start_then_at_each_interval_by_its_clock(store):
    clock = FixedClock(NOW)
    await store.record_unanswered("vieille", None, None, NOW - timedelta(days=31))
    await store.record_unanswered("de la veille", None, None, NOW - timedelta(days=29, hours=12))
    task = asyncio.create_task(UnansweredRetention(store, clock, days=30).run(interval=0.05))
    try:
        await asyncio.sleep(0.02)  # the purge at start
        assert await texts(store) == ["de la veille"]
        clock.advance(timedelta(days=1))  # a day later by the bot's clock
        await asyncio.sleep(0.1)
        assert await texts(store) == []
    finally:
        task.cancel()


async def test_a_failed_purge_is_logged_and_the_next_one_still_runs(store, caplog):
    retention = UnansweredRetention(store, FixedClock(NOW))
    await store.close()
    assert await retention.purge_or_log() == 0
    assert "could not purge unanswered questions" in caplog.text
