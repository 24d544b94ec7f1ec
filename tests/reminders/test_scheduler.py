"""The APScheduler wiring: jobs from the calendar, rebuilt on edits, driven by the bot's clock."""

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta

from knowledge.clock import FixedClock, RehearsalClock
from knowledge.model import PARIS
from reminders.dispatch import Dispatcher
from reminders.scheduler import ReminderScheduler
from storage.store import Person


class Inbox:
    def __init__(self):
        self.got: list[tuple[int, str]] = []
        self.arrived = asyncio.Event()

    async def __call__(self, recipient, slot):
        self.got.append((recipient.id, slot.key))
        self.arrived.set()


async def subscribed(store, user_id: int, at: datetime) -> None:
    await store.save_user(Person(user_id, "Ana"), at)
    await store.subscribe(user_id, "applications-close", at)


async def test_the_schedule_has_a_job_per_slot_to_come(knowledge, store):
    clock = FixedClock(datetime(2022, 4, 15, 12, tzinfo=PARIS))
    scheduler = ReminderScheduler(lambda: knowledge, clock, Dispatcher(store, clock, Inbox()))
    assert scheduler.rebuild() == 5  # 18 and 19 April, then the three before 15 May
    assert [name for name, _ in scheduler.next_jobs()][:2] == [
        "applications-close/d1@0900",
        "applications-close/d0@0900",
    ]
    await scheduler.stop()


async def test_the_schedule_is_rebuilt_after_a_calendar_edit(knowledge, store):
    clock = FixedClock(datetime(2022, 4, 15, 12, tzinfo=PARIS))
    current = [knowledge]
    scheduler = ReminderScheduler(lambda: current[0], clock, Dispatcher(store, clock, Inbox()))
    scheduler.rebuild()
    later = replace(knowledge.event("applications-close"), start=datetime(2022, 4, 26, tzinfo=PARIS))
    current[0] = replace(knowledge, events=tuple(later if e.id == later.id else e for e in knowledge.events))
    scheduler.rebuild()
    jobs = dict(scheduler.next_jobs())
    assert "applications-close/d7@0900" in jobs  # 19 April 09:00 is now 7 days before
    assert len(jobs) == 6
    await scheduler.stop()


async def test_a_reminder_goes_out_at_its_hour_with_the_rehearsal_clock(knowledge, store):
    await subscribed(store, 1, datetime(2022, 4, 1, tzinfo=PARIS))
    # Staff start the bot at 08:59:59.5 on 12 April 2022: the 09:00 reminder is half a second away.
    clock = RehearsalClock(datetime(2022, 4, 12, 8, 59, 59, 500000, tzinfo=PARIS))
    inbox = Inbox()
    scheduler = ReminderScheduler(lambda: knowledge, clock, Dispatcher(store, clock, inbox))
    await scheduler.start()
    assert inbox.got == []  # nothing missed, nothing early
    await asyncio.wait_for(inbox.arrived.wait(), timeout=10)
    assert inbox.got == [(1, "applications-close/d7@0900")]
    assert clock.now() >= datetime(2022, 4, 12, 9, 0, tzinfo=PARIS)
    await scheduler.stop()


async def test_a_restart_sends_the_missed_slot_once_and_not_again(knowledge, store):
    await subscribed(store, 1, datetime(2022, 4, 1, tzinfo=PARIS))
    clock = FixedClock(datetime(2022, 4, 13, 10, tzinfo=PARIS))  # the bot was down on 12 April
    for _ in range(2):  # two restarts in a row
        inbox = Inbox()
        scheduler = ReminderScheduler(lambda: knowledge, clock, Dispatcher(store, clock, inbox))
        await scheduler.start()
        await scheduler.stop()
        clock.advance(timedelta(minutes=5))
        if _ == 0:
            assert inbox.got == [(1, "applications-close/d7@0900")]
        else:
            assert inbox.got == []


async def test_a_slot_removed_from_the_calendar_is_dropped_when_its_job_fires(knowledge, store):
    await subscribed(store, 1, datetime(2022, 4, 1, tzinfo=PARIS))
    clock = FixedClock(datetime(2022, 4, 12, 9, tzinfo=PARIS))
    current = [replace(knowledge, reminder_rules={})]
    inbox = Inbox()
    scheduler = ReminderScheduler(lambda: current[0], clock, Dispatcher(store, clock, inbox))
    assert await scheduler.fire("applications-close/d7@0900") is None
    assert inbox.got == []
