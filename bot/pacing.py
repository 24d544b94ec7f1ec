"""Pacing that Telegram never refuses: a window of N requests per period, a per-chat burst then
one a second, and interactive replies before bulk fan-outs.

Why no 429 can come from the bot's own pace, whatever the network's delays: Telegram counts a
request at some instant between the moment the bot sends it and the moment the answer comes
back. So a Window counts a request from when it is let through until `period` seconds after
its answer came back (a semaphore of `limit` whose permits come back `period` after each
request ends). Any `period`-long stretch of Telegram's own clock then sees at most `limit` of
them: all the requests Telegram counted in it were occupying the window together at the
instant the last of them was let through. ChatPace applies the same reasoning to a token
bucket (GCRA): a chat's next message is judged against the answers' instants. The one gap: a
request given up before its answer (a timeout) counts from the give-up, and Telegram might
still count it later.

Time is read from an injected `monotonic` and waited out with an injected `sleep`, so tests run
the pacing on a virtual clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import heapq
import itertools
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from enum import IntEnum

Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class Priority(IntEnum):
    """Who goes first when both wait for the overall budget: lower first."""

    REPLY = 0  # an answer to someone who is waiting for it
    BULK = 1  # a reminder fan-out: takes what the replies leave


_priority: contextvars.ContextVar[Priority] = contextvars.ContextVar("send_priority", default=Priority.REPLY)


def current_priority() -> Priority:
    return _priority.get()


@contextlib.contextmanager
def bulk_sends() -> Iterator[None]:
    """The sends made inside (in this task) are bulk: they yield the overall budget to replies."""
    token = _priority.set(Priority.BULK)
    try:
        yield
    finally:
        _priority.reset(token)


class Window:
    """At most `limit` requests in any `period` seconds as Telegram counts them (see the module).

    Waiting requests are let through by priority, then in order of arrival; one task (the
    granter) does the waiting for all of them, so there is one sleeper per window.
    """

    def __init__(
        self, limit: int, period: float, monotonic: Monotonic = time.monotonic, sleep: Sleep = asyncio.sleep
    ):
        self.limit, self.period = limit, period
        self._monotonic, self._sleep = monotonic, sleep
        self.in_flight = 0
        self._ends: deque[float] = deque()  # when each ended request stops counting, in order
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._ended = asyncio.Event()
        self._granter: asyncio.Task[None] | None = None
        self.paused_until = 0.0  # after a 429: nothing is let through before then

    def occupied(self) -> int:
        """Requests counted now: in flight, or ended less than `period` ago."""
        now = self._monotonic()
        while self._ends and self._ends[0] <= now:
            self._ends.popleft()
        return self.in_flight + len(self._ends)

    @contextlib.asynccontextmanager
    async def slot(self, priority: int = Priority.REPLY) -> AsyncIterator[None]:
        """Wait for a place (by priority), hold it for the request, count it `period` more."""
        await self._acquire(priority)
        try:
            yield
        finally:
            self._release()

    async def _acquire(self, priority: int) -> None:
        if not self._waiting and self._monotonic() >= self.paused_until and self.occupied() < self.limit:
            self.in_flight += 1
            return
        granted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (priority, next(self._order), granted))
        if self._granter is None or self._granter.done():
            self._granter = asyncio.get_running_loop().create_task(self._grant())
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled():
                self._release()  # let through just as it was given up
            raise

    def _release(self) -> None:
        self.in_flight -= 1
        self._ends.append(self._monotonic() + self.period)
        self._ended.set()

    async def _grant(self) -> None:
        """Let the waiting requests through as places free up, best priority first."""
        while self._waiting:
            now = self._monotonic()
            if now < self.paused_until:
                await self._sleep(self.paused_until - now)
                continue
            free = self.limit - self.occupied()
            while free > 0 and self._waiting:
                granted = heapq.heappop(self._waiting)[2]
                if not granted.done():
                    granted.set_result(None)
                    self.in_flight += 1
                    free -= 1
            if not self._waiting:
                break
            if self._ends:  # the next place frees then; requests ending meanwhile free later
                await self._sleep(max(0.0, self._ends[0] - self._monotonic()))
            else:  # every place is in flight: wait for one to end
                self._ended.clear()
                await self._ended.wait()

    def close(self) -> None:
        """Stop waiting for places (at shutdown): the requests still waiting are given up."""
        if self._granter is not None:
            self._granter.cancel()
        for _, _, granted in self._waiting:
            granted.cancel()
        self._waiting.clear()

    def pause(self, seconds: float) -> None:
        """Let nothing through for `seconds` (Telegram asked the bot to wait)."""
        self.paused_until = max(self.paused_until, self._monotonic() + seconds)


@dataclass
class ChatPace:
    """A chat's messages: a burst of `burst`, then one every `interval` seconds on average.

    GCRA (a token bucket) on the instants Telegram answered: a message goes when
    `tat - (burst - 1) * interval` is past, and once answered pushes `tat` (the theoretical
    arrival time) `interval` further. One message of a chat at a time, so they arrive in order.
    """

    burst: int
    interval: float
    tat: float = float("-inf")
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def wait(self, now: float) -> float:
        """Seconds before the chat's next message may go (0: now)."""
        return max(0.0, self.tat - (self.burst - 1) * self.interval - now)

    def sent(self, answered_at: float) -> None:
        self.tat = max(answered_at, self.tat) + self.interval

    def idle(self, now: float) -> bool:
        """As good as a chat never written to: forgettable."""
        return not self.lock.locked() and self.tat <= now


class ChatPaces:
    """Each private chat's ChatPace; the idle ones are forgotten beyond `max_chats`."""

    def __init__(
        self, burst: int, interval: float, monotonic: Monotonic, sleep: Sleep, max_chats: int = 10_000
    ):
        self.burst, self.interval, self.max_chats = burst, interval, max_chats
        self._monotonic, self._sleep = monotonic, sleep
        self._chats: dict[int, ChatPace] = {}

    def __len__(self) -> int:
        return len(self._chats)

    def _pace(self, chat_id: int) -> ChatPace:
        pace = self._chats.get(chat_id)
        if pace is None:
            if len(self._chats) >= self.max_chats:
                now = self._monotonic()
                self._chats = {key: value for key, value in self._chats.items() if not value.idle(now)}
            pace = self._chats[chat_id] = ChatPace(self.burst, self.interval)
        return pace

    @contextlib.asynccontextmanager
    async def turn(self, chat_id: int) -> AsyncIterator[None]:
        """The chat's turn: its earlier messages answered and its pace respected; only this
        chat waits (nothing else is held meanwhile)."""
        pace = self._pace(chat_id)
        async with pace.lock:
            while (wait := pace.wait(self._monotonic())) > 0:
                await self._sleep(wait)
            try:
                yield
            finally:
                pace.sent(self._monotonic())
