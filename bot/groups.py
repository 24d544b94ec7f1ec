"""The bot is for private chats: a gate in front of every handler.

In a group, supergroup or channel the bot says once per chat that it only talks in private
(with a link to a private chat) and does nothing else: no command, no answer, no button
action, no file. A command addressed to another bot (`/stats@OtherBot`) is ignored everywhere.
"""

from __future__ import annotations

import html
import logging
from collections import OrderedDict

from telegram import Bot, Chat, Message, Update
from telegram.constants import ChatType, MessageEntityType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from .texts import text

log = logging.getLogger(__name__)

# Handler group of the gate: before the handlers of group 0, so it can stop an update.
GATE_GROUP = -1


def addressed_elsewhere(message: Message | None, bot_username: str) -> bool:
    """True for '/stats@OtherBot': a command whose @name is not this bot's."""
    if message is None or not message.entities:
        return False
    first = message.entities[0]
    if first.type != MessageEntityType.BOT_COMMAND or first.offset != 0:
        return False
    _, at, target = message.parse_entity(first).partition("@")
    return bool(at) and target.lower() != bot_username.lower()


def private_only_notice(bot_username: str) -> str:
    """The one message a group or channel gets: French, then English, with the link."""
    link = f"https://t.me/{bot_username}"
    return "\n\n".join(
        html.escape(text(lang, "private_only", link=link), quote=False) for lang in ("fr", "en")
    )


class PrivateChatsOnly:
    """Stops every update from a group, supergroup or channel, after telling the chat once."""

    def __init__(self, max_chats: int = 10_000):
        self._told: OrderedDict[int, None] = OrderedDict()  # chats told, oldest first
        self._max_chats = max_chats

    def handler(self) -> TypeHandler:
        """The handler to add in GATE_GROUP."""
        return TypeHandler(Update, self.check)

    async def check(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Let private updates through; raise ApplicationHandlerStop for anything else."""
        bot = context.bot
        if addressed_elsewhere(update.message or update.channel_post, bot.username or ""):
            raise ApplicationHandlerStop
        chat = update.effective_chat
        if chat is None or chat.type == ChatType.PRIVATE:
            return
        if update.callback_query is not None:
            try:  # stop the spinner; the button itself does nothing here
                await update.callback_query.answer()
            except TelegramError as error:
                log.warning("could not answer a callback query in a group: %s", error)
        if update.message or update.channel_post or update.callback_query:
            await self._tell_once(bot, chat)
        raise ApplicationHandlerStop

    def told(self, chat_id: int) -> bool:
        return chat_id in self._told

    async def _tell_once(self, bot: Bot, chat: Chat) -> None:
        if chat.id in self._told:
            return
        self._told[chat.id] = None  # before sending: a second update of the chat waits for none
        while len(self._told) > self._max_chats:
            self._told.popitem(last=False)
        try:
            await bot.send_message(chat.id, private_only_notice(bot.username or ""))
        except TelegramError as error:  # e.g. no right to post in a channel: keep quiet
            log.warning("could not tell a %s chat that the bot is private-only: %s", chat.type, error)
