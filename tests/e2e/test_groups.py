"""Drill: the bot added to a group, where staff and candidates type its commands."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.e2e.helpers import ADMIN
from tests.fakebot.http import BotAPIServer

pytestmark = pytest.mark.e2e

GROUP = -100123


def in_group(server: BotAPIServer, user_id: int, text: str) -> int:
    user = server.user(user_id)
    message: dict[str, Any] = {
        "message_id": int(time.time() * 1000) % 10**9,
        "date": int(time.time()),
        "from": user,
        "chat": {"id": GROUP, "type": "supergroup", "title": "Promo EIG"},
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return server.send_update({"message": message})


def test_in_a_group_the_bot_says_once_it_is_private_and_runs_nothing(server: BotAPIServer, launch) -> None:
    bot = launch(server, clock="2022-03-10T10:00")
    for text in ("/export", "/inscrits", "/stats", "/mesdonnees", "Quel est le salaire ?"):
        last = in_group(server, ADMIN, text)
    server.wait_consumed(last)
    server.wait_messages(GROUP)
    time.sleep(1.0)  # anything else would have been sent by now
    [notice] = server.messages(GROUP)
    assert "t.me/" in notice.plain
    assert not server.documents(GROUP) and not server.messages(ADMIN)
    # A command for another bot, in a private chat, is ignored too.
    since = server.mark(ADMIN)
    server.wait_consumed(server.send_text(ADMIN, "/stats@OtherBot"))
    time.sleep(1.0)
    assert server.messages(ADMIN, since) == []
    assert bot.stop() == 0
