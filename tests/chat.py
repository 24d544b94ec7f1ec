"""A user chatting with the bot through a real Application and the offline fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot import telegram as front
from bot.core import Core
from bot.settings import Settings
from tests.fakebot import FakeBotAPI, OfflineRequest, callback_update, command_update, text_update, user_dict
from tests.helpers import TOKEN

__all__ = ["TOKEN", "Chat", "chat"]


@dataclass
class Chat:
    """One user chatting with the bot through a real Application and a fake Bot API."""

    app: Application
    api: FakeBotAPI
    core: Core
    errors: list[BaseException] = field(default_factory=list)
    user: dict[str, Any] = field(default_factory=user_dict)

    async def feed(self, update: Update) -> dict[str, Any]:
        """Process one update as Telegram delivers it; the last message the bot sent in return."""
        self.api.clear()
        if update.callback_query is not None:
            self.api.expect_query(update.callback_query.id)
        await self.app.process_update(update)
        return self.api.last_message() if self.api.of("sendMessage") else {}

    async def say(self, words: str) -> dict[str, Any]:
        return await self.feed(text_update(self.app.bot, words, self.user))

    async def command(self, name: str, args: str = "") -> dict[str, Any]:
        return await self.feed(command_update(self.app.bot, name, args, self.user))

    async def press(self, data: str) -> dict[str, Any]:
        return await self.feed(callback_update(self.app.bot, data, self.user))

    def speak(self, language_code: str | None) -> None:
        self.user = user_dict(language_code=language_code)


@pytest.fixture
async def chat(core: Core) -> AsyncIterator[Chat]:
    """A user talking to the Application; replies are not paced (the e2e drills test the pace)."""
    api = OfflineRequest()
    app = front.build_application(
        Settings(telegram_token=TOKEN),
        core,
        request=api,
        get_updates_request=OfflineRequest(api.fake),
        per_chat_interval=0,
    )
    errors: list[BaseException] = []

    async def record(update: object, context: Any) -> None:
        errors.append(context.error)

    app.add_error_handler(record)
    await app.initialize()
    yield Chat(app, api.fake, core, errors)
    await app.shutdown()
