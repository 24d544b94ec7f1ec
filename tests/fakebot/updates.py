"""Updates as Telegram sends them: the JSON the fake serves by getUpdates, and real Update objects
for tests that hand them to an Application themselves."""

from __future__ import annotations

import itertools
import time
from typing import Any

from telegram import Bot, Update

from tests.fakebot.records import BOT_USER
from tests.fakebot.rules import utf16_len

_update_ids = itertools.count(1)
_message_ids = itertools.count(500)


def next_update_id() -> int:
    """Update ids grow across every fake of the process, as Telegram's do for one bot."""
    return next(_update_ids)


def user_dict(
    user_id: int = 4242, first_name: str | None = "Camille", language_code: str | None = "fr"
) -> dict[str, Any]:
    """A Telegram user; without a first name, User<id>."""
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name or f"User{user_id}"}
    if language_code:
        user["language_code"] = language_code
    return user


def private_chat(user: dict[str, Any]) -> dict[str, Any]:
    return {"id": user["id"], "type": "private", "first_name": user["first_name"]}


def group_chat(
    chat_id: int = -1001234567890, kind: str = "supergroup", title: str = "Candidats EIG 2022"
) -> dict[str, Any]:
    """A group, supergroup or channel chat, to put messages and buttons in."""
    return {"id": chat_id, "type": kind, "title": title}


def text_content(text: str) -> dict[str, Any]:
    """A text message's fields; a leading /word is marked as a command, as Telegram does."""
    content: dict[str, Any] = {"text": text}
    if text.startswith("/") and len(text) > 1 and not text[1].isspace():
        head = text.split(maxsplit=1)[0]
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(head)}]
    return content


def message_dict(
    sender: dict[str, Any] | None,
    chat: dict[str, Any] | None = None,
    message_id: int | None = None,
    **content: Any,
) -> dict[str, Any]:
    """A message from `sender` (None: a channel post), in its private chat unless `chat`."""
    message: dict[str, Any] = {
        "message_id": message_id if message_id is not None else next(_message_ids),
        "date": int(time.time()),
        "chat": chat or private_chat(sender or {}),
        **content,
    }
    if sender is not None:
        message["from"] = sender
    return message


def callback_query_dict(
    user: dict[str, Any],
    data: str | None,
    query_id: str | None = None,
    message: dict[str, Any] | None = None,
    chat: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A press on a button of the bot's `message` (by default a message "…" in `chat`)."""
    message = message or message_dict(BOT_USER, chat or private_chat(user), text="…")
    query: dict[str, Any] = {
        "id": query_id or str(next(_update_ids)),
        "from": user,
        "chat_instance": f"ci{user['id']}",
        "message": message,
    }
    if data is not None:
        query["data"] = data
    return query


# -- the JSON of an update ------------------------------------------------------------------
def text_update_data(
    text: str, user: dict[str, Any] | None = None, chat: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON of a text message, in a private chat unless `chat` (see group_chat) is given."""
    message = message_dict(user or user_dict(), chat, **text_content(text))
    return {"update_id": next_update_id(), "message": message}


# -- real Update objects, bound to a Bot --------------------------------------------------
def _update(bot: Bot, **payload: Any) -> Update:
    update = Update.de_json({"update_id": next_update_id(), **payload}, bot)
    assert update is not None
    return update


def text_update(
    bot: Bot, text: str, user: dict[str, Any] | None = None, chat: dict[str, Any] | None = None
) -> Update:
    """A text message (private unless `chat` is given), as a real Update bound to `bot`."""
    return _update(bot, message=message_dict(user or user_dict(), chat, **text_content(text)))


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
    return _update(bot, callback_query=callback_query_dict(user or user_dict(), data, chat=chat))


def channel_post_update(bot: Bot, text: str, chat: dict[str, Any] | None = None) -> Update:
    """A post in a channel where the bot is an administrator (no sender)."""
    chat = chat or group_chat(-1009876543210, "channel", "EIG annonces")
    return _update(bot, channel_post=message_dict(None, chat, sender_chat=chat, **text_content(text)))


def message_update(bot: Bot, user: dict[str, Any] | None = None, **content: Any) -> Update:
    """A private message with any content, e.g. location={"latitude": 48.8, "longitude": 2.3}."""
    return _update(bot, message=message_dict(user or user_dict(), **content))


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
    return message_update(bot, user, sticker=sticker)


def photo_update(bot: Bot, user: dict[str, Any] | None = None, caption: str = "") -> Update:
    photo = [
        {"file_id": "ph1", "file_unique_id": "uph1", "width": 90, "height": 90},
        {"file_id": "ph2", "file_unique_id": "uph2", "width": 800, "height": 800},
    ]
    content: dict[str, Any] = {"photo": photo}
    if caption:
        content["caption"] = caption
    return message_update(bot, user, **content)
