"""APScheduler wiring: one job per slot to come, rebuilt from the calendar and the database."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from knowledge.clock import Clock
from knowledge.model import Knowledge

from .dispatch import Dispatcher, FanOut
from .planner import all_slots, missed_slots, upcoming_slots

log = logging.getLogger(__name__)
JOB_PREFIX = "reminder:"


class ReminderScheduler:
    """Wakes the dispatcher at each slot, by the bot's clock (which may be a rehearsal clock).

    Jobs are never persisted: the facts (subscriptions, deliveries) are in the database and
    the schedule is rebuilt from them and the calendar at start and at every reload.
    """

    def __init__(
        self,
        knowledge: Callable[[], Knowledge],
        clock: Clock,
        dispatcher: Dispatcher,
        scheduler: AsyncIOScheduler | None = None,
    ):
        self.knowledge = knowledge
        self.clock = clock
        self.dispatcher = dispatcher
        self.scheduler = scheduler or AsyncIOScheduler(timezone=UTC)
        self._running: set[asyncio.Task] = set()

    async def start(self) -> list[FanOut]:
        """Start the scheduler, plan the slots to come, and send what was missed meanwhile."""
        if not self.scheduler.running:
            self.scheduler.start()
        self.rebuild()
        return await self.catch_up()

    async def stop(self) -> None:
        """Stop waking up, and stop the fan-outs in flight (what they sent is logged)."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        for task in list(self._running):
            task.cancel()
        for task in list(self._running):
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def rebuild(self) -> int:
        """Replace every reminder job with the slots the current calendar gives; return how many."""
        for job in self.scheduler.get_jobs():
            if job.id.startswith(JOB_PREFIX):
                job.remove()
        now = self.clock.now()
        slots = upcoming_slots(self.knowledge(), now)
        for slot in slots:
            self.scheduler.add_job(
                self.fire,
                DateTrigger(run_date=self._real_time(slot.due, now)),
                args=[slot.key],
                id=JOB_PREFIX + slot.key,
                name=slot.key,
                misfire_grace_time=None,
                coalesce=True,
                replace_existing=True,
            )
        log.info("reminder schedule rebuilt: %d slot(s) to come", len(slots))
        return len(slots)

    def _real_time(self, due: datetime, now: datetime) -> datetime:
        """The system instant at which the bot's clock will read `due`."""
        return datetime.now(UTC) + (due - now)

    async def catch_up(self) -> list[FanOut]:
        """Send, once, the latest missed slot of each event still ahead."""
        with self._tracked():
            return [
                await self.dispatcher.fan_out(slot)
                for slot in missed_slots(self.knowledge(), self.clock.now())
            ]

    @contextlib.contextmanager
    def _tracked(self) -> Iterator[None]:
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            yield
        finally:
            self._running.discard(task)

    async def fire(self, slot_key: str) -> FanOut | None:
        """A job's time has come: send the slot if the calendar still has it and it is still due."""
        with self._tracked():
            return await self._fire(slot_key)

    async def _fire(self, slot_key: str) -> FanOut | None:
        now = self.clock.now()
        slot = next((s for s in all_slots(self.knowledge()) if s.key == slot_key), None)
        if slot is None or slot not in missed_slots(self.knowledge(), now) + upcoming_slots(
            self.knowledge(), now
        ):
            log.info("reminder %s dropped: no longer in the calendar or no longer ahead", slot_key)
            return None
        return await self.dispatcher.fan_out(slot)

    def next_jobs(self) -> list[tuple[str, datetime]]:
        return [
            (job.name, job.trigger.run_date)
            for job in self.scheduler.get_jobs()
            if job.id.startswith(JOB_PREFIX)
        ]
