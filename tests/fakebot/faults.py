"""Telegram's flood limits (sliding windows) and the faults a test scripts: 429 storms, 403 for
chats that blocked the bot, 500s, slow answers, and sends held unanswered."""

from __future__ import annotations

import collections
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from tests.fakebot.rules import PER_CHAT_BURST, SEND_METHODS


@dataclass
class Fault:
    """A scripted failure for the send methods (or `methods`) to `chats` (None: every chat).

    It applies to `count` requests (None: no count), for `seconds` from the first request it
    hits (None: no time limit); status 0 only delays (`delay` seconds) without failing.
    """

    status: int
    description: str
    methods: frozenset[str] = SEND_METHODS
    chats: frozenset[int] | None = None
    count: int | None = None
    seconds: float | None = None
    retry_after: float = 1
    delay: float = 0.0
    hits: int = 0
    started: float | None = None

    def matches(self, method: str, chat_id: int | None, now: float) -> bool:
        if method not in self.methods:
            return False
        if self.chats is not None and chat_id not in self.chats:
            return False
        if self.count is not None and self.hits >= self.count:
            return False
        return not (
            self.seconds is not None and self.started is not None and now - self.started > self.seconds
        )


class SlidingWindow:
    """At most `limit` events in any `seconds`; `limit` 0 or `seconds` 0 means no limit."""

    def __init__(self, limit: int, seconds: float):
        self.limit = limit
        self.seconds = seconds
        self.events: collections.deque[float] = collections.deque()

    @property
    def active(self) -> bool:
        return self.limit > 0 and self.seconds > 0

    def wait(self, now: float) -> float:
        """0 if one more event fits now, else how long until one does."""
        if not self.active:
            return 0.0
        while self.events and self.events[0] <= now - self.seconds:
            self.events.popleft()
        if len(self.events) < self.limit:
            return 0.0
        return self.events[0] + self.seconds - now

    def add(self, now: float) -> None:
        if self.active:
            self.events.append(now)


class TokenBucket:
    """A burst of `burst` events, then `limit` per `seconds` on average (GCRA: a bucket of
    `burst` tokens refilled one every seconds / limit); `limit` or `seconds` 0: no limit."""

    def __init__(self, burst: int, limit: int, seconds: float):
        self.active = limit > 0 and seconds > 0
        self.interval = seconds / limit if self.active else 0.0
        self.tolerance = (max(1, burst) - 1) * self.interval
        self.tat = float("-inf")  # theoretical arrival time of the next event

    def wait(self, now: float) -> float:
        """0 if one more event fits now, else how long until one does."""
        return max(0.0, self.tat - self.tolerance - now) if self.active else 0.0

    def add(self, now: float) -> None:
        if self.active:
            self.tat = max(now, self.tat) + self.interval


class FloodLimits:
    """Telegram's flood limits as the fake enforces them (rules.py says why): `global_limit`
    messages in any `global_window` seconds overall; per chat a burst of `per_chat_burst`, then
    `per_chat_limit` per `per_chat_window` seconds."""

    def __init__(
        self,
        global_limit: int,
        global_window: float,
        per_chat_limit: int,
        per_chat_window: float,
        per_chat_burst: int = PER_CHAT_BURST,
    ):
        self.overall = SlidingWindow(global_limit, global_window)
        self.per_chat = (per_chat_burst, per_chat_limit, per_chat_window)
        self.chats: dict[int, TokenBucket] = {}

    def retry_after(self, chat_id: int | None, now: float) -> int:
        """0 and the send counted, or the whole seconds to wait before it would fit."""
        chat = None
        if chat_id is not None and self.per_chat[1] > 0 and self.per_chat[2] > 0:
            chat = self.chats.setdefault(chat_id, TokenBucket(*self.per_chat))
        wait = max(self.overall.wait(now), chat.wait(now) if chat else 0.0)
        if wait > 0:
            return max(1, math.ceil(wait))
        # Counted now; a send refused later as a bad request still counts, as on Telegram.
        self.overall.add(now)
        if chat is not None:
            chat.add(now)
        return 0


def _chats(chats: Iterable[int] | None) -> frozenset[int] | None:
    return None if chats is None else frozenset(chats)


class ScriptedFaults:
    """The fault-scripting half of the fake Bot API (see FakeBotAPI, which holds the state)."""

    _cond: threading.Condition
    _faults: list[Fault]
    blocked: set[int]
    _held: bool

    def _changed(self) -> None:
        raise NotImplementedError

    def _fault_for(self, method: str, chat_id: int | None, now: float) -> Fault | None:
        """The fault that applies to this request, counted as hit."""
        with self._cond:
            for fault in self._faults:
                if fault.matches(method, chat_id, now):
                    fault.hits += 1
                    if fault.started is None:
                        fault.started = now
                    return fault
        return None

    def add_fault(self, fault: Fault) -> Fault:
        with self._cond:
            self._faults.append(fault)
        return fault

    def too_many(
        self,
        count: int | None = None,
        seconds: float | None = None,
        retry_after: float = 1,
        methods: Iterable[str] = SEND_METHODS,
        chats: Iterable[int] | None = None,
    ) -> Fault:
        """Answer 429 retry_after to the next `count` sends, or to every send for `seconds`
        from the first one it hits (a storm)."""
        description = f"Too Many Requests: retry after {retry_after}"
        return self.add_fault(
            Fault(429, description, frozenset(methods), _chats(chats), count, seconds, retry_after)
        )

    def server_error(
        self,
        count: int | None = 1,
        methods: Iterable[str] = SEND_METHODS,
        chats: Iterable[int] | None = None,
        seconds: float | None = None,
    ) -> Fault:
        return self.add_fault(
            Fault(500, "Internal Server Error", frozenset(methods), _chats(chats), count, seconds)
        )

    def slow(
        self,
        delay: float,
        count: int | None = None,
        methods: Iterable[str] = SEND_METHODS,
        chats: Iterable[int] | None = None,
    ) -> Fault:
        """Answer after `delay` seconds (the bot's own timeout may give up first)."""
        return self.add_fault(Fault(0, "", frozenset(methods), _chats(chats), count, None, delay=delay))

    def block(self, *chat_ids: int) -> None:
        """These users blocked the bot: sends to them get 403 Forbidden."""
        with self._cond:
            self.blocked.update(chat_ids)

    def unblock(self, *chat_ids: int) -> None:
        with self._cond:
            self.blocked.difference_update(chat_ids)

    def clear_faults(self) -> None:
        with self._cond:
            self._faults.clear()
            self.blocked.clear()

    def hold(self) -> None:
        """Keep every send request unanswered (and unrecorded) until `release`.

        Requests whose client went away meanwhile (a killed bot) are dropped, never recorded:
        Telegram did not deliver them and the bot never heard back.
        """
        with self._cond:
            self._held = True
        self._changed()

    def release(self) -> None:
        with self._cond:
            self._held = False
        self._changed()
