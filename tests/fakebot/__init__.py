"""One fake Telegram Bot API for every test (see api.py), reached in-process (offline.py) or over
HTTP (http.py, imported from there: it needs aiohttp)."""

from tests.fakebot.api import DEFAULT_TOKEN, FakeBotAPI
from tests.fakebot.faults import Fault
from tests.fakebot.offline import OfflineRequest
from tests.fakebot.records import BOT_USER, Call, Document, Message, buttons, datas
from tests.fakebot.updates import (
    callback_update,
    channel_post_update,
    command_update,
    group_chat,
    message_update,
    photo_update,
    sticker_update,
    text_update,
    text_update_data,
    user_dict,
)

__all__ = [
    "BOT_USER",
    "DEFAULT_TOKEN",
    "Call",
    "Document",
    "FakeBotAPI",
    "Fault",
    "Message",
    "OfflineRequest",
    "buttons",
    "callback_update",
    "channel_post_update",
    "command_update",
    "datas",
    "group_chat",
    "message_update",
    "photo_update",
    "sticker_update",
    "text_update",
    "text_update_data",
    "user_dict",
]
