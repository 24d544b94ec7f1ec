"""Fan-out of one reminder slot: pending recipients, a send function, the delivery log."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from knowledge.clock import Clock
from storage.records import Person
from storage.store import Store
from storage.subscriptions import BLOCKED, FAILED, SENT

from .planner import Slot

log = logging.getLogger(__name__)


class Blocked(Exception):
    """The recipient blocked the bot (Telegram's 403): stop writing to them."""


class RetryLater(Exception):
    """Telegram asked to wait (429 with retry_after) before sending again."""

    def __init__(self, seconds: float):
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Transient(Exception):
    """A network failure or a server error: try again after a pause."""


SendFunction = Callable[[Person, Slot], Awaitable[None]]
Sleep = Callable[[float], Awaitable[None]]


@dataclass
class FanOut:
    """What one fan-out did."""

    slot: str
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    retried: int = 0


class Dispatcher:
    """Sends a slot to everyone still owed it; each send is logged under (user, slot).

    A delivery is recorded right after Telegram accepts it, so a crash mid fan-out leaves
    the others pending: the next fan-out of the same slot sends only to them.
    """

    def __init__(
        self,
        store: Store,
        clock: Clock,
        send: SendFunction,
        *,
        concurrency: int = 8,
        max_attempts: int = 5,
        max_waits: int = 100,
        backoff: float = 1.0,
        sleep: Sleep = asyncio.sleep,
    ):
        self.store = store
        self.clock = clock
        self.send = send
        self.concurrency = concurrency
        self.max_attempts = max_attempts
        self.max_waits = max_waits
        self.backoff = backoff
        self.sleep = sleep
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def fan_out(self, slot: Slot) -> FanOut:
        """Send `slot` to its pending recipients; never two fan-outs of one slot at once."""
        async with self._locks[slot.key]:
            recipients = await self.store.pending_recipients(slot.key, slot.event.id, slot.kind, slot.due)
            result = FanOut(slot.key)
            queue: asyncio.Queue[Person] = asyncio.Queue()
            for recipient in recipients:
                queue.put_nowait(recipient)
            workers = [
                asyncio.create_task(self._work(queue, slot, result))
                for _ in range(min(self.concurrency, len(recipients)))
            ]
            try:
                await asyncio.gather(*workers)
            finally:
                for worker in workers:
                    worker.cancel()
            if recipients:
                log.info(
                    "reminder %s: %d sent, %d failed, %d blocked, %d retries",
                    slot.key,
                    result.sent,
                    result.failed,
                    result.blocked,
                    result.retried,
                )
            return result

    async def _work(self, queue: asyncio.Queue[Person], slot: Slot, result: FanOut) -> None:
        while not queue.empty():
            recipient = queue.get_nowait()
            status = await self._deliver(recipient, slot, result)
            setattr(result, status, getattr(result, status) + 1)

    async def _deliver(self, recipient: Person, slot: Slot, result: FanOut) -> str:
        """Send to one person. Flood control (RetryLater) is waited out without using up an
        attempt, up to `max_waits` times; network failures use attempts, with backoff."""
        error = ""
        attempt = waits = 0
        while attempt < self.max_attempts and waits <= self.max_waits:
            try:
                await self.send(recipient, slot)
            except Blocked:
                await self.store.record_delivery(recipient.id, slot.key, BLOCKED, self.clock.now())
                return BLOCKED
            except RetryLater as wait:
                result.retried += 1
                waits += 1
                error = str(wait)
                await self.sleep(wait.seconds)
            except Transient as failure:
                result.retried += 1
                error = type(failure).__name__
                await self.sleep(self.backoff * 2**attempt)
                attempt += 1
            else:
                await self.store.record_delivery(recipient.id, slot.key, SENT, self.clock.now())
                return SENT
        log.warning(
            "reminder %s: a delivery failed (%s); the next fan-out of this slot retries it", slot.key, error
        )
        await self.store.record_delivery(recipient.id, slot.key, FAILED, self.clock.now(), error)
        return FAILED
