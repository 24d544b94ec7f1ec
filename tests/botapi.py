"""A small Bot API server for tests: the bot runs as its own process and talks to it over HTTP.

The server runs an aiohttp application on its own event loop in a daemon thread, so a test (or
a benchmark) drives it from its own thread while the bot runs as a separate process, or in the
same process on another event loop. It speaks the part of the Bot API the bot uses, at
``http://127.0.0.1:PORT/bot<TOKEN>/<method>`` (give the bot ``TELEGRAM_BASE_URL=server.base_url``):
getMe, getUpdates (offset, limit, long polling with ``timeout``), sendMessage, sendDocument
(multipart: the file name and bytes are kept), editMessageText, answerCallbackQuery,
setMyCommands, deleteWebhook, getWebhookInfo, setWebhook, close, logOut.

A test plays the users (`send_text`, `send_command`, `press`, `send_update`) and reads what
the bot sent (`messages`, `documents`, `calls`) with `wait_for`-style helpers. Like Telegram it
checks the HTML of messages, their length and their buttons (400 Bad Request otherwise), and
it enforces the flood limits with a sliding window — about 30 messages per second overall and
one per second per chat by default — by answering 429 Too Many Requests with ``retry_after``;
`too_many_given` counts those answers. Faults can be scripted: 429 storms (`too_many`), 403 for
chosen chats (`block`), 500 (`server_error`), slow answers (`slow`), and `hold` / `release` to
keep send requests unanswered (what a request in flight looks like when the bot is killed).

    with BotAPIServer(per_chat_window=0) as server:
        ...start the bot with TELEGRAM_BASE_URL=server.base_url...
        replies = server.say(4242, "Quel est le salaire ?")
        assert "3 500 euros" in replies[0].plain
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import html
import itertools
import json
import math
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Self, TypeVar

from aiohttp import web

from tests.offline import BOT_USER

DEFAULT_TOKEN = "123456:TEST-token"
# Methods that put a message in a chat: the flood limits and the send faults apply to them.
SEND_METHODS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendAudio",
        "sendVideo",
        "sendVoice",
        "sendAnimation",
        "sendSticker",
        "sendLocation",
        "sendContact",
        "sendPoll",
        "sendDice",
        "copyMessage",
        "forwardMessage",
    }
)
TRUE_METHODS = frozenset(
    {
        "deleteWebhook",
        "setWebhook",
        "close",
        "logOut",
        "deleteMyCommands",
        "setChatMenuButton",
        "sendChatAction",
        "setMyDescription",
        "setMyShortDescription",
        "setMyName",
    }
)
JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "commands",
        "allowed_updates",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "scope",
    }
)
INT_PARAMS = frozenset({"offset", "limit", "message_id", "reply_to_message_id", "message_thread_id"})
MAX_TEXT = 4096  # UTF-16 code units, after the HTML is parsed
MAX_CAPTION = 1024
MAX_CALLBACK_BYTES = 64
ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "blockquote",
    }
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
T = TypeVar("T")


class BadRequest(Exception):
    """A request Telegram would refuse with 400 Bad Request: <description>."""


def utf16_len(value: str) -> int:
    return len(value.encode("utf-16-le", "surrogatepass")) // 2


def parse_html(value: str) -> str:
    """The plain text of an HTML-formatted message, checked as Telegram does; BadRequest if not.

    Only Telegram's tags, properly nested; a '<' that does not open a supported tag is refused.
    """
    plain: list[str] = []
    stack: list[str] = []
    index = 0
    while index < len(value):
        char = value[index]
        if char == "<":
            tag = _TAG.match(value, index)
            offset = len(value[:index].encode("utf-8", "surrogatepass"))
            if tag is None:
                raise BadRequest(f"can't parse entities: Unsupported start tag at byte offset {offset}")
            closing, name = tag.group(1) == "/", tag.group(2).lower()
            if name not in ALLOWED_TAGS:
                raise BadRequest(
                    f'can\'t parse entities: Unsupported start tag "{name}" at byte offset {offset}'
                )
            if closing:
                if not stack or stack[-1] != name:
                    expected = f'"</{stack[-1]}>"' if stack else "nothing"
                    raise BadRequest(
                        "can't parse entities: Can't find end tag corresponding "
                        f"to start tag {expected} at byte offset {offset}"
                    )
                stack.pop()
            else:
                stack.append(name)
            index = tag.end()
            continue
        if char == "&" and (entity := _ENTITY.match(value, index)):
            decoded = html.unescape(entity.group(0))
            if decoded == entity.group(0):
                raise BadRequest(f'can\'t parse entities: Unsupported HTML entity "{decoded}"')
            plain.append(decoded)
            index = entity.end()
            continue
        plain.append(char)
        index += 1
    if stack:
        raise BadRequest(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{stack[-1]}\""
        )
    return "".join(plain)


def check_markup(markup: Any) -> list[list[dict[str, Any]]]:
    """The inline keyboard's rows, checked: each button has a text and callback data or a URL."""
    if markup in (None, ""):
        return []
    if not isinstance(markup, dict):
        raise BadRequest("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return []  # another kind of keyboard: accepted, not checked
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise BadRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays')
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not str(button.get("text") or "").strip():
                raise BadRequest("text buttons are unallowed in the inline keyboard")
            data, url = button.get("callback_data"), button.get("url")
            if data is None and url is None:
                raise BadRequest("text buttons are unallowed in the inline keyboard")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_BYTES:
                raise BadRequest("BUTTON_DATA_INVALID")
            if url is not None and not re.match(r"^(https?|tg)://\S+$", str(url)):
                raise BadRequest("BUTTON_URL_INVALID")
    return rows


# -- what the bot sent ----------------------------------------------------------------------
@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes
    mime_type: str

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


@dataclass
class Message:
    """One message the server accepted from the bot."""

    message_id: int
    chat_id: int
    method: str
    text: str  # as sent: the HTML text, or a document's caption
    plain: str  # what the user reads: tags removed, entities decoded
    buttons: list[list[dict[str, Any]]]
    document: Document | None
    at: float  # time.monotonic() when it was accepted
    params: dict[str, Any]
    edits: list[str] = field(default_factory=list)

    @property
    def callback_data(self) -> list[str]:
        return [b["callback_data"] for row in self.buttons for b in row if "callback_data" in b]

    @property
    def labels(self) -> list[str]:
        return [b.get("text", "") for row in self.buttons for b in row]

    def data_starting(self, prefix: str) -> list[str]:
        return [data for data in self.callback_data if data.startswith(prefix)]


@dataclass(frozen=True)
class Call:
    """One request the server answered (or dropped: status 499, the client was gone)."""

    method: str
    params: dict[str, Any]
    status: int
    at: float
    description: str = ""

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        try:
            return int(value)
        except (TypeError, ValueError):
            return None


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
    retry_after: int = 1
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


def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)


def _decode(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name in JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    if name in INT_PARAMS or name == "chat_id":
        with contextlib.suppress(ValueError):
            return int(value)
    if name == "timeout":
        with contextlib.suppress(ValueError):
            return float(value)
    return value


class BotAPIServer:
    """The fake Telegram: a test's users on one side, the bot on the other, limits in between.

    Every public method is thread-safe: the HTTP side runs on the server's own event loop.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        global_limit: int = 30,
        global_window: float = 1.0,
        per_chat_limit: int = 1,
        per_chat_window: float = 1.0,
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        self.token = token
        self.host = host
        self._port = port
        self.global_limit, self.global_window = global_limit, global_window
        self.per_chat_limit, self.per_chat_window = per_chat_limit, per_chat_window
        self._cond = threading.Condition()  # guards everything below; notified on each change
        self._global = SlidingWindow(global_limit, global_window)
        self._per_chat: dict[int, SlidingWindow] = {}
        self._updates: list[dict[str, Any]] = []  # not yet confirmed by an offset
        self._confirmed = 0  # highest update_id confirmed
        self._update_ids = itertools.count(100_001)
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
        self.too_many_given = 0  # every 429 answered, scripted or from the limits
        self.limit_429s = 0  # 429s given because a flood limit was exceeded
        self.polls = 0  # getUpdates requests received
        self._held = False
        self._release: asyncio.Event | None = None
        self._new_updates: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._closing = False

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        """What the bot takes as TELEGRAM_BASE_URL."""
        return f"http://{self.host}:{self._port}"

    def start(self) -> Self:
        ready = threading.Event()
        failure: list[BaseException] = []
        loop = asyncio.new_event_loop()
        self._loop = loop

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._serve())
            except BaseException as error:  # noqa: BLE001 - reported to start()
                failure.append(error)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._thread = threading.Thread(target=run, name="bot-api-server", daemon=True)
        self._thread.start()
        ready.wait(10)
        if failure:
            raise failure[0]
        return self

    async def _serve(self) -> None:
        self._new_updates = asyncio.Event()
        self._release = asyncio.Event()
        self._release.set()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self._port, backlog=1024)
        await site.start()
        self._port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def stop(self) -> None:
        if self._loop is None or self._thread is None:
            return
        self._closing = True
        loop = self._loop

        async def shut() -> None:
            assert self._new_updates and self._release
            self._new_updates.set()
            self._release.set()
            if self._runner is not None:
                await self._runner.cleanup()

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(shut(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(10)
        self._loop = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- playing the users -------------------------------------------------------------------
    @staticmethod
    def user(user_id: int, language_code: str | None = "fr", first_name: str | None = None) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name or f"User{user_id}"}
        if language_code:
            user["language_code"] = language_code
        return user

    def send_update(self, payload: dict[str, Any]) -> int:
        """Queue an update (its content, e.g. {"message": {...}}); returns its update_id."""
        with self._cond:
            update_id = next(self._update_ids)
            self._updates.append({"update_id": update_id, **payload})
            self._cond.notify_all()
        self._wake_pollers()
        return update_id

    def send_message(
        self, user_id: int, language_code: str | None = "fr", first_name: str | None = None, **content: Any
    ) -> int:
        """A private message with any content, e.g. sticker={...}; returns the update_id."""
        user = self.user(user_id, language_code, first_name)
        with self._cond:
            message_id = next(self._message_ids)
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "from": user,
            "chat": {"id": user_id, "type": "private", "first_name": user["first_name"]},
            **content,
        }
        return self.send_update({"message": message})

    def send_text(
        self, user_id: int, text: str, language_code: str | None = "fr", first_name: str | None = None
    ) -> int:
        """The user writes `text`; a leading /word is marked as a command, as Telegram does."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/") and len(text) > 1 and not text[1].isspace():
            head = text.split(maxsplit=1)[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(head)}]
        return self.send_message(user_id, language_code, first_name, **content)

    def send_command(
        self,
        user_id: int,
        command: str,
        args: str = "",
        language_code: str | None = "fr",
        first_name: str | None = None,
    ) -> int:
        """send_command(7, '/start', 'webinaires') sends '/start webinaires'."""
        text = "/" + command.lstrip("/") + (f" {args}" if args else "")
        return self.send_text(user_id, text, language_code, first_name)

    def press(
        self,
        user_id: int,
        callback_data: str | None,
        message_id: int | None = None,
        language_code: str | None = "fr",
        first_name: str | None = None,
    ) -> str:
        """The user presses a button of the bot's message `message_id` (default: its last one).

        Returns the callback query id; the bot should answer it (`answered(query_id)`).
        `callback_data` None sends a query without data, as a forged client could.
        """
        user = self.user(user_id, language_code, first_name)
        with self._cond:
            query_id = f"q{next(self._query_ids)}"
            self._pending_queries.add(query_id)
            sent = self._by_chat.get(user_id) or []
            if message_id is None:
                message = sent[-1] if sent else None
            else:
                message = next((m for m in sent if m.message_id == message_id), None)
            if message is not None:
                message_id, text = message.message_id, message.plain
            else:
                message_id, text = message_id or next(self._message_ids), "…"
        message_json = {
            "message_id": message_id,
            "date": int(time.time()),
            "from": BOT_USER,
            "chat": {"id": user_id, "type": "private", "first_name": user["first_name"]},
            "text": text,
        }
        query = {"id": query_id, "from": user, "chat_instance": f"ci{user_id}", "message": message_json}
        if callback_data is not None:
            query["data"] = callback_data
        self.send_update({"callback_query": query})
        return query_id

    def _wake_pollers(self) -> None:
        loop, event = self._loop, self._new_updates
        if loop is not None and event is not None:
            with contextlib.suppress(RuntimeError):  # the loop is closing
                loop.call_soon_threadsafe(event.set)

    # -- faults ------------------------------------------------------------------------------
    def add_fault(self, fault: Fault) -> Fault:
        with self._cond:
            self._faults.append(fault)
        return fault

    def too_many(
        self,
        count: int | None = None,
        seconds: float | None = None,
        retry_after: int = 1,
        methods: Iterable[str] = SEND_METHODS,
        chats: Iterable[int] | None = None,
    ) -> Fault:
        """Answer 429 retry_after to the next `count` sends, or to every send for `seconds`
        from the first one it hits (a storm)."""
        return self.add_fault(
            Fault(
                429,
                f"Too Many Requests: retry after {retry_after}",
                frozenset(methods),
                _chats(chats),
                count,
                seconds,
                retry_after,
            )
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
        if self._loop is None or self._release is None:
            raise RuntimeError("the server is not running")
        release = self._release

        async def clear() -> None:
            release.clear()
            self._held = True

        asyncio.run_coroutine_threadsafe(clear(), self._loop).result(5)

    def release(self) -> None:
        if self._loop is None or self._release is None:
            return
        release = self._release

        async def set_() -> None:
            self._held = False
            release.set()

        asyncio.run_coroutine_threadsafe(set_(), self._loop).result(5)

    # -- what the bot did --------------------------------------------------------------------
    def messages(self, chat_id: int | None = None, since: int = 0) -> list[Message]:
        """Messages accepted (to `chat_id`, or all), from index `since` of that list."""
        with self._cond:
            source = self._messages if chat_id is None else self._by_chat.get(chat_id, [])
            return list(source[since:])

    def mark(self, chat_id: int | None = None) -> int:
        """How many messages so far (to `chat_id`): pass it as `since` to see only new ones."""
        with self._cond:
            return len(self._messages if chat_id is None else self._by_chat.get(chat_id, []))

    def documents(self, chat_id: int | None = None) -> list[Document]:
        return [m.document for m in self.messages(chat_id) if m.document is not None]

    def calls(self, method: str | None = None) -> list[Call]:
        with self._cond:
            return [c for c in self._calls if method is None or c.method == method]

    def chats(self) -> dict[int, list[Message]]:
        with self._cond:
            return {chat: list(messages) for chat, messages in self._by_chat.items()}

    def answered(self, query_id: str) -> bool:
        with self._cond:
            return any(q.get("callback_query_id") == query_id for q in self.answered_queries)

    @property
    def confirmed(self) -> int:
        """The highest update_id the bot confirmed (by asking for a later offset)."""
        with self._cond:
            return self._confirmed

    def wait_for(
        self, predicate: Callable[[], T], timeout: float = 10.0, message: str | Callable[[], str] = ""
    ) -> T:
        """Wait until predicate() is truthy (re-checked whenever the server records something,
        and every 50 ms); return its value, or raise AssertionError after `timeout` seconds
        naming `message` (a text, or a function giving it at that moment)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                value = predicate()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    what = message() if callable(message) else message
                    raise AssertionError(
                        f"timed out after {timeout:g} s waiting for "
                        f"{what or getattr(predicate, '__name__', 'it')}"
                    )
                self._cond.wait(min(left, 0.05))

    def wait_messages(
        self, chat_id: int, since: int = 0, count: int = 1, timeout: float = 10.0
    ) -> list[Message]:
        """At least `count` new messages to `chat_id` after index `since`; returns them all."""

        def arrived() -> list[Message]:
            new = self.messages(chat_id, since)
            return new if len(new) >= count else []

        return self.wait_for(
            arrived,
            timeout,
            lambda: (
                f"{count} message(s) to chat {chat_id} after #{since} "
                f"(got {len(self.messages(chat_id, since))})"
            ),
        )

    def wait_polling(self, polls: int = 1, timeout: float = 60.0) -> None:
        """Until the bot has sent `polls` getUpdates in all (it is up and polling)."""
        self.wait_for(lambda: self.polls >= polls, timeout, f"getUpdates #{polls}")

    def wait_consumed(self, update_id: int, timeout: float = 10.0) -> None:
        """Until the bot confirmed `update_id` (it asked for the updates after it)."""
        self.wait_for(lambda: self.confirmed >= update_id, timeout, f"the bot to confirm update {update_id}")

    # conversations: act, then wait for the replies
    def say(
        self, user_id: int, text: str, count: int = 1, timeout: float = 10.0, **user: Any
    ) -> list[Message]:
        since = self.mark(user_id)
        self.send_text(user_id, text, **user)
        return self.wait_messages(user_id, since, count, timeout)

    def command(
        self, user_id: int, command: str, args: str = "", count: int = 1, timeout: float = 10.0, **user: Any
    ) -> list[Message]:
        since = self.mark(user_id)
        self.send_command(user_id, command, args, **user)
        return self.wait_messages(user_id, since, count, timeout)

    def tap(
        self,
        user_id: int,
        callback_data: str,
        count: int = 1,
        timeout: float = 10.0,
        message_id: int | None = None,
        **user: Any,
    ) -> list[Message]:
        since = self.mark(user_id)
        query = self.press(user_id, callback_data, message_id, **user)
        replies = self.wait_messages(user_id, since, count, timeout)
        self.wait_for(lambda: self.answered(query), timeout, f"answerCallbackQuery {query}")
        return replies

    # -- the HTTP side -----------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        try:
            params, files = await self._params(request)
        except ValueError as error:
            return _error(400, f"Bad Request: {error}")
        chat_id = params.get("chat_id")
        chat_id = chat_id if isinstance(chat_id, int) else None
        if method in SEND_METHODS:
            failure = await self._gate(request, method, params, chat_id)
            if failure is not None:
                return failure
        elif fault := self._fault_for(method, chat_id):
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.status:
                return self._answer_fault(method, params, fault)
        try:
            result = await self._result(method, params, files, chat_id)
        except BadRequest as error:
            self._record_call(method, params, 400, str(error))
            return _error(400, f"Bad Request: {error}")
        if result is None:
            self._record_call(method, params, 404, "method not found")
            return _error(404, "Not Found")
        return web.json_response({"ok": True, "result": result})

    async def _params(self, request: web.Request) -> tuple[dict[str, Any], dict[str, Document]]:
        raw: dict[str, Any] = dict(request.query)
        files: dict[str, Document] = {}
        if request.can_read_body:
            kind = request.content_type
            if kind == "application/json":
                body = await request.json()
                if not isinstance(body, dict):
                    raise ValueError("the JSON body must be an object")
                raw.update(body)
            elif kind in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.post()
                for name, value in form.items():
                    if isinstance(value, web.FileField):
                        files[name] = Document(
                            value.filename or name, value.file.read(), value.content_type or ""
                        )
                    else:
                        raw[name] = value
        params = {name: _decode(name, value) for name, value in raw.items()}
        return params, files

    def _fault_for(self, method: str, chat_id: int | None) -> Fault | None:
        now = time.monotonic()
        with self._cond:
            for fault in self._faults:
                if fault.matches(method, chat_id, now):
                    fault.hits += 1
                    if fault.started is None:
                        fault.started = now
                    return fault
        return None

    def _answer_fault(self, method: str, params: dict[str, Any], fault: Fault) -> web.Response:
        if fault.status == 429:
            with self._cond:
                self.too_many_given += 1
            self._record_call(method, params, 429, fault.description)
            return _error(429, fault.description, fault.retry_after)
        self._record_call(method, params, fault.status, fault.description)
        return _error(fault.status, fault.description)

    async def _gate(
        self, request: web.Request, method: str, params: dict[str, Any], chat_id: int | None
    ) -> web.Response | None:
        """Hold, blocked chats, scripted faults, then the flood limits; None lets it through."""
        if self._held and self._release is not None:
            await self._release.wait()
            await asyncio.sleep(0.05)  # let a lost connection be noticed first
            transport = request.transport
            if transport is None or transport.is_closing():
                self._record_call(method, params, 499, "client gone while held")
                return _error(499, "client gone")
        if chat_id is not None and chat_id in self.blocked:
            self._record_call(method, params, 403, "Forbidden: bot was blocked by the user")
            return _error(403, "Forbidden: bot was blocked by the user")
        if fault := self._fault_for(method, chat_id):
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.status:
                return self._answer_fault(method, params, fault)
        now = time.monotonic()
        with self._cond:
            chat_window = None
            if chat_id is not None and self.per_chat_limit > 0 and self.per_chat_window > 0:
                chat_window = self._per_chat.setdefault(
                    chat_id, SlidingWindow(self.per_chat_limit, self.per_chat_window)
                )
            wait = max(self._global.wait(now), chat_window.wait(now) if chat_window else 0.0)
            if wait > 0:
                retry_after = max(1, math.ceil(wait))
                self.too_many_given += 1
                self.limit_429s += 1
                description = f"Too Many Requests: retry after {retry_after}"
                self._calls.append(Call(method, params, 429, now, description))
                self._cond.notify_all()
                return _error(429, description, retry_after)
            # Counted now; a send refused later as a bad request still counts, as on Telegram.
            self._global.add(now)
            if chat_window is not None:
                chat_window.add(now)
        return None

    def _record_call(self, method: str, params: dict[str, Any], status: int, description: str = "") -> None:
        with self._cond:
            self._calls.append(Call(method, params, status, time.monotonic(), description))
            self._cond.notify_all()

    async def _result(
        self, method: str, params: dict[str, Any], files: dict[str, Document], chat_id: int | None
    ) -> Any:
        if method == "getMe":
            self._record_call(method, params, 200)
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
            self._record_call(method, params, 200)
            return True
        if method == "setMyCommands":
            commands = params.get("commands")
            if not isinstance(commands, list) or len(commands) > 100:
                raise BadRequest("can't parse commands JSON object")
            for command in commands:
                if not _COMMAND.match(str(command.get("command", ""))):
                    raise BadRequest("BOT_COMMAND_INVALID")
                if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                    raise BadRequest("BOT_COMMAND_DESCRIPTION_INVALID")
            with self._cond:
                self.commands[str(params.get("language_code") or "")] = commands
            self._record_call(method, params, 200)
            return True
        if method == "getMyCommands":
            self._record_call(method, params, 200)
            return self.commands.get(str(params.get("language_code") or ""), [])
        if method == "getWebhookInfo":
            self._record_call(method, params, 200)
            with self._cond:
                pending = len(self._updates)
            return {"url": "", "has_custom_certificate": False, "pending_update_count": pending}
        if method in TRUE_METHODS:
            self._record_call(method, params, 200)
            return True
        return None

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        assert self._new_updates is not None
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = max(0.0, float(params.get("timeout") or 0))
        deadline = time.monotonic() + timeout
        with self._cond:
            self.polls += 1
            self._cond.notify_all()
        while True:
            self._new_updates.clear()
            with self._cond:
                if offset > 0:
                    self._confirmed = max(self._confirmed, offset - 1)
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                    batch = self._updates[:limit]
                elif offset < 0:
                    batch = self._updates[offset:][:limit]
                else:
                    batch = self._updates[:limit]
                self._cond.notify_all()
            left = deadline - time.monotonic()
            if batch or left <= 0 or self._closing:
                self._record_call("getUpdates", params, 200)
                return batch
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._new_updates.wait(), left)

    def _accept_message(
        self, method: str, params: dict[str, Any], files: dict[str, Document], chat_id: int | None
    ) -> dict[str, Any]:
        if chat_id is None:
            raise BadRequest("chat not found")
        html_mode = str(params.get("parse_mode") or "").lower() == "html"
        rows = check_markup(params.get("reply_markup"))
        document = None
        if method == "sendDocument":
            text = str(params.get("caption") or "")
            plain = parse_html(text) if html_mode else text
            if utf16_len(plain.strip()) > MAX_CAPTION:
                raise BadRequest("message caption is too long")
            document = self._document(params, files)
        else:
            text = str(params.get("text") or "")
            plain = parse_html(text) if html_mode else text
            if not plain.strip():
                raise BadRequest("message text is empty")
            if utf16_len(plain.strip()) > MAX_TEXT:
                raise BadRequest("message is too long")
        now = time.monotonic()
        with self._cond:
            if method == "editMessageText":
                target = next(
                    (m for m in self._by_chat.get(chat_id, []) if m.message_id == params.get("message_id")),
                    None,
                )
                if target is None:
                    raise BadRequest("message to edit not found")
                if target.text == text and target.buttons == rows:
                    raise BadRequest(
                        "message is not modified: specified new message content "
                        "and reply markup are exactly the same as a current "
                        "content and reply markup of the message"
                    )
                target.edits.append(target.text)
                target.text, target.plain, target.buttons = text, plain.strip(), rows
                message = target
            else:
                message = Message(
                    next(self._message_ids), chat_id, method, text, plain.strip(), rows, document, now, params
                )
                self._messages.append(message)
                self._by_chat[chat_id].append(message)
            self._calls.append(Call(method, params, 200, now))
            self._cond.notify_all()
        result: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "from": BOT_USER,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
        }
        if document is not None:
            result["document"] = {
                "file_id": f"doc{message.message_id}",
                "file_unique_id": f"udoc{message.message_id}",
                "file_name": document.filename,
                "mime_type": document.mime_type,
                "file_size": len(document.content),
            }
            if text:
                result["caption"] = message.plain
        else:
            result["text"] = message.plain
        if rows:
            result["reply_markup"] = {"inline_keyboard": rows}
        return result

    @staticmethod
    def _document(params: dict[str, Any], files: dict[str, Document]) -> Document:
        reference = params.get("document")
        if isinstance(reference, str) and reference.startswith("attach://"):
            document = files.get(reference[len("attach://") :])
        else:
            document = files.get("document")
        if document is None:
            if isinstance(reference, str) and reference:  # a file_id or a URL: nothing uploaded
                return Document(reference, b"", "")
            raise BadRequest("there is no document in the request")
        if not document.content:
            raise BadRequest("file must be non-empty")
        return document


def _chats(chats: Iterable[int] | None) -> frozenset[int] | None:
    return None if chats is None else frozenset(chats)
