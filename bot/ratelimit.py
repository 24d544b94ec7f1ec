"""Pacing of the bot's requests: Telegram's global and per-group limits, and about one message a
second per private chat."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

# A 429 (flood control) is waited out and the request retried this many times, so a reply
# or an .ics is not lost when Telegram asks the bot to slow down.
RATE_LIMIT_RETRIES = 5


class ChatPacedRateLimiter(AIORateLimiter):
    """AIORateLimiter (about 30 messages a second overall, 20 a minute per group) plus about one
    message a second per private chat, which AIORateLimiter leaves to the caller.

    Without it, a reply of two messages (a confirmation and its .ics) or a user typing fast
    draws 429s, and AIORateLimiter then pauses every request of the bot while it waits.
    """

    def __init__(self, per_chat_interval: float = 1.0, max_chats: int = 10_000, **options: Any):
        super().__init__(**options)
        self._interval = per_chat_interval
        self._max_chats = max_chats
        self._chats: OrderedDict[int, AsyncLimiter] = OrderedDict()

    def _chat_limiter(self, chat_id: int) -> AsyncLimiter:
        limiter = self._chats.pop(chat_id, None) or AsyncLimiter(1, self._interval)
        self._chats[chat_id] = limiter  # most recently used last; forget the oldest
        while len(self._chats) > self._max_chats:
            self._chats.popitem(last=False)
        return limiter

    async def process_request(
        self, callback: Any, args: Any, kwargs: Any, endpoint: str, data: dict[str, Any], rate_limit_args: Any
    ) -> Any:
        chat_id = data.get("chat_id") if isinstance(data, dict) else None
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        if isinstance(chat_id, int) and chat_id > 0 and endpoint.startswith("send") and self._interval > 0:
            async with self._chat_limiter(chat_id):
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
