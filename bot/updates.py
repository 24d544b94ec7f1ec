"""Fair and durable handling of updates.

Fair: each chat's updates run one at a time, in order, and a chat that floods keeps at most
a few waiting (the rest are dropped with one polite word), so it never holds the workers
other chats need. Durable: every update received from getUpdates is written to the store's
inbox before Telegram is told it was received (the next getUpdates offset), and leaves it
once handled; the updates still there after a crash or a stop are handled at the next start.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, BaseUpdateProcessor
from telegram.request import BaseRequest, RequestData

from knowledge.clock import Clock
from storage.store import Store

from .texts import text

log = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 256  # across all chats; one chat runs one at a time
PER_CHAT_BACKLOG = 3  # updates of one chat waiting behind the one being handled
REMEMBERED_UPDATES = 10_000  # recent update ids, to handle an update received twice only once

OnUpdate = Callable[[Update], Awaitable[None]]


@dataclass
class _Chat:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # first come, first served
    pending: int = 0  # the update being handled and those waiting behind it


def chat_key(update: object) -> int | None:
    """The chat an update belongs to (the user for a button on an inline message)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user else None


def _close(coroutine: Awaitable[Any]) -> None:
    close = getattr(coroutine, "close", None)
    if close is not None:
        close()


class FairUpdateProcessor(BaseUpdateProcessor):
    """One update at a time per chat, a small backlog per chat, many chats at once.

    `on_done(update)` runs once an update is handled or dropped (the inbox forgets it);
    `on_dropped(update)` when a flooding chat's update is dropped. Once `stopping` is set,
    updates not yet started are left alone: they stay in the inbox for the next start.
    """

    def __init__(
        self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES, per_chat_backlog: int = PER_CHAT_BACKLOG
    ) -> None:
        super().__init__(max_concurrent_updates)
        self.per_chat_backlog = per_chat_backlog
        self.stopping = False
        self.on_done: OnUpdate | None = None
        self.on_dropped: OnUpdate | None = None
        self._chats: dict[int, _Chat] = {}
        self._seen: OrderedDict[int, None] = OrderedDict()  # handled or being handled

    async def initialize(self) -> None:
        self.stopping = False

    async def shutdown(self) -> None:
        self._chats.clear()

    def _first_time(self, update: object) -> bool:
        update_id = getattr(update, "update_id", None)
        if not isinstance(update_id, int):
            return True
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        while len(self._seen) > REMEMBERED_UPDATES:
            self._seen.popitem(last=False)
        return True

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if self.stopping or not self._first_time(update):
            _close(coroutine)  # left for the next start, or already handled
            return
        key = chat_key(update)
        if key is None:
            await self._run(update, coroutine)
            return
        chat = self._chats.setdefault(key, _Chat())
        if chat.pending > self.per_chat_backlog:
            _close(coroutine)
            await self._dropped(update)
            return
        chat.pending += 1
        try:
            async with chat.lock:
                if self.stopping:  # stopped while waiting: for the next start
                    self._seen.pop(getattr(update, "update_id", None), None)  # type: ignore[arg-type]
                    _close(coroutine)
                    return
                await self._run(update, coroutine)
        finally:
            chat.pending -= 1
            if not chat.pending:
                self._chats.pop(key, None)

    async def _run(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await coroutine
        finally:
            await self._call(self.on_done, update)

    async def _dropped(self, update: object) -> None:
        log.info(
            "a chat sends faster than it can be answered: update %s dropped",
            getattr(update, "update_id", "?"),
        )
        await self._call(self.on_dropped, update)
        await self._call(self.on_done, update)

    @staticmethod
    async def _call(callback: OnUpdate | None, update: object) -> None:
        if callback is None or not isinstance(update, Update):
            return
        try:
            await callback(update)
        except Exception:  # noqa: BLE001 - bookkeeping must not stop the updates
            log.exception("update bookkeeping failed for update %s", update.update_id)


FLOOD_NOTICE_EVERY = 60.0  # seconds: a flooding chat is told once a minute at most


def polite_drop(application: Application, lang_of: Callable[[Update], str]) -> OnUpdate:  # type: ignore[type-arg]
    """What a flooding chat is told when its updates are dropped: a toast on a button, and one
    message a minute at most."""
    told: OrderedDict[int, float] = OrderedDict()

    async def on_dropped(update: Update) -> None:
        chat = update.effective_chat
        if chat is not None and chat.type != ChatType.PRIVATE:
            return  # the bot says nothing in groups (bot/groups.py)
        notice = text(lang_of(update), "flood")
        if update.callback_query is not None:
            await update.callback_query.answer(notice[:200])
            return
        key = chat_key(update)
        now = time.monotonic()
        if key is None or now - told.get(key, -FLOOD_NOTICE_EVERY) < FLOOD_NOTICE_EVERY:
            return
        told[key] = now
        told.move_to_end(key)
        while len(told) > REMEMBERED_UPDATES:
            told.popitem(last=False)
        application.create_task(application.bot.send_message(key, html.escape(notice, quote=False)))

    return on_dropped


class StoppingApplication(Application):  # type: ignore[type-arg]
    """An Application whose stop() leaves the updates not yet started to the next start."""

    async def stop(self) -> None:
        processor = self.update_processor
        if isinstance(processor, FairUpdateProcessor):
            processor.stopping = True
        await super().stop()


class InboxRequest(BaseRequest):
    """The getUpdates request: the updates it returns are in the inbox before they are confirmed."""

    def __init__(self, inner: BaseRequest, store: Store, clock: Clock) -> None:
        self.inner = inner
        self.store = store
        self.clock = clock

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        status, body = await self.inner.do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        if status == 200 and url.rstrip("/").endswith("/getUpdates"):
            await self.store.keep_updates(received_updates(body), self.clock.now())
        return status, body


def webhook_inbox(store: Store, clock: Clock) -> Callable[[bytes], Awaitable[None]]:
    """Keep the update of a webhook request body in the inbox (before Telegram hears 200)."""

    async def keep(body: bytes) -> None:
        await store.keep_updates(received_updates(b'{"result": [' + body + b"]}"), clock.now())

    return keep


def received_updates(body: bytes) -> list[tuple[int, str]]:
    """(update_id, the update as JSON) for each update of a getUpdates answer."""
    try:
        result = json.loads(body).get("result") or []
    except (ValueError, AttributeError):
        return []
    return [
        (item["update_id"], json.dumps(item, ensure_ascii=False))
        for item in result
        if isinstance(item, dict) and isinstance(item.get("update_id"), int)
    ]


async def replay_inbox(application: Application, store: Store) -> int:  # type: ignore[type-arg]
    """Queue the updates received but not handled before the last stop; how many."""
    pending = await store.pending_updates()
    for body in pending:
        update = Update.de_json(json.loads(body), application.bot)
        if update is not None:
            await application.update_queue.put(update)
    if pending:
        log.info("%d update(s) received before the last stop are handled now", len(pending))
    return len(pending)
