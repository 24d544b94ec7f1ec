"""Fan-out of one reminder slot: pending recipients, a send function, the delivery log."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from knowledge.clock import Clock
from storage.records import TELEGRAM_USERS, ClaimRequest, Person, Recipients
from storage.store import Store
from storage.subscriptions import BLOCKED, FAILED, SENT

from .planner import Slot

log = logging.getLogger(__name__)
# A claim not renewed for this long is taken to be a dead process's: its recipients are sent
# to again. A fan-out renews its claims four times as often while it sends them.
CLAIM_TIMEOUT = timedelta(minutes=2)
CLAIM_POLL_SECONDS = 5.0  # how often a fan-out looks again at another process's claims
# While the database is out of reach (Store.unavailable: a server restart), a fan-out and the
# log of a send Telegram accepted are tried again after these waits (s), then the error goes up.
UNAVAILABLE_WAITS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 30.0, 30.0)


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


@dataclass
class Claim:
    """Recipients claimed together, under the instant `at` (moved forward when renewed)."""

    at: datetime
    recipients: list[Person]
    answered: set[int] = field(default_factory=set)  # Telegram answered for good: never given back
    logged: set[int] = field(default_factory=set)  # ...and the answer is in the database

    def unanswered(self) -> list[int]:
        return [r.id for r in self.recipients if r.id not in self.answered]

    def unlogged(self) -> list[int]:
        return [r.id for r in self.recipients if r.id not in self.logged]


class Dispatcher:
    """Sends a slot to everyone still owed it; each send is logged under (user, slot).

    Recipients are claimed in small batches before they are sent to (Store.claim_recipients),
    so that the fan-outs of one slot in several processes share the work. A delivery is
    recorded right after Telegram accepts it; a fan-out that stops gives back the claims it
    has not sent, so a crash mid fan-out leaves the others pending: the next fan-out of the
    same slot sends only to them. The claims of a killed process are taken over once older
    than `claim_timeout`: only the sends it had in flight can go twice. A fan-out ends when
    no claim of its slot is in flight anywhere.

    `recipients` scopes it: Telegram's users (positive ids, the default), or one person of
    another transport (`Recipients.one(0)`: the console's), whose fan-out touches no one else.
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
        claim_timeout: timedelta = CLAIM_TIMEOUT,
        claim_poll: float = CLAIM_POLL_SECONDS,
        claim_clock: Clock | None = None,
        recipients: Recipients = TELEGRAM_USERS,
    ):
        self.store = store
        self.clock = clock
        self.send = send
        self.concurrency = concurrency
        self.max_attempts = max_attempts
        self.max_waits = max_waits
        self.backoff = backoff
        self.sleep = sleep
        self.claim_timeout = claim_timeout
        self.claim_poll = claim_poll
        # Claims are stamped and judged stale by real time, the same in every process, even
        # when `clock` rehearses another day (each process's rehearsal clock starts apart).
        self.claim_clock = claim_clock or clock
        self.recipients = recipients
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def fan_out(self, slot: Slot) -> FanOut:
        """Send `slot` to its pending recipients; never two fan-outs of one slot at once here,
        and shared with the fan-outs of the same slot in other processes."""
        async with self._locks[slot.key]:
            result = FanOut(slot.key)
            for wait in (*UNAVAILABLE_WAITS, None):
                try:
                    await self._send_owed(slot, result)
                    break
                except self.store.unavailable as problem:
                    if wait is None:
                        raise
                    log.warning(
                        "reminder %s: the database is out of reach (%s); going on in %g s",
                        slot.key,
                        type(problem).__name__,
                        wait,
                    )
                    await self.sleep(wait)
            if result.sent or result.failed or result.blocked:
                log.info(
                    "reminder %s: %d sent, %d failed, %d blocked, %d retries",
                    slot.key,
                    result.sent,
                    result.failed,
                    result.blocked,
                    result.retried,
                )
            return result

    async def _send_owed(self, slot: Slot, result: FanOut) -> None:
        after: int | None = None  # one pass up the user ids: a failure waits for the next fan-out
        while claim := await self._claim(slot, after=after):
            after = claim.recipients[-1].id
            await self._send_claimed(claim, slot, result)
        # Others' claims: wait for them to be settled, and take over those that go stale.
        while True:
            # One instant for both questions: a claim that goes stale between them is
            # either taken over by the first or counted in flight by the second.
            now = self.claim_clock.now()
            if claim := await self._claim(slot, stale_only=True, now=now):
                await self._send_claimed(claim, slot, result)
                continue
            if not await self.store.claims_in_flight(slot.key, now - self.claim_timeout, self.recipients):
                return
            await self.sleep(self.claim_poll)

    async def _claim(
        self, slot: Slot, *, after: int | None = None, stale_only: bool = False, now: datetime | None = None
    ) -> Claim | None:
        now = now or self.claim_clock.now()
        recipients = await self.store.claim_recipients(
            ClaimRequest(
                slot.key,
                slot.event.id,
                slot.kind,
                slot.due,
                now,
                stale_before=now - self.claim_timeout,
                after=after,
                limit=4 * self.concurrency,
                stale_only=stale_only,
                recipients=self.recipients,
            )
        )
        return Claim(now, recipients) if recipients else None

    async def _send_claimed(self, claim: Claim, slot: Slot, result: FanOut) -> None:
        """Send to the claimed recipients, renewing the claim meanwhile; what is not sent
        when this stops (an error, a cancellation) is given back."""
        queue: asyncio.Queue[Person] = asyncio.Queue()
        for recipient in claim.recipients:
            queue.put_nowait(recipient)
        workers = [
            asyncio.create_task(self._work(queue, slot, result, claim))
            for _ in range(min(self.concurrency, len(claim.recipients)))
        ]
        renewing = asyncio.create_task(self._renew(claim, slot))
        try:
            await asyncio.gather(*workers)
        finally:
            for task in (*workers, renewing):
                task.cancel()
            await asyncio.gather(*workers, renewing, return_exceptions=True)  # logs in hand end
            if unsent := claim.unanswered():  # the next fan-out, here or elsewhere, sends them
                with contextlib.suppress(Exception):
                    await self.store.release_claims(slot.key, unsent, claim.at)

    async def _renew(self, claim: Claim, slot: Slot) -> None:
        """Keep the claim fresh while it is being sent (in real seconds: Telegram's pace)."""
        while True:
            await asyncio.sleep(self.claim_timeout.total_seconds() / 4)
            now = self.claim_clock.now()
            with contextlib.suppress(Exception):  # a claim gone stale is only sent twice
                await self.store.renew_claims(slot.key, claim.unlogged(), claim.at, now)
                claim.at = now

    async def _work(self, queue: asyncio.Queue[Person], slot: Slot, result: FanOut, claim: Claim) -> None:
        while not queue.empty():
            recipient = queue.get_nowait()
            status = await self._deliver(recipient, slot, result, claim)
            setattr(result, status, getattr(result, status) + 1)

    async def _deliver(self, recipient: Person, slot: Slot, result: FanOut, claim: Claim) -> str:
        """Send to one person. Flood control (RetryLater) is waited out without using up an
        attempt, up to `max_waits` times; network failures use attempts, with backoff. Once
        Telegram has answered for good, the person is `answered`: their claim is not given back."""
        error = ""
        attempt = waits = 0
        while attempt < self.max_attempts and waits <= self.max_waits:
            try:
                await self.send(recipient, slot)
            except Blocked:
                await self._record(recipient, slot, BLOCKED, claim)
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
                await self._record(recipient, slot, SENT, claim)
                return SENT
        log.warning(
            "reminder %s: a delivery failed (%s); the next fan-out of this slot retries it", slot.key, error
        )
        await self._record(recipient, slot, FAILED, claim, error)
        return FAILED

    async def _record(
        self, recipient: Person, slot: Slot, status: str, claim: Claim, error: str | None = None
    ) -> None:
        """Log how a send ended; a stop (cancellation, even repeated) waits for the write: a
        send that Telegram answered is never left unlogged by a stop."""
        claim.answered.add(recipient.id)
        write = asyncio.ensure_future(self._log(recipient.id, slot.key, status, error))
        stopped = False
        while not write.done():
            try:
                await asyncio.shield(write)
            except asyncio.CancelledError:
                stopped = True
        write.result()  # its error, if any
        claim.logged.add(recipient.id)
        if stopped:
            raise asyncio.CancelledError

    async def _log(self, user_id: int, slot_key: str, status: str, error: str | None) -> None:
        """Write the delivery, waiting out a database out of reach (the write is idempotent):
        unlogged, a send Telegram accepted would be sent again once its claim went stale."""
        for wait in UNAVAILABLE_WAITS:
            try:
                return await self.store.record_delivery(user_id, slot_key, status, self.clock.now(), error)
            except self.store.unavailable as problem:
                log.warning(
                    "reminder %s: a delivery could not be logged yet (%s); trying again in %g s",
                    slot_key,
                    type(problem).__name__,
                    wait,
                )
                await self.sleep(wait)
        await self.store.record_delivery(user_id, slot_key, status, self.clock.now(), error)
