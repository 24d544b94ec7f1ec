"""The console's reminders: its own scheduler (the real one), its person alone, shown in the console."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta

import pytest

from bot.console import CONSOLE_USER, Console
from bot.console_reminders import console_reminders
from bot.core import Core
from bot.terminal import Terminal
from knowledge.clock import FixedClock
from knowledge.model import Knowledge
from reminders.planner import Slot, all_slots
from storage.records import Person
from storage.store import Store

TELEGRAM_USER = Person(5, "Ada", language="fr")
REMINDER = "⏰ Rappel : « Clôture des candidatures »"


@pytest.fixture
def slot(knowledge: Knowledge) -> Slot:
    return next(s for s in all_slots(knowledge) if s.key == "applications-close/d7@0900")


async def shown(out: io.StringIO, wanted: str, seconds: float = 10.0) -> str:
    """The console's output once it holds `wanted` (fails after `seconds`)."""
    async with asyncio.timeout(seconds):
        while wanted not in out.getvalue():
            await asyncio.sleep(0.02)
    return out.getvalue()


async def subscribed(knowledge: Knowledge, store: Store, clock: FixedClock) -> tuple[Console, io.StringIO]:
    """A console whose person subscribed to the applications' deadline by its buttons, and a
    Telegram user subscribed too."""
    out = io.StringIO()
    console = Console(Core(knowledge, clock, store), Terminal(io.StringIO(), out))
    await console.turn("/rappels")
    await console.turn("1")  # 🔔 Me rappeler : Clôture des candidatures
    assert list(await store.subscriptions_of(CONSOLE_USER.id)) == ["applications-close"]
    await store.save_user(TELEGRAM_USER, clock.now())
    await store.subscribe(TELEGRAM_USER.id, "applications-close", clock.now())
    return console, out


async def test_a_reminder_is_shown_in_the_console_at_its_time_once_and_only_there(
    knowledge: Knowledge, store: Store, slot: Slot
) -> None:
    clock = FixedClock(slot.due - timedelta(milliseconds=300))
    console, out = await subscribed(knowledge, store, clock)
    reminders = console_reminders(console, store, clock, lambda: knowledge)
    assert await reminders.start() == []  # nothing missed: the slot is still to come
    assert REMINDER not in out.getvalue()
    try:
        await shown(out, REMINDER)  # the scheduler's job, in about 0.3 s
        assert await reminders.fire(slot.key) is not None  # the same slot again: already shown
        assert out.getvalue().count(REMINDER) == 1
    finally:
        await reminders.stop()
    assert await store.deliveries_to(CONSOLE_USER.id) == 1
    assert await store.deliveries_to(TELEGRAM_USER.id) == 0  # the Telegram user's row untouched
    pending = await store.pending_recipients(slot.key, slot.event.id, slot.kind, slot.due)
    assert [p.id for p in pending] == [TELEGRAM_USER.id]
    assert console.choices[0].label == "🔕 Arrêter les rappels"  # its button is number 1


async def test_a_reminder_missed_while_the_console_was_closed_is_shown_at_start(
    knowledge: Knowledge, store: Store, slot: Slot
) -> None:
    clock = FixedClock(slot.due - timedelta(days=1))
    console, out = await subscribed(knowledge, store, clock)
    clock.advance(timedelta(days=1, minutes=5))
    reminders = console_reminders(console, store, clock, lambda: knowledge)
    try:
        [caught_up] = await reminders.start()
    finally:
        await reminders.stop()
    assert caught_up.sent == 1 and out.getvalue().count(REMINDER) == 1
    assert await store.deliveries_to(TELEGRAM_USER.id) == 0
