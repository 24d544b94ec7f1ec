"""python-telegram-bot handlers: each update to the core, the core's replies back to the chat."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram import User as TelegramUser
from telegram.error import NetworkError, TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from storage.records import Person

from .commands import COMMANDS
from .core import Core
from .language import quick_language
from .replies import Reply
from .sending import send_reply
from .texts import text
from .updates import chat_key

log = logging.getLogger(__name__)

TelegramContext = ContextTypes.DEFAULT_TYPE


def to_user(user: TelegramUser | None) -> Person:
    """The core's view of a Telegram user (id 0 when Telegram gives none)."""
    if user is None:
        return Person(0)
    return Person(user.id, user.first_name or "", user.username, user.language_code)


def _command_parts(message_text: str) -> tuple[str, str]:
    """'/Start@eig_bot  hello ' -> ('start', 'hello')."""
    head, *rest = message_text.split(maxsplit=1) or [""]
    name = head.lstrip("/").split("@", 1)[0].lower()
    return name, rest[0].strip() if rest else ""


async def send_replies(context: TelegramContext, chat_id: int, replies: list[Reply]) -> None:
    for reply in replies:
        await send_reply(context.bot, chat_id, reply)


def handlers(core: Core) -> list[BaseHandler]:
    """Commands (each name of COMMANDS, then any other), text, button presses, anything else."""
    new_messages = filters.UpdateType.MESSAGE

    async def on_command(update: Update, context: TelegramContext) -> None:
        message = update.effective_message
        assert message is not None  # the handlers' filters only let messages through
        name, args = _command_parts(message.text or "")
        replies = await core.handle_command(to_user(update.effective_user), name, args)
        await send_replies(context, message.chat_id, replies)

    async def on_text(update: Update, context: TelegramContext) -> None:
        message = update.effective_message
        assert message is not None  # the handlers' filters only let messages through
        replies = await core.handle_text(to_user(update.effective_user), message.text or "")
        await send_replies(context, message.chat_id, replies)

    async def on_button(update: Update, context: TelegramContext) -> None:
        query = update.callback_query
        assert query is not None  # CallbackQueryHandler only passes callback queries
        try:
            await query.answer()  # stops the spinner; fails for presses older than a few minutes
        except TelegramError as error:
            log.warning("could not answer a callback query: %s", error)
        replies = await core.handle_button(to_user(update.effective_user), query.data)
        chat_id = chat_key(update)
        if chat_id is not None:
            await send_replies(context, chat_id, replies)

    async def on_other(update: Update, context: TelegramContext) -> None:
        message = update.effective_message
        assert message is not None  # the handlers' filters only let messages through
        replies = await core.handle_other(to_user(update.effective_user))
        await send_replies(context, message.chat_id, replies)

    names = [name for command in COMMANDS for name in command.names]
    return [
        *(CommandHandler(name, on_command, filters=new_messages) for name in names),
        MessageHandler(new_messages & filters.COMMAND, on_command),
        MessageHandler(new_messages & filters.TEXT & ~filters.COMMAND, on_text),
        CallbackQueryHandler(on_button),
        MessageHandler(new_messages & ~filters.TEXT & ~filters.StatusUpdate.ALL, on_other),
    ]


def update_language(core: Core, update: Update) -> str:
    """The language to speak to the sender of `update` without the database: its text's (for a
    button press, the text of the bot's message it is on), else the person's last message's."""
    message = update.effective_message
    said = (message.text or "") if message is not None else ""
    return quick_language(core.context, to_user(update.effective_user), said)


def error_handler(core: Core) -> Callable[[object, TelegramContext], Coroutine[Any, Any, None]]:
    """The application's error handler: logs the failure (no texts, no user ids) and apologises
    to the chat, if there is one, in the person's language."""

    async def on_error(update: object, context: TelegramContext) -> None:
        if not isinstance(update, Update):  # polling or a background task, not a message
            if isinstance(context.error, NetworkError):
                log.warning("Telegram Bot API unreachable, retrying: %s", context.error)
            else:
                log.error("background failure", exc_info=context.error)
            return
        update_id = update.update_id
        log.error("failed to handle update %s", update_id, exc_info=context.error)
        chat_id = chat_key(update)
        if chat_id is None:
            return
        apology = text(update_language(core, update), "error")
        try:
            await context.bot.send_message(chat_id, html.escape(apology, quote=False))
        except Exception:  # noqa: BLE001 - never let the apology fail loudly
            log.warning("could not send the error message for update %s", update_id)

    return on_error
