"""The bot's rate limiter for python-telegram-bot: Telegram's limits kept with no 429 (bot/pacing.py).

- Overall: at most 30 requests that name a chat in any second, replies to people first and
  reminder fan-outs (bot.pacing.bulk_sends) with what is left.
- Per private chat: a burst of 3 messages, then one a second (a confirmation and its .ics go
  together); a chat waiting its turn holds nothing that other chats need.
- Per group or channel: 20 messages a minute.
A 429 all the same (Telegram's own reasons) pauses every request for its retry_after, then the
request is tried again, up to RATE_LIMIT_RETRIES times, so a reply or an .ics is not lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.constants import FloodLimit
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from .pacing import ChatPaces, Monotonic, Sleep, Window, current_priority

log = logging.getLogger(__name__)

# A 429 (flood control) is waited out and the request retried this many times.
RATE_LIMIT_RETRIES = 5
CHAT_BURST = 3  # messages a private chat may get at once, before one a second
OVERALL_PERIOD = 1.0  # 30 requests per this many seconds; see bot/pacing.py for why no margin


def _chat_key(data: dict[str, Any] | None) -> int | str | None:
    chat_id = data.get("chat_id") if isinstance(data, dict) else None
    if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
        return int(chat_id)
    return chat_id if isinstance(chat_id, (int, str)) else None


def retry_seconds(error: RetryAfter) -> float:
    """retry_after is a timedelta with PTB_TIMEDELTA=1 (bot/__init__.py), else seconds."""
    wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


class PacedRateLimiter(BaseRateLimiter[int]):
    """Telegram's flood limits, kept with no 429 (see the module); rate_limit_args: max retries.

    per_chat_interval 0 turns the per-chat pacing off (for tests that do not test it); `monotonic`
    and `sleep` are the clock the pacing runs on (a virtual one in tests).
    """

    def __init__(
        self,
        per_chat_interval: float = 1.0,
        *,
        overall_limit: int = FloodLimit.MESSAGES_PER_SECOND,
        overall_period: float = OVERALL_PERIOD,
        chat_burst: int = CHAT_BURST,
        group_limit: int = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP,
        group_period: float = 60.0,
        max_retries: int = RATE_LIMIT_RETRIES,
        max_chats: int = 10_000,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ):
        self._monotonic, self._sleep = monotonic, sleep
        self.overall = Window(overall_limit, overall_period, monotonic, sleep)
        self.chats = ChatPaces(chat_burst, per_chat_interval, monotonic, sleep, max_chats)
        self._group_limit, self._group_period = group_limit, group_period
        self._groups: dict[int | str, Window] = {}
        self.max_retries = max_retries
        self.retry_afters = 0  # 429s received

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Give up the requests still waiting for their turn."""
        for window in (self.overall, *self._groups.values()):
            window.close()

    def _group(self, chat: int | str) -> Window:
        if chat not in self._groups:
            if len(self._groups) > 512:  # forget the groups that sent nothing lately
                self._groups = {k: w for k, w in self._groups.items() if w.occupied() or w.in_flight}
            self._groups[chat] = Window(self._group_limit, self._group_period, self._monotonic, self._sleep)
        return self._groups[chat]

    async def _once(
        self, chat: int | str | None, sends: bool, request: Callable[[], Coroutine[Any, Any, Any]]
    ) -> Any:
        """One try: the chat's turn first (only that chat waits), then the overall budget."""
        async with contextlib.AsyncExitStack() as stack:
            if sends and isinstance(chat, int) and chat > 0 and self.chats.interval > 0:
                await stack.enter_async_context(self.chats.turn(chat))
            elif sends and chat is not None and not (isinstance(chat, int) and chat > 0):
                await stack.enter_async_context(self._group(chat).slot())
            if chat is not None:
                await stack.enter_async_context(self.overall.slot(current_priority()))
            return await request()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        """Pace one request; wait out a 429 and try again, up to the retries."""
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        chat = _chat_key(data)
        sends = endpoint.startswith("send") or endpoint in ("copyMessage", "forwardMessage")
        for attempt in range(retries + 1):
            try:
                return await self._once(chat, sends, lambda: callback(*args, **kwargs))
            except RetryAfter as error:
                self.retry_afters += 1
                if attempt == retries:
                    log.warning("429 from Telegram after %d retries: given up", retries)
                    raise
                seconds = retry_seconds(error)
                log.info("429 from Telegram: every request waits %.1f s", seconds + 0.1)
                self.overall.pause(seconds + 0.1)
                await self._sleep(seconds + 0.1)
        raise AssertionError("unreachable")  # pragma: no cover
