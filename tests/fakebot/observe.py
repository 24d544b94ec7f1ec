"""What the bot did, as a test reads it from the fake Bot API: calls, messages, documents, and
waiting for them from another thread than the one the fake answers on."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from tests.fakebot.records import Call, Document, Message

T = TypeVar("T")


class Observations:
    """The reading half of the fake Bot API (see FakeBotAPI, which holds the state)."""

    _cond: threading.Condition
    _calls: list[Call]
    _messages: list[Message]
    _by_chat: dict[int, list[Message]]
    _confirmed: int
    answered_queries: list[dict[str, Any]]
    polls: int

    # -- the requests ------------------------------------------------------------------------
    @property
    def calls(self) -> list[Call]:
        """Every request answered so far, in order (a copy)."""
        with self._cond:
            return list(self._calls)

    def of(self, method: str) -> list[Call]:
        with self._cond:
            return [call for call in self._calls if call.method == method]

    def clear(self) -> None:
        """Forget the calls so far (the messages stay)."""
        with self._cond:
            self._calls.clear()

    def sent_texts(self) -> list[str]:
        return [call.params["text"] for call in self.of("sendMessage")]

    def last_message(self) -> dict[str, Any]:
        """The parameters of the last sendMessage."""
        return self.of("sendMessage")[-1].params

    def answered(self, query_id: str) -> bool:
        with self._cond:
            return any(q.get("callback_query_id") == query_id for q in self.answered_queries)

    @property
    def confirmed(self) -> int:
        """The highest update_id the bot confirmed (by asking for a later offset)."""
        with self._cond:
            return self._confirmed

    # -- the messages accepted ---------------------------------------------------------------
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

    def chats(self) -> dict[int, list[Message]]:
        with self._cond:
            return {chat: list(messages) for chat, messages in self._by_chat.items()}

    # -- waiting, from a thread other than the fake's ----------------------------------------
    def wait_for(
        self, predicate: Callable[[], T], timeout: float = 10.0, message: str | Callable[[], str] = ""
    ) -> T:
        """Wait until predicate() is truthy (re-checked whenever the fake records something,
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
