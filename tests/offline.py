"""Drive python-telegram-bot without a network: a fake Bot API and real Update objects."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, Update
from telegram.request import BaseRequest, RequestData

BOT_USER = {
    "id": 987654321,
    "is_bot": True,
    "first_name": "EIG assistant",
    "username": "eig_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
TRUE_METHODS = {
    "answerCallbackQuery",
    "setMyCommands",
    "deleteMyCommands",
    "deleteWebhook",
    "setChatMenuButton",
    "sendChatAction",
}


@dataclass
class Call:
    """One Bot API call: method, decoded parameters, uploaded files {part: (name, bytes)}."""

    method: str
    url: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


class OfflineRequest(BaseRequest):
    """A BaseRequest that answers like the Bot API would, and records every call."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []  # served once by getUpdates (run_polling)
        self._message_ids = itertools.count(1000)
        self._file_ids = itertools.count(1)
        self.blocked_chats: set[int] = set()  # answered 403 Forbidden
        self.too_many: list[float] = []  # each send pops one: answered 429 with that retry_after

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = {}
        if request_data is not None and request_data.contains_files:
            for part, (filename, content, _mime) in request_data.multipart_data.items():
                files[part] = (filename, content if isinstance(content, bytes) else content.read())
        self.calls.append(Call(api_method, url, params, files))
        if api_method.startswith("send"):
            failure = self._scripted_failure(params)
            if failure:
                return failure
        result = self._result(api_method, params, files)
        if result is None:
            body = {
                "ok": False,
                "error_code": 400,
                "description": f"Bad Request: offline API does not fake {api_method}",
            }
            return 400, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _scripted_failure(self, params: dict[str, Any]) -> tuple[int, bytes] | None:
        """Answer like Telegram does to a blocked chat or to a burst over its limits."""
        if int(params.get("chat_id", 0)) in self.blocked_chats:
            body = {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
            return 403, json.dumps(body).encode()
        if self.too_many:
            body = {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry later",
                "parameters": {"retry_after": self.too_many.pop(0)},
            }
            return 429, json.dumps(body).encode()
        return None

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params.get("chat_id", 0))
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": BOT_USER,
        }

    def _result(self, method: str, params: dict[str, Any], files: dict) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in TRUE_METHODS:
            return True
        if method == "getUpdates":
            updates, self.updates = self.updates, []
            return updates
        if method in ("sendMessage", "editMessageText"):
            return {**self._message(params), "text": params.get("text", "")}
        if method == "sendDocument":
            filename = next(iter(files.values()))[0] if files else "file"
            number = next(self._file_ids)
            return {
                **self._message(params),
                "document": {
                    "file_id": f"doc{number}",
                    "file_unique_id": f"u{number}",
                    "file_name": filename,
                },
            }
        return None

    # -- what tests look at ---------------------------------------------------------------
    def of(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def sent_texts(self) -> list[str]:
        return [call.params["text"] for call in self.of("sendMessage")]

    def last_message(self) -> dict[str, Any]:
        return self.of("sendMessage")[-1].params

    def clear(self) -> None:
        self.calls.clear()


def buttons(params: dict[str, Any]) -> list[dict[str, Any]]:
    """The inline buttons of a sendMessage call, row after row."""
    markup = params.get("reply_markup") or {}
    if isinstance(markup, str):
        markup = json.loads(markup)
    return [button for row in markup.get("inline_keyboard", []) for button in row]


# -- real Update objects ------------------------------------------------------------------
_update_ids = itertools.count(1)


def user_dict(
    user_id: int = 4242, first_name: str = "Camille", language_code: str | None = "fr"
) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code:
        user["language_code"] = language_code
    return user


def group_chat(
    chat_id: int = -1001234567890, kind: str = "supergroup", title: str = "Candidats EIG 2022"
) -> dict[str, Any]:
    """A group, supergroup or channel chat, to put messages and buttons in."""
    return {"id": chat_id, "type": kind, "title": title}


def _message_dict(user: dict[str, Any], chat: dict[str, Any] | None = None, **content: Any) -> dict[str, Any]:
    private = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    return {
        "message_id": next(_update_ids) + 500,
        "date": int(time.time()),
        "chat": chat or private,
        "from": user,
        **content,
    }


def _update(bot: Bot, **payload: Any) -> Update:
    update = Update.de_json({"update_id": next(_update_ids), **payload}, bot)
    assert update is not None
    return update


def _text_content(text: str) -> dict[str, Any]:
    """A text message's fields; a leading /word gets a bot_command entity."""
    content: dict[str, Any] = {"text": text}
    if text.startswith("/") and len(text) > 1:
        head = text.split(maxsplit=1)[0]
        content["entities"] = [
            {"type": "bot_command", "offset": 0, "length": len(head.encode("utf-16-le")) // 2}
        ]
    return content


def text_update_data(
    text: str, user: dict[str, Any] | None = None, chat: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON of a text message, in a private chat unless `chat` (see group_chat) is given."""
    message = _message_dict(user or user_dict(), chat, **_text_content(text))
    return {"update_id": next(_update_ids), "message": message}


def text_update(
    bot: Bot, text: str, user: dict[str, Any] | None = None, chat: dict[str, Any] | None = None
) -> Update:
    """A text message (private unless `chat` is given), as a real Update bound to `bot`."""
    update = Update.de_json(text_update_data(text, user, chat), bot)
    assert update is not None
    return update


def command_update(
    bot: Bot,
    command: str,
    args: str = "",
    user: dict[str, Any] | None = None,
    chat: dict[str, Any] | None = None,
) -> Update:
    return text_update(bot, f"/{command}" + (f" {args}" if args else ""), user, chat)


def callback_update(
    bot: Bot, data: str, user: dict[str, Any] | None = None, chat: dict[str, Any] | None = None
) -> Update:
    """A button press on one of the bot's messages, in a private chat unless `chat` is given."""
    user = user or user_dict()
    message = _message_dict(BOT_USER, text="…")
    message["chat"] = chat or {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    return _update(
        bot,
        callback_query={
            "id": str(next(_update_ids)),
            "from": user,
            "chat_instance": "offline",
            "data": data,
            "message": message,
        },
    )


def channel_post_update(bot: Bot, text: str, chat: dict[str, Any] | None = None) -> Update:
    """A post in a channel where the bot is an administrator (no sender)."""
    chat = chat or group_chat(-1009876543210, "channel", "EIG annonces")
    post = {
        "message_id": next(_update_ids) + 500,
        "date": int(time.time()),
        "chat": chat,
        "sender_chat": chat,
        **_text_content(text),
    }
    return _update(bot, channel_post=post)


def message_update(bot: Bot, user: dict[str, Any] | None = None, **content: Any) -> Update:
    """A private message with any content, e.g. location={"latitude": 48.8, "longitude": 2.3}."""
    return _update(bot, message=_message_dict(user or user_dict(), **content))


def sticker_update(bot: Bot, user: dict[str, Any] | None = None) -> Update:
    sticker = {
        "file_id": "st1",
        "file_unique_id": "ust1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "👍",
    }
    return _update(bot, message=_message_dict(user or user_dict(), sticker=sticker))


def photo_update(bot: Bot, user: dict[str, Any] | None = None, caption: str = "") -> Update:
    photo = [
        {"file_id": "ph1", "file_unique_id": "uph1", "width": 90, "height": 90},
        {"file_id": "ph2", "file_unique_id": "uph2", "width": 800, "height": 800},
    ]
    content: dict[str, Any] = {"photo": photo}
    if caption:
        content["caption"] = caption
    return _update(bot, message=_message_dict(user or user_dict(), **content))
