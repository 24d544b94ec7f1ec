"""The users' side of the fake Bot API: their messages and presses become updates for the bot."""

from __future__ import annotations

import itertools
import threading
from typing import Any

from tests.fakebot import updates as build
from tests.fakebot.observe import Observations
from tests.fakebot.records import BOT_USER, Message


class Users(Observations):
    """The users' half of the fake Bot API (see FakeBotAPI, which holds the state)."""

    _cond: threading.Condition
    _updates: list[dict[str, Any]]
    _pending_queries: set[str]
    _message_ids: itertools.count
    _query_ids: itertools.count

    def _changed(self) -> None:
        raise NotImplementedError

    @staticmethod
    def user(user_id: int, language_code: str | None = "fr", first_name: str | None = None) -> dict[str, Any]:
        return build.user_dict(user_id, first_name, language_code)

    def expect_query(self, query_id: str) -> None:
        """A button press delivered to the bot: it may answer the query (once)."""
        with self._cond:
            self._pending_queries.add(query_id)

    def send_update(self, payload: dict[str, Any]) -> int:
        """Queue an update for getUpdates (its content, e.g. {"message": {...}}, with or without
        an update_id); returns its update_id."""
        update = {"update_id": build.next_update_id(), **payload}
        if "callback_query" in update:
            self.expect_query(str(update["callback_query"]["id"]))
        with self._cond:
            self._updates.append(update)
        self._changed()
        return update["update_id"]

    def send_message(
        self, user_id: int, language_code: str | None = "fr", first_name: str | None = None, **content: Any
    ) -> int:
        """A private message with any content, e.g. sticker={...}; returns the update_id."""
        with self._cond:
            message_id = next(self._message_ids)
        user = self.user(user_id, language_code, first_name)
        return self.send_update({"message": build.message_dict(user, message_id=message_id, **content)})

    def send_text(
        self, user_id: int, text: str, language_code: str | None = "fr", first_name: str | None = None
    ) -> int:
        """The user writes `text`; a leading /word is marked as a command, as Telegram does."""
        return self.send_message(user_id, language_code, first_name, **build.text_content(text))

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
            sent: list[Message] = self._by_chat.get(user_id) or []
            if message_id is None:
                message = sent[-1] if sent else None
            else:
                message = next((m for m in sent if m.message_id == message_id), None)
            if message is not None:
                message_id, text = message.message_id, message.plain
            else:
                message_id, text = message_id or next(self._message_ids), "…"
        shown = build.message_dict(BOT_USER, build.private_chat(user), message_id, text=text)
        self.send_update({"callback_query": build.callback_query_dict(user, callback_data, query_id, shown)})
        return query_id

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
