"""The fake Telegram Bot API: one state and its semantics, whatever carries the requests.

`FakeBotAPI.call(token, method, params, files)` answers one request as Telegram would, with
(HTTP status, JSON body). Two thin transports carry the bot's requests to it: OfflineRequest
(tests/fakebot/offline.py, in the test's process, for an Application driven by the test) and
BotAPIServer (tests/fakebot/http.py, an HTTP server for the bot run as its own process).

It speaks the part of the Bot API the bot uses: getMe, getUpdates (offset, limit, long polling
with `timeout`), sendMessage, sendDocument, editMessageText, answerCallbackQuery (once per press
delivered), setMyCommands, getMyCommands, getWebhookInfo, and methods answered `true`. Like
Telegram it checks the HTML of messages, their length and their buttons (400 otherwise) and
enforces the flood limits (429 with retry_after); faults are scripted (faults.py). The test plays
the users (users.py) and reads what the bot did (observe.py). Every method is thread-safe, and the
answering side may run on any event loop.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

from tests.fakebot.faults import Fault, FloodLimits, ScriptedFaults
from tests.fakebot.records import BOT_USER, Call, Document, Message, message_json, uploaded_document
from tests.fakebot.rules import (
    GLOBAL_LIMIT,
    MAX_CAPTION,
    MAX_TEXT,
    PER_CHAT_BURST,
    SEND_METHODS,
    TRUE_METHODS,
    BadRequest,
    check_commands,
    check_markup,
    check_text,
)
from tests.fakebot.users import Users

DEFAULT_TOKEN = "123456:TEST-token"
Answer = tuple[int, dict[str, Any]]


class UnknownMethod(Exception):
    """A method the fake does not know: 404 Not Found, as Telegram answers."""


def error(status: int, description: str, retry_after: float | None = None) -> Answer:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return status, body


class FakeBotAPI(ScriptedFaults, Users):
    """The fake Telegram: a test's users on one side, the bot on the other, limits in between.

    token None accepts any token. The limits default to Telegram's: 30 messages in any second
    overall; per chat a burst of 3, then 1 per second (rules.py; a limit or a window of 0: no
    limit).
    """

    def __init__(
        self,
        token: str | None = DEFAULT_TOKEN,
        *,
        global_limit: int = GLOBAL_LIMIT,
        global_window: float = 1.0,
        per_chat_limit: int = 1,
        per_chat_window: float = 1.0,
        per_chat_burst: int = PER_CHAT_BURST,
    ):
        self.token = token
        self._cond = threading.Condition()  # guards everything below; notified on each change
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self._limits = FloodLimits(
            global_limit, global_window, per_chat_limit, per_chat_window, per_chat_burst
        )
        self._updates: list[dict[str, Any]] = []  # not yet confirmed by an offset
        self._confirmed = 0  # highest update_id confirmed
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._messages: list[Message] = []
        self._by_chat: dict[int, list[Message]] = collections.defaultdict(list)
        self._calls: list[Call] = []
        self._pending_queries: set[str] = set()
        self.answered_queries: list[dict[str, Any]] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}  # language_code ('' default) -> menu
        self.blocked: set[int] = set()
        self._faults: list[Fault] = []
        self._held = False
        self.too_many_given = 0  # every 429 answered, scripted or from the limits
        self.limit_429s = 0  # 429s given because a flood limit was exceeded
        self.polls = 0  # getUpdates requests received
        self.closing = False  # long polls return at once, held sends are let go

    # -- change and waiting for it, on any thread or event loop --------------------------------
    def _changed(self) -> None:
        with self._cond:
            self._cond.notify_all()
            waiters = list(self._waiters)
        for loop, event in waiters:
            with contextlib.suppress(RuntimeError):  # that loop is closed
                loop.call_soon_threadsafe(event.set)

    async def _until(self, ready: Callable[[], bool], timeout: float | None = None) -> bool:
        """Wait on the running loop until ready() (checked at each change) or the timeout."""
        waiter = (asyncio.get_running_loop(), asyncio.Event())
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            self._waiters.add(waiter)
        try:
            while not ready():
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                waiter[1].clear()
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(waiter[1].wait(), left)
            return True
        finally:
            with self._cond:
                self._waiters.discard(waiter)

    def _record(self, call: Call) -> None:
        with self._cond:
            self._calls.append(call)
        self._changed()

    # -- one request -------------------------------------------------------------------------
    async def call(
        self,
        token: str,
        method: str,
        params: dict[str, Any],
        files: dict[str, Document] | None = None,
        *,
        url: str = "",
        gone: Callable[[], bool] = lambda: False,
    ) -> Answer:
        """Answer one request; `gone()` tells whether its client went away meanwhile."""
        files = files or {}
        chat_id = params.get("chat_id")
        chat_id = chat_id if isinstance(chat_id, int) else None
        if self.token is not None and token != self.token:
            answer: Answer | None = error(401, "Unauthorized")
        else:
            answer = await self._gate(method, chat_id, gone)
        if answer is None:
            try:
                answer = 200, {"ok": True, "result": await self._result(method, params, files, chat_id)}
            except BadRequest as refused:
                answer = error(400, f"Bad Request: {refused}")
            except UnknownMethod:
                answer = error(404, "Not Found")
        status, body = answer
        uploaded = {part: (document.filename, document.content) for part, document in files.items()}
        description = body.get("description", "")
        self._record(Call(method, params, status, time.monotonic(), description, url, uploaded))
        return answer

    async def _gate(self, method: str, chat_id: int | None, gone: Callable[[], bool]) -> Answer | None:
        """Hold, blocked chats, scripted faults, then the flood limits; None lets it through."""
        sends = method in SEND_METHODS
        if sends and self._held:
            await self._until(lambda: not self._held or self.closing)
            await asyncio.sleep(0.05)  # let a lost connection be noticed first
            if gone():
                return error(499, "client gone while held")
        if sends and chat_id is not None and chat_id in self.blocked:
            return error(403, "Forbidden: bot was blocked by the user")
        if fault := self._fault_for(method, chat_id, time.monotonic()):
            if fault.delay:
                await asyncio.sleep(fault.delay)
                if gone():
                    return error(499, "client gone while slow")
            if fault.status == 429:
                with self._cond:
                    self.too_many_given += 1
                return error(429, fault.description, fault.retry_after)
            if fault.status:
                return error(fault.status, fault.description)
        if not sends:
            return None
        with self._cond:
            retry_after = self._limits.retry_after(chat_id, time.monotonic())
            if retry_after:
                self.too_many_given += 1
                self.limit_429s += 1
        if retry_after:
            return error(429, f"Too Many Requests: retry after {retry_after}", retry_after)
        return None

    async def _result(
        self, method: str, params: dict[str, Any], files: dict[str, Document], chat_id: int | None
    ) -> Any:
        """The result of a request let through; BadRequest if refused, UnknownMethod if unknown."""
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            return await self._get_updates(params)
        if method in ("sendMessage", "sendDocument", "editMessageText"):
            return self._accept_message(method, params, files, chat_id)
        if method == "answerCallbackQuery":
            query_id = str(params.get("callback_query_id", ""))
            with self._cond:
                if query_id not in self._pending_queries:
                    raise BadRequest("query is too old and response timeout expired or query ID is invalid")
                self._pending_queries.discard(query_id)
                self.answered_queries.append(params)
            return True
        if method == "setMyCommands":
            commands = check_commands(params.get("commands"))
            with self._cond:
                self.commands[str(params.get("language_code") or "")] = commands
            return True
        if method == "getMyCommands":
            with self._cond:
                return self.commands.get(str(params.get("language_code") or ""), [])
        if method == "getWebhookInfo":
            with self._cond:
                pending = len(self._updates)
            return {"url": "", "has_custom_certificate": False, "pending_update_count": pending}
        if method in TRUE_METHODS:
            return True
        raise UnknownMethod(method)

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = max(0.0, float(params.get("timeout") or 0))
        with self._cond:
            self.polls += 1
            if offset > 0:
                self._confirmed = max(self._confirmed, offset - 1)
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
        self._changed()

        def batch() -> list[dict[str, Any]]:
            with self._cond:
                waiting = self._updates[offset:] if offset < 0 else self._updates
                return waiting[:limit]

        await self._until(lambda: bool(batch()) or self.closing, timeout)
        return batch()

    def _accept_message(
        self, method: str, params: dict[str, Any], files: dict[str, Document], chat_id: int | None
    ) -> dict[str, Any]:
        if chat_id is None:
            raise BadRequest("chat not found")
        rows = check_markup(params.get("reply_markup"))
        document = None
        if method == "sendDocument":
            text, plain = check_text(params, "caption", MAX_CAPTION, empty_ok=True)
            document = uploaded_document(params, files)
        else:
            text, plain = check_text(params, "text", MAX_TEXT, empty_ok=False)
        with self._cond:
            if method == "editMessageText":
                message = self._edit(chat_id, params.get("message_id"), text, plain, rows)
            else:
                message = Message(
                    next(self._message_ids),
                    chat_id,
                    method,
                    text,
                    plain,
                    rows,
                    document,
                    time.monotonic(),
                    params,
                )
                self._messages.append(message)
                self._by_chat[chat_id].append(message)
        return message_json(message)

    def _edit(
        self, chat_id: int, message_id: Any, text: str, plain: str, rows: list[list[dict[str, Any]]]
    ) -> Message:
        target = next((m for m in self._by_chat.get(chat_id, []) if m.message_id == message_id), None)
        if target is None:
            raise BadRequest("message to edit not found")
        if target.text == text and target.buttons == rows:
            raise BadRequest(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        target.edits.append(target.text)
        target.text, target.plain, target.buttons = text, plain, rows
        return target
